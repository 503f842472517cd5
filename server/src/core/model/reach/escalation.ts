/**
 * Privilege-escalation paths: the ways a principal can gain the permissions of another principal
 * or of a full administrator, over the graph of {@link Reach}. Nodes are principals of the model,
 * and principals changed by a method (an admin policy written onto them, a group joined, a
 * boundary removed, another policy version made default). Every edge and every change is a set of
 * evaluated requests (iam:PassRole with iam:PassedToService, lambda:CreateFunction, …), so SCPs,
 * boundaries, resource policies and conditions decide as they do in AWS; a blocked method is not
 * a path. Methods come from `methods.json` (pathfinding.cloud's catalog).
 *
 * A principal is a full administrator when it may make a handful of representative requests across
 * services on resources of its account (see {@link ADMIN_PROBES}).
 */
import { parsePolicy } from '../../policy/parse';
import type { Policy } from '../../policy/types';
import { DEFAULT_SESSION_NAME, type ModelPrincipal } from '../principals';
import type { Runner } from '../runner';
import type { LocatedStatement, SimulationEntry } from '../simulate';
import type { Model, ModelAccount, ModelGroup, ModelPolicy, ModelResource, ModelRole, ModelUser } from '../types';
import { computeKind, compositeOf, METHODS, type Method, type MethodStep, type PassRoleMethod } from './methods';
import { Reach, groupPolicies, identityPolicies, reachPrincipalOf, type ReachPrincipal } from './reach';
import { CACHES } from '../../caches';

/** One request of a path: who makes it, with which method, and the statements that allowed it. */
export interface PathStep {
  /** The method's catalog id (`iam-002`) or action. */
  readonly method: string;
  readonly name: string;
  readonly action: string;
  readonly resource: string;
  /** The principal making the request (user or role ARN). */
  readonly principal: string;
  readonly decidedBy: readonly LocatedStatement[];
}

/** A way from one principal to another principal's permissions or to full administrator. */
export interface EscalationPath {
  readonly from: string;
  /** `admin`, or the ARN of the target principal. */
  readonly to: string;
  /** For `admin`: the account administered. */
  readonly account?: string;
  /** The principal whose permissions are gained last (a role or user ARN). */
  readonly via: string;
  /** Catalog ids of the methods, in order (a modification followed by becoming the principal uses the combined id). */
  readonly methods: readonly string[];
  readonly steps: readonly PathStep[];
}

/** Representative requests a full administrator may make ({account}, {region}, {partition}). */
export const ADMIN_PROBES: readonly Required<MethodStep>[] = [
  { action: 'iam:CreateUser', resource: 'arn:{partition}:iam::{account}:user/iam-policy-studio-probe' },
  { action: 'iam:PutRolePolicy', resource: 'arn:{partition}:iam::{account}:role/iam-policy-studio-probe' },
  { action: 's3:GetObject', resource: 'arn:{partition}:s3:::iam-policy-studio-probe/probe' },
  { action: 'ec2:RunInstances', resource: 'arn:{partition}:ec2:{region}:{account}:instance/*' },
  { action: 'lambda:CreateFunction', resource: 'arn:{partition}:lambda:{region}:{account}:function:iam-policy-studio-probe' },
  { action: 'kms:Decrypt', resource: 'arn:{partition}:kms:{region}:{account}:key/00000000-0000-0000-0000-000000000000' },
  { action: 'secretsmanager:GetSecretValue', resource: 'arn:{partition}:secretsmanager:{region}:{account}:secret:iam-policy-studio-probe' },
];

const NEW_NAME = 'iam-policy-studio-escalation';

/** Up to this many changes on offer for one principal, every combination (of up to 3) is tried. */
const FEW_CHANGES = 6;

function document(statement: Record<string, unknown>, id: string): Policy {
  return parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { id, source: `escalation:${id}` }).policy;
}

/** The inline policy an attacker writes: Allow * on *. */
const ADMIN_POLICY: ModelPolicy = {
  name: 'policy written by the escalation (Allow * on *)',
  kind: 'inline',
  policy: document({ Effect: 'Allow', Action: '*', Resource: '*' }, 'admin'),
  source: { file: 'escalation:admin', path: [] },
};

