/**
 * Incremental parsing of YAML templates: a keystroke inside one resource re-parses that resource
 * only. The template is cut at its top-level keys and, inside `Resources`, at each resource's key
 * (lines that start at the section's or the resources' indentation); each piece is parsed on its
 * own with `yaml` and kept by its text, so an unchanged piece costs a copy with shifted offsets.
 * The pieces are joined into the same tree a whole-document parse gives (tested on every template
 * in the tests). Whenever the cut is not plainly safe — tabs, document markers, directives, flow
 * or quoted top-level keys, a line less indented than the resources, a piece with a YAML error,
 * a key defined twice — the whole document is parsed instead, so errors read exactly as before.
 */
import type { HostRange } from '../types';
import { parseYamlTemplate, type CfnEntry, type CfnNode, type ParsedTemplate } from './parse';
import { CACHES } from '../../../core/caches';

/** A piece's parse: its block mapping's range and entries (offsets relative to the piece). */
interface Piece {
  readonly range: HostRange;
  readonly entries: readonly CfnEntry[];
}

/**
 * Parsed pieces by their text, most recently used last (null: the piece does not parse cleanly
 * alone): the parse with offsets from where the piece was first seen (`base`), and the piece last
 * shifted into place and where (a piece that did not move is re-used as it is).
 */
const pieces = CACHES.map<string, { readonly parsed: Piece; readonly base: number; shifted?: Piece; at?: number } | null>(
  'cloudformation.chunks',
);
const MAX_PIECES = 4000;

/** Parses a YAML template, re-using the pieces of earlier parses whose text is unchanged. */
export function parseYamlIncremental(text: string): ParsedTemplate {
  try {
    return joinedParse(text) ?? parseYamlTemplate(text);
  } catch (err) {
    // A piece nests too deep: so does the whole text, which is not parsed again.
    if (err instanceof TooDeep) return err.parsed;
    throw err;
  }
}

/** Thrown by {@link piece} when a piece nests too deep to be parsed. */
class TooDeep extends Error {
  constructor(readonly parsed: ParsedTemplate) {
    super('too deep');
  }
}

interface Line {
  readonly start: number;
  readonly indent: number;
  /** The first non-space character, or '' for a blank line. */
  readonly first: string;
  readonly text: string;
}

