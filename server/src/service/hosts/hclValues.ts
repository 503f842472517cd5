/**
 * HCL expressions as {@link HostValue}s: literals, strings with `${…}` interpolations, tuples and
 * objects (the argument of `jsonencode`), and references (`var.x`, `local.y`,
 * `aws_s3_bucket.b.arn`) as symbolic values. What the file itself says about a reference (a
 * variable's default, a local, a bucket's literal name) is resolved through {@link Resolver}.
 */
import type { HostRange, HostValue, SymbolicPart } from './types';
import { childOfType, type HclNode } from './hclTree';

/** Looks up what the file knows about a reference; undefined when nothing is known. */
export type Resolver = (expr: string) => Resolution | undefined;

/** A reference resolved inside the file, and the sentence that says how (for hover). */
export interface Resolution {
  readonly value: string;
  readonly assumption: string;
}

/** A source text and a tree whose offsets are relative to it. */
export interface Source {
  readonly text: string;
  readonly resolve: Resolver;
}

const MAX_DEPTH = 64;

/** The value of an expression node (`expression`, `literal_value`, `tuple`, …). */
export function hclValue(src: Source, node: HclNode, depth = 0): HostValue {
  const range = rangeOf(node);
  if (depth > MAX_DEPTH) return unknown(src, node);
  const inner = unwrap(node);
  switch (inner.type) {
    case 'string_lit':
    case 'quoted_template':
    case 'heredoc_template':
      return templateValue(src, inner, range);
    case 'numeric_lit':
      return { kind: 'number', range, value: Number(src.text.slice(inner.start, inner.end)) };
    case 'bool_lit':
      return { kind: 'boolean', range, value: src.text.slice(inner.start, inner.end) === 'true' };
    case 'null_lit':
      return { kind: 'null', range };
    case 'tuple':
      return { kind: 'array', range, items: inner.children.filter(isExpression).map((c) => hclValue(src, c, depth + 1)) };
    case 'object':
      return objectValue(src, inner, depth);
    case 'function_call': {
      const list = listFunctionValue(src, inner, range, depth);
      return list ?? unknown(src, inner, range);
    }
    case 'conditional': {
      // `cond ? [a] : [b]` (also `cond ? [] : [a]` inside concat()): either list, so each of their
      // elements may be there; any other conditional is a value known only at deployment.
      const [, whenTrue, whenFalse] = inner.children.filter(isExpression);
      const a = whenTrue && hclValue(src, whenTrue, depth + 1);
      const b = whenFalse && hclValue(src, whenFalse, depth + 1);
      if (a?.kind === 'array' && b?.kind === 'array') return { kind: 'array', range, items: [...a.items, ...b.items] };
      return unknown(src, inner, range);
    }
    default:
      return unknown(src, inner, range);
  }
}

/**
 * Functions whose result holds every literal element of their list arguments (they only drop
 * empty strings or duplicates, flatten or join lists): `compact(["a", var.b ? "c" : ""])` holds
 * "a"; the other elements are values known only at deployment.
 */
const LIST_FUNCTIONS = new Set(['compact', 'distinct', 'flatten', 'concat', 'tolist', 'toset', 'sort']);

function listFunctionValue(src: Source, call: HclNode, range: HostRange, depth: number): HostValue | undefined {
  const name = call.children[0];
  if (!name || name.type !== 'identifier' || !LIST_FUNCTIONS.has(src.text.slice(name.start, name.end))) return undefined;
  const args = childOfType(call, 'function_arguments')?.children.filter(isExpression) ?? [];
  // `concat(a...)` expands a list argument: its elements are unknown.
  if (args.length === 0 || childOfType(call, 'function_arguments')?.children.some((c) => c.type === 'ellipsis')) return undefined;
  const items: HostValue[] = [];
  for (const arg of args) {
    const value = hclValue(src, arg, depth + 1);
    if (value.kind === 'array') items.push(...value.items);
    else items.push(value);
  }
  return { kind: 'array', range, items };
}

/** Steps through the grammar's wrappers (`expression`, `literal_value`, `collection_value`, `template_expr`). */
export function unwrap(node: HclNode): HclNode {
  let n = node;
  while (WRAPPERS.has(n.type) && n.children.length === 1 && n.children[0]) n = n.children[0];
  return n;
}

const WRAPPERS = new Set(['expression', 'literal_value', 'collection_value', 'template_expr']);

function isExpression(node: HclNode): boolean {
  return node.type === 'expression';
}

function objectValue(src: Source, node: HclNode, depth: number): HostValue {
  const entries: Array<{ key: string; keyRange: HostRange; value: HostValue }> = [];
  for (const elem of node.children) {
    if (elem.type !== 'object_elem') continue;
    const [keyNode, valueNode] = elem.children.filter(isExpression);
    if (!keyNode || !valueNode) continue;
    const key = objectKey(src, keyNode);
    // A computed key (`(var.k) = …`) is unknown: the entry cannot be placed in the policy.
    if (key === undefined) continue;
    entries.push({ key, keyRange: rangeOf(keyNode), value: hclValue(src, valueNode, depth + 1) });
  }
  return { kind: 'object', range: rangeOf(node), entries };
}

