/**
 * The reachability view of a model, computed once per model (and request context) and shared by
 * who-can, escalation paths, code lenses and `noPath` assertions: the principals of the model,
 * one evaluator {@link Runner} per principal, and the `sts:AssumeRole` edges between them.
 *
 * Every edge is an evaluated request (the evaluator's decision, with the statements that decide),
 * never a guess from policy text. Text is only used to *skip* requests that cannot be allowed: a
 * principal whose identity policies have no Allow statement for an action, and who is not named
 * by the trust policy, is not evaluated for that role.
 */
import type { Catalog } from '../../catalog';
import type { Policy, Statement } from '../../policy/types';
import { compileGlob, type CompiledGlob } from '../../wildcard';
import { DEFAULT_SESSION_NAME, describePrincipal, type ModelPrincipal } from '../principals';
import { Runner } from '../runner';
import { rcpLevels, scpLevels } from '../gather';
import type { LocatedStatement, SimulationEntry } from '../simulate';
import type { Model, ModelPolicy, ModelRole, ModelUser } from '../types';
import { CACHES } from '../../caches';

/** Options shared by every question asked of a {@link Reach}. */
export interface ReachOptions {
  readonly catalog?: Catalog;
  /** The request time (default: now). */
  readonly now?: Date;
  /** Context keys supplied by the user (they override derived keys in every request). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** An `sts:AssumeRole` edge: `from` can assume `role`, decided by these statements. */
export interface AssumeEdge {
  readonly from: string;
  readonly role: string;
  readonly decidedBy: readonly LocatedStatement[];
}

/** A model principal with its key (user or role ARN). */
export interface ReachPrincipal {
  /** The user or role ARN (roles are evaluated as sessions of the role). */
  readonly key: string;
  readonly principal: ModelPrincipal;
}

const CACHE = CACHES.weak<Model, Map<string, Reach>>('reach.graphs');

/** The reachability view of `model` for these options, computed once and cached with the model. */
export function reachOf(model: Model, options: ReachOptions = {}): Reach {
  let byOptions = CACHE.get(model);
  if (!byOptions) CACHE.set(model, (byOptions = new Map()));
  const key = JSON.stringify([options.now?.toISOString() ?? '', options.context ?? {}, options.catalog ? 1 : 0]);
  let reach = byOptions.get(key);
  if (!reach) byOptions.set(key, (reach = new Reach(model, options)));
  return reach;
}

/** See the file comment. Build with {@link reachOf}. */
export class Reach {
  readonly principals: readonly ReachPrincipal[];
  private readonly byKey = new Map<string, ReachPrincipal>();
  private readonly runners = new Map<string, Runner>();
  private readonly assumeRunners = new Map<string, Runner>();
  private readonly allowStatements = new Map<string, readonly Statement[]>();
  private readonly actionMatch = new Map<string, boolean>();
  private readonly trustShapes = new Map<string, TrustShape>();
  private readonly pairs = new Map<string, AssumeEdge | null>();
  private readonly shared = new Map<string, Pick<SimulationEntry, 'decision' | 'decidedBy'>>();
  private readonly signatures = new Map<string, string | null>();
  private readonly trustFree = new Map<string, boolean>();
  private readonly orgFree = new Map<string, boolean>();
  private trusts: { named: Map<string, ModelRole[]>; broad: ModelRole[]; open: ModelRole[] } | undefined;
  private entities: Map<string, ReachPrincipal> | undefined;
  private uniqueIds: Map<string, string> | undefined;
  private assumerList: readonly ReachPrincipal[] | undefined;
  private edges:
    { readonly out: ReadonlyMap<string, readonly AssumeEdge[]>; readonly into: ReadonlyMap<string, readonly AssumeEdge[]> } | undefined;

  constructor(
    readonly model: Model,
    readonly options: ReachOptions,
  ) {
    const list: ReachPrincipal[] = [];
    for (const a of model.accounts.values()) {
      for (const user of a.users.values()) list.push(reachPrincipalOf(user));
      for (const role of a.roles.values()) list.push(reachPrincipalOf(role));
    }
    this.principals = list;
    for (const p of list) this.byKey.set(p.key, p);
  }

  /** The principal with this user or role ARN. */
  principal(key: string): ReachPrincipal | undefined {
    return this.byKey.get(key);
  }

  /** Evaluates `action` on `resource` for a model principal (cached runner per principal). */
  run(
    p: ReachPrincipal,
    action: string,
    resource: string,
    context?: Readonly<Record<string, string | readonly string[]>>,
  ): SimulationEntry {
    if (context) return this.runnerWith(p.principal, context).run(action, resource);
    let r = this.runners.get(p.key);
    if (!r) this.runners.set(p.key, (r = this.runnerWith(p.principal, {})));
    return r.run(action, resource);
  }

