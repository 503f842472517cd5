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
import type { LocatedStatement, SimulationEntry } from '../simulate';
import type { Model, ModelPolicy, ModelRole } from '../types';

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

const CACHE = new WeakMap<Model, Map<string, Reach>>();

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
  private readonly trustShapes = new Map<string, { named: ReadonlySet<string>; broad: boolean }>();
  private edges: { readonly out: ReadonlyMap<string, readonly AssumeEdge[]>; readonly into: ReadonlyMap<string, readonly AssumeEdge[]> } | undefined;

  constructor(readonly model: Model, readonly options: ReachOptions) {
    const list: ReachPrincipal[] = [];
    for (const a of model.accounts.values()) {
      for (const user of a.users.values()) list.push({ key: user.arn, principal: { kind: 'user', user } });
      for (const role of a.roles.values()) list.push({ key: role.arn, principal: { kind: 'role', role, sessionName: DEFAULT_SESSION_NAME } });
    }
    this.principals = list;
    for (const p of list) this.byKey.set(p.key, p);
  }

  /** The principal with this user or role ARN. */
  principal(key: string): ReachPrincipal | undefined {
    return this.byKey.get(key);
  }

  /** Evaluates `action` on `resource` for a model principal (cached runner per principal). */
  run(p: ReachPrincipal, action: string, resource: string, context?: Readonly<Record<string, string | readonly string[]>>): SimulationEntry {
    if (context) return this.runnerWith(p.principal, context).run(action, resource);
    let r = this.runners.get(p.key);
    if (!r) this.runners.set(p.key, (r = this.runnerWith(p.principal, {})));
    return r.run(action, resource);
  }

  /** A runner for any principal (model or not) with extra context on top of the options' context. */
  runnerWith(principal: ModelPrincipal, extra: Readonly<Record<string, string | readonly string[]>>, model: Model = this.model): Runner {
    return new Runner(model, principal, undefined, { context: { ...this.options.context, ...extra } }, {
      ...(this.options.catalog ? { catalog: this.options.catalog } : {}), ...(this.options.now ? { now: this.options.now } : {}),
    });
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

  /** Every allowed `sts:AssumeRole` edge between principals of the model (computed once). */
  assumeEdges(): { readonly out: ReadonlyMap<string, readonly AssumeEdge[]>; readonly into: ReadonlyMap<string, readonly AssumeEdge[]> } {
    if (this.edges) return this.edges;
    const out = new Map<string, AssumeEdge[]>();
    const into = new Map<string, AssumeEdge[]>();
    for (const target of this.principals) {
      if (target.principal.kind !== 'role') continue;
      const role = target.principal.role;
      for (const from of this.assumeCandidates(role)) {
        if (from.key === target.key) continue;
        const e = this.assume(from, role);
        if (e.decision !== 'Allowed') continue;
        const edge: AssumeEdge = { from: from.key, role: role.arn, decidedBy: e.decidedBy };
        push(out, from.key, edge);
        push(into, role.arn, edge);
      }
    }
    this.edges = { out, into };
    return this.edges;
  }

  /**
   * The principals worth evaluating for `sts:AssumeRole` on `role`: those its trust policy names
   * (user, role or session ARNs), and, where it names an account, `*` or uses NotPrincipal, those
   * whose identity policies may allow the call.
   */
  assumeCandidates(role: ModelRole): ReachPrincipal[] {
    return this.principals.filter((p) => this.trustAdmits(role, p));
  }

  /** Whether `role`'s trust policy may admit `p` (named, or naming an account/`*` and `p` may allow AssumeRole). */
  trustAdmits(role: ModelRole, p: ReachPrincipal): boolean {
    let t = this.trustShapes.get(role.arn);
    if (!t) this.trustShapes.set(role.arn, (t = trustShape(role)));
    return t.named.has(entityKey(p)) || (t.broad && this.mayAllow(p, 'sts:AssumeRole'));
  }

  /** The principal as shown to users (a user ARN, or a role ARN for role sessions). */
  label(p: ReachPrincipal): string {
    return p.principal.kind === 'role' ? p.principal.role.arn : describePrincipal(p.principal);
  }
}

/** Who a trust policy names for sts:AssumeRole: entity keys, and whether it names an account, `*` or uses NotPrincipal. */
function trustShape(role: ModelRole): { named: ReadonlySet<string>; broad: boolean } {
  const named = new Set<string>();
  let broad = false;
  for (const s of role.trustPolicy?.policy.statements ?? []) {
    if (s.effect !== 'Allow' || !statementCovers(s, 'sts:AssumeRole')) continue;
    if (s.notPrincipal || s.principal?.wildcard) {
      broad = true;
      continue;
    }
    for (const e of s.principal?.aws ?? []) {
      const k = namedKey(e);
      if (k === 'account') broad = true;
      else if (k) named.add(k);
    }
  }
  return { named, broad };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The identity-based policies of a model principal (user + groups, or role). */
export function identityPolicies(model: Model, p: ModelPrincipal): readonly ModelPolicy[] {
  if (p.kind === 'user') {
    const account = model.accounts.get(p.user.account);
    return [...p.user.policies, ...p.user.groups.flatMap((g) => account?.groups.get(g)?.policies ?? [])];
  }
  if (p.kind === 'role') return p.role.policies;
  return [];
}

const globs = new Map<string, CompiledGlob>();

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
  const [, service, account, rest] = m as unknown as [string, string, string, string];
  if (service === 'iam' && rest === 'root') return 'account';
  if (service === 'iam' && rest.startsWith('user/')) return `user:${account}:${rest.slice(rest.lastIndexOf('/') + 1)}`;
  if (service === 'iam' && rest.startsWith('role/')) return `role:${account}:${rest.slice(rest.lastIndexOf('/') + 1).toLowerCase()}`;
  if (service === 'sts' && rest.startsWith('assumed-role/')) return `role:${account}:${(rest.split('/')[1] ?? '').toLowerCase()}`;
  return undefined;
}

export function entityKey(p: ReachPrincipal): string {
  return p.principal.kind === 'user' ? `user:${p.principal.user.account}:${p.principal.user.name}`
    : p.principal.kind === 'role' ? `role:${p.principal.role.account}:${p.principal.role.name.toLowerCase()}` : '';
}
