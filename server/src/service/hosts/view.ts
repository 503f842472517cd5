/**
 * Policy views: one policy document found in a host (a template, a Terraform file) seen as if it
 * were a policy file. A view is a json-languageservice tree whose node offsets are offsets into
 * the host text *relative to the view's base* (the document's first character), and a
 * TextDocument that translates those offsets to the host's positions. The service's features
 * (grammar, checks, completion, hover, symbols, fixes) run on views unchanged, the way VS Code's
 * HTML server runs the CSS service on regions and Red Hat's YAML server runs the JSON service on
 * converted YAML nodes.
 *
 * A value only known at deployment becomes a string node whose value is a stand-in; the view
 * remembers which nodes are such stand-ins (for hover and for keeping findings honest, see
 * viewChecks.ts).
 */
import type {
  ArrayASTNode,
  ASTNode,
  JSONDocument,
  LanguageService as JsonLanguageService,
  ObjectASTNode,
  PropertyASTNode,
  StringASTNode,
} from 'vscode-json-languageservice';
import type { Position, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument } from '../parse';
import type { ExtractedPolicy, HostValue, LiteralSegment, SymbolicPart } from './types';

/** What is known about a value only known at deployment, for one stand-in node. */
export interface SymbolicLeaf {
  readonly parts: ReadonlyArray<string | SymbolicPart>;
  /** As written: literal text with `${expr}` for unknown parts. */
  readonly display: string;
  /** No literal text and nothing assumed: nothing about it can be checked. */
  readonly whole: boolean;
  /** The two stand-ins the checks ran with. */
  readonly first: string;
  readonly second: string;
  /**
   * Where pieces of the literal text are written (HostValue `segments`): spans of `first`, each
   * with its place relative to the value's own start (the tree's offsets move, these do not).
   */
  readonly segments?: ReadonlyArray<{ readonly start: number; readonly end: number; readonly from: number; readonly to: number }>;
}

/** One policy document inside a host document. */
export interface PolicyView {
  readonly policy: ExtractedPolicy;
  /** Host offset of the view's offset 0. */
  readonly base: number;
  /** Host offset where the document ends. */
  readonly end: number;
  /** The host document, seen with the view's offsets. */
  readonly document: TextDocument;
  /** The view's tree, as the features expect a parse. */
  readonly parsed: ParsedDocument;
  /** The document's value with the first stand-ins (wildcards for unknown text). */
  readonly value: unknown;
  /** The value with the second stand-ins; undefined when nothing is symbolic. */
  readonly alternative: unknown;
  /** The stand-in nodes. */
  readonly symbolic: ReadonlyMap<ASTNode, SymbolicLeaf>;
  /** False when the document as a whole is unknown (a string, `!ImportValue`): nothing is checked. */
  readonly analyzable: boolean;
  /** Identifies the view's content and context, for caching check results across versions. */
  readonly key: string;
  /** The length of `value` and of `alternative` as JSON text (the checks' `textLength`). */
  readonly textLengths: readonly [number, number];
}

/** Stand-ins by what a part is known to be: the same in both runs when the kind fixes the format. */
function standIns(part: SymbolicPart): readonly [string, string] {
  if (part.assumed !== undefined) return [part.assumed, part.assumed];
  switch (part.kind) {
    case 'partition':
      return ['aws', 'aws'];
    case 'region':
      return ['us-east-1', 'us-east-1'];
    case 'account-id':
      return ['123456789012', '123456789012'];
    case 'name':
    case 'id': {
      // One stand-in per expression: two buckets' `!GetAtt X.Arn` must not read as one resource
      // written twice; the same expression twice still gives the same text.
      const tag = expressionTag(part.expr);
      return [`name-a1${tag}`, `name-b2${tag}`];
    }
    default:
      // `*` in the first run; in the second a text that differs between expressions, so that
      // `…:${var.a}` and `…:${var.b}` are not one entry written twice (REDUNDANT_RESOURCE).
      return ['*', `x${expressionTag(part.expr)}`];
  }
}