  /** A runner for any principal (model or not) with extra context on top of the options' context. */
  runnerWith(principal: ModelPrincipal, extra: Readonly<Record<string, string | readonly string[]>>, model: Model = this.model): Runner {
    return new Runner(
      model,
      principal,
      undefined,
      { context: { ...this.options.context, ...extra } },
      {
        ...(this.options.catalog ? { catalog: this.options.catalog } : {}),
        ...(this.options.now ? { now: this.options.now } : {}),
      },
    );
  }

  /** `sts:AssumeRole` by `p` on `role`, with the session name in the context as STS sets it. */
  assume(p: ReachPrincipal, role: ModelRole): SimulationEntry {
    let r = this.assumeRunners.get(p.key);
    if (!r) this.assumeRunners.set(p.key, (r = this.runnerWith(p.principal, { 'sts:RoleSessionName': DEFAULT_SESSION_NAME })));
    return r.run('sts:AssumeRole', role.arn);
  }

  /**
   * Whether any identity-based Allow statement of `p` names an action matching `action` (ignoring
   * resources and conditions): without one, only a resource policy naming `p` can allow.
   */
  mayAllow(p: ReachPrincipal, action: string): boolean {
    const key = `${p.key}\u0000${action.toLowerCase()}`;
    let hit = this.actionMatch.get(key);
    if (hit === undefined) {
      hit = this.allows(p).some((s) => statementCovers(s, action));
      this.actionMatch.set(key, hit);
    }
    return hit;
  }

  private allows(p: ReachPrincipal): readonly Statement[] {
    let list = this.allowStatements.get(p.key);
    if (!list) {
      list = identityPolicies(this.model, p.principal).flatMap((mp) => mp.policy.statements.filter((s) => s.effect === 'Allow'));
      this.allowStatements.set(p.key, list);
    }
    return list;
  }

  /**
   * The allowed `sts:AssumeRole` edges into `role`, evaluated lazily per (principal, role) pair and
   * memoized. Principals for which `skip` holds are not evaluated (who-can skips principals it has
   * already answered for): only the candidates of {@link assumeCandidates} are.
   */
  assumeInto(role: ModelRole, skip?: (key: string) => boolean): AssumeEdge[] {
    const out: AssumeEdge[] = [];
    for (const from of this.assumeCandidates(role)) {
      if (from.key === role.arn || skip?.(from.key)) continue;
      const edge = this.assumeEdge(from, role);
      if (edge) out.push(edge);
    }
    return out;
  }

  /** The allowed `sts:AssumeRole` edge from `p` to `role`, if any (memoized). */
  assumeEdge(p: ReachPrincipal, role: ModelRole): AssumeEdge | undefined {
    const key = `${p.key}\u0000${role.arn}`;
    let hit = this.pairs.get(key);
    if (hit === undefined) {
      const e = this.assumeOutcome(p, role);
      hit = e.decision === 'Allowed' ? { from: p.key, role: role.arn, decidedBy: e.decidedBy } : null;
      this.pairs.set(key, hit);
    }
    return hit ?? undefined;
  }

  /**
   * `sts:AssumeRole` by `p` on `role`, shared between principals whose outcome cannot differ: when
   * the trust policy admits `p` only through its account, and no statement that names the action in
   * the trust policy, `p`'s identity policies, boundary, SCPs or RCPs has a condition or a policy
   * variable, the decision and its deciding statements depend only on those policies — the same
   * for every principal of the same kind, account and policies.
   */
  assumeOutcome(p: ReachPrincipal, role: ModelRole): Pick<SimulationEntry, 'decision' | 'decidedBy'> {
    const signature = this.assumeSignature(p, role);
    if (signature === undefined) return this.assume(p, role);
    const key = `${signature}\u0000${role.arn}`;
    let hit = this.shared.get(key);
    if (!hit) {
      const e = this.assume(p, role);
      this.shared.set(key, (hit = { decision: e.decision, decidedBy: e.decidedBy }));
    }
    return hit;
  }

  private assumeSignature(p: ReachPrincipal, role: ModelRole): string | undefined {
    const t = this.trustShapeOf(role);
    if (t.open || t.named.has(entityKey(p)) || !this.trustContextFree(role)) return undefined;
    let sig = this.signatures.get(p.key);
    if (sig === undefined) this.signatures.set(p.key, (sig = this.identitySignature(p) ?? null));
    return sig ?? undefined;
  }

