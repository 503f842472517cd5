/**
 * Who can: every principal that can make a request (action × resource), answered by evaluating
 * the request for each principal the model knows — users, roles (as role sessions), each
 * account's root user — and for each principal a resource policy names that the model does not
 * describe (other accounts, service principals, `*` = anonymous). Principals that can only make
 * the request after assuming roles are listed with the role chain in `via` (shortest chain).
 */
import { expandActions } from '../simulate';
import type { LocatedStatement, SimulationEntry } from '../simulate';
import { gatherResource, isTrustAction } from '../gather';
import { policyCovers, statementCovers } from './reach';
import { DEFAULT_SESSION_NAME, describePrincipal, findPrincipal, type ModelPrincipal } from '../principals';
import type { Model } from '../types';
import { reachOf, type Reach, type ReachOptions, type ReachPrincipal } from './reach';
import type { PolicyExplanation } from '../../evaluator/types';
import { compileGlob } from '../../wildcard';

/** The question: actions (patterns expand through the catalog) × resources (patterns match the model's resources). */
export interface WhoCanInput {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** What kind of principal an answer is. */
export type WhoCanKind = 'user' | 'role' | 'root' | 'account' | 'external' | 'service' | 'anonymous';

/** A condition of a deciding statement that held for the request. */
export interface WhoCanCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** One principal that can make one request. */
export interface WhoCanEntry {
  readonly action: string;
  readonly resource: string;
  /** A user ARN, a role ARN (its sessions), `arn:aws:iam::<account>:root`, a service principal, or `*` (anonymous). */
  readonly principal: string;
  readonly kind: WhoCanKind;
  readonly decision: 'Allowed';
  /** Roles assumed first, in order (empty when the principal can make the request itself). */
  readonly via: readonly string[];
  /** Conditions of the deciding statements (they held with the derived and given context). */
  readonly conditions: readonly WhoCanCondition[];
  readonly summary: string;
  /** The statements that allowed the final request (for `via`: the last role's request). */
  readonly decidedBy: readonly LocatedStatement[];
}

/** A principal denied only because the request lacked context keys the model cannot derive. */
export interface Undetermined {
  readonly action: string;
  readonly resource: string;
  readonly principal: string;
  readonly missingContextKeys: readonly string[];
}

/** The answer. */
export interface WhoCanResult {
  readonly entries: readonly WhoCanEntry[];
  readonly undetermined: readonly Undetermined[];
  readonly unknownActions: readonly string[];
  /** Resources as evaluated (patterns replaced by the model resources they match). */
  readonly resources: readonly string[];
  readonly errors: readonly string[];
}

/** Answers who can make each action × resource request. */
export function whoCan(model: Model, input: WhoCanInput, options: ReachOptions & { maxRequests?: number } = {}): WhoCanResult {
  const reach = reachOf(model, options);
  const { actions, unknown } = expandActions(input.actions, options.catalog);
  const resources = expandResources(model, input.resources.length > 0 ? input.resources : ['*']);
  const max = options.maxRequests ?? 2000;
  if (actions.length * resources.length > max) {
    return {
      entries: [],
      undetermined: [],
      unknownActions: unknown,
      resources,
      errors: [
        `${actions.length} actions × ${resources.length} resources exceed the limit of ${max} requests; narrow the action or resource pattern.`,
      ],
    };
  }
  const entries: WhoCanEntry[] = [];
  const undetermined: Undetermined[] = [];
  for (const action of actions) {
    for (const resource of resources) {
      const r = whoCanOne(reach, action, resource);
      entries.push(...r.entries);
      undetermined.push(...r.undetermined);
    }
  }
  return { entries, undetermined, unknownActions: unknown, resources, errors: [] };
}

/** Resource patterns (`arn:aws:s3:::logs-*`) become the model resources, roles and users they match. */
export function expandResources(model: Model, patterns: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of patterns) {
    if (p === '*' || !/[*?]/.test(p)) {
      out.add(p);
      continue;
    }
    const g = compileGlob(p);
    const hits: string[] = [];
    for (const a of model.accounts.values()) {
      for (const r of a.resources) if (g.matches(r.arn)) hits.push(r.arn);
      for (const r of a.roles.values()) if (g.matches(r.arn)) hits.push(r.arn);
      for (const u of a.users.values()) if (g.matches(u.arn)) hits.push(u.arn);
    }
    for (const h of hits.length > 0 ? hits : [p]) out.add(h);
  }
  return [...out];
}