/** A principal of the graph: a model principal, possibly changed by methods. */
interface Node {
  readonly key: string;
  /** The model principal's key (user or role ARN). */
  readonly base: string;
  readonly account: string;
  /** The model principal as it is, before the changes. */
  readonly original: ModelPrincipal;
  readonly rp: ReachPrincipal;
  readonly changes: readonly string[];
}

interface Edge {
  readonly to: Node;
  readonly steps: readonly PathStep[];
}

interface Mod {
  /** The model principal changed. */
  readonly target: string;
  readonly change: string;
  readonly steps: readonly PathStep[];
}

/** A node a search has reached, and how: from another held node by an edge, or changed by a held actor's modification. */
interface Held {
  readonly node: Node;
  readonly via: Via;
}

type Via =
  | { readonly kind: 'start' }
  | { readonly kind: 'edge'; readonly from: Held; readonly edge: Edge }
  | { readonly kind: 'mod'; readonly actor: Held; readonly target: Held; readonly mod: Mod };

/** The edges found from one node so far. */
interface EdgeSet {
  /** Whether `arn` is the node's own principal or a target already reached. */
  done(arn: string): boolean;
  /** An edge to `to` (a role reached with MFA carries it when `carriesMfa`). */
  add(to: ModelUser | ModelRole, steps: PathStep[], carriesMfa?: boolean): void;
}

/** A group of the model with its account and members. */
interface GroupMembers {
  readonly group: ModelGroup;
  readonly account: ModelAccount;
  readonly members: readonly ModelUser[];
}

const CACHE = CACHES.weak<Reach, Escalation>('reach.escalations');

/** The escalation graph of a reachability view (built lazily, cached with it). */
export function escalationOf(reach: Reach): Escalation {
  let e = CACHE.get(reach);
  if (!e) CACHE.set(reach, (e = new Escalation(reach)));
  return e;
}

/** See the file comment. */
export class Escalation {
  private readonly model: Model;
  private readonly nodes = new Map<string, Node>();
  private readonly edges = new Map<string, readonly Edge[]>();
  private readonly mods = new Map<string, readonly Mod[]>();
  private readonly admin = new Map<string, boolean>();
  private readonly runners = new Map<string, Runner>();
  private readonly serviceTrust = new Map<string, boolean>();
  private readonly region: string;
  private readonly compute: readonly { resource: ModelResource; kind: string; role: ModelRole }[];
  private readonly withPolicy = new Map<string, { arn: string; holders: string[] }>();

  constructor(readonly reach: Reach) {
    this.model = reach.model;
    this.region = this.model.defaultRegion ?? 'us-east-1';
    const compute: { resource: ModelResource; kind: string; role: ModelRole }[] = [];
    for (const a of this.model.accounts.values()) {
      for (const r of a.resources) {
        const kind = r.runsAs ? computeKind(r.arn) : undefined;
        const role = r.runsAs ? this.roleByArn(r.runsAs) : undefined;
        if (kind && role) compute.push({ resource: r, kind, role });
      }
    }
    this.compute = compute;
    for (const p of reach.principals) {
      for (const mp of identityPolicies(this.model, p.principal)) {
        if (mp.kind !== 'customer-managed' || !mp.arn) continue;
        const k = mp.arn.toLowerCase();
        const entry = this.withPolicy.get(k) ?? { arn: mp.arn, holders: [] };
        if (!entry.holders.includes(p.key)) entry.holders.push(p.key);
        this.withPolicy.set(k, entry);
      }
    }
  }

  /** The shortest path from `from` (a user or role ARN) to full administrator, if any. */
  toAdmin(from: string): EscalationPath | undefined {
    const start = this.node(from);
    if (!start || this.isAdmin(start)) return undefined;
    return this.search(start, (n) => this.isAdmin(n), 'admin');
  }

  /** The shortest path from `from` to holding `to`'s permissions (both user or role ARNs). */
  toPrincipal(from: string, to: string): EscalationPath | undefined {
    const start = this.node(from);
    if (!start || from === to) return undefined;
    return this.search(start, (n) => n.base === to, to);
  }

  /** Whether a model principal (user or role ARN) is a full administrator as it is. */
  isAdminPrincipal(key: string): boolean {
    const n = this.node(key);
    return n !== undefined && this.isAdmin(n);
  }