/** An object key: a bare identifier (`Effect = …`) or a literal string (`"aws:SourceArn" = …`). */
function objectKey(src: Source, node: HclNode): string | undefined {
  if (node.children.length === 1 && node.children[0]?.type === 'variable_expr') {
    return src.text.slice(node.start, node.end);
  }
  const value = hclValue(src, node);
  return value.kind === 'string' ? value.value : undefined;
}

/** A quoted string or heredoc: literal text and `${…}` parts; `%{…}` directives make it unknown. */
function templateValue(src: Source, node: HclNode, range: HostRange): HostValue {
  const parts: Array<string | SymbolicPart> = [];
  for (const child of node.children) {
    if (child.type === 'template_literal') {
      const raw = src.text.slice(child.start, child.end);
      append(parts, node.type === 'heredoc_template' ? unescapeTemplate(raw) : unescapeQuoted(raw));
    } else if (child.type === 'template_interpolation') {
      const expr = childOfType(child, 'expression');
      if (!expr) return unknown(src, node, range);
      const inner = unwrap(expr);
      // `"${"literal"}"` is literal text.
      if (inner.type === 'string_lit') {
        const literal = templateValue(src, inner, range);
        if (literal.kind === 'string') append(parts, literal.value);
        else parts.push(symbolicPart(src, expr));
      } else {
        parts.push(symbolicPart(src, expr));
      }
    } else if (child.type === 'template_directive' || child.type === 'template_for' || child.type === 'template_if') {
      return unknown(src, node, range);
    }
  }
  if (parts.every((p) => typeof p === 'string')) return { kind: 'string', range, value: parts.join('') };
  return { kind: 'symbolic', range, parts };
}

function append(parts: Array<string | SymbolicPart>, text: string): void {
  if (text === '') return;
  const last = parts[parts.length - 1];
  if (typeof last === 'string') parts[parts.length - 1] = last + text;
  else parts.push(text);
}

/** A wholly unknown value: the expression as written, one symbolic part. */
export function unknown(src: Source, node: HclNode, range: HostRange = rangeOf(node)): HostValue {
  return { kind: 'symbolic', range, parts: [symbolicPart(src, node)] };
}

/** A symbolic part for an expression, with its kind and, when the file says, its resolved value. */
export function symbolicPart(src: Source, node: HclNode): SymbolicPart {
  const expr = src.text.slice(node.start, node.end).trim();
  const resolved = src.resolve(expr);
  const part: SymbolicPart = { expr, kind: kindOf(expr), range: rangeOf(node) };
  return resolved ? { ...part, assumed: resolved.value, assumption: resolved.assumption } : part;
}

/** What a reference's last attribute says it is: `….arn` is an ARN, `….account_id` an account ID. */
function kindOf(expr: string): SymbolicPart['kind'] {
  // `data.aws_service_principal.rds.name` is a service principal (`rds.amazonaws.com`), not a name.
  if (expr.startsWith('data.aws_service_principal.')) return 'unknown';
  const last = expr.slice(expr.lastIndexOf('.') + 1);
  // Module authors name locals after what they hold: `local.aws_account_id`, `local.partition`.
  if (last.endsWith('_account_id')) return 'account-id';
  if (last.endsWith('_partition')) return 'partition';
  switch (last) {
    case 'arn':
      return 'arn';
    case 'account_id':
      return 'account-id';
    case 'partition':
      return 'partition';
    case 'region':
      return 'region';
    case 'name':
      return expr.startsWith('data.aws_region.') ? 'region' : 'name';
    case 'id':
      return 'id';
    default:
      return 'unknown';
  }
}

export function rangeOf(node: HclNode): HostRange {
  return { start: node.start, end: node.end };
}

/** The text of a quoted HCL string: `\n`, `\"`, `\\`, `\uNNNN`, `$${`, `%%{` escapes. */
export function unescapeQuoted(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1]!;
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        out += simple;
        i++;
        continue;
      }
      const width = next === 'u' ? 4 : next === 'U' ? 8 : 0;
      const hex = raw.slice(i + 2, i + 2 + width);
      if (width > 0 && hex.length === width && [...hex].every((h) => HEX.includes(h))) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 1 + width;
        continue;
      }
    }
    out += c;
  }
  return unescapeTemplate(out);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
const HEX = '0123456789abcdefABCDEF';

/** `$${` and `%%{` stand for a literal `${` and `%{` in every template. */
function unescapeTemplate(raw: string): string {
  return raw.split('$${').join('${').split('%%{').join('%{');
}