  /** The identity side of `p` as a key, when nothing in it that names sts:AssumeRole depends on the request context. */
  private identitySignature(p: ReachPrincipal): string | undefined {
    const pr = p.principal;
    if (pr.kind !== 'user' && pr.kind !== 'role') return undefined;
    const account = pr.kind === 'user' ? pr.user.account : pr.role.account;
    const boundary = pr.kind === 'user' ? pr.user.permissionsBoundary : pr.role.permissionsBoundary;
    const identity = identityPolicies(this.model, pr);
    const policies = [...identity, ...(boundary ? [boundary] : [])];
    if (!policies.every((mp) => contextFree(mp.policy, 'sts:AssumeRole'))) return undefined;
    if (!this.orgContextFree(account)) return undefined;
    const mfa = pr.kind === 'role' && pr.mfa === true;
    return `${pr.kind}|${account}|${mfa}|${identity.map((mp) => policyId(mp)).join(',')}|${boundary ? policyId(boundary) : ''}`;
  }

  private trustContextFree(role: ModelRole): boolean {
    let hit = this.trustFree.get(role.arn);
    if (hit === undefined) {
      const trust = role.trustPolicy?.policy;
      hit =
        trust !== undefined &&
        contextFree(trust, 'sts:AssumeRole') &&
        trust.statements.every(
          (s) =>
            !statementCovers(s, 'sts:AssumeRole') ||
            (!s.notPrincipal && !s.principal?.wildcard && (s.principal?.aws ?? []).every((e) => namedKey(e) === 'account')),
        ) &&
        this.orgContextFree(role.account, true);
      this.trustFree.set(role.arn, hit);
    }
    return hit;
  }

  /** Whether the SCPs (or RCPs) of the account have no conditions or variables in statements naming sts:AssumeRole. */
  private orgContextFree(account: string, rcps = false): boolean {
    const key = `${rcps ? 'rcp' : 'scp'}:${account}`;
    let hit = this.orgFree.get(key);
    if (hit === undefined) {
      const a = this.model.accounts.get(account);
      const levels = rcps ? rcpLevels(this.model, a) : scpLevels(this.model, a);
      hit = levels.every((l) => l.every((mp) => contextFree(mp.policy, 'sts:AssumeRole')));
      this.orgFree.set(key, hit);
    }
    return hit;
  }

  /** Every allowed `sts:AssumeRole` edge between principals of the model (computed once; prefer {@link assumeInto}). */
  assumeEdges(): { readonly out: ReadonlyMap<string, readonly AssumeEdge[]>; readonly into: ReadonlyMap<string, readonly AssumeEdge[]> } {
    if (this.edges) return this.edges;
    const out = new Map<string, AssumeEdge[]>();
    const into = new Map<string, AssumeEdge[]>();
    for (const target of this.principals) {
      if (target.principal.kind !== 'role') continue;
      for (const edge of this.assumeInto(target.principal.role)) {
        push(out, edge.from, edge);
        push(into, edge.role, edge);
      }
    }
    this.edges = { out, into };
    return this.edges;
  }

  /**
   * The principals worth evaluating for `sts:AssumeRole` on `role` (a superset of those allowed):
   * those its trust policy names (user, role or session ARNs, unique IDs); where it names an
   * account, those whose identity-based Allow statements name `sts:AssumeRole` on a resource
   * matching the role (an account grant needs the identity side); where it names `*` or uses
   * NotPrincipal, every principal (such a grant needs no identity policy in the same account).
   */
  assumeCandidates(role: ModelRole): readonly ReachPrincipal[] {
    const t = this.trustShapeOf(role);
    if (t.open) return this.principals;
    const out: ReachPrincipal[] = [];
    const seen = new Set<string>();
    for (const k of t.named) {
      const p = this.byEntity().get(k);
      if (p && !seen.has(p.key)) {
        seen.add(p.key);
        out.push(p);
      }
    }
    if (t.broad) {
      for (const p of this.assumers()) {
        if (seen.has(p.key) || !this.mayAllowOn(p, 'sts:AssumeRole', role.arn)) continue;
        seen.add(p.key);
        out.push(p);
      }
    }
    return out;
  }

  /** The roles `p` may be able to assume (a superset of those it can: the inverse of {@link assumeCandidates}). */
  assumableRoles(p: ReachPrincipal): readonly ModelRole[] {
    const index = this.trustIndex();
    const out = new Set<ModelRole>(index.open);
    for (const r of index.named.get(entityKey(p)) ?? []) out.add(r);
    if (this.mayAllow(p, 'sts:AssumeRole')) for (const r of index.broad) if (this.mayAllowOn(p, 'sts:AssumeRole', r.arn)) out.add(r);
    return [...out];
  }