/** A short lower-case tag that differs between expressions (FNV-1a of the text, base 36). */
function expressionTag(expr: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < expr.length; i++) h = Math.imul(h ^ expr.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36).slice(0, 5);
}

function isDefinite(part: SymbolicPart): boolean {
  return part.assumed !== undefined || (part.kind !== undefined && part.kind !== 'unknown' && part.kind !== 'arn');
}

/** Builds the view of one extracted policy. */
export function buildView(jsonLs: JsonLanguageService, host: TextDocument, policy: ExtractedPolicy): PolicyView {
  const base = policy.value.range.start;
  const symbolic = new Map<ASTNode, SymbolicLeaf>();
  // The stand-ins of each symbolic value, made once for the tree and both values.
  const leaves = new Map<HostValue, SymbolicLeaf>();
  const root = toNode(policy.value, base, undefined, symbolic, leaves);
  const json: JSONDocument = jsonLs.newJSONDocument(root, []);
  const document = viewDocument(host, base);
  const value = plainValue(policy.value, 0, leaves);
  const alternative = symbolic.size > 0 ? secondValue(policy.value, value, leaves) : undefined;
  const analyzable = policy.value.kind === 'object';
  const valueJson = JSON.stringify(value);
  const alternativeJson = JSON.stringify(alternative ?? null);
  const key = [
    policy.policyType ?? '',
    policy.resourceService ?? '',
    policy.partial ? 'p' : '',
    valueJson,
    alternativeJson,
    host.getText().slice(base, policy.value.range.end),
  ].join('\u0000');
  return {
    policy,
    base,
    end: policy.value.range.end,
    document,
    value,
    alternative,
    symbolic,
    analyzable,
    key,
    textLengths: [valueJson.length, alternativeJson.length],
    parsed: { uri: host.uri, version: host.version, json },
  };
}

/** A json-languageservice node type with writable fields, to build the tree's parent links. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Placeholders of a node's lists while its children are built (never read, never changed). */
const NO_NODES: ASTNode[] = [];
const NO_PROPERTIES: PropertyASTNode[] = [];

function toNode(
  v: HostValue,
  base: number,
  parent: ASTNode | undefined,
  symbolic: Map<ASTNode, SymbolicLeaf>,
  leaves: Map<HostValue, SymbolicLeaf>,
): ASTNode {
  const offset = v.range.start - base;
  const length = v.range.end - v.range.start;
  switch (v.kind) {
    case 'object': {
      // Lists built by `map` are allocated at their length (`push` would reserve room for more).
      const node: Writable<ObjectASTNode> = { type: 'object', offset, length, parent, properties: NO_PROPERTIES, children: NO_NODES };
      let ordered = true;
      let lastOffset = -Infinity;
      const properties = v.entries.map((e) => {
        // Every field is in the literal, in the order of the other nodes of its type, so that the
        // nodes share their shape and nothing is added to them later.
        const keyNode: Writable<StringASTNode> = {
          type: 'string',
          offset: e.keyRange.start - base,
          length: e.keyRange.end - e.keyRange.start,
          parent: undefined,
          value: e.key,
        };
        const prop: Writable<PropertyASTNode> = {
          type: 'property',
          offset: e.keyRange.start - base,
          length: e.value.range.end - e.keyRange.start,
          parent: node,
          keyNode,
          valueNode: undefined,
          colonOffset: e.keyRange.end - base,
          children: NO_NODES,
        };
        keyNode.parent = prop;
        if (e.unknownKey) symbolic.set(keyNode, { parts: [e.key], display: e.key, whole: true, first: e.key, second: e.key });
        const valueNode = toNode(e.value, base, prop, symbolic, leaves);
        // A YAML value can start before its key ends only in odd flow forms; keep lengths non-negative.
        if (prop.length < 0) prop.length = keyNode.length;
        prop.valueNode = valueNode;
        prop.children = [keyNode, valueNode];
        if (lastOffset > prop.offset) ordered = false;
        lastOffset = prop.offset;
        return prop as PropertyASTNode;
      });
      node.properties = properties;
      // Finding the node at an offset walks `children` in offset order and stops at the first one
      // past it; entries are not always written in the order they render (a Terraform `principals`
      // before `actions` renders after Action), so `children` is then a sorted copy, and
      // `properties` keep their order. Otherwise both are the same array (as json-languageservice's
      // own nodes have them).
      node.children = ordered ? properties : [...properties].sort((a, b) => a.offset - b.offset);
      return node;
    }
    case 'array': {
      const node: Writable<ArrayASTNode> = { type: 'array', offset, length, parent, items: NO_NODES, children: NO_NODES };
      const items = v.items.map((item) => toNode(item, base, node, symbolic, leaves));
      node.items = items;
      node.children = items;
      return node;
    }
    case 'string':
      return { type: 'string', offset, length, parent, value: v.value };
    case 'number':
      return { type: 'number', offset, length, parent, value: v.value, isInteger: Number.isInteger(v.value) };
    case 'boolean':
      return { type: 'boolean', offset, length, parent, value: v.value };
    case 'null':
      return { type: 'null', offset, length, parent, value: null };
    case 'symbolic': {
      const leaf = leafOf(v.parts, v.segments, v.range.start);
      leaves.set(v, leaf);
      const node: StringASTNode = { type: 'string', offset, length, parent, value: leaf.first };
      symbolic.set(node, leaf);
      return node;
    }
  }
}

