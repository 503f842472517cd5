/**
 * Parses a CloudFormation or SAM template (YAML or JSON) into a small tree with source ranges:
 * maps, sequences and scalars, each carrying the short-form tag it was written with (`!Sub`,
 * `!GetAtt`, …). YAML goes through `yaml` (eemeli), JSON through `jsonc-parser`; both keep offsets.
 * Intrinsic functions are not interpreted here (see values.ts).
 */
import {
  Composer,
  CST,
  Lexer,
  Parser,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  YAMLMap,
  YAMLSeq,
  type CollectionTag,
  type Document,
  type Node as YamlNode,
  type ParsedNode,
  type ScalarTag,
  visit,
} from 'yaml';
import { parseTree, type Node as JsonNode, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { HostProblem, HostRange } from '../types';
import { MAX_NESTING, maxNesting, tooDeepProblem } from '../../limits';
import { fastYamlAttempt, fastYamlTree, lexersOf, type LexersOf } from './fastYaml';

/** How a scalar was written; decides how a quick fix rewrites it. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'block' | 'json';

/** A node of a template: YAML and JSON alike. */
export type CfnNode =
  | {
      readonly kind: 'map';
      readonly range: HostRange;
      readonly tag?: string;
      readonly flow: boolean;
      readonly entries: readonly CfnEntry[];
    }
  | { readonly kind: 'seq'; readonly range: HostRange; readonly tag?: string; readonly flow: boolean; readonly items: readonly CfnNode[] }
  | {
      readonly kind: 'scalar';
      readonly range: HostRange;
      readonly tag?: string;
      readonly style: ScalarStyle;
      readonly value: string | number | boolean | null;
    };

export interface CfnEntry {
  readonly key: string;
  readonly keyRange: HostRange;
  readonly value: CfnNode;
}

/** A parsed template: its root (undefined when empty or unreadable) and syntax problems. */
export interface ParsedTemplate {
  readonly root: CfnNode | undefined;
  readonly problems: HostProblem[];
  /** Set when the text nests deeper than {@link MAX_NESTING}: nothing was parsed (one problem says where). */
  readonly tooDeep?: true;
}

/** CloudFormation's short-form tags (Fn:: functions, `!Ref`, `!Condition`). */
export const SHORT_TAGS = [
  '!Ref',
  '!Sub',
  '!GetAtt',
  '!Join',
  '!If',
  '!Select',
  '!Split',
  '!FindInMap',
  '!ImportValue',
  '!Base64',
  '!Cidr',
  '!GetAZs',
  '!Equals',
  '!Not',
  '!And',
  '!Or',
  '!Condition',
  '!Transform',
  '!ToJsonString',
  '!Length',
  '!ForEach',
];

// Registered for every node kind so that the parser neither warns nor loses the tag.
const CUSTOM_TAGS: Array<ScalarTag | CollectionTag> = SHORT_TAGS.flatMap((tag): Array<ScalarTag | CollectionTag> => [
  { tag, resolve: (s: string) => s },
  { tag, collection: 'seq', nodeClass: YAMLSeq, resolve: (s) => s },
  { tag, collection: 'map', nodeClass: YAMLMap, resolve: (s) => s },
]);

/**
 * Runs `parse` with no stack traces captured. The yaml library makes an Error object for each
 * problem it finds, and capturing its stack trace costs more than the rest of the parse of a
 * template being typed into (a fifth of the time of the moved-policy tests); only the errors'
 * messages and positions are read.
 */
function withoutStackTraces<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * A lexer that, like PyYAML and SnakeYAML (which cfn-lint, SAM and CloudFormation read templates
 * with), does not check indentation inside flow collections: `CustomStatements: [{` closed by
 * `}]` at the key's column (AWS SAM's own api_resource_policy example) is valid there, while
 * `yaml` ends the collection at the first line indented no more than its parent (YAML 1.2,
 * 7.4) and reports the rest as errors. The flow's own brackets still decide where it ends.
 */