  /** Whether `role`'s trust policy may admit `p` (see {@link assumeCandidates}). */
  trustAdmits(role: ModelRole, p: ReachPrincipal): boolean {
    const t = this.trustShapeOf(role);
    return t.open || t.named.has(entityKey(p)) || (t.broad && this.mayAllowOn(p, 'sts:AssumeRole', role.arn));
  }

  /**
   * Whether an identity-based Allow statement of `p` names `action` and a resource pattern that
   * may match `resource` (policy variables taken as wildcards, NotResource as matching; conditions
   * ignored): without one, only a resource policy can allow the request.
   */
  mayAllowOn(p: ReachPrincipal, action: string, resource: string): boolean {
    // ${aws:username} is the user's name for a user (reference_policies_variables.md); other variables match anything.
    const username = p.principal.kind === 'user' ? p.principal.user.name : undefined;
    return this.allows(p).some(
      (s) =>
        statementCovers(s, action) &&
        (s.notResource !== undefined || (s.resource ?? []).some((r) => resourceGlob(r, username).matches(resource))),
    );
  }

  private trustShapeOf(role: ModelRole): TrustShape {
    let t = this.trustShapes.get(role.arn);
    if (!t) this.trustShapes.set(role.arn, (t = trustShape(role, this.ids())));
    return t;
  }

  /** Roles by how their trust policies name principals (built once). */
  private trustIndex(): { named: Map<string, ModelRole[]>; broad: ModelRole[]; open: ModelRole[] } {
    if (this.trusts) return this.trusts;
    const named = new Map<string, ModelRole[]>();
    const broad: ModelRole[] = [];
    const open: ModelRole[] = [];
    for (const p of this.principals) {
      if (p.principal.kind !== 'role') continue;
      const role = p.principal.role;
      const t = this.trustShapeOf(role);
      if (t.open) open.push(role);
      if (t.broad) broad.push(role);
      for (const k of t.named) push(named, k, role);
    }
    return (this.trusts = { named, broad, open });
  }

  /** Principals by entity key. */
  private byEntity(): Map<string, ReachPrincipal> {
    if (!this.entities) {
      this.entities = new Map();
      for (const p of this.principals) this.entities.set(entityKey(p), p);
    }
    return this.entities;
  }

  /** Unique IDs (AIDA…/AROA…) of users and roles → entity keys. */
  private ids(): Map<string, string> {
    if (!this.uniqueIds) {
      this.uniqueIds = new Map();
      for (const p of this.principals) {
        const id =
          p.principal.kind === 'user' ? p.principal.user.userId : p.principal.kind === 'role' ? p.principal.role.roleId : undefined;
        if (id) this.uniqueIds.set(id, entityKey(p));
      }
    }
    return this.uniqueIds;
  }

  /** Principals with an identity-based Allow statement naming `sts:AssumeRole`. */
  private assumers(): readonly ReachPrincipal[] {
    return (this.assumerList ??= this.principals.filter((p) => this.mayAllow(p, 'sts:AssumeRole')));
  }

