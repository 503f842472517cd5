/**
 * Completion inside a policy written in YAML (a CloudFormation/SAM template). The policy
 * completion works on a cursor context (which element, what is typed, what an item replaces);
 * for JSON it finds that context by scanning the text, here it comes from the view's tree, which
 * was built from the YAML parse with a range for every key and scalar. Items replace the scalar's
 * content and are written so that YAML reads them back as the same string.
 */
import type { ASTNode } from 'vscode-json-languageservice';
import { InsertTextFormat, TextEdit, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver-types';
import { completeInContext, doComplete, type CompletionEnv, type CompletionOptions } from '../completion';
import { classify, statementPathOf, type CursorContext, type Segment } from '../completion/context';
import { isKeyContext } from '../completion/items';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument } from '../parse';
import { escaped } from './embeddedEdits';
import { isPlainSafe } from './hostFixes';
import type { PolicyView } from './view';

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Completion at `position` (host coordinates) in a YAML policy view. */
export function completeYaml(env: CompletionEnv, view: PolicyView, position: Position, options: CompletionOptions = {}): CompletionList {
  const text = view.document.getText();
  const offset = view.document.offsetAt(position);
  const found = yamlContext(view, text, offset);
  if (!found) return EMPTY;
  const list = completeInContext(env, view.document, view.parsed, found.ctx, options);
  return { ...list, items: list.items.map((item) => yamlItem(item, found)) };
}

interface YamlContext {
  readonly ctx: CursorContext;
  /** The scalar is plain (unquoted): an item that YAML would read differently is written quoted. */
  readonly plain: boolean;
  /** A key typed without its `:` yet: the item adds `: `. */
  readonly addColon: boolean;
}

/** The cursor context from the view's tree: the scalar (or empty value) under the cursor. */
function yamlContext(view: PolicyView, text: string, offset: number): YamlContext | undefined {
  const root = view.parsed.json.root;
  if (!root) return undefined;
  const node = deepestAt(root, offset);
  if (!node || view.symbolic.has(node)) return undefined;
  // An empty value (`Action: |`, `- |`): the cursor may sit after the spaces that follow the `:`.
  const empty =
    node.type === 'property'
      ? node.valueNode
      : node.type === 'array'
        ? node.items.find((i) => i.offset <= offset && i.offset + i.length <= offset)
        : node;
  if (empty?.type === 'null' && empty.length === 0 && offset >= empty.offset && !/[^ \t]/.test(text.slice(empty.offset, offset))) {
    return contextFor(pathOf(empty), false, '', offset, offset, true, false);
  }
  if (node.type !== 'string' && node.type !== 'null' && node.type !== 'boolean' && node.type !== 'number') return undefined;
  const start = node.offset;
  const end = node.offset + node.length;
  const quote = text[start] === '"' || text[start] === "'" ? text[start] : undefined;
  const contentStart = quote ? start + 1 : start;
  const contentEnd = quote && end - 1 > start && text[end - 1] === quote ? end - 1 : end;
  if (offset < contentStart || offset > contentEnd) return undefined;
  // Block scalars and multi-line strings are not completed.
  if (/[\r\n]/.test(text.slice(contentStart, contentEnd))) return undefined;
  const parent = node.parent;
  const isKey = parent?.type === 'property' && parent.keyNode === node;
  const path = pathOf(node);
  if (isKey) return contextFor(path, true, text.slice(contentStart, offset), contentStart, contentEnd, !quote, false);
  // A plain word alone on the line below its key (`Condition:⏎  StringEq|`) is a key being typed
  // in the mapping that value will become; YAML reads it as the key's value until the `:` is typed.
  if (
    !quote &&
    parent?.type === 'property' &&
    parent.keyNode &&
    /[\r\n]/.test(text.slice(parent.keyNode.offset + parent.keyNode.length, start))
  ) {
    const asKey = contextFor(
      [...path, text.slice(contentStart, contentEnd)],
      true,
      text.slice(contentStart, offset),
      contentStart,
      contentEnd,
      true,
      true,
    );
    if (asKey) return asKey;
  }
  return contextFor(path, false, text.slice(contentStart, offset), contentStart, contentEnd, !quote, false);
}

