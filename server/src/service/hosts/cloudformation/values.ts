/**
 * Template values as policy values: literal maps, lists and scalars become HostValues; intrinsic
 * functions become symbolic values whose known parts stay literal (`!Sub
 * "arn:aws:s3:::${Bucket}/*"` → `arn:aws:s3:::` + Bucket + `/*`). What the template itself tells
 * is resolved (parameter defaults, the ARN of a bucket declared in it) and recorded as assumed.
 * `Fn::If` in a list contributes both branches; `AWS::NoValue` removes the element.
 */
import type { HostRange, HostStyle, HostValue, LiteralSegment, SymbolicPart } from '../types';
import { entry, scalarString, type CfnNode } from './parse';
import { arnOfAttribute, refOfResource } from './resourceArns';

/** What values in a template can be resolved against. */
export interface TemplateContext {
  readonly text: string;
  /** Parameters by name: their `Default`, as a string, when literal. */
  readonly parameters: ReadonlyMap<string, { readonly type?: string; readonly default?: string }>;
  /** Resources by logical ID: type and properties. */
  readonly resources: ReadonlyMap<string, { readonly type: string; readonly properties?: CfnNode }>;
}

/** What converting a document noticed: an `Fn::If` was expanded to both branches. */
export interface Conversion {
  partial: boolean;
}

type Part = string | SymbolicPart;

const PSEUDO: Readonly<Record<string, { kind: SymbolicPart['kind']; assumed?: string }>> = {
  'AWS::AccountId': { kind: 'account-id' },
  'AWS::Region': { kind: 'region' },
  'AWS::Partition': { kind: 'partition', assumed: 'aws' },
  'AWS::URLSuffix': { kind: 'unknown', assumed: 'amazonaws.com' },
  'AWS::StackName': { kind: 'name' },
  'AWS::StackId': { kind: 'arn' },
  'AWS::NotificationARNs': { kind: 'arn' },
};