class FlowLenientLexer extends Lexer {}
type FlowLexer = { indentNext: number; parseFlowCollection(): Generator<string, string> };
const parseFlowCollection = (Lexer.prototype as unknown as FlowLexer).parseFlowCollection;
(FlowLenientLexer.prototype as unknown as FlowLexer).parseFlowCollection = function* (this: FlowLexer) {
  const indentNext = this.indentNext;
  this.indentNext = 0;
  try {
    return yield* parseFlowCollection.call(this);
  } finally {
    this.indentNext = indentNext;
  }
};
// The same for a quoted scalar over several lines: PyYAML does not check how far its continuation
// lines are indented (aws-quickstart's linux-bastion-master.template writes a single-quoted
// Description whose lines start at the key's column); `yaml` ends it at the first less indented
// line and reports the rest. The closing quote still decides where it ends.
type QuotedLexer = { indentNext: number; parseQuotedScalar(): Generator<string, string> };
const parseQuotedScalar = (Lexer.prototype as unknown as QuotedLexer).parseQuotedScalar;
(FlowLenientLexer.prototype as unknown as QuotedLexer).parseQuotedScalar = function* (this: QuotedLexer) {
  const indentNext = this.indentNext;
  this.indentNext = 0;
  try {
    return yield* parseQuotedScalar.call(this);
  } finally {
    this.indentNext = indentNext;
  }
};

// CloudFormation reads YAML 1.1 but without aliases or merge keys (the SAM CLI resolves both
// before uploading; see fromYaml); the core schema keeps `2012-10-17` a string, as CloudFormation does.
const YAML_OPTIONS = { keepSourceTokens: false, uniqueKeys: true, prettyErrors: false, strict: false } as const;
const SHORT_TAG_SET: ReadonlySet<string> = new Set(SHORT_TAGS);

/**
 * Parses a YAML template; `offset` is added to every range (for a slice of a larger text). The
 * plain shapes templates are written in take the fast path (fastYaml.ts), the rest `yaml`'s parser.
 */
export function parseYamlTemplate(text: string, offset = 0): ParsedTemplate {
  const { root, lexemes } = fastYamlAttempt(text, offset, CUSTOM_TAGS, SHORT_TAG_SET, YAML_OPTIONS, FlowLenientLexer);
  return root ? { root, problems: [] } : parseYamlTemplateWithYaml(text, offset, lexemes);
}

/** The tree on the fast path only (from the same lexer's tokens); undefined when the text needs `yaml`'s parser. */
export function fastYamlTemplate(text: string, offset = 0): CfnNode | undefined {
  return fastYamlTree(text, offset, CUSTOM_TAGS, SHORT_TAG_SET, YAML_OPTIONS, FlowLenientLexer);
}

/** For tests: the fast path's line lexer's tokens and lexemes and the Lexer's, for a text. */
export function templateLexers(text: string): LexersOf {
  return lexersOf(text, FlowLenientLexer);
}

/**
 * Parses a YAML template with `yaml`'s parser and composer (the reference the fast path is tested
 * against), refusing a text nested deeper than {@link MAX_NESTING} (see {@link syntaxTree}).
 * `lexemes`: the text's lexemes, when the fast path's line lexer read them (the Lexer's own).
 */