  /** The principal as shown to users (a user ARN, or a role ARN for role sessions). */
  label(p: ReachPrincipal): string {
    return p.principal.kind === 'role' ? p.principal.role.arn : describePrincipal(p.principal);
  }
}

/**
 * Who a trust policy names for sts:AssumeRole: entity keys; whether it names an account (`broad`:
 * the identity side must allow too); whether it names `*`, uses NotPrincipal (`open`).
 */
interface TrustShape {
  readonly named: ReadonlySet<string>;
  readonly broad: boolean;
  readonly open: boolean;
}

function trustShape(role: ModelRole, ids: ReadonlyMap<string, string>): TrustShape {
  const named = new Set<string>();
  let broad = false;
  let open = false;
  for (const s of role.trustPolicy?.policy.statements ?? []) {
    if (s.effect !== 'Allow' || !statementCovers(s, 'sts:AssumeRole')) continue;
    if (s.notPrincipal || s.principal?.wildcard) {
      open = true;
      continue;
    }
    for (const e of s.principal?.aws ?? []) {
      if (e === '*') open = true;
      const id = ids.get(e);
      if (id) named.add(id);
      const k = namedKey(e);
      if (k === 'account') broad = true;
      else if (k) named.add(k);
    }
  }
  return { named, broad, open };
}

/** Whether no statement of `policy` that names `action` has a condition or a policy variable in its resources. */
function contextFree(policy: Policy, action: string): boolean {
  return policy.statements.every(
    (s) =>
      !statementCovers(s, action) ||
      (s.conditions.length === 0 && ![...(s.resource ?? []), ...(s.notResource ?? [])].some((r) => r.includes('${'))),
  );
}

const policyIds = CACHES.weak<Policy, number>('reach.policyIds');
let nextPolicyId = 0;

/** A key per policy: a managed policy by ARN and where its document is, any other by its object. */
function policyId(mp: ModelPolicy): string {
  if (mp.arn) return `${mp.arn}@${mp.source.file}#${mp.source.path.join('/')}`;
  let id = policyIds.get(mp.policy);
  if (id === undefined) policyIds.set(mp.policy, (id = nextPolicyId++));
  return `#${id}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The identity-based policies of a model principal (user + groups, or role). */
export function identityPolicies(model: Model, p: ModelPrincipal): readonly ModelPolicy[] {
  if (p.kind === 'user') return [...p.user.policies, ...groupPolicies(model, p.user.account, p.user.groups)];
  if (p.kind === 'role') return p.role.policies;
  return [];
}

/** The policies of the groups named, in the account (groups the model does not have hold none). */
export function groupPolicies(model: Model, account: string, groups: readonly string[]): ModelPolicy[] {
  const inAccount = model.accounts.get(account);
  return groups.flatMap((g) => inAccount?.groups.get(g)?.policies ?? []);
}

/** A model user or role as a principal of the view: users as themselves, roles as sessions of the role. */
export function reachPrincipalOf(entity: ModelUser | ModelRole): ReachPrincipal {
  return entity.kind === 'user'
    ? { key: entity.arn, principal: { kind: 'user', user: entity } }
    : { key: entity.arn, principal: { kind: 'role', role: entity, sessionName: DEFAULT_SESSION_NAME } };
}

const globs = CACHES.map<string, CompiledGlob>('reach.actionGlobs');
const resourceGlobs = CACHES.map<string, CompiledGlob>('reach.resourceGlobs');

/** A Resource pattern as a glob over ARNs: `${aws:username}` as `username` when given, other policy variables as `*`. */
function resourceGlob(pattern: string, username?: string): CompiledGlob {
  let text = pattern;
  if (text.includes('${')) {
    if (username !== undefined) text = text.replace(/\$\{aws:username\}/gi, () => username.replace(/[*?]/g, ''));
    text = text.replace(/\$\{[^}]*\}/g, '*');
  }
  let g = resourceGlobs.get(text);
  if (!g) resourceGlobs.set(text, (g = compileGlob(text, { ignoreCase: true })));
  return g;
}

function glob(pattern: string): CompiledGlob {
  let g = globs.get(pattern);
  if (!g) globs.set(pattern, (g = compileGlob(pattern, { ignoreCase: true })));
  return g;
}

/** Whether a statement's Action/NotAction covers `action` (resources and conditions not considered). */
export function statementCovers(s: Statement, action: string): boolean {
  if (s.action) return s.action.some((a) => glob(a).matches(action));
  if (s.notAction) return !s.notAction.some((a) => glob(a).matches(action));
  return false;
}

/** Whether any statement of the policy with this effect covers `action`. */
export function policyCovers(policy: Policy, effect: 'Allow' | 'Deny', action: string): boolean {
  return policy.statements.some((s) => s.effect === effect && statementCovers(s, action));
}

/** `user:<account>:<name>` / `role:<account>:<name>` for a Principal entry; 'account' for an account; undefined otherwise. */
function namedKey(entry: string): string | undefined {
  if (/^\d{12}$/.test(entry)) return 'account';
  const m = /^arn:[^:]+:(iam|sts)::(\d{12}):(.*)$/.exec(entry);
  if (!m) return undefined;
  const [, service, account, rest = ''] = m;
  if (service === 'iam' && rest === 'root') return 'account';
  if (service === 'iam' && rest.startsWith('user/')) return `user:${account}:${rest.slice(rest.lastIndexOf('/') + 1)}`;
  if (service === 'iam' && rest.startsWith('role/')) return `role:${account}:${rest.slice(rest.lastIndexOf('/') + 1).toLowerCase()}`;
  if (service === 'sts' && rest.startsWith('assumed-role/')) return `role:${account}:${(rest.split('/')[1] ?? '').toLowerCase()}`;
  return undefined;
}

export function entityKey(p: ReachPrincipal): string {
  return p.principal.kind === 'user'
    ? `user:${p.principal.user.account}:${p.principal.user.name}`
    : p.principal.kind === 'role'
      ? `role:${p.principal.role.account}:${p.principal.role.name.toLowerCase()}`
      : '';
}