/** The intrinsic function a node stands for (`Fn::Sub`, `Ref`), and its argument; undefined for literals. */
export function intrinsicOf(node: CfnNode): { readonly fn: string; readonly arg: CfnNode } | undefined {
  if (node.tag) {
    const name = node.tag.slice(1);
    return { fn: name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`, arg: { ...node, tag: undefined } as CfnNode };
  }
  if (node.kind === 'map' && node.entries.length === 1) {
    const e = node.entries[0]!;
    if (e.key === 'Ref' || e.key.startsWith('Fn::')) return { fn: e.key, arg: e.value };
  }
  return undefined;
}

/** A map whose one entry is `key` (what {@link intrinsicOf} reads as that function when untagged). */
function isSingleEntry(node: CfnNode, key: string): boolean {
  return node.kind === 'map' && node.entries.length === 1 && node.entries[0]!.key === key;
}

/** True for `!Ref AWS::NoValue` / `{"Ref": "AWS::NoValue"}`. */
export function isNoValue(node: CfnNode): boolean {
  if (!(node.tag ? node.tag === '!Ref' : isSingleEntry(node, 'Ref'))) return false;
  const f = intrinsicOf(node);
  return f?.fn === 'Ref' && scalarString(f.arg) === 'AWS::NoValue';
}

/** The `Fn::If` branches of a node (`[condition, then, else]`), or undefined. */
export function ifBranches(node: CfnNode): readonly [CfnNode, CfnNode] | undefined {
  if (!(node.tag ? node.tag === '!If' : isSingleEntry(node, 'Fn::If'))) return undefined;
  const f = intrinsicOf(node);
  if (f?.fn !== 'Fn::If' || f.arg.kind !== 'seq' || f.arg.items.length !== 3) return undefined;
  return [f.arg.items[1]!, f.arg.items[2]!];
}

/** Converts a template node to a policy value; undefined for `AWS::NoValue`. */
export function toHostValue(node: CfnNode, ctx: TemplateContext, conv: Conversion): HostValue | undefined {
  const fn = intrinsicOf(node);
  if (fn?.fn === 'Ref' && scalarString(fn.arg) === 'AWS::NoValue') return undefined;
  if (fn) {
    const range = symbolicRange(fn.fn, fn.arg, node);
    if (fn.fn === 'Fn::Join') {
      const pieces: Array<HostRange | undefined> = [];
      const raw = joinParts(fn.arg, node, ctx, pieces);
      const { parts, segments } = mergeSegments(raw, pieces);
      return { kind: 'symbolic', range, parts, ...(segments.length > 1 ? { segments } : {}) };
    }
    return { kind: 'symbolic', range, parts: mergeParts(stringParts(fn.fn, fn.arg, node, ctx)) };
  }
  switch (node.kind) {
    case 'map': {
      const entries: Array<Extract<HostValue, { kind: 'object' }>['entries'][number]> = [];
      for (const e of node.entries) {
        const value = ifCollection(e.value, ctx, conv, e.key === 'Statement') ?? toHostValue(e.value, ctx, conv);
        if (value) entries.push({ key: e.key, keyRange: e.keyRange, value });
      }
      return {
        kind: 'object',
        range: node.range,
        style: node.flow ? (node.range.start < node.range.end && ctx.text[node.range.start] === '{' ? 'flow' : 'json') : 'block',
        entries,
      };
    }
    case 'seq': {
      const items: HostValue[] = [];
      for (const item of node.items) {
        const branches = item.tag === '!If' || item.kind === 'map' ? ifBranches(item) : undefined;
        if (branches) conv.partial = true;
        for (const n of branches ?? [item]) {
          const value = toHostValue(n, ctx, conv);
          if (value) items.push(value);
        }
      }
      return { kind: 'array', range: node.range, style: node.flow ? 'flow' : 'block', items };
    }
    case 'scalar':
      return scalarValue(node);
  }
}

/**
 * An `Fn::If` whose branches are lists or maps written in the template (`Statement: !If [Cond,
 * [st1, st2], !Ref AWS::NoValue]`, `Condition: !If [Cond, {…}, !Ref AWS::NoValue]`): the items of
 * both lists as one list, or the one map when the other branch removes the element. For
 * statements (`statements`), two maps are two statements. Anything else (two different maps of
 * another element, scalars) stays a symbolic value.
 */
export function ifCollection(node: CfnNode, ctx: TemplateContext, conv: Conversion, statements = false): HostValue | undefined {
  const branches = ifBranches(node);
  if (!branches) return undefined;
  const present = branches.filter((b) => !isNoValue(b));
  if (present.length === 0 || present.some((b) => intrinsicOf(b) || b.kind === 'scalar')) return undefined;
  if (present.every((b) => b.kind === 'seq') || (present.length === 2 && (statements || present.some((b) => b.kind === 'seq')))) {
    const items: HostValue[] = [];
    for (const b of present) {
      const value = toHostValue(b, ctx, conv);
      if (value?.kind === 'array') items.push(...value.items);
      else if (value) items.push(value);
    }
    conv.partial = true;
    return { kind: 'array', range: node.range, style: 'block', items };
  }
  if (present.length !== 1) return undefined;
  conv.partial = true;
  return toHostValue(present[0]!, ctx, conv);
}

function scalarValue(node: Extract<CfnNode, { kind: 'scalar' }>): HostValue {
  const v = node.value;
  if (typeof v === 'number') return { kind: 'number', range: node.range, value: v };
  if (typeof v === 'boolean') return { kind: 'boolean', range: node.range, value: v };
  if (v === null) return { kind: 'null', range: node.range };
  return { kind: 'string', range: node.range, style: styleOf(node), value: v };
}

function styleOf(node: CfnNode): HostStyle {
  if (node.kind !== 'scalar') return node.flow ? 'flow' : 'block';
  return node.style === 'block' ? 'literal' : node.style;
}

export function mergeParts(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p !== '') out.push(p);
  }
  return out;
}

/**
 * {@link mergeParts}, keeping where each literal piece is written (`ranges[i]` for `parts[i]`,
 * when it has a place of its own) as segments of the merged parts.
 */
function mergeSegments(parts: Part[], ranges: ReadonlyArray<HostRange | undefined>): { parts: Part[]; segments: LiteralSegment[] } {
  const out: Part[] = [];
  const segments: LiteralSegment[] = [];
  parts.forEach((p, i) => {
    const last = out[out.length - 1];
    if (p === '') return;
    const at = typeof p === 'string' && typeof last === 'string' ? last.length : 0;
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
    const range = ranges[i];
    if (typeof p === 'string' && range) segments.push({ part: out.length - 1, at, length: p.length, range });
  });
  return { parts: out, segments };
}

/** The source text of a node, shortened for messages. */
export function sourceText(ctx: TemplateContext, node: CfnNode): string {
  const text = ctx.text.slice(node.range.start, node.range.end).replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function unknown(expr: string, range: HostRange, kind: SymbolicPart['kind'] = 'unknown'): SymbolicPart {
  return { expr, kind, range };
}

/** The parts of the string an intrinsic function yields (one unknown part when it cannot tell). */
export function stringParts(fn: string, arg: CfnNode, node: CfnNode, ctx: TemplateContext): Part[] {
  switch (fn) {
    case 'Ref': {
      const name = scalarString(arg);
      return name ? refParts(name, node.range, ctx) : [unknown(`Ref ${sourceText(ctx, arg)}`, node.range)];
    }
    case 'Fn::GetAtt': {
      const [res, attr] = getAttArgs(arg);
      return res && attr ? getAttParts(res, attr, node.range, ctx) : [unknown(`Fn::GetAtt ${sourceText(ctx, arg)}`, node.range)];
    }
    case 'Fn::Sub':
      return subParts(arg, node, ctx);
    case 'Fn::Join':
      return joinParts(arg, node, ctx);
    default:
      return [unknown(`${fn} ${sourceText(ctx, arg)}`, node.range)];
  }
}

function getAttArgs(arg: CfnNode): [string | undefined, string | undefined] {
  const s = scalarString(arg);
  if (s !== undefined) {
    const dot = s.indexOf('.');
    return dot > 0 ? [s.slice(0, dot), s.slice(dot + 1)] : [s, undefined];
  }
  if (arg.kind === 'seq' && arg.items.length === 2) return [scalarString(arg.items[0]), scalarString(arg.items[1])];
  return [undefined, undefined];
}

function refParts(name: string, range: HostRange, ctx: TemplateContext): Part[] {
  const pseudo = PSEUDO[name];
  if (pseudo)
    return [
      {
        expr: name,
        kind: pseudo.kind,
        range,
        ...(pseudo.assumed ? { assumed: pseudo.assumed, assumption: `${name} assumed to be ${pseudo.assumed}` } : {}),
      },
    ];
  const param = ctx.parameters.get(name);
  if (param) {
    const kind = param.type?.includes('::Id') || param.type?.endsWith('Id') ? 'id' : 'unknown';
    return [
      {
        expr: name,
        kind,
        range,
        ...(param.default !== undefined && !param.type?.startsWith('List') && param.type !== 'CommaDelimitedList'
          ? { assumed: param.default, assumption: `Default of parameter ${name}` }
          : {}),
      },
    ];
  }
  const res = ctx.resources.get(name);
  if (res) return refOfResource(name, res, range, ctx.parameters);
  return [unknown(name, range)];
}

function getAttParts(res: string, attr: string, range: HostRange, ctx: TemplateContext): Part[] {
  const r = ctx.resources.get(res);
  const parts = r ? arnOfAttribute(res, attr, r, range, ctx.parameters) : undefined;
  if (parts) return parts;
  return [unknown(`${res}.${attr}`, range, attr === 'Arn' || attr.endsWith('Arn') ? 'arn' : attr.endsWith('Id') ? 'id' : 'unknown')];
}

/** `Fn::Sub` with a string, or `[string, {Var: value}]`. `${!Literal}` is the text `${Literal}`. */
function subParts(arg: CfnNode, node: CfnNode, ctx: TemplateContext): Part[] {
  const template = arg.kind === 'seq' ? arg.items[0] : arg;
  const vars = arg.kind === 'seq' ? arg.items[1] : undefined;
  const text = scalarString(template);
  if (text === undefined) return [unknown(`Fn::Sub ${sourceText(ctx, arg)}`, node.range)];
  return subStringParts(text, vars, node.range, ctx);
}

/** The parts of an `Fn::Sub` template string, its variables bound by `vars`; unknown parts are located at `range`. */
export function subStringParts(text: string, vars: CfnNode | undefined, range: HostRange, ctx: TemplateContext): Part[] {
  const out: Part[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    const close = open < 0 ? -1 : text.indexOf('}', open + 2);
    if (open < 0 || close < 0) {
      out.push(text.slice(i));
      break;
    }
    out.push(text.slice(i, open));
    const name = text.slice(open + 2, close);
    if (name.startsWith('!')) out.push(`\${${name.slice(1)}}`);
    else out.push(...subVariable(name.trim(), vars, range, ctx));
    i = close + 1;
  }
  return out;
}

function subVariable(name: string, vars: CfnNode | undefined, range: HostRange, ctx: TemplateContext): Part[] {
  const bound = entry(vars, name);
  if (bound) {
    const literal = scalarString(bound);
    if (literal !== undefined) return [literal];
    const fn = intrinsicOf(bound);
    return fn ? stringParts(fn.fn, fn.arg, bound, ctx) : [unknown(name, range)];
  }
  const dot = name.indexOf('.');
  if (dot > 0 && !name.startsWith('AWS::')) return getAttParts(name.slice(0, dot), name.slice(dot + 1), range, ctx);
  return refParts(name, range, ctx);
}

/**
 * Where problems with a function's string are shown: its node, except a `Fn::Join`, whose pieces
 * often sit on the lines below (`!Join` / `- ""` / `- - 'arn:aws:s3:::'`): there, from its first
 * piece, where an ARN's partition, service, Region and account are written; and a `Fn::Sub` in
 * long form, whose template string sits below its `{` in JSON (`{` / `"Fn::Sub": "arn:…"`).
 */
function symbolicRange(fn: string, arg: CfnNode, node: CfnNode): HostRange {
  const list = fn === 'Fn::Join' && arg.kind === 'seq' ? arg.items[1] : undefined;
  const sub = fn === 'Fn::Sub' ? (arg.kind === 'seq' ? arg.items[0] : arg) : undefined;
  const first = sub ?? (list?.kind === 'seq' && !list.tag ? list.items[0] : undefined);
  return first && first.range.start > node.range.start ? { start: first.range.start, end: node.range.end } : node.range;
}

/** `Fn::Join [delimiter, [a, b, …]]`. */
function joinParts(arg: CfnNode, node: CfnNode, ctx: TemplateContext, pieces?: Array<HostRange | undefined>): Part[] {
  const delimiter = arg.kind === 'seq' ? scalarString(arg.items[0]) : undefined;
  const list = arg.kind === 'seq' ? arg.items[1] : undefined;
  if (delimiter === undefined || list?.kind !== 'seq' || list.tag) return [unknown(`Fn::Join ${sourceText(ctx, arg)}`, node.range)];
  const out: Part[] = [];
  // `pieces[i]`: where `out[i]` is written, for the literal items (each on a line of its own in JSON).
  const push = (p: Part, range?: HostRange) => {
    out.push(p);
    pieces?.push(range);
  };
  list.items.forEach((item, i) => {
    if (i > 0) push(delimiter);
    const literal = scalarString(item);
    if (literal !== undefined) push(literal, item.range);
    else {
      const fn = intrinsicOf(item);
      for (const p of fn ? stringParts(fn.fn, fn.arg, item, ctx) : [unknown(sourceText(ctx, item), item.range)]) push(p);
    }
  });
  return out;
}
