/**
 * Policy documents written as a JSON string inside a template: `Content: '{"Version": …}'` or a
 * block scalar (`|`) of an `AWS::Organizations::Policy`, the `PolicyDocument` string of an
 * `AWS::Logs::ResourcePolicy` (often in `!Sub`), any Json-typed policy property given as a string
 * (CloudFormation accepts "a JSON object or a JSON string" there: AWS::Organizations::Policy,
 * CloudFormation Template Reference, 2024 pages).
 *
 * The string's value (as `yaml` or `jsonc-parser` read it) is parsed as JSON with `jsonc-parser`;
 * each character of the value is mapped back to where it is written in the template, by decoding
 * the scalar's source text in its style (YAML literal block, double- or single-quoted, JSON
 * string) and checking that the decoding gives the parser's value. When it does not (a folded
 * block, a multi-line plain scalar, an explicit indentation indicator), every node is placed on
 * the whole scalar and the document is marked inexact: diagnostics stay on the scalar, quick
 * fixes and completion are not offered.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { EmbeddedJson, HostProblem, HostRange, HostValue, SymbolicPart } from '../types';
import type { CfnNode } from './parse';
import { mergeParts, subStringParts, type TemplateContext } from './values';

type Scalar = Extract<CfnNode, { kind: 'scalar' }>;

/** A string value and where each of its characters is written. */
interface Mapped {
  readonly value: string;
  /** `offsets[i]`: host offset where character i is written; `offsets[value.length]`: where the content ends. */
  readonly offsets: readonly number[];
  readonly escape: EmbeddedJson['escape'];
  /** For a literal block: the indentation of its lines. */
  readonly indent?: string;
}

/** What a JSON string document becomes: its value and the problems of its JSON. */
export interface EmbeddedDocument {
  readonly value: HostValue;
  readonly embedded: EmbeddedJson;
  readonly problems: readonly HostProblem[];
}

/**
 * The policy document in a string scalar (`sub`: the scalar is the template of an `Fn::Sub`,
 * whose `${…}` are deployment-time values, resolved with `vars`); undefined when the string does
 * not hold a JSON object (the caller reports it as not analysed).
 */
export function embeddedDocument(
  node: Scalar,
  ctx: TemplateContext,
  syntax: 'json' | 'yaml',
  label: string,
  sub?: { readonly vars: CfnNode | undefined; readonly node: CfnNode },
): EmbeddedDocument | undefined {
  if (typeof node.value !== 'string' || !node.value.trimStart().startsWith('{')) return undefined;
  const mapped = mapScalar(node, ctx.text, syntax);
  const at = (o: number): number => mapped.offsets[Math.max(0, Math.min(o, mapped.offsets.length - 1))] ?? node.range.start;
  const range = (offset: number, length: number): HostRange =>
    mapped.escape === 'inexact' ? node.range : { start: at(offset), end: Math.max(at(offset), at(offset + length)) };
  const errors: ParseError[] = [];
  const tree = parseTree(mapped.value, errors, { disallowComments: true, allowTrailingComma: false });
  if (!tree || tree.type !== 'object') return undefined;
  const problems = errors.map((e) => {
    // A value or property name expected before `]`/`}`: a trailing comma, reported where it is written.
    const comma = /^[\]}]/.test(mapped.value.slice(e.offset)) ? /,\s*$/.exec(mapped.value.slice(0, e.offset)) : null;
    return comma
      ? { range: range(comma.index, 1), message: `JSON in the string of ${label}: trailing comma` }
      : { range: range(e.offset, Math.max(e.length, 1)), message: `JSON in the string of ${label}: ${printParseErrorCode(e.error)}` };
  });
  const toValue = (n: JsonNode): HostValue | undefined => {
    const r = range(n.offset, n.length);
    switch (n.type) {
      case 'object': {
        const entries: Array<{ key: string; keyRange: HostRange; value: HostValue }> = [];
        for (const p of n.children ?? []) {
          const [k, v] = p.children ?? [];
          const value = v && toValue(v);
          if (k && value) entries.push({ key: String(k.value), keyRange: range(k.offset, k.length), value });
        }
        return { kind: 'object', range: r, style: 'json', entries };
      }
      case 'array':
        return { kind: 'array', range: r, style: 'json', items: (n.children ?? []).flatMap((c) => toValue(c) ?? []) };
      case 'string': {
        const s = String(n.value);
        if (sub && s.includes('${')) {
          const parts = mergeParts(subStringParts(s, sub.vars, r, ctx));
          if (parts.some((p) => typeof p !== 'string')) return { kind: 'symbolic', range: r, parts: parts as Array<string | SymbolicPart> };
          return { kind: 'string', range: r, style: 'json', value: parts.join('') };
        }
        return { kind: 'string', range: r, style: 'json', value: s };
      }
      case 'number':
        return { kind: 'number', range: r, value: n.value as number };
      case 'boolean':
        return { kind: 'boolean', range: r, value: n.value as boolean };
      case 'null':
        return { kind: 'null', range: r };
      default:
        return undefined;
    }
  };
  const value = toValue(tree);
  if (!value) return undefined;
  const origin = node.range.start;
  const offsets = mapped.escape === 'inexact' ? [] : mapped.offsets.map((o) => o - origin);
  const boundaries = new Set(offsets);
  return {
    value,
    problems,
    embedded: {
      escape: mapped.escape,
      ...(mapped.indent !== undefined ? { indent: mapped.indent } : {}),
      origin,
      boundaries,
      ...(mapped.escape === 'inexact' ? {} : { text: mapped.value, offsets }),
    },
  };
}

