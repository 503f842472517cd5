/**
 * Editing a workspace model file (`*.iam-model.json`): completion of group, OU and policy names,
 * policy files, principals, resources and actions; go to definition from a file reference to the
 * file, from a group, policy or OU name to its entry, and from a test's principal to the user or
 * role. Every LSP editor gets it from the server. Names come from the core's reading of the model
 * file (`core/model/modelFile.ts`, the resolver's own front-end) over the error-tolerant parse, so
 * a file being typed still completes. Pure: text and plain data in, LSP types out; the node glue
 * supplies the workspace (file list, which files exist, the resolved model's principals).
 */
import { getLocation, parse, type Segment } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, type CompletionItem, type Location, type Position, type Range } from 'vscode-languageserver-types';
import type { Catalog } from '../core/catalog';
import { modelFileDeclarations, relativeRef, resolveRef, type ModelFileSpec } from '../core/model';
import type { PrincipalItem, ResourceItem } from '../protocol';
import { listActions } from './actionList';
import { isTooDeep } from './limits';
import { PathRanges } from './modelDiagnostics';

/** The kinds of values a model file references. */
export type SlotKind = 'group' | 'policy' | 'file' | 'principal' | 'resource' | 'action' | 'ou';

/** A string value at the cursor and what it refers to. */
export interface Slot {
  readonly kind: SlotKind;
  /** JSON path of the value. */
  readonly path: readonly Segment[];
  /** The account entry index for account-scoped names (groups, policies). */
  readonly account?: number;
  /** The string's text so far and its content range (offsets, quotes excluded). */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** What the workspace around a model file offers (the node glue reads it; tests give plain data). */
export interface ModelEditingContext {
  /** The model file's workspace-relative path: references resolve from it. */
  readonly file: string;
  /** Workspace-relative paths of the JSON files that may be policies (model files left out). */
  policyFiles(): readonly string[];
  /** The URI of a workspace-relative file when it exists inside the workspace. */
  fileUri(path: string): string | undefined;
  /** Principals and resources of the resolved model (imports included), with their locations. */
  principals(): readonly PrincipalItem[];
  resources(): readonly ResourceItem[];
  readonly catalog?: Catalog;
}

/** Path patterns → slot kinds; `#` is any index, `*` any key. First match wins. */
const PATTERNS: readonly (readonly [string, SlotKind])[] = [
  ['accounts/#/users/*/groups/#', 'group'],
  ['accounts/#/*/*/policies/#', 'policy'],
  ['accounts/#/*/*/permissionsBoundary', 'policy'],
  ['accounts/#/roles/*/trustPolicy', 'policy'],
  ['accounts/#/*/*/inlinePolicies/*', 'file'],
  ['accounts/#/policies/*', 'file'],
  ['accounts/#/resources/#/policy', 'policy'],
  ['accounts/#/ou', 'ou'],
  ['organization/root/scps/#', 'policy'],
  ['organization/root/rcps/#', 'policy'],
  ['organization/ous/*/scps/#', 'policy'],
  ['organization/ous/*/rcps/#', 'policy'],
  ['organization/ous/*/parent', 'ou'],
  ['organization/policies/*', 'file'],
  ['imports/#', 'file'],
  ['tests/#/principal', 'principal'],
  ['tests/#/resource', 'resource'],
  ['tests/#/resource/#', 'resource'],
  ['tests/#/action', 'action'],
  ['tests/#/action/#', 'action'],
];

function matches(pattern: string, path: readonly Segment[]): boolean {
  const parts = pattern.split('/');
  return (
    parts.length === path.length &&
    parts.every((p, i) => (p === '#' ? typeof path[i] === 'number' : p === '*' ? typeof path[i] === 'string' : p === path[i]))
  );
}

/** The slot kind of a value at `path` (a `{ "file": … }` object counts as a file). */
export function slotKind(path: readonly Segment[]): SlotKind | undefined {
  if (path[path.length - 1] === 'file') return 'file';
  return PATTERNS.find(([p]) => matches(p, path))?.[1];
}

/** The slot at `offset` when it is inside (or right after the opening quote of) a string value. */
export function slotAt(text: string, offset: number): Slot | undefined {
  if (isTooDeep(text)) return undefined;
  const location = getLocation(text, offset);
  const node = location.previousNode;
  if (location.isAtPropertyKey || !node || node.type !== 'string' || offset <= node.offset || offset > node.offset + node.length)
    return undefined;
  const kind = slotKind(location.path);
  if (!kind) return undefined;
  const raw = text.slice(node.offset + 1, node.offset + node.length);
  const closed = raw.endsWith('"') && node.length >= 2;
  const end = node.offset + 1 + (closed ? raw.length - 1 : raw.length);
  const account = location.path[0] === 'accounts' && typeof location.path[1] === 'number' ? location.path[1] : undefined;
  return {
    kind,
    path: location.path,
    value: String(node.value ?? ''),
    start: node.offset + 1,
    end,
    ...(account !== undefined ? { account } : {}),
  };
}

/** A name the model file defines and the JSON path of its entry. */
export interface DeclaredName {
  readonly name: string;
  readonly path: readonly (string | number)[];
}

/** The names a slot may take that the model file itself defines (groups, policies, OUs), with their entries. */
export function declaredNames(spec: ModelFileSpec, slot: Slot): DeclaredName[] {
  const named = (list: readonly { readonly name: string; readonly at: { readonly path: readonly (string | number)[] } }[]) =>
    list.map((e) => ({ name: e.name, path: e.at.path }));
  const account = spec.accounts.find((a) => a.at.path.length === 2 && a.at.path[0] === 'accounts' && a.at.path[1] === slot.account);
  switch (slot.kind) {
    case 'group':
      return account ? named(account.groups) : [];
    case 'ou':
      return named(spec.organization?.ous ?? []);
    case 'policy':
      if (slot.path[0] === 'organization') return named(spec.organization?.policies ?? []).map(entryOf);
      return account ? named(account.policies).map(entryOf) : [];
    default:
      return [];
  }
}

/** A policy definition's entry: `{ "file": … }` definitions are located at their `file`, the entry is one up. */
function entryOf(d: DeclaredName): DeclaredName {
  return d.path[d.path.length - 1] === 'file' ? { name: d.name, path: d.path.slice(0, -1) } : d;
}

/** Whether a policy reference names a file rather than a policy (the model's rule: a `/` or a `.json` ending). */
export function looksLikeFile(value: string): boolean {
  return !value.startsWith('arn:') && (value.includes('/') || value.toLowerCase().endsWith('.json'));
}

/** Completion items at `position` in a model file, or null when the cursor is on no reference. */
export function completeInModel(document: TextDocument, position: Position, ctx: ModelEditingContext): CompletionItem[] | null {
  const text = document.getText();
  const slot = slotAt(text, document.offsetAt(position));
  if (!slot) return null;
  const range: Range = { start: document.positionAt(slot.start), end: document.positionAt(slot.end) };
  const item = (label: string, kind: CompletionItemKind, detail: string, sort = '1'): CompletionItem => ({
    label,
    kind,
    detail,
    sortText: `${sort}${label}`,
    filterText: label,
    textEdit: { range, newText: label },
  });
  const files = () => ctx.policyFiles().map((f) => relativeRef(ctx.file, f));
  switch (slot.kind) {
    case 'group':
      return names(text, ctx, slot).map((g) => item(g.name, CompletionItemKind.Class, 'group of this account'));
    case 'ou':
      return names(text, ctx, slot).map((o) => item(o.name, CompletionItemKind.Folder, 'organizational unit'));
    case 'policy':
      return [
        ...names(text, ctx, slot).map((p) => item(p.name, CompletionItemKind.Reference, 'policy defined in this model')),
        ...files().map((f) => item(f, CompletionItemKind.File, 'policy file', '2')),
      ];
    case 'file':
      return files().map((f) => item(f, CompletionItemKind.File, 'policy file'));
    case 'principal':
      return ctx
        .principals()
        .map((p) =>
          item(
            p.kind === 'role' ? `role/${p.name}` : p.kind === 'root' ? `${p.account}:root` : p.name,
            p.kind === 'role' ? CompletionItemKind.Interface : CompletionItemKind.Variable,
            `${p.kind} · ${p.arn}`,
          ),
        );
    case 'resource':
      return ctx
        .resources()
        .map((r) => item(r.arn, CompletionItemKind.Value, r.kind === 'role' ? 'role (trust policy)' : 'resource of the model'));
    case 'action':
      return ctx.catalog
        ? listActions(ctx.catalog, slot.value, 200).items.map((a) =>
            item(a.name, a.kind === 'action' ? CompletionItemKind.Function : CompletionItemKind.Module, a.detail),
          )
        : [];
  }
}

/** Where the reference at `position` is defined, or null. */
export function defineInModel(document: TextDocument, position: Position, ctx: ModelEditingContext): Location | null {
  const text = document.getText();
  const slot = slotAt(text, document.offsetAt(position));
  if (!slot || slot.value === '') return null;
  if ((slot.kind === 'file' || slot.kind === 'policy') && looksLikeFile(slot.value)) {
    const resolved = resolveRef(ctx.file, slot.value);
    const uri = resolved.ok ? ctx.fileUri(resolved.path) : undefined;
    return uri ? { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : null;
  }
  const here = names(text, ctx, slot).find((n) => n.name === slot.value);
  if (here) return { uri: document.uri, range: new PathRanges(document).keyRangeOf(here.path) };
  if (slot.kind === 'principal') return principalLocation(ctx.principals(), slot.value) ?? null;
  return null;
}

function names(text: string, ctx: ModelEditingContext, slot: Slot): DeclaredName[] {
  const value: unknown = parse(text, [], { allowTrailingComma: true, disallowComments: false });
  return declaredNames(modelFileDeclarations(value, ctx.file), slot);
}

/** A test's principal → its user or role entry (also in imported account details). */
function principalLocation(principals: readonly PrincipalItem[], value: string): Location | undefined {
  const name = value.startsWith('role/') ? value.slice(5) : value;
  const p = principals.find(
    (x) => x.id === value || x.arn === value || (x.name === name && (x.kind === 'role' || !value.startsWith('role/'))),
  );
  return p?.location;
}