export function parseYamlTemplateWithYaml(text: string, offset = 0, lexemes?: readonly string[]): ParsedTemplate {
  // Steps of `yaml`'s parseDocument, so that the depth is measured between them: its parser (tokens to a syntax tree) keeps an explicit stack,
  // but its composer and our conversion recurse per level of nesting.
  const tokens = withoutStackTraces(() => syntaxTree(text, MAX_NESTING, lexemes));
  if (!Array.isArray(tokens)) return { root: undefined, problems: [tooDeepProblem(tokens.tooDeep + offset)], tooDeep: true };
  // Duplicate keys are found below (yaml's own test compares each key with every earlier one).
  const composer = new Composer({ ...YAML_OPTIONS, customTags: CUSTOM_TAGS, uniqueKeys: false });
  const errors: Array<{ readonly pos: readonly [number, number]; readonly message: string }> = [];
  const doc = withoutStackTraces(() => {
    let first: Document.Parsed | undefined;
    for (const d of composer.compose(tokens, true, text.length)) {
      if (!first) first = d;
      else {
        errors.push({ pos: [d.range[0], d.range[1]], message: 'Source contains multiple documents' });
        break;
      }
    }
    return first;
  });
  if (!doc) return { root: undefined, problems: [] };
  const problems: HostProblem[] = [...doc.errors, ...errors].map((e) => ({
    range: { start: e.pos[0] + offset, end: Math.max(e.pos[1], e.pos[0] + 1) + offset },
    message: `YAML: ${e.message.split('\n')[0] ?? e.message}`,
  }));
  const duplicates: HostProblem[] = [];
  const contents = doc.contents as ParsedNode | null;
  const root = contents
    ? fromYaml(contents, { offset, duplicates, doc, resolving: new Set(), expansion: { left: MAX_ALIAS_NODES, told: false } })
    : undefined;
  if (duplicates.length) {
    problems.push(...duplicates);
    problems.sort((a, b) => a.range.start - b.range.start);
  }
  return { root, problems };
}

/**
 * `yaml`'s syntax tree (CST) of `text`, or where it nests deeper than `limit`. `yaml`'s parser
 * keeps the collections it is building on a stack, but recurses once per open collection when a
 * line closes many at once (a deep block sequence followed by a less indented line overflows the
 * call stack), and its composer recurses per level. So the lexer's ({@link FlowLenientLexer}) tokens are fed to the parser
 * one by one and the parser's stack (its document, its open collections) is measured after each:
 * a collection of the tree is on that stack with all its ancestors while it is built, except a
 * flow collection that becomes the key of a block map, one level deeper than it was built (hence
 * the stack's length, document included, is compared with the limit). A document nested too deep
 * costs only the text up to the token that passes the limit. `lexemes`: the Lexer's lexemes of
 * `text`, when they are known (the fast path's line lexer gives them), instead of lexing it again.
 */
export function syntaxTree(text: string, limit = MAX_NESTING, lexemes?: readonly string[]): CST.Token[] | { readonly tooDeep: number } {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  try {
    for (const lexeme of lexemes ?? new FlowLenientLexer().lex(text)) {
      for (const token of parser.next(lexeme)) tokens.push(token);
      if (parser.stack.length > limit) return { tooDeep: parser.offset };
    }
    for (const token of parser.end()) tokens.push(token);
  } catch (err) {
    // Not expected (the stack is bounded); should the parser still recurse too deep, say so the same way.
    if (err instanceof RangeError) return { tooDeep: parser.offset };
    throw err;
  }
  return tokens;
}

/** What converting a YAML node needs: the offset of the text, where repeated keys go, and the document aliases resolve in. */
interface YamlContext {
  readonly offset: number;
  readonly duplicates: HostProblem[];
  readonly doc: Document.Parsed;
  /** Anchored nodes being converted through an alias (an alias inside its own anchor ends there). */
  readonly resolving: Set<YamlNode>;
  /** Nodes still allowed to be converted through aliases, and whether the limit was said. */
  readonly expansion: { left: number; told: boolean };
  /** Anchored nodes by anchor name, in document order (built on the first alias). */
  anchors?: Map<string, YamlNode[]>;
}

/**
 * At most this many nodes are converted through aliases in one template: aliases of aliases
 * ("billion laughs", `&a [*b, *b, …]` nested 29 times) would otherwise expand exponentially.
 */
export const MAX_ALIAS_NODES = 100_000;

/** The node an alias stands for: the last node anchored with its name before it (as yaml's Alias.resolve), found in an index. */
function anchorOf(alias: YamlNode & { source: string }, ctx: YamlContext): YamlNode | undefined {
  if (!ctx.anchors) {
    const anchors = new Map<string, YamlNode[]>();
    visit(ctx.doc, {
      Node(_key, n) {
        const name = (n as { anchor?: string }).anchor;
        if (!name) return;
        const list = anchors.get(name);
        if (list) list.push(n);
        else anchors.set(name, [n]);
      },
    });
    ctx.anchors = anchors;
  }
  const list = ctx.anchors.get(alias.source);
  const at = alias.range?.[0] ?? 0;
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]!.range?.[0] ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}

