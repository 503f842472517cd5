/**
 * Where the cursor is in a policy, for completion: which element's key or value is being typed,
 * what has been typed so far, and which text an item replaces. Works on the raw text (jsonc's
 * scanner via `getLocation`), so half-typed input such as `"Action": "s3:Ge` without a closing
 * quote, an empty array slot or `"Action": |` all resolve.
 */
import { getLocation, type Location } from 'jsonc-parser';

/** A JSON path segment: property name or array index. */
export type Segment = string | number;

/** What the cursor is on. Element names are canonical (`Action`), matched case-sensitively as IAM does. */
export type ContextKind =
  | { readonly kind: 'topKey' }
  | { readonly kind: 'version' }
  | { readonly kind: 'statements' }
  | { readonly kind: 'statementSlot' }
  | { readonly kind: 'statementKey' }
  | { readonly kind: 'effect' }
  | { readonly kind: 'action'; readonly element: 'Action' | 'NotAction' }
  | { readonly kind: 'resource'; readonly element: 'Resource' | 'NotResource' }
  | { readonly kind: 'principal'; readonly element: 'Principal' | 'NotPrincipal' }
  | { readonly kind: 'principalKey'; readonly element: 'Principal' | 'NotPrincipal' }
  | { readonly kind: 'principalValue'; readonly element: 'Principal' | 'NotPrincipal'; readonly form: string }
  | { readonly kind: 'condition' }
  | { readonly kind: 'conditionOperator' }
  | { readonly kind: 'conditionKey'; readonly operator: string }
  | { readonly kind: 'conditionValue'; readonly operator: string; readonly key: string };

/** The cursor's context. Offsets are into the document text. */
export type CursorContext = ContextKind & {
  /** Text typed so far: from the string's opening quote (or the bare word's start) to the cursor. */
  readonly typed: string;
  /** True when the cursor is inside a string literal: items replace its content, without quotes. */
  readonly inString: boolean;
  /** The span an item's edit replaces: the string's content, the bare word, or empty at the cursor. */
  readonly replace: { readonly start: number; readonly end: number };
  /** Where the token under the cursor ends (after its closing quote, if any). */
  readonly tokenEnd: number;
  /** For keys: whether a `:` already follows the key, so an item must not add `": value"`. */
  readonly hasColon: boolean;
  /** The statement's path (`['Statement', 0]` or `['Statement']`), when inside one. */
  readonly statementPath?: readonly Segment[];
  /** The cursor's JSON path as jsonc reports it (last segment: the key being typed or array index). */
  readonly path: readonly Segment[];
};

const STATEMENT_ELEMENTS = new Set(['Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Effect', 'Condition']);

/**
 * Where jsonc's `getLocation` may start instead of the document's start: a statement whose braces
 * hold the cursor, and its path (service/parse.ts `localStatement` says when that gives the same
 * location).
 */
export interface LocationScope {
  readonly start: number;
  readonly end: number;
  readonly path: readonly Segment[];
}

/**
 * The cursor context at `offset`, or undefined where nothing can be completed (numbers, after a
 * value). With a `scope`, only the scope's text is scanned.
 */
export function cursorContext(text: string, offset: number, scope?: LocationScope): CursorContext | undefined {
  const location = scope ? scopedLocation(text, offset, scope) : getLocation(text, offset);
  const span = typedSpan(text, offset, location);
  if (!span) return undefined;
  const path = location.path;
  const kind = classify(path, location.isAtPropertyKey);
  if (!kind) return undefined;
  const statementPath = statementPathOf(path);
  const hasColon = location.isAtPropertyKey && followedByColon(text, span.tokenEnd);
  return {
    ...kind,
    typed: span.typed,
    inString: span.inString,
    replace: span.replace,
    tokenEnd: span.tokenEnd,
    hasColon,
    path,
    ...(statementPath ? { statementPath } : {}),
  };
}

/**
 * `getLocation` on the scope's text, with its path and node offsets made the document's. When the
 * scope's object is closed before the cursor (an error recovery of jsonc's parser), the whole text
 * is scanned: what follows depends on the text after the scope.
 */
function scopedLocation(text: string, offset: number, scope: LocationScope): Location {
  const inner = getLocation(text.slice(scope.start, scope.end), offset - scope.start);
  if (inner.path.length === 0) return getLocation(text, offset);
  const prev = inner.previousNode;
  return {
    path: [...scope.path, ...inner.path],
    isAtPropertyKey: inner.isAtPropertyKey,
    previousNode: prev && { ...prev, offset: prev.offset + scope.start },
    // Not used by completion; answered on the whole text.
    matches: (pattern) => getLocation(text, offset).matches(pattern),
  };
}

interface TypedSpan {
  readonly typed: string;
  readonly inString: boolean;
  readonly replace: { start: number; end: number };
  /** Where the token under the cursor ends (after a closing quote), to look for a `:`. */
  readonly tokenEnd: number;
}

