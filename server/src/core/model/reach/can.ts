/**
 * Principal can (effective permissions): what one user or role (as a role session) can do, as a
 * compact policy per service — actions with their access levels, the resources, the conditions.
 *
 * Every grant is an evaluated request, so permissions boundaries, SCPs, RCPs, resource policies and
 * explicit denies decide as they do in AWS. The requests asked are those some policy could allow:
 * each identity-based Allow statement's actions (patterns expanded through the catalog) on its
 * resource patterns (a pattern is evaluated as written, and every model resource it matches is
 * evaluated too, so a deny of part of it shows as an exception), each resource policy of the model
 * on its resource, and sts:AssumeRole on every role whose trust policy may admit the principal.
 */
import type { Catalog } from '../../catalog';
import type { Statement } from '../../policy/types';
import { compileGlob } from '../../wildcard';
import { gatherIdentity } from '../gather';
import { findPrincipal } from '../principals';
import type { LocatedStatement, SimulationEntry } from '../simulate';
import type { Model } from '../types';
import { identityPolicies, reachOf, statementCovers, type ReachOptions, type ReachPrincipal } from './reach';
import { conditionsOf, type WhoCanCondition } from './whoCan';

/** One allowed (or conditionally allowed) request. */
export interface CanGrant {
  readonly action: string;
  /** The catalog's access level (`Read`, `Write`, `List`, `Tagging`, `Permissions management`). */
  readonly accessLevel: string;
  /** An ARN or a pattern as the policy writes it (`*`, `arn:aws:s3:::logs-*`). */
  readonly resource: string;
  /** Model resources matching the pattern that are denied (an explicit deny, an SCP, a boundary…). */
  readonly except: readonly string[];
  /** Conditions of the deciding statements (they held with the derived context). */
  readonly conditions: readonly WhoCanCondition[];
  /** Context keys the model cannot derive: the request is allowed only if they hold as the statements require. */
  readonly needs: readonly string[];
  readonly decidedBy: readonly LocatedStatement[];
}

/** A request some policy allows that is denied for the principal, and by what. */
export interface CanBlocked {
  readonly action: string;
  readonly resource: string;
  readonly blockedBy: string;
}

/** Grants with the same resource, exceptions and conditions, for one service. */
export interface CanStatement {
  /** Action names, or `<service>:*` when most actions of the service are granted alike (see `exceptActions`). */
  readonly actions: readonly string[];
  /** With `<service>:*`: the service's actions not granted by this statement (other statements may grant them). */
  readonly exceptActions?: readonly string[];
  readonly accessLevels: readonly string[];
  readonly resource: string;
  readonly except: readonly string[];
  readonly conditions: readonly WhoCanCondition[];
  readonly needs: readonly string[];
}

export interface CanService {
  /** The service prefix, or `*` for every service but `exceptServices`. */
  readonly service: string;
  readonly exceptServices?: readonly string[];
  readonly statements: readonly CanStatement[];
}

export interface CanResult {
  /** The user or role ARN. */
  readonly principal: string;
  readonly grants: readonly CanGrant[];
  readonly services: readonly CanService[];
  readonly blocked: readonly CanBlocked[];
  readonly errors: readonly string[];
}

const MAX_REQUESTS = 200_000;

