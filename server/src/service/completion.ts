/**
 * Completion for IAM policies: find the cursor's context, ask the module for that element, rank
 * and cut. Every list is at most MAX_ITEMS items; lists filtered on the server by the typed text
 * are `isIncomplete` so the client asks again as the user types.
 */
import type { CompletionList, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog';
import type { LocalStatement, ParsedDocument } from './parse';
import { statementAt, statementView, type StatementView } from './statementView';
import type { WorkspaceAccount } from './workspace';
import { cursorContext, type CursorContext } from './completion/context';
import { toList, type Candidate } from './completion/items';
import {
  documentCandidates,
  effectCandidates,
  statementKeyCandidates,
  statementsCandidates,
  statementSlotCandidates,
  topKeyCandidates,
  versionCandidates,
} from './completion/elements';
import { actionCandidates } from './completion/actions';
import { resourceCandidates } from './completion/resources';
import {
  conditionBlockCandidates,
  conditionKeyCandidates,
  conditionValueCandidates,
  oidcProviderHosts,
  operatorCandidates,
} from './completion/conditionCompletion';
import { principalCandidates, principalKeyCandidates, principalValueCandidates } from './completion/principals';
import { openVariableStart, variableCandidates } from './completion/variables';
import { samePath } from './jsonPath';

/** What completion needs besides the document. */
export interface CompletionEnv {
  readonly catalog: Catalog | undefined;
  readonly accounts: () => readonly WorkspaceAccount[];
  /**
   * The statement around `offset` parsed on its own, when that is the same as the document's
   * parse (service/parse.ts): completion then neither scans the text before it nor needs the
   * document's tree.
   */
  readonly localStatement?: (parsed: ParsedDocument, offset: number) => LocalStatement | undefined;
}

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Per-request completion options. */
export interface CompletionOptions {
  /** The client's `completionItem.snippetSupport`; true unless told (VS Code has it). */
  readonly snippetSupport?: boolean;
}

/** The completion list at `position`. */
export function doComplete(
  env: CompletionEnv,
  document: TextDocument,
  parsed: ParsedDocument,
  position: Position,
  options: CompletionOptions = {},
): CompletionList {
  const snippets = options.snippetSupport !== false;
  const text = document.getText();
  const offset = document.offsetAt(position);
  // jsonc's scanner-driven parser recurses per level up to the cursor: hostile nesting is skipped.
  if (parsed.tooDeep || parsed.tooLarge !== undefined) return EMPTY;
  if (text.trim() === '') return toList(document, emptyDocumentContext(offset), documentCandidates(), false, snippets);
  const local = env.localStatement?.(parsed, offset);
  const ctx = cursorContext(text, offset, local);
  if (!ctx) return EMPTY;
  const statement = local && ctx.statementPath && samePath(local.path, ctx.statementPath) ? statementView(local.node) : undefined;
  return completeInContext(env, document, parsed, ctx, options, statement);
}

/**
 * The completion list for a cursor context found by the caller (a policy written in another
 * syntax, such as YAML inside a template, finds its own context; offsets are the document's).
 */
export function completeInContext(
  env: CompletionEnv,
  document: TextDocument,
  parsed: ParsedDocument,
  ctx: CursorContext,
  options: CompletionOptions = {},
  local?: StatementView,
): CompletionList {
  const statement = local ?? (ctx.statementPath ? statementAt(parsed.json, ctx.statementPath) : undefined);
  const { candidates, dependsOnTyped } = candidatesFor({ ...env, text: document.getText() }, ctx, statement, parsed);
  return toList(document, ctx, candidates, dependsOnTyped, options.snippetSupport !== false);
}

interface Found {
  readonly candidates: Candidate[];
  readonly dependsOnTyped: boolean;
}

const fixed = (candidates: Candidate[]): Found => ({ candidates, dependsOnTyped: false });
const filtered = (candidates: Candidate[]): Found => ({ candidates, dependsOnTyped: true });

/** The environment plus the document text. */
type Env = CompletionEnv & { readonly text: string };

function candidatesFor(env: Env, ctx: CursorContext, statement: StatementView | undefined, parsed: ParsedDocument): Found {
  const { catalog } = env;
  switch (ctx.kind) {
    case 'topKey':
      return fixed(topKeyCandidates(rootKeys(parsed), editedKey(ctx)));
    case 'version':
      return fixed(versionCandidates());
    case 'statements':
      return fixed(statementsCandidates());
    case 'statementSlot':
      return fixed(statementSlotCandidates());
    case 'statementKey':
      return fixed(statementKeyCandidates(statement, editedKey(ctx)));
    case 'effect':
      return fixed(effectCandidates());
    case 'action':
      return filtered(catalog ? actionCandidates(catalog, ctx.typed) : []);
    case 'resource':
      return valueWithVariables(env, ctx, () =>
        catalog ? resourceCandidates(catalog, actionPatterns(statement), ctx.typed, env.accounts()) : [],
      );
    case 'principal':
      return fixed(principalCandidates());
    case 'principalKey':
      return fixed(principalKeyCandidates(principalForms(statement, ctx.element).filter((f) => f !== editedKey(ctx))));
    case 'principalValue':
      return filtered(principalValueCandidates(ctx.form, ctx.typed, env.accounts()));
    case 'condition':
      return fixed(conditionBlockCandidates());
    case 'conditionOperator':
      return filtered(operatorCandidates(ctx.typed));
    case 'conditionKey':
      return filtered(
        catalog ? conditionKeyCandidates(catalog, actionPatterns(statement), ctx.operator, ctx.typed, federatedHosts(statement)) : [],
      );
    case 'conditionValue':
      return valueWithVariables(env, ctx, () => conditionValueCandidates(catalog, ctx.operator, ctx.key, env.accounts()));
  }
}

/** An empty document: the whole policy is inserted at the cursor. */
function emptyDocumentContext(offset: number): CursorContext {
  return {
    kind: 'topKey',
    typed: '',
    inString: false,
    replace: { start: offset, end: offset },
    tokenEnd: offset,
    hasColon: true,
    path: [],
  };
}

/** Inside a string with an open `${`: policy variables; otherwise the element's own values. */
function valueWithVariables(env: Env, ctx: CursorContext, values: () => Candidate[]): Found {
  const open = ctx.inString ? openVariableStart(ctx.typed) : -1;
  if (open < 0) return filtered(values());
  const cursor = ctx.replace.start + ctx.typed.length;
  // An editor that auto-closed the brace (`${|}`): the variable replaces that `}` too.
  const end = env.text[cursor] === '}' ? cursor + 1 : cursor;
  return filtered(variableCandidates(env.catalog, ctx.typed, open, ctx.replace.start + open, end));
}

/**
 * The statement's action patterns for resource and key completion. `NotAction` covers every
 * other action, so it narrows nothing: treated as `*`.
 */
function actionPatterns(statement: StatementView | undefined): string[] {
  if (!statement) return [];
  if (statement.keys.includes('NotAction')) return ['*'];
  return statement.strings('Action').filter((a) => a.includes(':') || a === '*');
}

/** The OIDC provider hosts of the statement's `Principal.Federated`, for ranking their claim keys. */
function federatedHosts(statement: StatementView | undefined): string[] {
  const principal = statement?.value('Principal');
  if (principal?.type !== 'object') return [];
  const federated = principal.properties.find((p) => p.keyNode.value === 'Federated')?.valueNode;
  const nodes = federated?.type === 'array' ? federated.items : federated ? [federated] : [];
  return oidcProviderHosts(nodes.flatMap((n) => (n.type === 'string' ? [n.value] : [])));
}

/** The key under the cursor when it is an existing key being edited (`"Act|ion": …`). */
function editedKey(ctx: CursorContext): string | undefined {
  const last = ctx.path[ctx.path.length - 1];
  return ctx.hasColon && typeof last === 'string' ? last : undefined;
}

function principalForms(statement: StatementView | undefined, element: string): string[] {
  const node = statement?.value(element);
  return node?.type === 'object' ? node.properties.map((p) => p.keyNode.value) : [];
}

function rootKeys(parsed: ParsedDocument): string[] {
  const root = parsed.json.root;
  return root?.type === 'object' ? root.properties.map((p) => p.keyNode.value) : [];
}