/** The typed text and replace span; undefined when the cursor sits after a complete value. */
function typedSpan(text: string, offset: number, location: Location): TypedSpan | undefined {
  const prev = location.previousNode;
  if (prev && (prev.type === 'string' || prev.type === 'property')) {
    const start = prev.offset;
    const raw = text.slice(start, start + prev.length);
    const closed = raw.length >= 2 && raw.endsWith('"') && !isEscaped(raw, raw.length - 1);
    // An unterminated string runs to the end of its line: the cursor must be on that line, and
    // an item replaces only the word after the cursor, not the `}]}` that may follow on the line.
    const tokenEnd = start + prev.length;
    const contentEnd = closed ? tokenEnd - 1 : Math.min(wordEnd(text, offset), tokenEnd);
    // A string broken across lines (`"\⏎`) is invalid JSON and an edit range must be one line.
    const oneLine = !/[\r\n]/.test(text.slice(start, Math.max(offset, contentEnd)));
    if (offset > start && offset <= (closed ? contentEnd : tokenEnd) && oneLine) {
      return {
        typed: text.slice(start + 1, offset),
        inString: true,
        replace: { start: start + 1, end: contentEnd },
        tokenEnd: closed ? start + prev.length : contentEnd,
      };
    }
  }
  // After a complete value or key (`"s3:Get"|`): nothing to complete there.
  if (prev) return undefined;
  const wordStart = bareWordStart(text, offset);
  const end = wordEnd(text, offset);
  return { typed: text.slice(wordStart, offset), inString: false, replace: { start: wordStart, end }, tokenEnd: end };
}

function isEscaped(raw: string, index: number): boolean {
  let n = 0;
  for (let i = index - 1; i >= 0 && raw[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

const WORD = /[^\s"{}[\],:]/;

/** Start of an unquoted word typed before the cursor (`"Action": s3|`), else the cursor. */
function bareWordStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && WORD.test(text[i - 1]!)) i--;
  return i;
}

/** End of the word (or unterminated string content) after the cursor. */
function wordEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '"' && WORD.test(text[i]!)) i++;
  return i;
}

function followedByColon(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return text[i] === ':';
}

/** The path of the statement containing `path`, if any. */
export function statementPathOf(path: readonly Segment[]): Segment[] | undefined {
  if (path[0] !== 'Statement') return undefined;
  if (typeof path[1] === 'number') return path.length > 2 ? ['Statement', path[1]] : undefined;
  return path.length > 1 ? ['Statement'] : undefined;
}

/** Maps a jsonc path to what is typed there. */
export function classify(path: readonly Segment[], isKey: boolean): ContextKind | undefined {
  if (path.length === 1 && isKey) return { kind: 'topKey' };
  if (path.length === 1 && path[0] === 'Version') return { kind: 'version' };
  if (path.length === 1 && path[0] === 'Statement') return { kind: 'statements' };
  if (path[0] !== 'Statement' || path.length < 2) return undefined;
  if (path.length === 2 && typeof path[1] === 'number') return isKey ? undefined : { kind: 'statementSlot' };
  const rest = typeof path[1] === 'number' ? path.slice(2) : path.slice(1);
  return classifyInStatement(rest, isKey);
}

/** `rest` is the path below the statement object. */
function classifyInStatement(rest: readonly Segment[], isKey: boolean): ContextKind | undefined {
  const [element, a, b, c] = rest;
  if (rest.length === 1 && isKey) return { kind: 'statementKey' };
  if (typeof element !== 'string' || !STATEMENT_ELEMENTS.has(element)) return undefined;
  switch (element) {
    case 'Effect':
      return rest.length === 1 ? { kind: 'effect' } : undefined;
    case 'Action':
    case 'NotAction':
      return stringListSlot(rest) ? { kind: 'action', element } : undefined;
    case 'Resource':
    case 'NotResource':
      return stringListSlot(rest) ? { kind: 'resource', element } : undefined;
    case 'Principal':
    case 'NotPrincipal':
      if (rest.length === 1) return { kind: 'principal', element };
      if (typeof a !== 'string') return undefined;
      if (rest.length === 2) return isKey ? { kind: 'principalKey', element } : { kind: 'principalValue', element, form: a };
      return rest.length === 3 && typeof b === 'number' && !isKey ? { kind: 'principalValue', element, form: a } : undefined;
    default:
      return classifyCondition(rest.length, a, b, c, isKey);
  }
}

/** `Action: "x"` or `Action: ["x", …]`, not deeper. */
function stringListSlot(rest: readonly Segment[]): boolean {
  return rest.length === 1 || (rest.length === 2 && typeof rest[1] === 'number');
}

function classifyCondition(
  depth: number,
  op: Segment | undefined,
  key: Segment | undefined,
  index: Segment | undefined,
  isKey: boolean,
): ContextKind | undefined {
  if (depth === 1) return isKey ? undefined : { kind: 'condition' };
  if (typeof op !== 'string') return undefined;
  if (depth === 2) return isKey ? { kind: 'conditionOperator' } : undefined;
  if (typeof key !== 'string') return undefined;
  if (depth === 3) return isKey ? { kind: 'conditionKey', operator: op } : { kind: 'conditionValue', operator: op, key };
  return depth === 4 && typeof index === 'number' && !isKey ? { kind: 'conditionValue', operator: op, key } : undefined;
}
