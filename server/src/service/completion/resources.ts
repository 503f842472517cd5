/**
 * `Resource` / `NotResource` completion: the ARN templates of the resource types the statement's
 * actions accept, as snippets (`arn:${1:aws}:s3:::${2:BucketName}/${3:ObjectName}`), with the
 * partition and, when the workspace model knows one account, the account filled in; plus `*`.
 * A typed `arn:aws:s3:` also offers every template of that service.
 */
import { arnTemplateToSnippet, type ActionInfo, type Catalog, type ResourceTypeInfo } from '../../core/catalog';
import { hasWildcard } from '../../core/wildcard';
import type { WorkspaceAccount } from '../workspace';
import { CompletionItemKind, type Candidate } from './items';
import { PerCatalogMemo } from './memo';

/** Patterns matching more actions than this are not expanded (`*`, `*:Get*`): no useful shortlist. */
const MAX_EXPANDED = 400;

interface TypeUse {
  readonly type: ResourceTypeInfo;
  readonly actions: string[];
}

/** The statement's resource types by its action patterns: the same while the user types an ARN. */
const typeUses = new PerCatalogMemo<{ uses: ReadonlyMap<ResourceTypeInfo, TypeUse>; total: number }>('completion.resourceTypeUses');
/** Resource types by the service part of their ARN templates (`s3`, `execute-api`). */
const byArnService = new PerCatalogMemo<ReadonlyMap<string, readonly ResourceTypeInfo[]>>('completion.resourceTypesByArnService');

/** Candidates for a Resource string, given the statement's `Action` strings. */
export function resourceCandidates(
  catalog: Catalog,
  actionPatterns: readonly string[],
  typed: string,
  accounts: readonly WorkspaceAccount[],
): Candidate[] {
  const { uses: ofActions, total } = typeUses.get(catalog, actionPatterns.join('\n'), () => {
    const actions = actionsOf(catalog, actionPatterns);
    return { uses: typesOfActions(actions), total: Math.max(1, actions.length) };
  });
  const uses = addTypedService(catalog, typed, ofActions);
  const account = accounts.length === 1 ? accounts[0] : undefined;
  const out: Candidate[] = [];
  for (const use of uses.values()) {
    for (const template of use.type.arns) {
      if (compatible(template, typed)) out.push(arnCandidate(use, template, total, typed, account));
    }
  }
  if (typed === '' || typed === '*')
    out.push({ label: '*', value: '*', kind: CompletionItemKind.Constant, rank: 50, documentation: 'Every resource.' });
  return out;
}

/** The resource types of the actions, with the actions that accept each. */
function typesOfActions(actions: readonly ActionInfo[]): Map<ResourceTypeInfo, TypeUse> {
  const uses = new Map<ResourceTypeInfo, TypeUse>();
  for (const a of actions) {
    for (const r of a.resourceTypes) {
      let use = uses.get(r.resourceType);
      if (!use) uses.set(r.resourceType, (use = { type: r.resourceType, actions: [] }));
      use.actions.push(a.name);
    }
  }
  return uses;
}

/** The actions the statement names: exact names, and wildcard patterns that match few enough. */
function actionsOf(catalog: Catalog, patterns: readonly string[]): ActionInfo[] {
  return patterns.flatMap((p) => {
    if (!hasWildcard(p)) return catalog.action(p) ?? [];
    return catalog.countActions(p) <= MAX_EXPANDED ? catalog.actionsMatching(p) : [];
  });
}

/** `arn:aws:s3:` typed: the service's resource types join the list (a new map; `uses` is cached). */
function addTypedService(
  catalog: Catalog,
  typed: string,
  uses: ReadonlyMap<ResourceTypeInfo, TypeUse>,
): ReadonlyMap<ResourceTypeInfo, TypeUse> {
  const parts = typed.split(':');
  if (parts.length < 4 || parts[0]?.toLowerCase() !== 'arn') return uses;
  const types = arnServiceIndex(catalog).get(parts[2]!.toLowerCase()) ?? [];
  const out = new Map(uses);
  for (const type of types) if (!out.has(type)) out.set(type, { type, actions: [] });
  return out;
}

function arnServiceIndex(catalog: Catalog): ReadonlyMap<string, readonly ResourceTypeInfo[]> {
  return byArnService.get(catalog, '', () => {
    const index = new Map<string, ResourceTypeInfo[]>();
    for (const type of catalog.services().flatMap((s) => s.resourceTypes)) {
      for (const part of new Set(type.arns.map((t) => t.split(':')[2]?.toLowerCase() ?? ''))) {
        index.set(part, [...(index.get(part) ?? []), type]);
      }
    }
    return index;
  });
}

/**
 * Whether the typed ARN text can still become this template: segment by segment, a placeholder
 * segment accepts anything, a literal one must equal (or, for the last typed segment, start with)
 * what is typed. The resource part (sixth segment on) is not compared.
 */
export function compatible(template: string, typed: string): boolean {
  if (typed === '') return true;
  const t = template.split(':');
  const u = typed.split(':');
  for (let i = 0; i < Math.min(u.length, 5); i++) {
    const seg = t[i] ?? '';
    const typedSeg = (u[i] ?? '').toLowerCase();
    if (seg.includes('${')) continue;
    const last = i === u.length - 1;
    if (last ? !seg.toLowerCase().startsWith(typedSeg) : seg.toLowerCase() !== typedSeg) return false;
  }
  return true;
}

function arnCandidate(use: TypeUse, template: string, total: number, typed: string, account: WorkspaceAccount | undefined): Candidate {
  const partition = account?.partition ?? 'aws';
  let snippet = arnTemplateToSnippet(template, { partition });
  // The workspace knows the account: default the placeholder, keep it a tab stop.
  if (account) snippet = snippet.replace(/\$\{(\d+):Account\}/g, (_m, n: string) => `\${${n}:${account.accountId}}`);
  const shown = use.actions.slice(0, 5).join(', ') + (use.actions.length > 5 ? `, … (${use.actions.length})` : '');
  return {
    label: template,
    value: snippet,
    snippet: true,
    kind: CompletionItemKind.Reference,
    // Types accepted by every action of the statement first.
    rank: use.actions.length === 0 ? 40 : Math.max(1, Math.round(20 * (1 - use.actions.length / total))),
    detail: `${use.type.service} ${use.type.name}`,
    documentation: `ARN of **${use.type.service} ${use.type.name}**${shown ? `, accepted by ${shown}` : ''}.`,
    // The server filtered by the typed ARN prefix; the label (a template) would not match it.
    ...(typed ? { filterText: typed } : {}),
  };
}
