/**
 * One parse per document version, shared by every feature (validation, completion, hover, ...).
 *
 * The tree is built on first use: a keystroke's completion in a large policy does not wait for
 * it. Completion needs only the statement around the cursor ({@link localStatement}): when the
 * edits since the last built tree stay inside one statement's braces, that statement's text is
 * parsed alone. It is the node the full parse would build (see `localStatement`).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocument as TextDocuments } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ASTNode, JSONDocument, LanguageService as JsonLanguageService, ObjectASTNode } from 'vscode-json-languageservice';
import { MAX_NESTING, MAX_POLICY_BYTES, maxNesting, sizeOver, type Nesting } from './limits';
import type { HostParse } from './hosts/hostService';

/** The parse of one version of a policy document. */
export interface ParsedDocument {
  readonly uri: string;
  readonly version: number;
  /**
   * json-languageservice's tree: nodes with offsets, used for schema validation and ranges
   * (built on first use for policy documents).
   */
  readonly json: JSONDocument;
  /** Set for host documents (templates): the policies found in them. `json` is then empty. */
  readonly host?: HostParse;
  /**
   * Set when the text nests deeper than {@link MAX_NESTING}: the tree is then that of an empty
   * document (the parsers recurse per level), and features treat the document as empty.
   */
  readonly tooDeep?: Nesting;
  /**
   * Set, to the size in bytes, when the text is larger than {@link MAX_POLICY_BYTES}: nothing is
   * parsed (the tree is that of an empty document) and features treat the document as empty.
   */
  readonly tooLarge?: number;
}

/** A statement of the document and its own parse, for completion. */
export interface LocalStatement {
  /** Where the statement's `{` is, and the offset after its `}`, in the document. */
  readonly start: number;
  readonly end: number;
  /** Its path: `['Statement', i]`, or `['Statement']` for a single statement object. */
  readonly path: readonly (string | number)[];
  /**
   * The statement's object node, for its content: its offsets are the document's when it comes
   * from this version's tree, else relative to {@link start}.
   */
  readonly node: ObjectASTNode;
}

/**
 * A policy document's version whose tree is built on first use: it keeps its text, its tree once
 * built, and the tree it may derive completion's statement from.
 */
class LazyParse implements ParsedDocument {
  private tree?: JSONDocument;
  /** The newest earlier version whose tree was built (dropped once this tree is built). */
  private base?: LazyParse;
  /** The statement holding the edits since `base`, parsed alone; null when there is none. */
  private edited?: LocalStatement | null;

  constructor(
    private readonly jsonLs: JsonLanguageService,
    /** A snapshot: the caller's TextDocument may be updated in place by later edits. */
    readonly document: TextDocument,
    previous: LazyParse | undefined,
  ) {
    this.base = previous?.tree ? previous : previous?.base;
  }

  get uri(): string {
    return this.document.uri;
  }

  get version(): number {
    return this.document.version;
  }

  get json(): JSONDocument {
    if (!this.tree) {
      this.tree = this.jsonLs.parseJSONDocument(this.document);
      this.base = undefined;
      this.edited = undefined;
    }
    return this.tree;
  }

  /** See {@link localStatement}. */
  localStatement(offset: number): LocalStatement | undefined {
    if (this.tree) {
      const found = statementHolding(this.document, this.tree, offset, offset);
      return found && { start: found.start, end: found.end, path: found.path, node: found.node };
    }
    // The statement holding every edit since the base, parsed alone (once per version).
    if (this.edited === undefined) this.edited = (this.base?.tree && this.editedStatement(this.base, this.base.tree)) || null;
    const edited = this.edited;
    return edited && edited.start < offset && offset < edited.end ? edited : undefined;
  }

  /** The statement of `base`'s tree whose braces strictly hold the text changed since, parsed alone. */
  private editedStatement(base: LazyParse, tree: JSONDocument): LocalStatement | undefined {
    const text = this.document.getText();
    const old = base.document.getText();
    const [prefix, suffix] = commonEnds(old, text);
    const within = statementHolding(base.document, tree, prefix, old.length - suffix);
    if (!within) return undefined;
    const end = within.end + text.length - old.length;
    const source = text.slice(within.start, end);
    const own = this.jsonLs.parseJSONDocument(TextDocuments.create(this.document.uri, 'json', 0, source));
    return closedAtEnd(own, source) ? { start: within.start, end, path: within.path, node: own.root as ObjectASTNode } : undefined;
  }
}

/**
 * Parses `document` with json-languageservice's error-tolerant parser (too-deep text is not
 * parsed). `previous`, an earlier parse of the same document, lets completion reuse its tree.
 */
