/**
 * Applying completion items in tests as a user would see the result: the item's text edit is
 * applied and snippet syntax is rendered with its defaults (`${1:aws}` → `aws`, `${1|Allow,Deny|}`
 * → `Allow`, tab stops → nothing).
 */
import type { CompletionItem } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The snippet's text with every placeholder replaced by its default. */
export function renderSnippet(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i]!;
    if (c === '\\' && i + 1 < snippet.length) {
      out += snippet[++i];
    } else if (c === '$') {
      const rest = snippet.slice(i);
      const m = /^\$(\d+)|^\$\{(\d+)\}|^\$\{\d+\|([^,|]*)[^|]*\|\}|^\$\{\d+:/.exec(rest);
      if (!m) {
        out += c;
      } else if (m[0].endsWith(':')) {
        const end = closing(snippet, i + m[0].length);
        out += renderSnippet(snippet.slice(i + m[0].length, end));
        i = end;
      } else {
        out += m[3] ?? '';
        i += m[0].length - 1;
      }
    } else {
      out += c;
    }
  }
  return out;
}

/** Index of the `}` closing a placeholder whose default starts at `from` (nested ones skipped). */
function closing(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && depth-- === 0) return i;
  }
  throw new Error(`unclosed placeholder in ${s}`);
}

/** The document text after applying `item`'s text edit (snippets rendered). */
export function applyItem(document: TextDocument, item: CompletionItem): string {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) throw new Error(`item ${item.label} has no replace edit`);
  const text = item.insertTextFormat === 2 ? renderSnippet(edit.newText) : edit.newText;
  return TextDocument.applyEdits(document, [{ range: edit.range, newText: text }]);
}
