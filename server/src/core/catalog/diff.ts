/**
 * What changed between two catalogs: services, actions and condition keys added and removed, and
 * renames (the same name in another spelling, or a service whose display name moved to a new
 * prefix). Shown when a catalog is built from AWS's reference files, so users see what a newer
 * catalog changes before the checks use it. Pure.
 */
import type { Catalog } from './catalog';

export interface CatalogRename {
  readonly from: string;
  readonly to: string;
}

export interface CatalogDiff {
  readonly servicesAdded: readonly string[];
  readonly servicesRemoved: readonly string[];
  readonly servicesRenamed: readonly CatalogRename[];
  readonly actionsAdded: readonly string[];
  readonly actionsRemoved: readonly string[];
  /** Same action, another spelling (`ec2:DescribeInstances` → `ec2:describeInstances`), or moved with its service. */
  readonly actionsRenamed: readonly CatalogRename[];
  readonly keysAdded: readonly string[];
  readonly keysRemoved: readonly string[];
}

const byName = (a: string, b: string): number => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

/** Lower-cased name → spelling. */
function index(names: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of names) out.set(n.toLowerCase(), n);
  return out;
}

/** Every action's canonical name, without building the actions' details. */
function actionNames(catalog: Catalog): string[] {
  return catalog.expandActions('*');
}

function keyNames(catalog: Catalog): string[] {
  return [...catalog.globalConditionKeys(), ...catalog.services().flatMap((s) => s.conditionKeys)].map((k) => k.key);
}

/** Added, removed and renamed names between two lists, compared case-insensitively. */
function compare(before: Iterable<string>, after: Iterable<string>): { added: string[]; removed: string[]; renamed: CatalogRename[] } {
  const old = index(before);
  const now = index(after);
  const added: string[] = [];
  const removed: string[] = [];
  const renamed: CatalogRename[] = [];
  for (const [lower, name] of now) {
    const was = old.get(lower);
    if (was === undefined) added.push(name);
    else if (was !== name) renamed.push({ from: was, to: name });
  }
  for (const [lower, name] of old) if (!now.has(lower)) removed.push(name);
  return { added: added.sort(byName), removed: removed.sort(byName), renamed };
}

/** The differences from `before` to `after`. */
export function diffCatalogs(before: Catalog, after: Catalog): CatalogDiff {
  const services = compare(
    before.services().map((s) => s.prefix),
    after.services().map((s) => s.prefix),
  );
  // A service that left one prefix for another keeps its display name.
  const addedByName = new Map(services.added.map((p) => [after.service(p)?.name ?? '', p]));
  const moved: CatalogRename[] = [];
  for (const p of services.removed) {
    const to = addedByName.get(before.service(p)?.name ?? '\0');
    if (to !== undefined) moved.push({ from: p, to });
  }
  const movedFrom = new Map(moved.map((m) => [m.from.toLowerCase(), m.to]));
  const actions = compare(actionNames(before), actionNames(after));
  // Actions of a moved service: renamed when the new prefix has an action of the same name.
  const addedActions = index(actions.added);
  const actionMoves: CatalogRename[] = [];
  const removedActions = actions.removed.filter((a) => {
    const [prefix = '', name = ''] = a.split(':');
    const to = movedFrom.get(prefix.toLowerCase());
    const target = to === undefined ? undefined : addedActions.get(`${to}:${name}`.toLowerCase());
    if (target === undefined) return true;
    actionMoves.push({ from: a, to: target });
    addedActions.delete(target.toLowerCase());
    return false;
  });
  const keys = compare(keyNames(before), keyNames(after));
  return {
    servicesAdded: services.added.filter((p) => !moved.some((m) => m.to === p)),
    servicesRemoved: services.removed.filter((p) => !movedFrom.has(p.toLowerCase())),
    servicesRenamed: [...services.renamed, ...moved],
    actionsAdded: [...addedActions.values()].sort(byName),
    actionsRemoved: removedActions,
    actionsRenamed: [...actions.renamed, ...actionMoves],
    keysAdded: keys.added,
    keysRemoved: keys.removed,
  };
}

/** True when nothing changed. */
export function isEmptyDiff(d: CatalogDiff): boolean {
  return Object.values(d).every((list: readonly unknown[]) => list.length === 0);
}