  private search(start: Node, goal: (n: Node) => boolean, to: string): EscalationPath | undefined {
    const first: Held = { node: start, via: { kind: 'start' } };
    const held = new Map<string, Held>([[start.key, first]]);
    const byBase = new Map<string, Held[]>([[start.base, [first]]]);
    const pending = new Map<string, { actor: Held; mod: Mod }[]>();
    // Changes offered for each base principal, and its held node with the most changes: with many
    // changes on offer, changed nodes are derived from the unchanged node (one change) and from
    // that node (all changes so far) instead of every combination.
    const offered = new Map<string, Set<string>>();
    const richest = new Map<string, Node>();
    const queue: Held[] = [first];
    let found: Held | undefined;
    // The goal is checked when a node is first reached: breadth-first, so the path is as short.
    const hold = (n: Node, via: Via) => {
      if (held.has(n.key) || found) return;
      const h: Held = { node: n, via };
      held.set(n.key, h);
      push(byBase, n.base, h);
      const r = richest.get(n.base);
      if (!r || n.changes.length > r.changes.length) richest.set(n.base, n);
      if (goal(n)) found = h;
      else queue.push(h);
    };
    const derive = (target: Held, actor: Held, mod: Mod) => {
      const h = target.node;
      if (h.changes.includes(mod.change) || h.changes.length >= 3) return;
      const few = (offered.get(h.base)?.size ?? 0) <= FEW_CHANGES;
      if (!few && h.changes.length > 0 && richest.get(h.base) !== h) return;
      hold(this.derived(h, mod.change), { kind: 'mod', actor, target, mod });
    };
    for (const current of queue) {
      if (found) break;
      const n = current.node;
      // An administrator needs no further steps; do not expand it (paths end there).
      if (n !== start && this.isAdmin(n)) continue;
      for (const e of this.edgesFrom(n)) hold(e.to, { kind: 'edge', from: current, edge: e });
      for (const m of this.modsFrom(n)) {
        if (found) break;
        push(pending, m.target, { actor: current, mod: m });
        let set = offered.get(m.target);
        if (!set) offered.set(m.target, (set = new Set()));
        set.add(m.change);
        for (const h of [...(byBase.get(m.target) ?? [])]) derive(h, current, m);
      }
      for (const p of pending.get(n.base) ?? []) if (p.actor !== current) derive(current, p.actor, p.mod);
    }
    return found ? this.path(start, found, to) : undefined;
  }

  private path(start: Node, end: Held, to: string): EscalationPath {
    const memo = new Map<Held, PathStep[]>();
    const stepsOf = (h: Held): PathStep[] => {
      const hit = memo.get(h);
      if (hit) return hit;
      const v = h.via;
      let out: PathStep[] = [];
      if (v.kind === 'edge') out = [...stepsOf(v.from), ...v.edge.steps];
      else if (v.kind === 'mod') {
        const before = stepsOf(v.actor);
        const seen = new Set(before);
        out = [...before, ...v.mod.steps, ...stepsOf(v.target).filter((s) => !seen.has(s))];
      }
      memo.set(h, out);
      return out;
    };
    const steps = stepsOf(end);
    return {
      from: start.base,
      to,
      via: end.node.base,
      methods: methodsOf(steps),
      steps,
      ...(to === 'admin' ? { account: end.node.account } : {}),
    };
  }

  // ---- nodes ----------------------------------------------------------------------------------

  /** The node of a user or role ARN; undefined when the model has no such principal. */
  private node(key: string): Node | undefined {
    const n = this.nodes.get(key);
    if (n) return n;
    const rp = this.reach.principal(key);
    return rp && this.baseNode(rp);
  }

  /** The node of a model user or role: each is a principal of the reachability view, under its ARN. */
  private nodeOf(entity: ModelUser | ModelRole): Node {
    return this.nodes.get(entity.arn) ?? this.baseNode(this.reach.principal(entity.arn) ?? reachPrincipalOf(entity));
  }

  private baseNode(rp: ReachPrincipal): Node {
    const n: Node = { key: rp.key, base: rp.key, account: accountOf(rp.principal), original: rp.principal, rp, changes: [] };
    this.nodes.set(rp.key, n);
    return n;
  }

  private derived(n: Node, change: string): Node {
    const changes = [...n.changes, change].sort();
    const key = `${n.base}|${changes.join('|')}`;
    let d = this.nodes.get(key);
    if (!d) {
      d = { key, base: n.base, account: n.account, original: n.original, rp: { key, principal: this.apply(n.original, changes) }, changes };
      this.nodes.set(key, d);
    }
    return d;
  }