export function parseDocument(jsonLs: JsonLanguageService, document: TextDocument, previous?: ParsedDocument): ParsedDocument {
  const text = document.getText();
  const over = sizeOver(text, MAX_POLICY_BYTES);
  if (over !== undefined) {
    const empty = TextDocuments.create(document.uri, document.languageId, document.version, '');
    return { uri: document.uri, version: document.version, json: jsonLs.parseJSONDocument(empty), tooLarge: over };
  }
  const nesting = maxNesting(text);
  if (nesting.depth > MAX_NESTING) {
    const empty = TextDocuments.create(document.uri, document.languageId, document.version, '');
    return { uri: document.uri, version: document.version, json: jsonLs.parseJSONDocument(empty), tooDeep: nesting };
  }
  const snapshot = TextDocuments.create(document.uri, document.languageId, document.version, text);
  const before = previous instanceof LazyParse && previous.uri === document.uri ? previous : undefined;
  return new LazyParse(jsonLs, snapshot, before);
}

/**
 * The statement holding `offset` (strictly inside its braces) with its own parse, when that parse
 * is the one the whole document's parse builds; undefined otherwise (callers then use the tree).
 *
 * Why it is the same: json-languageservice's parser and jsonc's `getLocation` read one token at a
 * time and decide on the tokens read so far. When the text before the statement parses without a
 * syntax error, both meet the statement's `{` in the same state (`['Statement', i]`, i being the
 * item's index); from there they read the statement's tokens, whatever follows, until the `}` that
 * closes it. So the statement's text parsed alone gives the same node when that `}` is its last
 * character, and `getLocation` at an offset inside it the same location as long as its object is
 * still open there (completion/context.ts checks that). The statement is found in
 * this version's tree once built; before that, in the last built tree, when every edit since lies
 * strictly inside one statement's braces (text before and after it unchanged).
 */
export function localStatement(parsed: ParsedDocument, offset: number): LocalStatement | undefined {
  return parsed instanceof LazyParse ? parsed.localStatement(offset) : undefined;
}

interface Found {
  readonly start: number;
  readonly end: number;
  readonly path: readonly (string | number)[];
  readonly node: ObjectASTNode;
}

/**
 * The statement of `tree` whose braces strictly hold [from, to], when no syntax error precedes
 * it. `Statement` is the root's first property of that name (as paths resolve it).
 */
function statementHolding(document: TextDocument, tree: JSONDocument, from: number, to: number): Found | undefined {
  const root = tree.root;
  if (root?.type !== 'object') return undefined;
  const value = root.properties.find((p) => p.keyNode.value === 'Statement')?.valueNode;
  if (!value) return undefined;
  let node: ASTNode | undefined;
  let path: (string | number)[];
  if (value.type === 'object') {
    node = value;
    path = ['Statement'];
  } else if (value.type === 'array') {
    const items = value.items;
    // The last item starting before `from` (items are in offset order).
    let lo = 0;
    let hi = items.length - 1;
    let index = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid]!.offset < from) {
        index = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (index < 0) return undefined;
    node = items[index];
    path = ['Statement', index];
  } else return undefined;
  if (node?.type !== 'object') return undefined;
  const start = node.offset;
  const end = node.offset + node.length;
  if (!(start < from && to < end)) return undefined;
  const errors = syntaxErrorsOf(tree);
  if (!errors || errors.some((e) => document.offsetAt(e.range.start) <= start)) return undefined;
  return { start, end, path, node };
}

/**
 * Whether the statement text parsed alone is one object closed by its last character. Otherwise
 * the parser reached the end of the text inside it (an unclosed bracket or string took that `}`)
 * and reports it there, or the object closed earlier and the end is reported as unexpected. An
 * error at the end is placed on the last character (the `}`), so an error there also refuses
 * (an object closed by it may have one too: refusing only costs the full parse).
 */
function closedAtEnd(own: JSONDocument, source: string): boolean {
  const root = own.root;
  if (root?.type !== 'object' || root.offset !== 0 || root.length !== source.length || !source.endsWith('}')) return false;
  const errors = syntaxErrorsOf(own);
  if (!errors) return false;
  if (errors.length === 0) return true;
  const doc = TextDocuments.create('', 'json', 0, source);
  return !errors.some((e) => doc.offsetAt(e.range.start) >= source.length - 1);
}

/**
 * The syntax errors json-languageservice's parser found (its JSONDocument holds them; the
 * declared type does not show them), or undefined if they cannot be read.
 */
function syntaxErrorsOf(tree: JSONDocument): readonly Diagnostic[] | undefined {
  const errors = (tree as JSONDocument & { syntaxErrors?: unknown }).syntaxErrors;
  return Array.isArray(errors) ? (errors as Diagnostic[]) : undefined;
}

/** The lengths of the common prefix and the common suffix of `a` and `b` (not overlapping). */
export function commonEnds(a: string, b: string): [number, number] {
  const max = Math.min(a.length, b.length);
  const CHUNK = 1024;
  let p = 0;
  while (p + CHUNK <= max && a.slice(p, p + CHUNK) === b.slice(p, p + CHUNK)) p += CHUNK;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  const rest = max - p;
  let s = 0;
  while (s + CHUNK <= rest && a.slice(a.length - s - CHUNK, a.length - s) === b.slice(b.length - s - CHUNK, b.length - s)) s += CHUNK;
  while (s < rest && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return [p, s];
}