/** The scalar's value with the offset of each character; inexact when its style is not decoded here. */
function mapScalar(node: Scalar, text: string, syntax: 'json' | 'yaml'): Mapped {
  const value = String(node.value);
  const { start, end } = node.range;
  let decoded: Mapped | undefined;
  if (syntax === 'json' || node.style === 'json') decoded = quoted(text, start, end, 'json');
  else if (node.style === 'double') decoded = quoted(text, start, end, 'double');
  else if (node.style === 'single') decoded = quoted(text, start, end, 'single');
  else if (node.style === 'block') decoded = literalBlock(text, start, end, value);
  if (decoded && decoded.value === value) return decoded;
  // Not mapped: every node is placed on the whole scalar, nothing is edited.
  return { value, offsets: [], escape: 'inexact' };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  '0': '\0',
  a: '\x07',
  e: '\x1b',
  ' ': ' ',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  v: '\v',
};

/**
 * A quoted scalar: JSON (escapes, one line), YAML double-quoted (escapes, line folding, `\` at the
 * end of a line) or YAML single-quoted (`''`, line folding).
 */
function quoted(text: string, start: number, end: number, style: 'json' | 'double' | 'single'): Mapped | undefined {
  const quote = style === 'single' ? "'" : '"';
  if (text[start] !== quote || text[end - 1] !== quote || end - start < 2) return undefined;
  let value = '';
  const offsets: number[] = [];
  const push = (s: string, at: number) => {
    value += s;
    for (let k = 0; k < s.length; k++) offsets.push(at);
  };
  let i = start + 1;
  const close = end - 1;
  while (i < close) {
    const c = text[i]!;
    if (style === 'single' && c === "'" && text[i + 1] === "'") {
      push("'", i);
      i += 2;
    } else if (style !== 'single' && c === '\\') {
      const e = text[i + 1];
      if (e === undefined) return undefined;
      if (style === 'double' && (e === '\n' || e === '\r')) {
        // An escaped line break: nothing, and the next line's leading blanks are dropped.
        i += e === '\r' && text[i + 2] === '\n' ? 3 : 2;
        while (text[i] === ' ' || text[i] === '\t') i++;
        continue;
      }
      const hex = e === 'u' ? 4 : style === 'double' && e === 'x' ? 2 : style === 'double' && e === 'U' ? 8 : 0;
      if (hex) {
        const digits = text.slice(i + 2, i + 2 + hex);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) return undefined;
        push(String.fromCodePoint(parseInt(digits, 16)), i);
        i += 2 + hex;
        continue;
      }
      const simple = SIMPLE_ESCAPES[e];
      if (simple === undefined || (style === 'json' && !'"\\/bfnrt'.includes(e))) return undefined;
      push(simple, i);
      i += 2;
    } else if (style !== 'json' && (c === '\n' || c === '\r')) {
      // Line folding: trailing blanks before the break were written, leading blanks after are not;
      // one break is a space, n breaks are n - 1 line feeds.
      let trailing = value.length;
      while (trailing > 0 && (value[trailing - 1] === ' ' || value[trailing - 1] === '\t')) trailing--;
      value = value.slice(0, trailing);
      offsets.length = trailing;
      let breaks = 0;
      const at = i;
      while (i < close && (text[i] === '\n' || text[i] === '\r' || text[i] === ' ' || text[i] === '\t')) {
        if (text[i] === '\n') breaks++;
        i++;
      }
      push(breaks === 1 ? ' ' : '\n'.repeat(breaks - 1), at);
    } else {
      push(c, i);
      i++;
    }
  }
  offsets.push(close);
  return { value, offsets, escape: style === 'single' ? 'single' : 'json' };
}

/** A literal block scalar (`|`, `|-`, `|+`) without an indentation indicator. */
function literalBlock(text: string, start: number, end: number, value: string): Mapped | undefined {
  const header = /^\|[-+]?[ \t]*(#.*)?$/.exec(text.slice(start, text.indexOf('\n', start) < 0 ? end : text.indexOf('\n', start)).trimEnd());
  if (!header) return undefined;
  let i = text.indexOf('\n', start);
  if (i < 0 || i >= end) return undefined;
  i++;
  let decoded = '';
  const offsets: number[] = [];
  let indent: number | undefined;
  while (i < end) {
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const line = text.slice(i, lineEnd).replace(/\r$/, '');
    const lead = line.length - line.trimStart().length;
    if (line.trim() === '') {
      if (lineEnd < end || lineEnd === text.length) {
        decoded += '\n';
        offsets.push(lineEnd);
      }
    } else {
      indent ??= lead;
      if (lead < indent) break;
      for (let k = indent; k < line.length; k++) {
        decoded += line[k];
        offsets.push(i + k);
      }
      decoded += '\n';
      offsets.push(i + line.length);
    }
    i = lineEnd + 1;
  }
  if (indent === undefined) return undefined;
  // Chomping: the value keeps some of the final line breaks.
  if (decoded.startsWith(value) && /^\n*$/.test(decoded.slice(value.length))) {
    offsets.length = value.length;
  } else return undefined;
  offsets.push(value.length > 0 ? offsets[value.length - 1]! + 1 : end);
  return { value, offsets, escape: 'raw', indent: ' '.repeat(indent) };
}