/** The effective permissions of a user or role of the model (see the file comment). Never throws. */
export function principalCan(model: Model, principal: string, options: ReachOptions = {}): CanResult {
  const empty = (error: string): CanResult => ({ principal, grants: [], services: [], blocked: [], errors: [error] });
  const found = findPrincipal(model, principal);
  if (!found.ok) return empty(found.message);
  const key =
    found.principal.kind === 'user' ? found.principal.user.arn : found.principal.kind === 'role' ? found.principal.role.arn : undefined;
  if (key === undefined) return empty(`'${principal}' is not a user or role of the model.`);
  const reach = reachOf(model, options);
  const p = reach.principal(key) as ReachPrincipal;
  const catalog = options.catalog;
  const requests = candidates(
    model,
    reach.assumableRoles(p).map((r) => r.arn),
    p,
    catalog,
  );
  if (requests.size > MAX_REQUESTS) return empty(`${requests.size} requests exceed the limit of ${MAX_REQUESTS}.`);
  const grants: CanGrant[] = [];
  const blocked: CanBlocked[] = [];
  const denied = denyPatterns(model, p, [...requests.keys()]);
  const modelResources = [...model.accounts.values()].flatMap((a) => [
    ...a.resources.map((r) => r.arn),
    ...[...a.roles.values()].map((r) => r.arn),
    ...[...a.users.values()].map((u) => u.arn),
  ]);
  for (const [action, resources] of requests) {
    const info = catalog?.action(action);
    const level = info?.accessLevel ?? '';
    const service = action.split(':')[0]?.toLowerCase() ?? '';
    for (const { resource, notResource } of resources.values()) {
      // A statement grants an action only on resources of a type it acts on (the service
      // authorization reference); an action without resource types only with "Resource": "*".
      if (info && resource !== '*' && (info.wildcardOnly || catalog?.actionResourceTypesForArn(info, resource).length === 0)) continue;
      const e = reach.run(p, action, resource);
      const needs = e.decision === 'Allowed' ? [] : undeterminedKeys(e);
      if (e.decision !== 'Allowed' && needs.length === 0) {
        // Denied although some policy allows it: an explicit deny (by its policy type), or an implicit one by a boundary, SCP, RCP…
        const by = e.decision === 'ExplicitDeny' ? e.decidedBy[0]?.policyType : e.blockedBy;
        if (by && by !== 'identity') blocked.push({ action, resource, blockedBy: by });
        continue;
      }
      const except = notResource ? [...notResource] : [];
      // An exception is a resource denied outright (not one whose request also lacks context keys).
      const deniedOn = (arn: string) => {
        const x = reach.run(p, action, arn);
        return x.decision !== 'Allowed' && undeterminedKeys(x).length === 0;
      };
      if (/[*?]/.test(resource) && !info?.wildcardOnly) {
        const g = compileGlob(resource);
        // Parts of the pattern a Deny names (in the identity policies, the boundary or SCPs).
        for (const d of denied.get(action.toLowerCase()) ?? []) {
          if (d !== resource && g.matches(d) && !except.includes(d) && deniedOn(d)) except.push(d);
        }
        for (const arn of modelResources) {
          if (arn === resource || arn.split(':')[2]?.toLowerCase() !== service || !g.matches(arn)) continue;
          if (info && catalog?.actionResourceTypesForArn(info, arn).length === 0) continue;
          if (deniedOn(arn)) except.push(arn);
        }
      }
      grants.push({ action, accessLevel: level, resource, except, conditions: conditionsOf(e), needs, decidedBy: e.decidedBy });
    }
  }
  return { principal: key, grants, services: summarize(grants, catalog), blocked, errors: [] };
}

/**
 * Context keys whose absence alone denied the request: keys the model cannot derive (MFA, source
 * IP…), and resource or request tags of a resource pattern (principal tags are known to the model).
 */