function contextFor(
  path: Segment[],
  isKey: boolean,
  typed: string,
  start: number,
  end: number,
  plain: boolean,
  addColon: boolean,
): YamlContext | undefined {
  const kind = classify(path, isKey);
  if (!kind) return undefined;
  const statementPath = statementPathOf(path);
  const ctx = {
    ...kind,
    typed,
    inString: true,
    replace: { start, end },
    tokenEnd: end,
    hasColon: true,
    path,
    ...(statementPath ? { statementPath } : {}),
  } as CursorContext;
  return { ctx, plain, addColon: addColon && isKeyContext(ctx) };
}

/**
 * Completion at `position` (host coordinates) in a policy written in HCL: a `data
 * "aws_iam_policy_document"` block or a `jsonencode({…})` object. The context comes from the
 * view's tree, where each value sits at its HCL expression: `actions = ["s3:Ge|"]` is an Action,
 * a `condition`'s `test` value is the operator key, its `variable` value the condition key, a
 * `principals`' `type` value the principal key. Items replace the string's content and are written
 * as HCL string content (`"` and `\` escaped, a literal `${`/`%{` written `$${`/`%%{`). A bare
 * key in `jsonencode` (`StringEq| = {…}`) is completed as an identifier, or quoted when it is not
 * one; a key typed before its `=`, and a list element typed before its quotes, are found in the
 * text (HCL reads them as errors). Not completed: the data source's own attribute names (`actions`, `resources`, … are HCL,
 * not IAM), what the provider adds itself (Effect Allow, Version), values known only at deployment.
 */
