/**
 * JSON written in a Terraform heredoc (`policy = <<EOF … EOF`): parsed with jsonc-parser at its
 * offsets in the host text, its `${…}` interpolations kept as symbolic values. An interpolation
 * inside a JSON string makes that string symbolic (`"arn:aws:s3:::${var.bucket}/*"`); one in
 * value position (`"Resource": ${jsonencode(var.arns)}`) is a wholly unknown value.
 */
import { MAX_NESTING, maxNesting, tooDeepProblem } from '../limits';
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { HostProblem, HostRange, HostValue, SymbolicPart } from './types';
import type { HclNode } from './hclTree';
import { childOfType } from './hclTree';
import { symbolicPart, type Source } from './hclValues';

interface Hole {
  readonly range: HostRange;
  readonly part: SymbolicPart;
  /** True when the hole sits inside a JSON string. */
  inString: boolean;
}

/**
 * The policy JSON of a heredoc, or undefined when the heredoc holds no JSON object. With `%{…}`
 * directives it is read as rendered with every `%{ if }` true (its `%{ else }` part left out) and
 * every `%{ for }` body once (`conditional`): the statements and entries written there are checked
 * as written; when that rendering is no JSON (a comma only a loop writes), it is undefined.
 */
export function heredocJson(src: Source, heredoc: HclNode): { value: HostValue; problems: HostProblem[]; conditional?: true } | undefined {
  const [open, close] = heredoc.children.filter((c) => c.type === 'heredoc_identifier');
  if (!open || !close) return undefined;
  const start = src.text.indexOf('\n', open.end) + 1;
  const end = close.start;
  if (start <= 0 || end < start) return undefined;
  const { holes, directives } = templateHoles(src, heredoc);
  let text = src.text.slice(start, end);
  for (const d of directives) text = blank(text, d.start - start, d.end - start);
  const masked = maskHoles(text, start, holes);
  // jsonc-parser's tree builder recurses per level of nesting.
  const nesting = maxNesting(masked);
  if (nesting.depth > MAX_NESTING) {
    const range = { start, end };
    return {
      value: { kind: 'symbolic', range, parts: [{ expr: 'heredoc', kind: 'unknown', range }] },
      problems: [tooDeepProblem(start + nesting.offset)],
    };
  }
  const errors: ParseError[] = [];
  const root = parseTree(masked, errors, { disallowComments: true, allowTrailingComma: false });
  if (!root || root.type !== 'object') return undefined;
  // A rendering that is no JSON may still render to JSON at deployment: not ours to report.
  if (directives.length > 0 && errors.length > 0) return undefined;
  const problems = errors.map((e) => ({
    range: { start: start + e.offset, end: start + e.offset + Math.max(e.length, 1) },
    message: `Invalid JSON in the heredoc (${printParseErrorCode(e.error)}): AWS accepts strict JSON only.`,
  }));
  return {
    value: jsonValue(src, root, start, holes, true, directives),
    problems,
    ...(directives.length > 0 ? { conditional: true as const } : {}),
  };
}

/**
 * A JSON file read as it is (`file("policy.json")`: no template, `${aws:username}` is the policy
 * variable): the policy at the file's own offsets, or undefined when the file holds no JSON object.
 */
export function jsonFileValue(text: string): { value: HostValue; problems: HostProblem[] } | undefined {
  const nesting = maxNesting(text);
  if (nesting.depth > MAX_NESTING) {
    const range = { start: 0, end: text.length };
    return {
      value: { kind: 'symbolic', range, parts: [{ expr: 'file', kind: 'unknown', range }] },
      problems: [tooDeepProblem(nesting.offset)],
    };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (!root || root.type !== 'object') return undefined;
  const problems = errors.map((e) => ({
    range: { start: e.offset, end: e.offset + Math.max(e.length, 1) },
    message: `Invalid JSON (${printParseErrorCode(e.error)}): AWS accepts strict JSON only.`,
  }));
  return { value: jsonValue({ text, resolve: () => undefined }, root, 0, [], false), problems };
}

/**
 * A document rendered with its `%{ if }` parts included (`conditional`): said on hover, and no
 * whole-document checks (`partial`: size, repeated statements or Sids).
 */
export function withConditional(
  facts: { readonly assumptions?: readonly string[] },
  conditional: boolean | undefined,
): { partial?: true; assumptions?: readonly string[] } {
  if (!conditional) return facts;
  const said = '`%{ if }` parts are read as included (their `%{ else }` parts left out) and `%{ for }` bodies once';
  return { partial: true, assumptions: [...(facts.assumptions ?? []), said] };
}

/** The `%{…}` markers themselves: blanked, their content kept (an `if` is taken as true). */
const DIRECTIVE_MARKERS: ReadonlySet<string> = new Set(['template_if_intro', 'template_if_end', 'template_for_start', 'template_for_end']);

/**
 * The interpolations of a heredoc, and what its `%{…}` directives blank out: their markers, and
 * the `%{ else }` part of each `if` (with the interpolations in it).
 */
function templateHoles(src: Source, heredoc: HclNode): { holes: Hole[]; directives: HostRange[] } {
  const holes: Hole[] = [];
  const directives: HostRange[] = [];
  const visit = (node: HclNode, left: boolean): void => {
    let out = left;
    for (const child of node.children) {
      if (child.type === 'template_else_intro') out = true;
      if (DIRECTIVE_MARKERS.has(child.type) || child.type === 'template_else_intro')
        directives.push({ start: child.start, end: child.end });
      else if (child.type === 'template_directive' || child.type === 'template_if' || child.type === 'template_for') visit(child, out);
      else if (out && (child.type === 'template_literal' || child.type === 'template_interpolation'))
        directives.push({ start: child.start, end: child.end });
      else if (child.type === 'template_interpolation') {
        const expr = childOfType(child, 'expression') ?? child;
        holes.push({ range: { start: child.start, end: child.end }, part: symbolicPart(src, expr), inString: false });
      }
    }
  };
  visit(heredoc, false);
  return { holes, directives };
}

/** `text` with `[start, end)` turned to spaces (line breaks kept). */
function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end);
}