  /** The principal after the changes: an admin policy written, a group joined, no boundary, another policy version. */
  private apply(p: ModelPrincipal, changes: readonly string[]): ModelPrincipal {
    if (p.kind !== 'user' && p.kind !== 'role') return p;
    let policies = [...(p.kind === 'user' ? p.user.policies : p.role.policies)];
    let groups = p.kind === 'user' ? [...p.user.groups] : [];
    let boundary = p.kind === 'user' ? p.user.permissionsBoundary : p.role.permissionsBoundary;
    for (const c of changes) {
      if (c === 'admin-policy') policies.push(ADMIN_POLICY);
      else if (c === 'no-boundary') boundary = undefined;
      else if (c === 'mfa') continue;
      else if (c.startsWith('group:')) groups.push(c.slice(6));
      else if (c.startsWith('version:')) {
        const hash = c.indexOf('#', 8);
        const arn = c.slice(8, hash);
        const vid = c.slice(hash + 1);
        // Flatten group policies so the new default version replaces the policy wherever it is attached.
        const all = [...policies, ...groupPolicies(this.model, p.kind === 'user' ? p.user.account : p.role.account, groups)];
        groups = [];
        policies = all.map((mp) => {
          const v = mp.arn?.toLowerCase() === arn ? mp.versions?.find((x) => x.versionId === vid) : undefined;
          return v ? { ...mp, name: `${mp.name} (version ${vid})`, policy: v.policy, source: v.source } : mp;
        });
      }
    }
    if (p.kind === 'user') {
      const { permissionsBoundary: _, ...rest } = p.user;
      const user: ModelUser = { ...rest, policies, groups, ...(boundary ? { permissionsBoundary: boundary } : {}) };
      return { kind: 'user', user };
    }
    const { permissionsBoundary: _, ...rest } = p.role;
    const role: ModelRole = { ...rest, policies, ...(boundary ? { permissionsBoundary: boundary } : {}) };
    return { ...p, role, ...(changes.includes('mfa') ? { mfa: true } : {}) };
  }

  private isAdmin(n: Node): boolean {
    let hit = this.admin.get(n.key);
    if (hit === undefined) {
      hit = ADMIN_PROBES.every((probe) => this.run(n, probe.action, this.fill(probe.resource, n.account)).decision === 'Allowed');
      this.admin.set(n.key, hit);
    }
    return hit;
  }

  // ---- requests -------------------------------------------------------------------------------

  private run(n: Node, action: string, resource: string, context: Readonly<Record<string, string>> = {}, model?: Model): SimulationEntry {
    const ctxKey = JSON.stringify(context);
    if (model) return this.reach.runnerWith(n.rp.principal, context, model).run(action, resource);
    const key = `${n.key}\u0000${ctxKey}`;
    let r = this.runners.get(key);
    if (!r) this.runners.set(key, (r = this.reach.runnerWith(n.rp.principal, context)));
    return r.run(action, resource);
  }

  private step(n: Node, m: Method, action: string, resource: string, e: Pick<SimulationEntry, 'decidedBy'>): PathStep {
    return { method: m.id, name: m.name, action, resource, principal: n.base, decidedBy: e.decidedBy };
  }

  /** Evaluates every action of `m` on `resource` for `n`; the steps when all are allowed. */
  private all(n: Node, m: Method, resource: string): PathStep[] | undefined {
    const out: PathStep[] = [];
    // IAM users, groups, roles and policies have no resource-based policy (trust policies only
    // decide sts:): without an identity-based Allow naming the action and resource, nothing allows.
    const iam = /^arn:[^:]+:iam::/.test(resource);
    if (iam && !(m.actions ?? []).every((a) => /^sts:/i.test(a) || this.reach.mayAllowOn(n.rp, a, resource))) return undefined;
    for (const action of m.actions ?? []) {
      const e = this.run(n, action, resource, m.context);
      if (e.decision !== 'Allowed') return undefined;
      out.push(this.step(n, m, action, resource, e));
    }
    return out;
  }

  private may(n: Node, actions: readonly string[]): boolean {
    return actions.every((a) => this.reach.mayAllow(n.rp, a));
  }