/**
 * A stand-in for an unknown value that starts a longer string (`${TableArn}/index/*`): in the
 * second run an ARN, so that "not an ARN" cannot survive both runs.
 */
const LEADING_ARN = 'arn:aws:unknown:us-east-1:123456789012:unknown';

/**
 * An unknown value that is a whole field of an ARN (`arn:${AWS::Partition}:iam::${TrustedAccount}:root`)
 * is of that field's kind: an account ID (one per expression, as two parameters may name two
 * accounts) or a Region. What the rest of the ARN says (`:rooot`, a Region where IAM has none) is
 * then checked; the field itself is taken to be well formed, as its own checks need its value.
 */
function fieldKind(first: string, next: string | SymbolicPart | undefined): SymbolicPart['kind'] {
  if (!first.startsWith('arn:') || (next !== undefined && (typeof next !== 'string' || !next.startsWith(':')))) return undefined;
  const colons = first.split(':').length - 1;
  return colons === 4 ? 'account-id' : colons === 3 ? 'region' : undefined;
}

/** A 12-digit stand-in account ID of its own for each expression. */
function accountOf(expr: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < expr.length; i++) h = Math.imul(h ^ expr.charCodeAt(i), 0x01000193);
  return `10${String(h >>> 0).padStart(10, '0')}`;
}

function leafOf(parts: ReadonlyArray<string | SymbolicPart>, segments?: readonly LiteralSegment[], anchor = 0): SymbolicLeaf {
  let display = '';
  let first = '';
  let second = '';
  const starts: number[] = [];
  parts.forEach((p, i) => {
    starts.push(first.length);
    if (typeof p === 'string') {
      display += p;
      first += p;
      second += p;
    } else {
      const field = isDefinite(p) || p.kind === 'arn' ? undefined : fieldKind(first, parts[i + 1]);
      const [a, b] = field === 'account-id' ? [accountOf(p.expr), accountOf(p.expr)] : standIns(field ? { ...p, kind: field } : p);
      display += `\${${p.expr}}`;
      first += a;
      second += i === 0 && parts.length > 1 && !isDefinite(p) ? LEADING_ARN : b;
    }
  });
  const whole = parts.every((p) => typeof p !== 'string' && !isDefinite(p));
  if (!segments) return { parts, display, whole, first, second };
  const spans = segments.map((s) => ({
    start: starts[s.part]! + s.at,
    end: starts[s.part]! + s.at + s.length,
    from: s.range.start - anchor,
    to: s.range.end - anchor,
  }));
  return { parts, display, whole, first, second, segments: spans };
}

