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
export function toItem(
  document: TextDocument,
  ctx: CursorContext,
  c: Candidate,
  snippets = true,
  rangeOf: (start: number, end: number) => Range = (start, end) => Range.create(document.positionAt(start), document.positionAt(end)),
): CompletionItem {
  const body = c.snippet ? c.value : escapeSnippet(c.value);
  const wholeProperty = isKeyContext(ctx) && !ctx.hasColon && c.keyValue !== undefined;
  // A whole property also replaces the key's closing quote: `"Eff|"` becomes `"Effect": "…"`.
  const span = c.range ?? { start: ctx.replace.start, end: wholeProperty ? ctx.tokenEnd : ctx.replace.end };
  const range = rangeOf(span.start, span.end);
  let text = ctx.inString || c.raw || c.range ? body : `"${body}"`;
  if (wholeProperty) text = ctx.inString ? `${body}": ${c.keyValue}` : `"${body}": ${c.keyValue}`;
  // Built field by field (in this order), not from spread objects: up to 200 items per request.
  const item: CompletionItem = { label: c.label, kind: c.kind };
  if (c.detail) item.detail = c.detail;
  if (c.labelDescription) item.labelDetails = { description: c.labelDescription };
  if (c.documentation) item.documentation = markdown(c.documentation);
  // Offset so that negative ranks (items promoted ahead of a list's usual first) still sort as numbers.
  item.sortText = `${String(c.rank + 1000).padStart(5, '0')}${c.label.toLowerCase()}`;
  item.filterText = c.filterText ?? c.label;
  item.textEdit = TextEdit.replace(range, snippets ? text : snippetToText(text));
  item.insertTextFormat = snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText;
  if (c.retrigger) item.command = RETRIGGER;
  return item;
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
  // Each label lower-cased once, not once per comparison.
  const keyed = candidates.map((c) => ({ c, lower: c.label.toLowerCase() }));
  keyed.sort((a, b) => a.c.rank - b.c.rank || compare(a.lower, b.lower));
  const cut = keyed.length > MAX_ITEMS;
  const kept = cut ? keyed.slice(0, MAX_ITEMS) : keyed;
  // Most items replace the same span: its range is computed once per list.
  const ranges = new Map<string, Range>();
  const rangeOf = (start: number, end: number): Range => {
    const key = `${start}:${end}`;
    let range = ranges.get(key);
    if (!range) ranges.set(key, (range = Range.create(document.positionAt(start), document.positionAt(end))));
    return range;
  };
  return { isIncomplete: cut || dependsOnTyped, items: kept.map(({ c }) => toItem(document, ctx, c, snippets, rangeOf)) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `name` starts with `typed`, ignoring case. */
export function startsWithIgnoreCase(name: string, typed: string): boolean {
  return name.length >= typed.length && name.slice(0, typed.length).toLowerCase() === typed.toLowerCase();
}

export { CompletionItemKind };