  private fill(template: string, account: string, name = NEW_NAME): string {
    return template
      .replace(/\{partition\}/g, 'aws')
      .replace(/\{region\}/g, this.region)
      .replace(/\{account\}/g, account)
      .replace(/\{new\}/g, name);
  }

  // ---- edges: ways to hold another principal's credentials ------------------------------------

  private edgesFrom(n: Node): readonly Edge[] {
    let list = this.edges.get(n.key);
    if (list) return list;
    const out = new Map<string, Edge>();
    // A role session created by a principal signed in with MFA has MFA too (aws:MultiFactorAuthPresent carries over).
    const mfa =
      (n.rp.principal.kind === 'user' && n.rp.principal.user.mfa === true) ||
      (n.rp.principal.kind === 'role' && n.rp.principal.mfa === true);
    const edges: EdgeSet = {
      done: (arn) => arn === n.base || out.has(arn),
      add: (to, steps, carriesMfa = false) => {
        if (to.arn === n.base || out.has(to.arn)) return;
        const target = this.nodeOf(to);
        out.set(to.arn, { to: carriesMfa && mfa && target.rp.principal.kind === 'role' ? this.derived(target, 'mfa') : target, steps });
      },
    };
    for (const m of METHODS) {
      if (m.kind === 'assume') this.assumeEdges(n, m, edges);
      else if (m.kind === 'credentials') this.credentialEdges(n, m, edges);
      else if (m.kind === 'trust-update') this.trustUpdateEdges(n, m, edges);
      else if (m.kind === 'passrole') this.passRoleEdges(n, m, edges);
      else if (m.kind === 'compute') this.computeEdges(n, m, edges);
    }
    list = [...out.values()];
    this.edges.set(n.key, list);
    return list;
  }

  /** sts:AssumeRole into the roles whose trust policy may admit `n`. */
  private assumeEdges(n: Node, m: Method, edges: EdgeSet): void {
    for (const r of this.reach.assumableRoles(n.rp)) {
      if (edges.done(r.arn)) continue;
      const e = this.reach.assumeOutcome(n.rp, r);
      if (e.decision === 'Allowed') edges.add(r, [this.step(n, m, 'sts:AssumeRole', r.arn, e)], true);
    }
  }

  /** New credentials for another user (an access key, a login profile…). */
  private credentialEdges(n: Node, m: Method, edges: EdgeSet): void {
    if (!this.may(n, m.actions ?? [])) return;
    for (const u of this.users()) {
      if (edges.done(u.arn)) continue;
      const steps = this.all(n, m, u.arn);
      if (steps) edges.add(u, steps);
    }
  }

  /** A role's trust policy rewritten to trust `n`, then sts:AssumeRole. */
  private trustUpdateEdges(n: Node, m: Method, edges: EdgeSet): void {
    if (!this.may(n, m.actions ?? [])) return;
    for (const r of this.roles()) {
      if (edges.done(r.arn) || r.arn.includes(':role/aws-service-role/')) continue;
      const steps = this.all(n, m, r.arn);
      if (!steps) continue;
      const e = this.run(n, 'sts:AssumeRole', r.arn, { 'sts:RoleSessionName': DEFAULT_SESSION_NAME }, this.trusting(r, n));
      if (e.decision === 'Allowed') edges.add(r, [...steps, this.step(n, m, 'sts:AssumeRole', r.arn, e)], true);
    }
  }

  /** A role of the account passed to a service that trusts it, which then runs as the role. */
  private passRoleEdges(n: Node, m: PassRoleMethod, edges: EdgeSet): void {
    if (!this.may(n, ['iam:PassRole', ...(m.steps ?? []).map((s) => s.action)])) return;
    for (const r of this.roles()) {
      if (edges.done(r.arn) || r.account !== n.account || !this.trustsService(r, m.service)) continue;
      if (m.instanceProfile && r.instanceProfiles !== undefined && r.instanceProfiles.length === 0) continue;
      const steps = this.passRole(n, m, r);
      if (steps) edges.add(r, steps);
    }
  }