function whoCanOne(reach: Reach, action: string, resource: string): { entries: WhoCanEntry[]; undetermined: Undetermined[] } {
  const model = reach.model;
  const entries: WhoCanEntry[] = [];
  const undetermined: Undetermined[] = [];
  const allowed = new Map<string, SimulationEntry>();
  const note = (principal: string, e: SimulationEntry) => {
    const keys = e.missingContextKeys.filter((k) => !/^aws:(PrincipalTag|ResourceTag|RequestTag)\//i.test(k));
    if (e.decision === 'ImplicitDeny' && keys.length > 0 && e.blockedBy !== 'scp' && e.blockedBy !== 'rcp')
      undetermined.push({ action, resource, principal, missingContextKeys: keys });
  };
  // "You cannot use AWS account root user credentials to call AssumeRole" (STS API Reference, AssumeRole).
  const rootCan = !isTrustAction(action);
  for (const a of rootCan ? model.accounts.values() : []) {
    const root: ModelPrincipal = { kind: 'root', account: a.id };
    const e = reach.runnerWith(root, {}).run(action, resource);
    if (e.decision === 'Allowed') entries.push(entry(action, resource, describePrincipal(root), 'root', [], e));
  }
  // Without an identity-based Allow naming the action, only a resource (or trust) policy can allow.
  const resourcePolicy = gatherResource(model, resource, action).policy?.policy;
  const resourceMayAllow = resourcePolicy !== undefined && policyCovers(resourcePolicy, 'Allow', action);
  for (const p of reach.principals) {
    if (!resourceMayAllow && !reach.mayAllow(p, action)) continue;
    const e = reach.run(p, action, resource);
    if (e.decision === 'Allowed') {
      allowed.set(p.key, e);
      entries.push(entry(action, resource, reach.label(p), p.principal.kind === 'user' ? 'user' : 'role', [], e));
    } else note(reach.label(p), e);
  }
  entries.push(...chains(reach, action, resource, allowed));
  for (const { principal, kind, label } of outsiders(reach, action, resource)) {
    const e = reach.runnerWith(principal, {}).run(action, resource);
    if (e.decision === 'Allowed') entries.push(entry(action, resource, label, kind, [], e));
    else note(label, e);
  }
  return { entries, undetermined };
}

/** Principals not directly allowed that reach an allowed role by assuming roles (shortest chain). */
function chains(reach: Reach, action: string, resource: string, allowed: ReadonlyMap<string, SimulationEntry>): WhoCanEntry[] {
  // Multi-source breadth-first search backwards from every allowed role over AssumeRole edges,
  // evaluated lazily: only edges into roles reached, and only from principals not yet answered.
  const next = new Map<string, string>();
  let frontier = [...allowed.keys()].filter((k) => reach.principal(k)?.principal.kind === 'role');
  const seen = new Set<string>(allowed.keys());
  const skip = (key: string) => seen.has(key);
  const order: string[] = [];
  while (frontier.length > 0) {
    const following: string[] = [];
    for (const role of frontier) {
      const target = reach.principal(role)?.principal;
      if (target?.kind !== 'role') continue;
      for (const edge of reach.assumeInto(target.role, skip)) {
        if (seen.has(edge.from)) continue;
        seen.add(edge.from);
        next.set(edge.from, role);
        order.push(edge.from);
        following.push(edge.from);
      }
    }
    frontier = following;
  }
  return order.map((key) => {
    const via: string[] = [];
    for (let k = next.get(key); k !== undefined; k = next.get(k)) via.push(k);
    const last = allowed.get(via[via.length - 1] as string) as SimulationEntry;
    const p = reach.principal(key) as ReachPrincipal;
    return entry(action, resource, reach.label(p), p.principal.kind === 'user' ? 'user' : 'role', via, last);
  });
}

/** Principals a resource (or trust) policy names that are not principals of the model. */
function outsiders(reach: Reach, action: string, resource: string): { principal: ModelPrincipal; kind: WhoCanKind; label: string }[] {
  const model = reach.model;
  const side = gatherResource(model, resource, action);
  const policy = side.policy?.policy;
  if (!policy) return [];
  const out = new Map<string, { principal: ModelPrincipal; kind: WhoCanKind; label: string }>();
  for (const s of policy.statements) {
    if (s.effect !== 'Allow' || !statementCovers(s, action)) continue;
    const block = s.principal;
    if (s.notPrincipal || block?.wildcard)
      out.set('*', { principal: { kind: 'external', principal: { type: 'anonymous' }, label: '*' }, kind: 'anonymous', label: '*' });
    for (const svc of block?.service ?? []) out.set(svc, { principal: { kind: 'service', service: svc }, kind: 'service', label: svc });
    for (const e of block?.aws ?? []) {
      if (e === '*') continue;
      const account = /^\d{12}$/.test(e) ? e : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(e)?.[1];
      if (!account || model.accounts.has(account)) continue;
      const found = findPrincipal(model, /^\d{12}$/.test(e) ? e : e, DEFAULT_SESSION_NAME);
      if (!found.ok) continue;
      const root = found.principal.kind === 'root';
      if (root && isTrustAction(action)) continue;
      const label = root ? `arn:aws:iam::${account}:root` : e;
      out.set(label, { principal: found.principal, kind: root ? 'account' : 'external', label });
    }
  }
  return [...out.values()];
}

function entry(
  action: string,
  resource: string,
  principal: string,
  kind: WhoCanKind,
  via: readonly string[],
  e: SimulationEntry,
): WhoCanEntry {
  return {
    action,
    resource,
    principal,
    kind,
    decision: 'Allowed',
    via,
    conditions: conditionsOf(e),
    summary: e.summary,
    decidedBy: e.decidedBy,
  };
}

/** The conditions of the statements that decided an allowed request. */
export function conditionsOf(e: SimulationEntry): WhoCanCondition[] {
  const out: WhoCanCondition[] = [];
  const policies: readonly PolicyExplanation[] = e.policies ?? [];
  for (const d of e.decidedBy) {
    const p = policies.find((x) => x.policyType === d.policyType && x.policyIndex === d.policyIndex && x.level === d.level);
    const s = p?.statements.find((x) => x.statementIndex === d.statementIndex);
    for (const c of s?.conditions ?? []) out.push({ operator: c.operator, key: c.key, values: c.policyValues });
  }
  return out;
}
