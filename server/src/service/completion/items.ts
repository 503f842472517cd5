/**
 * Building completion items: edits that replace what is being typed (string content inside
 * quotes, or a full quoted string/property in an empty slot), ranking by `sortText`, and the
 * cut-off that keeps a list at {@link MAX_ITEMS} items with `isIncomplete` set.
 */
import {
  Command,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  Range,
  TextEdit,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { escapeSnippet } from '../../core/catalog';
import type { CursorContext } from './context';
import { snippetToText } from './plainText';

/** No list carries more items than this; the client asks again as the user types. */
export const MAX_ITEMS = 200;

/** Re-opens the suggest widget after an item that is only a step (a service prefix, an operator). */
export const RETRIGGER = Command.create('Suggest', 'editor.action.triggerSuggest');

/** What one candidate contributes; {@link toItem} turns it into an LSP item for the context. */
export interface Candidate {
  readonly label: string;
  readonly kind: CompletionItemKind;
  /** The string value to insert (plain text; escaped when `snippet` is false). */
  readonly value: string;
  /** `value` is an LSP snippet (tab stops, placeholders). */
  readonly snippet?: boolean;
  /** Insert `value` as JSON text (an object or array snippet), not as a quoted string; never inside a string. */
  readonly raw?: boolean;
  /** Lower ranks sort first (from -1000); ties sort by label. */
  readonly rank: number;
  readonly detail?: string;
  /** Shown on every row of the list, right-aligned (access level, action count). */
  readonly labelDescription?: string;
  readonly documentation?: string;
  /** For keys: the snippet after `": ` when the key is inserted whole, e.g. `"${1}"` or `{$1}`. */
  readonly keyValue?: string;
  readonly filterText?: string;
  readonly retrigger?: boolean;
  /** Replace these document offsets instead of the context's span (a variable inside a string). */
  readonly range?: { readonly start: number; readonly end: number };
}

/** Markdown documentation. */
export function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

/**
 * The item for a candidate: inside a string the edit replaces the content; elsewhere it inserts
 * a quoted string, or for keys a whole `"Key": value` property unless a `:` follows already.
 */
export function toItem(document: TextDocument, ctx: CursorContext, c: Candidate, snippets = true): CompletionItem {
  const body = c.snippet ? c.value : escapeSnippet(c.value);
  const wholeProperty = isKeyContext(ctx) && !ctx.hasColon && c.keyValue !== undefined;
  // A whole property also replaces the key's closing quote: `"Eff|"` becomes `"Effect": "…"`.
  const span = c.range ?? { start: ctx.replace.start, end: wholeProperty ? ctx.tokenEnd : ctx.replace.end };
  const range = Range.create(document.positionAt(span.start), document.positionAt(span.end));
  let text = ctx.inString || c.raw || c.range ? body : `"${body}"`;
  if (wholeProperty) text = ctx.inString ? `${body}": ${c.keyValue}` : `"${body}": ${c.keyValue}`;
  return {
    label: c.label,
    kind: c.kind,
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.labelDescription ? { labelDetails: { description: c.labelDescription } } : {}),
    ...(c.documentation ? { documentation: markdown(c.documentation) } : {}),
    // Offset so that negative ranks (items promoted ahead of a list's usual first) still sort as numbers.
    sortText: `${String(c.rank + 1000).padStart(5, '0')}${c.label.toLowerCase()}`,
    filterText: c.filterText ?? c.label,
    textEdit: TextEdit.replace(range, snippets ? text : snippetToText(text)),
    insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    ...(c.retrigger ? { command: RETRIGGER } : {}),
  };
}

/** Contexts where a property name is typed. */
export function isKeyContext(ctx: CursorContext): boolean {
  return (
    ctx.kind === 'topKey' ||
    ctx.kind === 'statementKey' ||
    ctx.kind === 'principalKey' ||
    ctx.kind === 'conditionOperator' ||
    ctx.kind === 'conditionKey'
  );
}

/**
 * Sorts candidates by rank then label, keeps the first {@link MAX_ITEMS}, and marks the list
 * incomplete when it was cut or when `dependsOnTyped` (the server filtered by the typed text).
 * Without `snippets` (a client lacking snippet support) edits are plain text with the defaults.
 */
export function toList(
  document: TextDocument,
  ctx: CursorContext,
  candidates: Candidate[],
  dependsOnTyped = false,
  snippets = true,
): CompletionList {
  if (ctx.inString) candidates = candidates.filter((c) => !c.raw);
  candidates.sort((a, b) => a.rank - b.rank || compare(a.label.toLowerCase(), b.label.toLowerCase()));
  const cut = candidates.length > MAX_ITEMS;
  const kept = cut ? candidates.slice(0, MAX_ITEMS) : candidates;
  return { isIncomplete: cut || dependsOnTyped, items: kept.map((c) => toItem(document, ctx, c, snippets)) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `name` starts with `typed`, ignoring case. */
export function startsWithIgnoreCase(name: string, typed: string): boolean {
  return name.length >= typed.length && name.slice(0, typed.length).toLowerCase() === typed.toLowerCase();
}

export { CompletionItemKind };