  /** Existing compute of the model that runs as a role, changed by `n` to run its code. */
  private computeEdges(n: Node, m: Method, edges: EdgeSet): void {
    for (const c of this.compute) {
      if (c.kind !== m.compute || edges.done(c.role.arn)) continue;
      if (
        !this.may(
          n,
          (m.steps ?? []).map((s) => s.action),
        )
      )
        return;
      const steps: PathStep[] = [];
      for (const s of m.steps ?? []) {
        // A step with a resource template acts on something new (a lifecycle configuration…), else on the compute.
        const hit = (s.resource ? this.candidates(n, s) : [c.resource.arn])
          .map((res) => [res, this.run(n, s.action, res)] as const)
          .find(([, e]) => e.decision === 'Allowed');
        if (!hit) break;
        steps.push(this.step(n, m, s.action, hit[0], hit[1]));
      }
      if (steps.length === (m.steps ?? []).length) edges.add(c.role, steps);
    }
  }

  /** iam:PassRole to the service, then the service's steps on a resource the caller may name. */
  private passRole(n: Node, m: PassRoleMethod, r: ModelRole): PathStep[] | undefined {
    const pass = this.run(n, 'iam:PassRole', r.arn, { 'iam:PassedToService': m.service });
    if (pass.decision !== 'Allowed') return undefined;
    const steps = [this.step(n, m, 'iam:PassRole', r.arn, pass)];
    for (const s of m.steps ?? []) {
      const hit = this.candidates(n, s)
        .map((res) => [res, this.run(n, s.action, res)] as const)
        .find(([, e]) => e.decision === 'Allowed');
      if (!hit) return undefined;
      steps.push(this.step(n, m, s.action, hit[0], hit[1]));
    }
    return steps;
  }