/** YAML's merge key (YAML 1.1 type library), as PyYAML reads it. */
const MERGE_KEY = '<<';

function fromYaml(node: YamlNode, ctx: YamlContext): CfnNode | undefined {
  const { offset, duplicates } = ctx;
  if (ctx.resolving.size > 0) ctx.expansion.left--;
  const r = node.range;
  const range = r ? { start: r[0] + offset, end: r[1] + offset } : { start: offset, end: offset };
  const tag = node.tag && node.tag.startsWith('!') ? node.tag : undefined;
  if (isMap(node)) {
    const entries: CfnEntry[] = [];
    // yaml's test for repeated keys (uniqueKeys: two scalar keys whose values are ===), kept in a set.
    const seen = new Set<unknown>();
    const merged: CfnEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as YamlNode | null;
      if (isScalar(key) && !Number.isNaN(key.value)) {
        if (seen.has(key.value) && key.range) {
          const at = key.range[0] + offset;
          duplicates.push(duplicateKey(at, String(key.value)));
        }
        seen.add(key.value);
      }
      if (!isScalar(key) || !key.range) continue;
      const value = pair.value ? fromYaml(pair.value as YamlNode, ctx) : nullAt(key.range[1] + offset);
      if (key.value === MERGE_KEY && key.type === 'PLAIN' && value) {
        merged.push(...mergedEntries(value));
        continue;
      }
      if (value)
        pushLast(entries, { key: String(key.value), keyRange: { start: key.range[0] + offset, end: key.range[1] + offset }, value });
    }
    // The keys a merge brings in, where the map does not write them itself (the first merged map wins).
    for (const e of merged) if (!entries.some((x) => x.key === e.key)) entries.push(e);
    return { kind: 'map', range, ...(tag ? { tag } : {}), flow: node.flow === true, entries };
  }
  if (isSeq(node)) {
    const items = node.items.flatMap((i) => {
      const n = i ? fromYaml(i as YamlNode, ctx) : undefined;
      return n ? [n] : [];
    });
    return { kind: 'seq', range, ...(tag ? { tag } : {}), flow: node.flow === true, items };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    return { kind: 'scalar', range, ...(tag ? { tag } : {}), style: scalarStyle(node.type), value };
  }
  if (isAlias(node)) {
    // CloudFormation itself rejects aliases ("YAML aliases are not allowed in CloudFormation
    // templates"), but `sam deploy`, `sam package` and `aws cloudformation package` resolve them,
    // and merge keys, with PyYAML before uploading (aws-cli pull request 3827). The alias stands
    // for its anchored node, located where the anchor is written (a fix there changes both).
    const target = anchorOf(node, ctx);
    if (!target || ctx.resolving.has(target)) return { kind: 'scalar', range, style: 'plain', value: null };
    if (ctx.expansion.left <= 0) {
      if (!ctx.expansion.told) {
        ctx.expansion.told = true;
        duplicates.push({
          range: { start: range.start, end: range.start + 1 },
          message: `YAML: aliases here expand to more than ${MAX_ALIAS_NODES.toLocaleString('en')} nodes; this alias and the later ones are not expanded.`,
        });
      }
      return { kind: 'scalar', range, style: 'plain', value: null };
    }
    ctx.resolving.add(target);
    try {
      return fromYaml(target, ctx);
    } finally {
      ctx.resolving.delete(target);
    }
  }
  return undefined;
}

/**
 * A key written twice in one map. YAML forbids it, but CloudFormation accepts the template and
 * keeps the last value, in YAML and JSON alike (aws-cloudformation/cfn-language-discussion issue
 * 96; `sam deploy` reads the template with PyYAML, which does the same): the earlier value is
 * silently ignored. A warning, not a syntax error.
 */