/**
 * Replaces each hole by filler of the same length, so offsets stay the host's: letters inside a
 * JSON string, `0` and spaces elsewhere (a number the value conversion turns back into the hole).
 */
function maskHoles(text: string, base: number, holes: Hole[]): string {
  let masked = text;
  for (const hole of holes) masked = fill(masked, hole.range.start - base, hole.range.end - base, 'x');
  const scanner = createScanner(masked, false);
  let hole = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF && hole < holes.length; token = scanner.scan()) {
    const tokenEnd = scanner.getTokenOffset() + scanner.getTokenLength();
    while (hole < holes.length && holes[hole]!.range.end - base <= tokenEnd) {
      const h = holes[hole]!;
      h.inString = token === SyntaxKind.StringLiteral && h.range.start - base > scanner.getTokenOffset();
      hole++;
    }
  }
  for (const h of holes) {
    if (!h.inString) masked = fill(masked, h.range.start - base, h.range.end - base, ' ', '0');
  }
  return masked;
}

function fill(text: string, start: number, end: number, filler: string, first = filler): string {
  return text.slice(0, start) + first + filler.repeat(Math.max(0, end - start - 1)) + text.slice(end);
}

/**
 * `template`: the text is a Terraform template, where `$${` stands for a literal `${`; `blanked`:
 * its `%{…}` markers and `%{ else }` parts, which are no part of a string's text.
 */
function jsonValue(
  src: Source,
  node: JsonNode,
  base: number,
  holes: readonly Hole[],
  template = true,
  blanked: readonly HostRange[] = [],
): HostValue {
  const range = { start: base + node.offset, end: base + node.offset + node.length };
  const inside = holes.filter((h) => h.range.start >= range.start && h.range.end <= range.end);
  const cut = blanked.filter((b) => b.start < range.end && b.end > range.start);
  switch (node.type) {
    case 'object':
      return {
        kind: 'object',
        range,
        entries: (node.children ?? []).flatMap((p) => {
          const [k, v] = p.children ?? [];
          if (!k || !v || typeof k.value !== 'string') return [];
          return [
            {
              key: k.value,
              keyRange: { start: base + k.offset, end: base + k.offset + k.length },
              value: jsonValue(src, v, base, holes, template, blanked),
            },
          ];
        }),
      };
    case 'array':
      return { kind: 'array', range, items: (node.children ?? []).map((c) => jsonValue(src, c, base, holes, template, blanked)) };
    case 'string':
      return inside.length === 0 && cut.length === 0
        ? { kind: 'string', range, value: template ? String(node.value).split('$${').join('${') : String(node.value) }
        : stringWithHoles(src, range, inside, cut);
    case 'number': {
      // A hole in value position was masked as `0` and spaces: the number starts where the hole does.
      const hole = holes.find((h) => !h.inString && h.range.start === range.start);
      return hole ? { kind: 'symbolic', range: hole.range, parts: [hole.part] } : { kind: 'number', range, value: Number(node.value) };
    }
    case 'boolean':
      return { kind: 'boolean', range, value: Boolean(node.value) };
    default:
      return { kind: 'null', range };
  }
}

/**
 * A JSON string with interpolations: the literal pieces decoded as JSON, the holes symbolic, the
 * blanked `%{…}` parts left out. Without holes it is a plain string.
 */
function stringWithHoles(src: Source, range: HostRange, holes: readonly Hole[], blanked: readonly HostRange[] = []): HostValue {
  const parts: Array<string | SymbolicPart> = [];
  const literal = (from: number, to: number): string => {
    let text = '';
    let at = from;
    for (const b of blanked) {
      if (b.end <= at || b.start >= to) continue;
      text += src.text.slice(at, Math.max(at, b.start));
      at = Math.max(at, b.end);
    }
    return text + src.text.slice(at, Math.max(at, to));
  };
  let at = range.start + 1;
  for (const hole of holes) {
    pushLiteral(parts, literal(at, hole.range.start));
    parts.push(hole.part);
    at = hole.range.end;
  }
  pushLiteral(parts, literal(at, range.end - 1));
  if (holes.length === 0) return { kind: 'string', range, value: parts.join('') };
  return { kind: 'symbolic', range, parts };
}

function pushLiteral(parts: Array<string | SymbolicPart>, raw: string): void {
  if (raw === '') return;
  let text = raw;
  try {
    text = JSON.parse(`"${raw}"`) as string;
  } catch {
    // An escape cut by an interpolation: keep the text as written.
  }
  parts.push(text.split('$${').join('${'));
}