  /** Resources a caller may create for a step: a chosen name, or a name its own Allow statements admit. */
  private candidates(n: Node, s: MethodStep): string[] {
    const template = s.resource ?? '*';
    const out = [this.fill(template, n.account)];
    if (!template.includes('{new}')) return out;
    const service = `${this.fill(template, n.account).split(':').slice(0, 3).join(':')}:`;
    for (const mp of identityPolicies(this.model, n.rp.principal)) {
      for (const st of mp.policy.statements) {
        if (st.effect !== 'Allow') continue;
        for (const res of st.resource ?? []) {
          const concrete = res.replace(/\$\{[^}]*\}/g, 'x').replace(/[*?]/g, 'x');
          if (concrete.startsWith(service) && !out.includes(concrete)) out.push(concrete);
        }
      }
    }
    return out;
  }

  /** Whether `role`'s trust policy lets the service principal assume it. */
  private trustsService(role: ModelRole, service: string): boolean {
    const key = `${role.arn}\u0000${service}`;
    let hit = this.serviceTrust.get(key);
    if (hit === undefined) {
      let runner = this.runners.get(`service:${service}`);
      if (!runner) this.runners.set(`service:${service}`, (runner = this.reach.runnerWith({ kind: 'service', service }, {})));
      hit = runner.run('sts:AssumeRole', role.arn).decision === 'Allowed';
      this.serviceTrust.set(key, hit);
    }
    return hit;
  }

  /** The model with `role`'s trust policy replaced by one naming `n` (after iam:UpdateAssumeRolePolicy). */
  private trusting(role: ModelRole, n: Node): Model {
    const arn =
      n.rp.principal.kind === 'user' ? n.rp.principal.user.arn : n.rp.principal.kind === 'role' ? n.rp.principal.role.arn : n.base;
    const trustPolicy: ModelPolicy = {
      name: `trust policy of ${role.name} rewritten to trust ${arn}`,
      kind: 'trust',
      source: { file: 'escalation:trust', path: [] },
      policy: document({ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' }, 'trust'),
    };
    const changed: ModelRole = { ...role, trustPolicy };
    const accounts = new Map(
      [...this.model.accounts].map(([id, a]): [string, ModelAccount] => [
        id,
        id === role.account ? { ...a, roles: new Map(a.roles).set(role.name, changed) } : a,
      ]),
    );
    return { ...this.model, accounts };
  }

  // ---- modifications: ways to change a principal's permissions --------------------------------

  private modsFrom(n: Node): readonly Mod[] {
    let list = this.mods.get(n.key);
    if (list) return list;
    const out: Mod[] = [];
    const seen = new Set<string>();
    const add = (target: string, change: string, steps: PathStep[]) => {
      const k = `${target}\u0000${change}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push({ target, change, steps });
      }
    };
    for (const m of METHODS) {
      if (!['write', 'policy-version', 'group-membership', 'boundary'].includes(m.kind) || !this.may(n, m.actions ?? [])) continue;
      if (m.kind === 'write' && m.on === 'user') for (const u of this.users()) this.try(n, m, u.arn, (s) => add(u.arn, 'admin-policy', s));
      if (m.kind === 'write' && m.on === 'role')
        for (const r of this.roles())
          if (!r.arn.includes(':role/aws-service-role/')) this.try(n, m, r.arn, (s) => add(r.arn, 'admin-policy', s));
      if (m.kind === 'write' && m.on === 'group') {
        for (const { group: g, members } of this.groups())
          this.try(n, m, g.arn, (s) => members.forEach((u) => add(u.arn, 'admin-policy', s)));
      }
      if (m.kind === 'write' && m.on === 'policy') {
        for (const { arn, holders } of this.withPolicy.values())
          this.try(n, m, arn, (s) => holders.forEach((h) => add(h, 'admin-policy', s)));
      }
      if (m.kind === 'policy-version') {
        for (const [lower, { arn, holders }] of this.withPolicy) {
          const versions = this.versionsOf(lower, holders);
          if (versions.length > 0)
            this.try(n, m, arn, (s) => holders.forEach((h) => versions.forEach((v) => add(h, `version:${lower}#${v}`, s))));
        }
      }
      if (m.kind === 'group-membership') {
        for (const { group: g, account, members } of this.groups()) {
          this.try(n, m, g.arn, (s) => {
            for (const u of account.users.values()) if (!members.includes(u)) add(u.arn, `group:${g.name}`, s);
          });
        }
      }
      if (m.kind === 'boundary') {
        const targets: (ModelUser | ModelRole)[] = m.on === 'user' ? this.users() : this.roles();
        for (const t of targets) if (!m.needsBoundary || t.permissionsBoundary) this.try(n, m, t.arn, (s) => add(t.arn, 'no-boundary', s));
      }
    }
    list = out;
    this.mods.set(n.key, list);
    return list;
  }

  private try(n: Node, m: Method, resource: string, then: (steps: PathStep[]) => void): void {
    const steps = this.all(n, m, resource);
    if (steps) then(steps);
  }

  private versionsOf(policyArn: string, holders: readonly string[]): string[] {
    for (const key of holders) {
      const p = this.reach.principal(key);
      const mp = p ? identityPolicies(this.model, p.principal).find((x) => x.arn?.toLowerCase() === policyArn) : undefined;
      if (mp) return (mp.versions ?? []).map((v) => v.versionId);
    }
    return [];
  }

  // ---- model lists ----------------------------------------------------------------------------

  private usersCache: ModelUser[] | undefined;
  private rolesCache: ModelRole[] | undefined;
  private groupsCache: GroupMembers[] | undefined;

  private users(): ModelUser[] {
    return (this.usersCache ??= [...this.model.accounts.values()].flatMap((a) => [...a.users.values()]));
  }

  private roles(): ModelRole[] {
    return (this.rolesCache ??= [...this.model.accounts.values()].flatMap((a) => [...a.roles.values()]));
  }

  private groups(): readonly GroupMembers[] {
    return (this.groupsCache ??= [...this.model.accounts.values()].flatMap((account) =>
      [...account.groups.values()].map((group) => ({
        group,
        account,
        members: [...account.users.values()].filter((u) => u.groups.includes(group.name)),
      })),
    ));
  }

  private roleByArn(arn: string): ModelRole | undefined {
    return this.roles().find((r) => r.arn === arn);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function accountOf(p: ModelPrincipal): string {
  return p.kind === 'user' ? p.user.account : p.kind === 'role' ? p.role.account : p.kind === 'root' ? p.account : '';
}

/** Method ids in step order; a modification followed by becoming the modified principal uses the catalog's combined id. */
function methodsOf(steps: readonly PathStep[]): string[] {
  const ids: string[] = [];
  for (const s of steps) if (ids[ids.length - 1] !== s.method) ids.push(s.method);
  const out: string[] = [];
  // The previous id, until the next one shows whether the two make a composite.
  let previous: string | undefined;
  for (const id of ids) {
    if (previous === undefined) previous = id;
    else {
      const combined = compositeOf(previous, id);
      out.push(combined ?? previous);
      previous = combined ? undefined : id;
    }
  }
  if (previous !== undefined) out.push(previous);
  return out;
}