export function completeHcl(env: CompletionEnv, view: PolicyView, position: Position, options: CompletionOptions = {}): CompletionList {
  const text = view.document.getText();
  const offset = view.document.offsetAt(position);
  const root = view.parsed.json.root;
  const node = root && deepestAt(root, offset);
  if (!node || node.length === 0 || view.symbolic.has(node) || node.type !== 'string') {
    // `actions = [s3:Ge|` — an element typed before its quotes: completed, and written quoted.
    // `Statement = [{ Eff| }]` in jsonencode — a key typed before its `=`: completed, ` = ` added.
    const element = bareListElement(view, text, offset);
    const bare = element ?? bareObjectKey(view, text, offset);
    if (!bare) return EMPTY;
    const list = completeInContext(env, view.document, view.parsed, bare.ctx, options);
    // A list element is a string, quoted even when it reads as an identifier (`false`).
    return { ...list, items: list.items.map((item) => withEquals(element ? quotedItem(item) : hclItem(item, true), bare.addColon)) };
  }
  const start = node.offset;
  const end = node.offset + node.length;
  const quoted = text[start] === '"';
  const contentStart = quoted ? start + 1 : start;
  const contentEnd = quoted && end - 1 > start && text[end - 1] === '"' ? end - 1 : end;
  if (offset < contentStart || offset > contentEnd) return EMPTY;
  const content = text.slice(contentStart, contentEnd);
  // Heredocs, escapes and interpolations: the text is not the value; not completed.
  if (/[\\\r\n]|\$\{|%\{/.test(content)) return EMPTY;
  const parent = node.parent;
  const isKey = parent?.type === 'property' && parent.keyNode === node;
  // A data source's (or a module's) attribute name (`actions` stands for Action) is HCL, not a policy key.
  if (isKey && !quoted && (view.policy.terraform === 'policy-document' || view.policy.terraform === 'module-statements')) return EMPTY;
  const found = contextFor(pathOf(node), isKey, text.slice(contentStart, offset), contentStart, contentEnd, !quoted, false);
  if (!found) return EMPTY;
  const list = completeInContext(env, view.document, view.parsed, found.ctx, options);
  return { ...list, items: list.items.map((item) => hclItem(item, !quoted)) };
}

/** A data source statement's list attributes and the policy elements they render to. */
const LIST_ELEMENTS: Readonly<Record<string, string>> = {
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};

/**
 * The list attributes of a `principals`/`condition` block: their elements sit under the block's
 * rendered path (`Principal.Service`, `Condition.Bool.aws:SecureTransport`).
 */
const BLOCK_LISTS: Readonly<Record<string, (path: readonly (string | number)[]) => boolean>> = {
  identifiers: (path) => path.length === 4 && (path[2] === 'Principal' || path[2] === 'NotPrincipal'),
  values: (path) => path.length === 5 && path[2] === 'Condition',
};

const BARE_WORD = /[A-Za-z0-9:*_\-/.]/;

/**
 * A word typed without quotes as an element of a statement's `actions`/`resources` list
 * (`actions = [s3:Ge|`, `actions = ["s3:GetObject", s3:Pu|]`): HCL reads it as an error, so it is
 * not in the view; its statement is (the `statement` block's range), and the attribute is read
 * back from the text before the list's `[`.
 */
function bareListElement(view: PolicyView, text: string, offset: number): YamlContext | undefined {
  const form = view.policy.terraform;
  if (form !== 'policy-document' && form !== 'module-statements') return undefined;
  let start = offset;
  while (start > 0 && BARE_WORD.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && BARE_WORD.test(text[end]!)) end++;
  if (start === offset || text[start] === '"') return undefined;
  // Back to the list's `[` over earlier elements, commas and line breaks, not out of the list.
  let i = start - 1;
  while (i >= 0 && text[i] !== '[') {
    if ('[]{}=#'.includes(text[i]!)) return undefined;
    i--;
  }
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  if (j < 0 || text[j] !== '=') return undefined;
  j--;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  let k = j;
  while (k >= 0 && /[A-Za-z0-9_]/.test(text[k]!)) k--;
  const attribute = text.slice(k + 1, j + 1);
  const element = LIST_ELEMENTS[attribute];
  const inBlock = BLOCK_LISTS[attribute];
  if (!element && !inBlock) return undefined;
  const at = offset + view.base;
  const fits = (path: readonly (string | number)[]) =>
    element ? path.length === 2 && path[0] === 'Statement' : path[0] === 'Statement' && inBlock!(path);
  // The innermost block holding the cursor: the statement, or its principals/condition block; for
  // statements passed to a module, the statement object holding it.
  const blocks = form === 'module-statements' ? [...statementObjects(view), ...(view.policy.blocks ?? [])] : (view.policy.blocks ?? []);
  const block = blocks
    .filter((b) => fits(b.path) && b.range.start <= at && at <= b.range.end)
    .sort((a, b) => b.range.start - a.range.start)[0];
  if (!block) return undefined;
  const path = element ? [...block.path, element, 0] : [...block.path, 0];
  return contextFor(path as Segment[], false, text.slice(start, offset), start, end, true, false);
}

/** The statements of a view as blocks (path `Statement.N`, the statement object's range). */
function statementObjects(view: PolicyView): Array<{ path: (string | number)[]; range: { start: number; end: number } }> {
  const root = view.policy.value;
  const statements = root.kind === 'object' ? root.entries.find((e) => e.key === 'Statement')?.value : undefined;
  if (statements?.kind !== 'array') return [];
  return statements.items.map((item, i) => ({ path: ['Statement', i], range: item.range }));
}

/** The characters of a key typed bare in `jsonencode` (`Effect`, `StringEquals`, `aws:SourceArn`). */
const KEY_WORD = /[A-Za-z0-9:_\-/]/;

/**
 * A key typed alone on its line in a `jsonencode` object, before its `=` (`Statement = [{ Eff|`,
 * `Condition = { StringEq|`): HCL reads it as an error, so it is not in the view; the object it is
 * typed in is (the innermost object of the view holding the cursor). The item adds ` = `.
 */
function bareObjectKey(view: PolicyView, text: string, offset: number): YamlContext | undefined {
  if (view.policy.terraform !== 'jsonencode' || !view.parsed.json.root) return undefined;
  let start = offset;
  while (start > 0 && KEY_WORD.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && KEY_WORD.test(text[end]!)) end++;
  // Alone on its line: nothing but `{` or `,` before it, nothing but `}` or `]` after it.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end) < 0 ? text.length : text.indexOf('\n', end);
  if (!/^[ \t]*[{,]?[ \t]*$/.test(text.slice(lineStart, start)) || !/^[ \t]*[}\]]*[ \t]*,?[ \t]*$/.test(text.slice(end, lineEnd)))
    return undefined;
  const object = innermostObject(view.parsed.json.root, offset);
  if (!object) return undefined;
  return contextFor([...pathOf(object), text.slice(start, end)], true, text.slice(start, offset), start, end, true, true);
}

/** The innermost object node whose range holds `offset` strictly inside its braces. */
function innermostObject(node: ASTNode, offset: number): ASTNode | undefined {
  if (offset <= node.offset || offset >= node.offset + node.length) return undefined;
  for (const child of node.children ?? []) {
    const inner = innermostObject(child, offset);
    if (inner) return inner;
  }
  return node.type === 'object' ? node : undefined;
}

/** A key item for a key typed before its `=`: ` = ` follows it. */
function withEquals(item: CompletionItem, add: boolean): CompletionItem {
  const edit = item.textEdit;
  if (!add || !edit || !('range' in edit)) return item;
  return { ...item, textEdit: TextEdit.replace(edit.range, `${edit.newText} = `) };
}

/** A bare HCL identifier (usable as an object key in `jsonencode` without quotes). */
const HCL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The item's text as HCL: string content escaped; a bare key stays bare when it is an identifier, else it is quoted. */
function hclItem(item: CompletionItem, bare: boolean): CompletionItem {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) return item;
  const snippet = item.insertTextFormat === InsertTextFormat.Snippet;
  const value = snippet ? plainOf(edit.newText) : edit.newText;
  const escaped = escapeHclContent(value);
  if (bare && !HCL_IDENTIFIER.test(value)) {
    return { ...item, insertTextFormat: InsertTextFormat.PlainText, textEdit: TextEdit.replace(edit.range, `"${escaped}"`) };
  }
  if (escaped === value) return item;
  // The snippet's placeholders would be escaped too: insert the plain value.
  return { ...item, insertTextFormat: InsertTextFormat.PlainText, textEdit: TextEdit.replace(edit.range, escaped) };
}