/** The plain value with the first (0) or second (1) stand-ins (`leaves`: those already made, by value). */
export function plainValue(v: HostValue, run: 0 | 1, leaves?: ReadonlyMap<HostValue, SymbolicLeaf>): unknown {
  switch (v.kind) {
    case 'object': {
      // As JSON.parse builds it (jsonValue.ts): an ordinary object whose keys are own data
      // properties, so a `__proto__` key is data, not the object's prototype.
      const out: Record<string, unknown> = {};
      for (const e of v.entries) {
        if (e.key === '__proto__')
          Object.defineProperty(out, e.key, {
            value: plainValue(e.value, run, leaves),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else out[e.key] = plainValue(e.value, run, leaves);
      }
      return out;
    }
    case 'array':
      return v.items.map((i) => plainValue(i, run, leaves));
    case 'null':
      return null;
    case 'symbolic': {
      const leaf = leaves?.get(v) ?? leafOf(v.parts, v.segments, v.range.start);
      return run === 0 ? leaf.first : leaf.second;
    }
    default:
      return v.value;
  }
}

/**
 * {@link plainValue} with the second stand-ins (run 1), given the value with the first (`first`):
 * every part where the two runs' values are alike is the same object as in `first` (the checks
 * never change the values they read), so only the objects and lists above a stand-in that differs
 * are new.
 */
function secondValue(v: HostValue, first: unknown, leaves: ReadonlyMap<HostValue, SymbolicLeaf>): unknown {
  switch (v.kind) {
    case 'object': {
      if (typeof first !== 'object' || first === null || Array.isArray(first)) return plainValue(v, 1, leaves);
      const firstOf = first as Record<string, unknown>;
      // With a key written twice, an earlier entry is read against the later one's value: what it
      // gives is overwritten by the later entry, as in plainValue.
      let seconds: unknown[] | undefined;
      v.entries.forEach((e, i) => {
        const before = firstOf[e.key];
        const after = secondValue(e.value, before, leaves);
        if (after === before) return;
        seconds ??= v.entries.map((x) => firstOf[x.key]);
        seconds[i] = after;
      });
      if (!seconds) return first;
      const out: Record<string, unknown> = {};
      for (const [i, e] of v.entries.entries()) {
        if (e.key === '__proto__')
          Object.defineProperty(out, e.key, { value: seconds[i], enumerable: true, writable: true, configurable: true });
        else out[e.key] = seconds[i];
      }
      return out;
    }
    case 'array': {
      if (!Array.isArray(first) || first.length !== v.items.length) return plainValue(v, 1, leaves);
      let seconds: unknown[] | undefined;
      v.items.forEach((item, i) => {
        const after = secondValue(item, first[i], leaves);
        if (after === first[i]) return;
        seconds ??= first.slice();
        seconds[i] = after;
      });
      return seconds ?? first;
    }
    case 'symbolic':
      return (leaves.get(v) ?? leafOf(v.parts, v.segments, v.range.start)).second;
    default:
      // A string, number, boolean or null: the same in both runs.
      return v.kind === 'null' ? null : v.value;
  }
}

/**
 * The host document seen from a view: offsets are relative to `base`; positions are the host's.
 * `getText()` is the host text from `base` on, so `text.slice(node.offset, …)` reads the node.
 */
export function viewDocument(host: TextDocument, base: number): TextDocument {
  let text: string | undefined;
  return {
    uri: host.uri,
    languageId: host.languageId,
    version: host.version,
    get lineCount() {
      return host.lineCount;
    },
    getText(range?: Range): string {
      if (range) return host.getText(range);
      text ??= host.getText().slice(base);
      return text;
    },
    getLineRange: (line: number) => host.getLineRange(line),
    getEOLCharacters: (line: number) => host.getEOLCharacters(line),
    positionAt: (offset: number): Position => host.positionAt(offset + base),
    offsetAt: (position: Position): number => host.offsetAt(position) - base,
  };
}
