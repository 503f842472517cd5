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

/** The policy JSON of a heredoc, or undefined when the heredoc holds no JSON object. */
export function heredocJson(src: Source, heredoc: HclNode): { value: HostValue; problems: HostProblem[] } | undefined {
  const [open, close] = heredoc.children.filter((c) => c.type === 'heredoc_identifier');
  if (!open || !close) return undefined;
  const start = src.text.indexOf('\n', open.end) + 1;
  const end = close.start;
  if (start <= 0 || end < start) return undefined;
  const holes = templateHoles(src, heredoc);
  if (holes === undefined) return undefined;
  const masked = maskHoles(src.text.slice(start, end), start, holes);
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
  const problems = errors.map((e) => ({
    range: { start: start + e.offset, end: start + e.offset + Math.max(e.length, 1) },
    message: `Invalid JSON in the heredoc (${printParseErrorCode(e.error)}): AWS accepts strict JSON only.`,
  }));
  return { value: jsonValue(src, root, start, holes), problems };
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

/** The interpolations of a heredoc; undefined when it has `%{…}` directives (its JSON is unknowable). */
function templateHoles(src: Source, heredoc: HclNode): Hole[] | undefined {
  const holes: Hole[] = [];
  for (const child of heredoc.children) {
    if (child.type === 'template_directive' || child.type === 'template_for' || child.type === 'template_if') return undefined;
    if (child.type !== 'template_interpolation') continue;
    const expr = childOfType(child, 'expression') ?? child;
    holes.push({ range: { start: child.start, end: child.end }, part: symbolicPart(src, expr), inString: false });
  }
  return holes;
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

/** `template`: the text is a Terraform template, where `$${` stands for a literal `${`. */
function jsonValue(src: Source, node: JsonNode, base: number, holes: readonly Hole[], template = true): HostValue {
  const range = { start: base + node.offset, end: base + node.offset + node.length };
  const inside = holes.filter((h) => h.range.start >= range.start && h.range.end <= range.end);
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
              value: jsonValue(src, v, base, holes, template),
            },
          ];
        }),
      };
    case 'array':
      return { kind: 'array', range, items: (node.children ?? []).map((c) => jsonValue(src, c, base, holes, template)) };
    case 'string':
      return inside.length === 0
        ? { kind: 'string', range, value: template ? String(node.value).split('$${').join('${') : String(node.value) }
        : stringWithHoles(src, range, inside);
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

/** A JSON string with interpolations: the literal pieces decoded as JSON, the holes symbolic. */
function stringWithHoles(src: Source, range: HostRange, holes: readonly Hole[]): HostValue {
  const parts: Array<string | SymbolicPart> = [];
  let at = range.start + 1;
  for (const hole of holes) {
    pushLiteral(parts, src.text.slice(at, hole.range.start));
    parts.push(hole.part);
    at = hole.range.end;
  }
  pushLiteral(parts, src.text.slice(at, range.end - 1));
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
