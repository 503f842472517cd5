/**
 * Incremental parsing of YAML templates: a keystroke inside one resource re-parses that resource
 * only. The template is cut at its top-level keys and, inside `Resources`, at each resource's key
 * (lines that start at the section's or the resources' indentation); each piece is parsed on its
 * own with `yaml` and kept by its text, so an unchanged piece costs a copy with shifted offsets.
 * The pieces are joined into the same tree a whole-document parse gives (tested on every template
 * in the tests). Whenever the cut is not plainly safe — tabs, document markers (but a `---` line
 * before the first key), directives, flow or quoted top-level keys, a line less indented than the
 * resources, a piece with a YAML error, a key defined twice — the whole document is parsed
 * instead, so errors read exactly as before.
 */
import type { HostRange } from '../types';
import { parseYamlTemplate, parseYamlTemplateWithYaml, type CfnEntry, type CfnNode, type ParsedTemplate } from './parse';
import { CACHES } from '../../../core/caches';
import { lineLexemes } from './fastYaml';

/** A piece's parse: its block mapping's range and entries (offsets relative to the piece). */
interface Piece {
  readonly range: HostRange;
  readonly entries: readonly CfnEntry[];
}

/**
 * A parsed piece (null: the piece is no plain block mapping alone; BROKEN: `yaml` reports problems
 * in it): the parse with offsets from where the piece was first seen (`base`), and the piece last
 * shifted into place and where (a piece that did not move is re-used as it is).
 */
type PieceEntry = { readonly parsed: Piece; readonly base: number; shifted?: Piece; at?: number } | null | typeof BROKEN;
const BROKEN = 'broken';

/**
 * Per document (its key: the URI), the pieces of its last parse by their text, most recently used
 * last. A parse keeps only the pieces it used, so the versions a user typed through are dropped at
 * once; a parse that gave up adds its pieces to the earlier ones (up to MAX_PIECES), so that the
 * next version, fixed again, still finds them.
 */
const documents = CACHES.map<string, Map<string, PieceEntry>>('cloudformation.chunks');
const KEPT_DOCUMENTS = 64;
const MAX_PIECES = 4000;

/** The pieces a parse found (`before`: the document's earlier ones) and uses (`now`), and whether one was BROKEN. */
interface PieceCache {
  readonly before: ReadonlyMap<string, PieceEntry> | undefined;
  readonly now: Map<string, PieceEntry>;
  broken?: boolean;
}

/**
 * Parses a YAML template, re-using the pieces of the document's earlier parses whose text is
 * unchanged. `doc` names the document (its URI); texts without one share a slot.
 */
export function parseYamlIncremental(text: string, doc = ''): ParsedTemplate {
  const before = documents.get(doc);
  const cache: PieceCache = { before, now: new Map() };
  let joinedRoot = false;
  try {
    const parsed = joinedParse(text, cache);
    joinedRoot = parsed !== undefined;
    // A piece with a YAML error: the whole text has one too (or, should the error be the cut's,
    // reads the same with `yaml`), so the fast path, which gives up on errors, is not tried; its
    // line lexer still reads the text for `yaml`'s Parser, at less cost than the Lexer.
    return parsed ?? (cache.broken ? parseYamlTemplateWithYaml(text, 0, lineLexemes(text)) : parseYamlTemplate(text));
  } catch (err) {
    // A piece nests too deep: so does the whole text, which is not parsed again.
    if (err instanceof TooDeep) return err.parsed;
    throw err;
  } finally {
    keep(doc, joinedRoot || !before ? cache.now : merged(before, cache.now));
  }
}

/** Keeps `pieces` as the document's, the most recently parsed document last. */
function keep(doc: string, pieces: Map<string, PieceEntry>): void {
  documents.delete(doc);
  documents.set(doc, pieces);
  if (documents.size > KEPT_DOCUMENTS) documents.delete(documents.keys().next().value as string);
}

/** The earlier pieces with the new ones added (most recent last), at most MAX_PIECES. */
function merged(before: Map<string, PieceEntry>, now: ReadonlyMap<string, PieceEntry>): Map<string, PieceEntry> {
  for (const [slice, known] of now) {
    before.delete(slice);
    before.set(slice, known);
  }
  while (before.size > MAX_PIECES) before.delete(before.keys().next().value as string);
  return before;
}

/** Thrown by {@link piece} when a piece nests too deep to be parsed. */
class TooDeep extends Error {
  constructor(readonly parsed: ParsedTemplate) {
    super('too deep');
  }
}

/**
 * The lines with content (not blank, not only a comment), as parallel lists: where each starts,
 * its indentation and its first non-space character.
 */
interface Lines {
  readonly start: number[];
  readonly indent: number[];
  readonly first: string[];
}

