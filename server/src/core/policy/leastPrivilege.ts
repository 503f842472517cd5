/**
 * A policy that grants exactly the access asked for: each requested action (patterns expanded over
 * the catalog) on the requested resources, grouped into one statement per distinct set of
 * resources and conditions. An action without resource-level permissions can only be granted on
 * `"*"` (Service Authorization Reference: actions with no resource types); that broadening is
 * reported, never silent. A resource ARN that is not one of the action's resource types is an error,
 * not a statement AWS would ignore. Pure.
 */
import type { ActionInfo, Catalog } from '../catalog';
import { hasWildcard } from '../wildcard';

/** One piece of requested access. */
export interface AccessRequest {
  /** Actions or patterns (`s3:Get*` is expanded to the catalog's matching actions). */
  readonly actions: readonly string[];
  /** Resource ARNs or ARN patterns; default `["*"]`. */
  readonly resources?: readonly string[];
  /** A Condition block for these actions: `{ operator: { key: value | values } }`. */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface LeastPrivilegeResult {
  readonly policy: { Version: '2012-10-17'; Statement: Record<string, unknown>[] };
  /** Actions granted on `*` although specific resources were asked for (no resource-level permissions). */
  readonly broadened: readonly { action: string; requested: readonly string[] }[];
  /** Actions each pattern expanded to. */
  readonly expanded: readonly { pattern: string; actions: readonly string[] }[];
  /** The same access as plain statements (one per request, actions expanded): what the policy must not exceed. */
  readonly requested: { Version: '2012-10-17'; Statement: Record<string, unknown>[] };
}

export type LeastPrivilegeOutcome = { ok: true; result: LeastPrivilegeResult } | { ok: false; errors: string[] };

interface Grant {
  readonly actions: Set<string>;
  /** The resource type the resources are (`object`, `key`), for the Sid. */
  readonly label: string;
  readonly resources: readonly string[];
  readonly conditions?: AccessRequest['conditions'];
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Builds the policy, or says why it cannot. */
export function leastPrivilegePolicy(catalog: Catalog, requests: readonly AccessRequest[]): LeastPrivilegeOutcome {
  const errors: string[] = [];
  const grants = new Map<string, Grant>();
  const broadened: { action: string; requested: readonly string[] }[] = [];
  const expanded: { pattern: string; actions: readonly string[] }[] = [];
  const requested: Record<string, unknown>[] = [];
  if (requests.length === 0) return { ok: false, errors: ['no access was requested'] };
  requests.forEach((req, i) => {
    const where = `access[${i}]`;
    const resources = [...new Set(req.resources && req.resources.length > 0 ? req.resources : ['*'])].sort(byCodeUnit);
    if (req.actions.length === 0) errors.push(`${where}: no actions`);
    const actions: ActionInfo[] = [];
    for (const pattern of req.actions) {
      const found = resolveActions(catalog, pattern);
      if (typeof found === 'string') errors.push(`${where}: ${found}`);
      else {
        if (hasWildcard(pattern)) expanded.push({ pattern, actions: found.map((a) => a.fullName) });
        actions.push(...found);
      }
    }
    requested.push(
      statement(
        `Request${i + 1}`,
        actions.map((a) => a.fullName),
        resources,
        req.conditions,
      ),
    );
    for (const action of actions) {
      const on = resourcesFor(catalog, action, resources);
      if (typeof on === 'string') {
        errors.push(`${where}: ${on}`);
        continue;
      }
      if (on.broadened) broadened.push({ action: action.fullName, requested: resources });
      const key = JSON.stringify([on.resources, req.conditions ?? null]);
      let grant = grants.get(key);
      if (!grant) grants.set(key, (grant = { actions: new Set(), label: on.label, resources: on.resources, conditions: req.conditions }));
      grant.actions.add(action.fullName);
    }
  });
  if (errors.length > 0) return { ok: false, errors: [...new Set(errors)] };
  const sids = new Map<string, number>();
  const statements = [...grants.values()]
    .map((g) => ({ g, actions: [...g.actions].sort(byCodeUnit) }))
    .sort((a, b) => byCodeUnit(a.actions[0]!, b.actions[0]!))
    .map(({ g, actions }) => statement(sidFor(actions, g.label, sids), actions, g.resources, g.conditions));
  const unique = (list: { action: string; requested: readonly string[] }[]) => [...new Map(list.map((b) => [b.action, b])).values()];
  return {
    ok: true,
    result: {
      policy: { Version: '2012-10-17', Statement: statements },
      broadened: unique(broadened),
      expanded,
      requested: { Version: '2012-10-17', Statement: requested },
    },
  };
}

/** The catalog actions a pattern names, or why none. */
function resolveActions(catalog: Catalog, pattern: string): ActionInfo[] | string {
  if (!/^[a-z0-9-]+:[A-Za-z0-9*?-]+$/i.test(pattern)) return `'${pattern}' is not an action (service:Action)`;
  if (pattern === '*' || /^[^:]*[*?]/.test(pattern)) return `'${pattern}' names every service; ask for the actions you need`;
  if (hasWildcard(pattern)) {
    const found = catalog.actionsMatching(pattern);
    return found.length > 0 ? found : `'${pattern}' matches no action of the AWS service catalog`;
  }
  const action = catalog.action(pattern);
  if (action) return [action];
  const near = catalog.suggestActions(pattern, 1)[0];
  return `'${pattern}' is not an action of the AWS service catalog${near ? ` (did you mean ${near}?)` : ''}`;
}

/** The resources to grant `action` on: the requested ones, or `*` when it has no resource types. */
function resourcesFor(
  catalog: Catalog,
  action: ActionInfo,
  requested: readonly string[],
): { resources: readonly string[]; broadened: boolean; label: string } | string {
  if (action.wildcardOnly) return { resources: ['*'], broadened: !(requested.length === 1 && requested[0] === '*'), label: '' };
  let label = '';
  for (const r of requested) {
    if (r === '*') continue;
    const types = catalog.actionResourceTypesForArn(action, r);
    label ||= types[0]?.resourceType.name ?? '';
    if (types.length === 0) {
      const formats = action.resourceTypes.map((t) => t.resourceType.arns.join(' or ')).join('; ');
      return `${action.fullName} does not act on '${r}'; its resources are: ${formats}`;
    }
  }
  return { resources: requested, broadened: false, label };
}

function statement(
  sid: string,
  actions: readonly string[],
  resources: readonly string[],
  conditions: AccessRequest['conditions'],
): Record<string, unknown> {
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: actions.length === 1 ? actions[0] : [...actions],
    Resource: resources.length === 1 ? resources[0] : [...resources],
    ...(conditions && Object.keys(conditions).length > 0 ? { Condition: conditions } : {}),
  };
}

const pascal = (text: string): string =>
  text
    .split(/[^a-z0-9]/i)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** `AllowS3Object`, `AllowKmsKey`, `AllowEc2Sts` (no resource type), …; a repeat gets a number. */
function sidFor(actions: readonly string[], label: string, used: Map<string, number>): string {
  const services = [...new Set(actions.map((a) => a.slice(0, a.indexOf(':'))))];
  const base = `Allow${services.map(pascal).join('')}${services.length === 1 ? pascal(label) : ''}`.slice(0, 100);
  const n = (used.get(base) ?? 0) + 1;
  used.set(base, n);
  return n === 1 ? base : `${base}${n}`;
}