/** The item's text as a quoted HCL string. */
function quotedItem(item: CompletionItem): CompletionItem {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) return item;
  const value = item.insertTextFormat === InsertTextFormat.Snippet ? plainOf(edit.newText) : edit.newText;
  return { ...item, insertTextFormat: InsertTextFormat.PlainText, textEdit: TextEdit.replace(edit.range, `"${escapeHclContent(value)}"`) };
}

/** HCL string content for a value: `\`, `"` escaped; `${` and `%{` written `$${` and `%%{`. */
function escapeHclContent(value: string): string {
  return value
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** A snippet's text with placeholders replaced by their defaults and escapes removed. */
function plainOf(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

/** The deepest node whose range holds `offset` (ends inclusive, so a cursor after a word is in it). */
function deepestAt(node: ASTNode, offset: number): ASTNode | undefined {
  if (offset < node.offset || offset > node.offset + node.length) return undefined;
  for (const child of node.children ?? []) {
    const inner = deepestAt(child, offset);
    if (inner) return inner;
  }
  return node;
}

/** The JSON path of a node: property names and array indexes from the root (a key's path ends with its name). */
function pathOf(node: ASTNode): Segment[] {
  const path: Segment[] = [];
  let child = node;
  let parent = node.parent;
  while (parent) {
    if (parent.type === 'property') path.unshift(parent.keyNode.value);
    else if (parent.type === 'array') path.unshift(parent.items.indexOf(child));
    child = parent;
    parent = parent.parent;
  }
  return path;
}

/** The item's text written for YAML: quoted when a plain scalar would read differently, `: ` after a new key. */
function yamlItem(item: CompletionItem, found: YamlContext): CompletionItem {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) return item;
  let text = edit.newText;
  // A snippet's text is the value with `$`, `}` and `\` escaped: test the plain value.
  const plainValue = text
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
  if (found.plain && !isPlainSafe(plainValue)) text = `"${text.replace(/"/g, '\\"')}"`;
  if (found.addColon) text += ': ';
  return { ...item, textEdit: TextEdit.replace(edit.range, text) };
}

/**
 * Completion in a policy written as a JSON string in a YAML literal block (`Content: |`): the
 * string's source is the JSON text itself, so the JSON completion runs on it; items that would
 * write a line break (which would need the block's indentation) are left out.
 */
export function completeEmbedded(
  env: CompletionEnv,
  view: PolicyView,
  position: Position,
  options: CompletionOptions = {},
): CompletionList {
  const list = doComplete(env, view.document, view.parsed, position, options);
  const oneLine = (item: CompletionItem) => {
    const edit = item.textEdit;
    const text = edit ? edit.newText : (item.insertText ?? item.label);
    const extra = (item.additionalTextEdits ?? []).map((e) => e.newText).join('');
    return !/[\r\n]/.test(text + extra);
  };
  return { ...list, items: list.items.filter(oneLine) };
}

/**
 * Completion in a policy written as an escaped JSON string: a JSON string, or a YAML double- or
 * single-quoted scalar (`Content: "{\"Version\": …}"`). The source holds escapes, so the JSON
 * completion runs on the string's value (the JSON text, parsed by `parse`), at the character the
 * cursor is on; each item's range is mapped back to where those characters are written and its
 * text escaped for the style (`\"` in a double-quoted or JSON string, `''` in a single-quoted one).
 * Nothing is offered when the cursor is inside an escape sequence, and items that would write a
 * line break are left out, as in a literal block. Snippets are written as their plain text.
 */
export function completeEscaped(
  env: CompletionEnv,
  view: PolicyView,
  position: Position,
  parse: (document: TextDocument) => ParsedDocument,
  options: CompletionOptions = {},
): CompletionList {
  const embedded = view.policy.embedded;
  if (!embedded?.text || !embedded.offsets || (embedded.escape !== 'json' && embedded.escape !== 'single')) return EMPTY;
  const { text, offsets, origin, escape } = embedded;
  const at = view.document.offsetAt(position) + view.base - origin;
  const index = offsets.indexOf(at);
  if (index < 0) return EMPTY;
  const inner = TextDocument.create(view.document.uri, 'json', view.document.version, text);
  const list = doComplete(env, inner, parse(inner), inner.positionAt(index), options);
  const hostPosition = (i: number): Position => view.document.positionAt(origin + (offsets[i] ?? at) - view.base);
  const items: CompletionItem[] = [];
  for (const item of list.items) {
    const edit = item.textEdit;
    if (!edit || !('range' in edit) || item.additionalTextEdits?.length) continue;
    const value = item.insertTextFormat === InsertTextFormat.Snippet ? plainOf(edit.newText) : edit.newText;
    const written = /[\r\n]/.test(value) ? undefined : escaped(value, escape);
    if (written === undefined) continue;
    const range = { start: hostPosition(inner.offsetAt(edit.range.start)), end: hostPosition(inner.offsetAt(edit.range.end)) };
    items.push({ ...item, insertTextFormat: InsertTextFormat.PlainText, filterText: written, textEdit: TextEdit.replace(range, written) });
  }
  return { ...list, items };
}