export function duplicateKey(at: number, key: string, syntax: 'yaml' | 'json' = 'yaml'): HostProblem {
  const where = syntax === 'yaml' ? 'YAML: Map keys must be unique: ' : 'JSON: ';
  return {
    range: { start: at, end: at + 1 },
    code: 'TEMPLATE_DUPLICATE_KEY',
    message: `${where}${JSON.stringify(key)} is written twice in this ${syntax === 'yaml' ? 'map' : 'object'}; CloudFormation keeps this value and ignores the earlier one.`,
  };
}

/** Adds an entry, replacing an earlier one of the same key (the last value wins, as in CloudFormation). */
function pushLast(entries: CfnEntry[], e: CfnEntry): void {
  const i = entries.findIndex((x) => x.key === e.key);
  if (i >= 0) entries.splice(i, 1);
  entries.push(e);
}

/** The entries a merge key's value brings: one map, or a list of maps (earlier ones win). */
function mergedEntries(value: CfnNode): CfnEntry[] {
  if (value.kind === 'map' && !value.tag) return [...value.entries];
  if (value.kind === 'seq' && !value.tag) return value.items.flatMap((item) => (item.kind === 'map' && !item.tag ? item.entries : []));
  return [];
}

function nullAt(at: number): CfnNode {
  return { kind: 'scalar', range: { start: at, end: at }, style: 'plain', value: null };
}

function scalarStyle(type: string | undefined): ScalarStyle {
  switch (type) {
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'QUOTE_SINGLE':
      return 'single';
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
      return 'block';
    default:
      return 'plain';
  }
}

/** Parses a JSON template (strict JSON, as CloudFormation reads it). */
export function parseJsonTemplate(text: string): ParsedTemplate {
  // jsonc-parser's tree builder recurses per level of nesting.
  const nesting = maxNesting(text);
  if (nesting.depth > MAX_NESTING) return { root: undefined, problems: [tooDeepProblem(nesting.offset)], tooDeep: true };
  const errors: ParseError[] = [];
  // A leading byte-order mark (an editor on Windows writes one) is read as the encoding's mark, as
  // the CLI and VS Code read the file, not as text: a space keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const tree = parseTree(source, errors, { allowTrailingComma: false, disallowComments: true });
  const problems = errors.map((e) => ({
    range: { start: e.offset, end: e.offset + Math.max(e.length, 1) },
    message: `JSON: ${printParseErrorCode(e.error)}`,
  }));
  const duplicates: HostProblem[] = [];
  const root = tree ? fromJson(tree, duplicates) : undefined;
  if (duplicates.length) {
    problems.push(...duplicates);
    problems.sort((a, b) => a.range.start - b.range.start);
  }
  return { root, problems };
}

function fromJson(node: JsonNode, duplicates: HostProblem[]): CfnNode | undefined {
  const range = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case 'object': {
      const entries: CfnEntry[] = [];
      const seen = new Set<string>();
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && seen.has(String(k.value))) duplicates.push(duplicateKey(k.offset, String(k.value), 'json'));
        if (k) seen.add(String(k.value));
        const value = v ? fromJson(v, duplicates) : undefined;
        if (k && value) pushLast(entries, { key: String(k.value), keyRange: { start: k.offset, end: k.offset + k.length }, value });
      }
      return { kind: 'map', range, flow: true, entries };
    }
    case 'array':
      return { kind: 'seq', range, flow: true, items: (node.children ?? []).flatMap((c) => fromJson(c, duplicates) ?? []) };
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return { kind: 'scalar', range, style: 'json', value: node.value as string | number | boolean | null };
    default:
      return undefined;
  }
}

/** The value of `key` in a map node. */
export function entry(node: CfnNode | undefined, key: string): CfnNode | undefined {
  return node?.kind === 'map' ? node.entries.find((e) => e.key === key)?.value : undefined;
}

/** The string value of a plain (untagged) scalar. */
export function scalarString(node: CfnNode | undefined): string | undefined {
  return node?.kind === 'scalar' && !node.tag && node.value !== null ? String(node.value) : undefined;
}
