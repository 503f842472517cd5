/**
 * Quick fixes: the fixes that findings carry (JSON-tree edits) turned into text edits, and the
 * "Resource: * → ARN formats" rewrite. Snippet fixes become LSP snippet edits when the client
 * supports them, else plain text with `<Placeholder>` names.
 */
import type { ArrayASTNode, ASTNode, JSONDocument, ObjectASTNode } from 'vscode-json-languageservice';
import { CodeAction, CodeActionKind, Range, TextEdit, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix, FixEdit } from '../core/checks';
import { nodeAtPath } from './jsonPath';
import { findingNode, findingRange } from './diagnostics';

export interface CodeActionOptions {
  /** The client accepts snippet edits in workspace edits (LSP 3.18 `snippetEditSupport`). */
  readonly snippetEdits?: boolean;
}

/**
 * Writes a fix as text edits in a document of another syntax (a Terraform file): undefined when
 * the fix cannot be written there.
 */
export type FixWriter = (fix: Fix) => TextEdit[] | undefined;

/**
 * Quick fixes for the findings whose range intersects `range`. `write` writes the fixes' edits
 * when the document is not JSON text (the JSON tree then only locates the findings).
 */
export function quickFixes(
  document: TextDocument,
  json: JSONDocument,
  findings: readonly Finding[],
  range: Range,
  diagnostics: readonly Diagnostic[],
  options: CodeActionOptions,
  write?: FixWriter,
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const f of findings) {
    if (!f.fixes?.length) continue;
    const r = findingRange(document, json, f);
    if (!intersects(r, range)) continue;
    const diagnostic = diagnostics.find((d) => d.code === f.code && sameRange(d.range, r));
    for (const fix of f.fixes) {
      const action = write ? writtenAction(document, fix, write(fix)) : toCodeAction(document, json, fix, CodeActionKind.QuickFix, options);
      if (!action) continue;
      if (diagnostic) action.diagnostics = [diagnostic];
      out.push(action);
    }
  }
  return out;
}

function writtenAction(document: TextDocument, fix: Fix, edits: TextEdit[] | undefined): CodeAction | undefined {
  if (!edits) return undefined;
  const action = CodeAction.create(fix.title, { changes: { [document.uri]: edits } }, CodeActionKind.QuickFix);
  if (fix.preferred) action.isPreferred = true;
  return action;
}

/** The plain-text JSON edits of a fix (snippets written as plain text), or undefined when they cannot be placed. */
export function jsonFixEdits(document: TextDocument, json: JSONDocument, fix: Fix): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const e of fix.edits) {
    const edit = toTextEdit(document, json, e, fix.snippet === true);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}

/** A code action for one fix, or undefined when its edits cannot be placed. */
export function toCodeAction(
  document: TextDocument,
  json: JSONDocument,
  fix: Fix,
  kind: string,
  options: CodeActionOptions,
): CodeAction | undefined {
  const edits: TextEdit[] = [];
  for (const e of fix.edits) {
    const edit = toTextEdit(document, json, e, fix.snippet === true && !options.snippetEdits);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const action = CodeAction.create(fix.title, workspaceEdit(document, edits, fix.snippet === true && options.snippetEdits === true), kind);
  if (fix.preferred) action.isPreferred = true;
  return action;
}

function workspaceEdit(document: TextDocument, edits: TextEdit[], snippet: boolean): WorkspaceEdit {
  if (!snippet) return { changes: { [document.uri]: edits } };
  return {
    documentChanges: [
      {
        textDocument: { uri: document.uri, version: document.version },
        edits: edits.map((e) => ({ range: e.range, snippet: { kind: 'snippet' as const, value: e.newText } })),
      },
    ],
  };
}

/**
 * Snippet text as plain text: a default value stays (`${1:aws}` → `aws`, `${1:ec2}` → `ec2`), a
 * placeholder name becomes visible as one (`${2:BucketName}` → `<BucketName>`).
 */
export function snippetToPlain(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, (_, name: string) => (/^[a-z]/.test(name) ? name : `<${name}>`))
    .replace(/\\([$}\\])/g, '$1');
}

function toTextEdit(document: TextDocument, json: JSONDocument, e: FixEdit, plain: boolean): TextEdit | undefined {
  if (e.kind === 'replace') {
    const node = findingNode(json, e.path, e.target);
    if (!node || !pathReached(json, e.path)) return undefined;
    return TextEdit.replace(rangeOf(document, node), plain ? snippetToPlain(e.json) : e.json);
  }
  if (e.kind === 'remove') return removeEdit(document, json, e.path);
  const edit = insertEdit(document, json, e);
  return edit && plain ? { range: edit.range, newText: snippetToPlain(edit.newText) } : edit;
}

function pathReached(json: JSONDocument, path: readonly (string | number)[]): boolean {
  return nodeAtPath(json, path) !== undefined;
}

function rangeOf(document: TextDocument, node: ASTNode): Range {
  return Range.create(document.positionAt(node.offset), document.positionAt(node.offset + node.length));
}

/** Removes an array element or an object property with one separating comma. */
function removeEdit(document: TextDocument, json: JSONDocument, path: readonly (string | number)[]): TextEdit | undefined {
  const value = nodeAtPath(json, path);
  if (!value) return undefined;
  const node: ASTNode = value.parent?.type === 'property' ? value.parent : value;
  const container = node.parent;
  if (!container || (container.type !== 'array' && container.type !== 'object')) return undefined;
  const siblings: ASTNode[] = container.type === 'array' ? (container as ArrayASTNode).items : (container as ObjectASTNode).properties;
  const i = siblings.indexOf(node);
  const next = siblings[i + 1];
  const prev = siblings[i - 1];
  const start = next ? node.offset : prev ? prev.offset + prev.length : node.offset;
  const end = next ? next.offset : node.offset + node.length;
  return TextEdit.del(Range.create(document.positionAt(start), document.positionAt(end)));
}

/** Adds `"key": json` to the object at the edit's path, indented like its siblings. */
function insertEdit(document: TextDocument, json: JSONDocument, e: Extract<FixEdit, { kind: 'insert' }>): TextEdit | undefined {
  const obj = e.path.length === 0 ? json.root : nodeAtPath(json, e.path);
  if (!obj || obj.type !== 'object') return undefined;
  const member = `${JSON.stringify(e.key)}: ${e.json}`;
  const props = obj.properties;
  if (props.length === 0) return TextEdit.insert(document.positionAt(obj.offset + 1), member);
  const anchor = e.first ? props[0]! : props[props.length - 1]!;
  const text = document.getText();
  const lineStart = text.lastIndexOf('\n', anchor.offset - 1) + 1;
  const before = text.slice(lineStart, anchor.offset);
  const multiline = /^\s*$/.test(before);
  const sep = multiline ? `\n${before}` : ' ';
  if (e.first) return TextEdit.insert(document.positionAt(anchor.offset), `${member},${sep}`);
  return TextEdit.insert(document.positionAt(anchor.offset + anchor.length), `,${sep}${member}`);
}

function intersects(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(p: { line: number; character: number }, q: { line: number; character: number }): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