/** A YAML anchor (`&name` after a space, a line start or a flow indicator); may match inside a quoted string, which only costs a whole parse. */
const ANCHOR = /(?:^|[\s[{,])&[^\s,[\]{}]/m;

function joinedParse(text: string): ParsedTemplate | undefined {
  const lines = splitLines(text);
  if (!lines) return undefined;
  // An alias may name an anchor in another piece: such a text is parsed whole (see parse.ts, fromYaml).
  if (ANCHOR.test(text)) return undefined;
  const parts: Piece[] = [];
  const sectionStarts = lines.filter((l) => l.indent === 0 && l.first !== '' && l.first !== '#');
  if (sectionStarts.length === 0) return undefined;
  // Content before the first top-level key belongs to no piece.
  if (lines.some((l) => l.start < sectionStarts[0]!.start && l.first !== '' && l.first !== '#')) return undefined;
  for (const [i, line] of sectionStarts.entries()) {
    if (/^[-?:,[\]{}&*!|>'"%@`.]/.test(line.first) || line.text.startsWith('---')) return undefined;
    const end = sectionStarts[i + 1]?.start ?? text.length;
    const resources = /^Resources:\s*(#.*)?$/.test(line.text) ? resourceEntries(text, lines, line, end) : undefined;
    if (resources === null) return undefined;
    const parsed = resources ?? piece(text, line.start, end);
    if (!parsed) return undefined;
    parts.push(parsed);
  }
  const root = joined(parts);
  return root ? { root, problems: [] } : undefined;
}

/** One block mapping from consecutive pieces: its range from the first and last piece, as a whole parse gives it. */
function joined(parts: readonly Piece[]): CfnNode | undefined {
  const entries = parts.flatMap((p) => p.entries);
  if (new Set(entries.map((e) => e.key)).size !== entries.length) return undefined;
  return { kind: 'map', range: { start: parts[0]!.range.start, end: parts[parts.length - 1]!.range.end }, flow: false, entries };
}

/**
 * The `Resources` section (a piece of one entry) built from one piece per resource; undefined
 * when the section is not a plain block of resources, null to give up.
 */
function resourceEntries(text: string, lines: readonly Line[], header: Line, end: number): Piece | undefined | null {
  const body = lines.filter((l) => l.start > header.start && l.start < end && l.first !== '' && l.first !== '#');
  if (body.length === 0) return undefined;
  const indent = body[0]!.indent;
  if (indent === 0 || body.some((l) => l.indent < indent)) return null;
  const starts = body.filter((l) => l.indent === indent);
  if (starts.some((l) => /^[-?:,[\]{}&*!|>'"%@`]/.test(l.first))) return null;
  const resources: Piece[] = [];
  for (const [i, line] of starts.entries()) {
    const parsed = piece(text, line.start, starts[i + 1]?.start ?? end);
    if (!parsed) return null;
    resources.push(parsed);
  }
  const value = joined(resources);
  if (!value) return null;
  const keyRange: HostRange = { start: header.start, end: header.start + 'Resources'.length };
  return { range: { start: header.start, end: value.range.end }, entries: [{ key: 'Resources', keyRange, value }] };
}

/** One piece (a block mapping) with offsets into the whole text; undefined when it does not parse cleanly alone. */
function piece(text: string, start: number, end: number): Piece | undefined {
  const slice = text.slice(start, end);
  let known = pieces.get(slice);
  if (known === undefined) {
    // Parsed in place: a piece seen for the first time needs no shifting.
    const { root, problems, tooDeep } = parseYamlTemplate(slice, start);
    if (tooDeep) throw new TooDeep({ root: undefined, problems, tooDeep });
    known =
      problems.length === 0 && root?.kind === 'map' && !root.tag && !root.flow
        ? { parsed: { range: root.range, entries: root.entries }, base: start, at: start }
        : null;
    if (known) known.shifted = known.parsed;
  } else {
    pieces.delete(slice);
  }
  pieces.set(slice, known);
  if (pieces.size > MAX_PIECES) pieces.delete(pieces.keys().next().value as string);
  if (!known) return undefined;
  if (known.at !== start || !known.shifted) {
    const by = start - known.base;
    known.shifted = { range: shiftRange(known.parsed.range, by), entries: known.parsed.entries.map((e) => shiftEntry(e, by)) };
    known.at = start;
  }
  return known.shifted;
}

/** The lines of the text; undefined when it holds tabs in indentation or document markers. */
function splitLines(text: string): Line[] | undefined {
  const out: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end).replace(/\r$/, '');
    let indent = 0;
    while (raw[indent] === ' ') indent++;
    if (raw[indent] === '\t') return undefined;
    if (indent === 0 && (raw.startsWith('---') || raw.startsWith('...') || raw.startsWith('%'))) return undefined;
    out.push({ start, indent, first: raw[indent] ?? '', text: raw });
    start = end + 1;
  }
  return out;
}

function shiftEntry(e: CfnEntry, by: number): CfnEntry {
  return { key: e.key, keyRange: shiftRange(e.keyRange, by), value: shift(e.value, by) };
}

function shiftRange(r: HostRange, by: number): HostRange {
  return { start: r.start + by, end: r.end + by };
}

/**
 * The node moved by `by`. Only the node's own range is computed now; its children are shifted
 * when first read (a keystroke moves every resource after it, and most of them are read only down
 * to their type and names: their extraction is cached relative to their start, see extract.ts).
 */
function shift(node: CfnNode, by: number): CfnNode {
  const range = shiftRange(node.range, by);
  const tag = node.tag ? { tag: node.tag } : {};
  switch (node.kind) {
    case 'map':
      return lazy({ kind: 'map', range, ...tag, flow: node.flow }, 'entries', () => node.entries.map((e) => shiftEntry(e, by)));
    case 'seq':
      return lazy({ kind: 'seq', range, ...tag, flow: node.flow }, 'items', () => node.items.map((i) => shift(i, by)));
    case 'scalar':
      return { ...node, range };
  }
}

/** `target` with the enumerable property `key` computed by `make` on first read. */
function lazy<T extends object>(target: T, key: string, make: () => unknown): CfnNode {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = make();
      Object.defineProperty(target, key, { value, enumerable: true, writable: false, configurable: false });
      return value;
    },
  });
  return target as unknown as CfnNode;
}