/** A YAML anchor (`&name` after a space, a line start or a flow indicator); may match inside a quoted string, which only costs a whole parse. */
const ANCHOR = /(?:^|[\s[{,])&[^\s,[\]{}]/m;

function joinedParse(text: string, cache: PieceCache): ParsedTemplate | undefined {
  const lines = splitLines(text);
  if (!lines) return undefined;
  // An alias may name an anchor in another piece: such a text is parsed whole (see parse.ts, fromYaml).
  if (ANCHOR.test(text)) return undefined;
  const parts: Piece[] = [];
  const sectionStarts: number[] = [];
  for (let i = 0; i < lines.start.length; i++) if (lines.indent[i] === 0) sectionStarts.push(i);
  if (sectionStarts.length === 0) return undefined;
  // Content before the first top-level key belongs to no piece.
  if (sectionStarts[0] !== 0) return undefined;
  for (const [i, line] of sectionStarts.entries()) {
    // (A line at indentation 0 that starts with `---` made splitLines give up.)
    if (/^[-?:,[\]{}&*!|>'"%@`.]/.test(lines.first[line]!)) return undefined;
    const start = lines.start[line]!;
    const next = sectionStarts[i + 1];
    const end = next === undefined ? text.length : lines.start[next]!;
    const resources = /^Resources:\s*(#.*)?$/.test(lineText(text, start))
      ? resourceEntries(text, lines, line, next ?? lines.start.length, end, cache)
      : undefined;
    if (resources === null) return undefined;
    const parsed = resources ?? piece(text, start, end, cache);
    if (!parsed) return undefined;
    parts.push(parsed);
  }
  const root = joined(parts);
  return root ? { root, problems: [] } : undefined;
}

/** The line that starts at `start`, without its line break (`\r\n` or `\n`). */
function lineText(text: string, start: number): string {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  return text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
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
function resourceEntries(
  text: string,
  lines: Lines,
  header: number,
  stop: number,
  end: number,
  cache: PieceCache,
): Piece | undefined | null {
  // The section's lines are the content lines after its header, up to the next section's (`stop`).
  if (header + 1 >= stop) return undefined;
  const indent = lines.indent[header + 1]!;
  const starts: number[] = [];
  for (let i = header + 1; i < stop; i++) {
    if (lines.indent[i]! < indent) return null;
    if (lines.indent[i] === indent) starts.push(i);
  }
  if (indent === 0 || starts.some((i) => /^[-?:,[\]{}&*!|>'"%@`]/.test(lines.first[i]!))) return null;
  const resources: Piece[] = [];
  for (const [k, i] of starts.entries()) {
    const next = starts[k + 1];
    const parsed = piece(text, lines.start[i]!, next === undefined ? end : lines.start[next]!, cache);
    if (!parsed) return null;
    resources.push(parsed);
  }
  const value = joined(resources);
  if (!value) return null;
  const at = lines.start[header]!;
  const keyRange: HostRange = { start: at, end: at + 'Resources'.length };
  return { range: { start: at, end: value.range.end }, entries: [{ key: 'Resources', keyRange, value }] };
}

/** One piece (a block mapping) with offsets into the whole text; undefined when it does not parse cleanly alone. */
function piece(text: string, start: number, end: number, cache: PieceCache): Piece | undefined {
  const slice = text.slice(start, end);
  let known = cache.now.has(slice) ? cache.now.get(slice) : cache.before?.get(slice);
  if (known === undefined) {
    // Parsed in place: a piece seen for the first time needs no shifting.
    const { root, problems, tooDeep } = parseYamlTemplate(slice, start);
    if (tooDeep) throw new TooDeep({ root: undefined, problems, tooDeep });
    known =
      problems.length > 0
        ? BROKEN
        : root?.kind === 'map' && !root.tag && !root.flow
          ? { parsed: { range: root.range, entries: root.entries }, base: start, at: start }
          : null;
    if (known && known !== BROKEN) known.shifted = known.parsed;
  }
  cache.now.set(slice, known);
  if (known === BROKEN) cache.broken = true;
  if (!known || known === BROKEN) return undefined;
  if (known.at !== start || !known.shifted) {
    const by = start - known.base;
    known.shifted = { range: shiftRange(known.parsed.range, by), entries: known.parsed.entries.map((e) => shiftEntry(e, by)) };
    known.at = start;
  }
  return known.shifted;
}

/**
 * The lines of the text with content; undefined when it holds tabs in indentation or document
 * markers, but one `---` line alone before any content (which belongs to no piece: the document's
 * block mapping starts at its first key all the same).
 */
function splitLines(text: string): Lines | undefined {
  const out: Lines = { start: [], indent: [], first: [] };
  let start = 0;
  let marker = false;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // The line without its line break: a CR right before the LF is not part of it.
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    let at = start;
    while (at < stop && text.charCodeAt(at) === 32) at++;
    const first = at < stop ? text[at]! : '';
    if (first === '\t') return undefined;
    if (at === start && (text.startsWith('---', start) || text.startsWith('...', start) || first === '%')) {
      if (marker || out.start.length > 0 || stop - start !== 3 || first !== '-') return undefined;
      marker = true;
      start = end + 1;
      continue;
    }
    if (first !== '' && first !== '#') {
      out.start.push(start);
      out.indent.push(at - start);
      out.first.push(first);
    }
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