function undeterminedKeys(e: SimulationEntry): string[] {
  if (e.decision !== 'ImplicitDeny' || e.blockedBy === 'scp' || e.blockedBy === 'rcp') return [];
  // A boundary (or session policy) that does not allow the action denies whatever the keys are.
  if ((e.policies ?? []).some((x) => (x.policyType === 'permissions-boundary' || x.policyType === 'session') && x.applicable && !x.allows))
    return [];
  return e.missingContextKeys.filter((k) => !/^aws:PrincipalTag\//i.test(k));
}

/** Resource patterns of Deny statements (identity policies, boundary, SCPs) per action they name. */
function denyPatterns(model: Model, p: ReachPrincipal, actions: readonly string[]): Map<string, string[]> {
  const side = gatherIdentity(model, p.principal);
  const statements = [...side.identity, ...side.boundaries, ...side.scps.flat()].flatMap((mp) =>
    mp.policy.statements.filter((s) => s.effect === 'Deny' && s.resource),
  );
  const out = new Map<string, string[]>();
  if (statements.length === 0) return out;
  for (const a of actions) {
    const list = statements
      .filter((s) => statementCovers(s, a))
      .flatMap((s) => s.resource ?? [])
      .filter((r) => r !== '*' && !r.includes('${'));
    if (list.length > 0) out.set(a.toLowerCase(), [...new Set(list)]);
  }
  return out;
}

type Candidates = Map<string, Map<string, { resource: string; notResource?: readonly string[] }>>;

/** Requests some policy could allow: action → resource → the request. */
function candidates(model: Model, roles: readonly string[], p: ReachPrincipal, catalog: Catalog | undefined): Candidates {
  const out: Candidates = new Map();
  const add = (action: string, resource: string, notResource?: readonly string[]) => {
    let m = out.get(action);
    if (!m) out.set(action, (m = new Map()));
    const k = `${resource}\u0000${notResource?.join(',') ?? ''}`;
    if (!m.has(k)) m.set(k, { resource, ...(notResource ? { notResource } : {}) });
  };
  for (const mp of identityPolicies(model, p.principal)) {
    for (const s of mp.policy.statements) {
      if (s.effect !== 'Allow') continue;
      const actions = actionsOf(s, catalog);
      if (s.notResource) for (const a of actions) add(a, '*', s.notResource);
      for (const r of s.resource ?? []) for (const a of actions) add(a, r);
    }
  }
  for (const a of model.accounts.values()) {
    for (const r of a.resources) {
      for (const s of r.policy?.policy.statements ?? []) {
        if (s.effect !== 'Allow') continue;
        const resources = s.resource && s.resource.length > 0 ? s.resource : [r.arn];
        for (const action of actionsOf(s, catalog)) for (const res of resources) add(action, res);
      }
    }
  }
  for (const role of roles) add('sts:AssumeRole', role);
  return out;
}

/** A statement's actions (Action patterns, or the catalog's actions NotAction leaves) as catalog names. */
function actionsOf(s: Statement, catalog: Catalog | undefined): string[] {
  if (!catalog) return [...(s.action ?? [])].filter((a) => !/[*?]/.test(a));
  if (s.action) {
    const out = new Set<string>();
    for (const a of s.action) {
      if (/[*?]/.test(a)) for (const hit of catalog.expandActions(a)) out.add(hit);
      else out.add(catalog.action(a)?.fullName ?? a);
    }
    return [...out];
  }
  return catalog
    .services()
    .flatMap((svc) => catalog.actionsOf(svc.prefix).map((x) => x.fullName))
    .filter((a) => statementCovers(s, a));
}

/** Per service, grants with the same resource, exceptions and conditions in one statement. */
function summarize(grants: readonly CanGrant[], catalog: Catalog | undefined): CanService[] {
  const byService = new Map<string, Map<string, CanGrant[]>>();
  for (const g of grants) {
    const service = g.action.split(':')[0]?.toLowerCase() ?? '';
    let m = byService.get(service);
    if (!m) byService.set(service, (m = new Map()));
    const k = JSON.stringify([g.resource, g.except, g.conditions, g.needs]);
    const list = m.get(k);
    if (list) list.push(g);
    else m.set(k, [g]);
  }
  const services = [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, groups]): CanService => {
      const all = catalog?.actionsOf(service).length ?? 0;
      const statements = [...groups.values()].map((list): CanStatement => {
        const first = list[0] as CanGrant;
        const names = [...new Set(list.map((g) => g.action))].sort();
        const levels = [...new Set(list.flatMap((g) => g.accessLevel.split(/,\s*/)).filter((l) => l !== ''))].sort();
        // More than half of the service's actions: `<service>:*` with the actions it leaves out.
        const most = all > 0 && names.length * 2 > all;
        const given = new Set(names.map((n) => n.toLowerCase()));
        const left = most
          ? (catalog
              ?.actionsOf(service)
              .map((a) => a.fullName)
              .filter((a) => !given.has(a.toLowerCase()))
              .sort() ?? [])
          : [];
        return {
          actions: most ? [`${service}:*`] : names,
          ...(left.length > 0 ? { exceptActions: left } : {}),
          accessLevels: levels,
          resource: first.resource,
          except: first.except,
          conditions: first.conditions,
          needs: first.needs,
        };
      });
      return { service, statements };
    });
  return collapse(services, catalog);
}

/**
 * When more than half of the catalog's services are granted whole (`<service>:*`) alike, those
 * become one `*` statement (service `*`), with the services it leaves out named in `exceptServices`.
 */
function collapse(services: CanService[], catalog: Catalog | undefined): CanService[] {
  const total = catalog?.services().length ?? 0;
  if (total === 0) return services;
  const whole = new Map<string, string[]>();
  for (const s of services) {
    const st = s.statements.find((x) => x.actions.length === 1 && x.actions[0] === `${s.service}:*` && !x.exceptActions);
    if (!st) continue;
    const k = JSON.stringify([st.resource, st.except, st.conditions, st.needs]);
    const list = whole.get(k);
    if (list) list.push(s.service);
    else whole.set(k, [s.service]);
  }
  const [key, names] = [...whole].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!key || !names || names.length * 2 <= total) return services;
  const set = new Set(names);
  const [resource, except, conditions, needs] = JSON.parse(key) as [string, string[], WhoCanCondition[], string[]];
  const left =
    catalog
      ?.services()
      .map((s) => s.prefix.toLowerCase())
      .filter((p) => !set.has(p))
      .sort() ?? [];
  const star: CanService = {
    service: '*',
    exceptServices: left,
    statements: [
      {
        actions: ['*'],
        accessLevels: [...new Set(services.filter((s) => set.has(s.service)).flatMap((s) => s.statements[0]?.accessLevels ?? []))].sort(),
        resource,
        except,
        conditions,
        needs,
      },
    ],
  };
  const rest = services
    .map((s) =>
      set.has(s.service)
        ? {
            ...s,
            statements: s.statements.filter(
              (x) =>
                !(
                  x.actions.length === 1 &&
                  x.actions[0] === `${s.service}:*` &&
                  !x.exceptActions &&
                  JSON.stringify([x.resource, x.except, x.conditions, x.needs]) === key
                ),
            ),
          }
        : s,
    )
    .filter((s) => s.statements.length > 0);
  return [star, ...rest];
}
