/**
 * `sts:AssumeRole` through trust policies: which roles a principal can assume, and simulating
 * through a chain of roles. The trust policy is the role's resource-based policy and must itself
 * allow (reference_policies_evaluation-logic.md): in the same account a trust policy naming the
 * user or role session is enough, naming the account delegates to identity policies; across
 * accounts the caller's identity policies must allow too. Service principals
 * (`ec2.amazonaws.com`) assume service roles through the trust policy alone.
 */
import { globMatch } from '../wildcard';
import { findRole, gatherIdentity } from './gather';
import { entryKey, identitiesOf } from '../evaluator/principal';
import { describePrincipal, findPrincipal, requestPrincipal, type ModelPrincipal } from './principals';
import { Runner } from './runner';
import type { LocatedStatement, SimulationOptions } from './simulate';
import type { Model, ModelRole } from './types';

/** One hop: who assumed which role, and the decision. */
export interface ChainStep {
  readonly from: string;
  readonly role: string;
  readonly decision: string;
  readonly summary: string;
  readonly decidedBy: readonly LocatedStatement[];
}

/** Options for assuming roles: the request context (e.g. `sts:ExternalId`) and session name. */
export interface AssumeOptions extends SimulationOptions {
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  readonly sessionName?: string | undefined;
}

/** Evaluates `sts:AssumeRole` by `from` on `role`. */
export function canAssume(model: Model, from: ModelPrincipal, role: ModelRole, options: AssumeOptions = {}): ChainStep {
  const sessionName = options.sessionName ?? 'iam-policy-studio';
  const context = { 'sts:RoleSessionName': sessionName, ...options.context };
  const runner = new Runner(model, from, undefined, { context }, { ...options, brief: true });
  const e = runner.run('sts:AssumeRole', role.arn);
  return { from: describePrincipal(from), role: role.arn, decision: e.decision, summary: e.summary, decidedBy: e.decidedBy };
}

/** The outcome of assuming a chain of roles. */
export type ChainOutcome =
  | { readonly ok: true; readonly principal: ModelPrincipal; readonly steps: ChainStep[] }
  | { readonly ok: false; readonly message: string; readonly steps: ChainStep[] };

/** Assumes each role of `via` in turn, starting from `start`; stops at the first denied hop. */
export function assumeChain(model: Model, start: ModelPrincipal, via: readonly string[], options: AssumeOptions = {}): ChainOutcome {
  const steps: ChainStep[] = [];
  let current = start;
  for (const name of via) {
    const role = roleByName(model, name);
    if (!role) return { ok: false, message: `No role '${name}' in the model to assume.`, steps };
    const step = canAssume(model, current, role, options);
    steps.push(step);
    if (step.decision !== 'Allowed') return { ok: false, message: `${step.from} cannot assume ${role.arn}: ${step.summary}`, steps };
    current = { kind: 'role', role, sessionName: options.sessionName ?? 'iam-policy-studio', ...mfaOf(current) };
  }
  return { ok: true, principal: current, steps };
}

/**
 * A session created by a user who signed in with MFA (or by such a session) has MFA present:
 * the caller's MFA state carries over to the role session it creates.
 */
function mfaOf(p: ModelPrincipal): { mfa?: boolean } {
  const mfa = p.kind === 'user' ? p.user.mfa : p.kind === 'role' ? p.mfa : undefined;
  return mfa === undefined ? {} : { mfa };
}

const ASSUME_ROLE = 'sts:AssumeRole';

/** Whether some identity policy of `p` has an Allow statement whose actions include sts:AssumeRole. */
function mayAllowAssumeRole(model: Model, p: ModelPrincipal): boolean {
  return gatherIdentity(model, p).identity.some((m) =>
    m.policy.statements.some(
      (s) =>
        s.effect === 'Allow' &&
        (s.action
          ? s.action.some((a) => globMatch(a, ASSUME_ROLE, { ignoreCase: true }))
          : !(s.notAction ?? []).some((a) => globMatch(a, ASSUME_ROLE, { ignoreCase: true }))),
    ),
  );
}

function roleByName(model: Model, name: string): ModelRole | undefined {
  if (name.startsWith('arn:')) return findRole(model, name);
  const found = findPrincipal(model, name.includes('/') ? name : `role/${name}`);
  return found.ok && found.principal.kind === 'role' ? found.principal.role : undefined;
}

/** Every role of the model with the decision on `sts:AssumeRole` by `from`. */
export function assumableRoles(model: Model, from: ModelPrincipal, options: AssumeOptions = {}): ChainStep[] {
  const out: ChainStep[] = [];
  for (const account of model.accounts.values()) {
    for (const role of account.roles.values()) {
      if (from.kind === 'role' && from.role === role) continue;
      out.push(canAssume(model, from, role, options));
    }
  }
  return out;
}

/** A role reachable from a principal, with the chain of role ARNs leading to it. */
export interface ReachableRole {
  readonly role: string;
  readonly chain: readonly string[];
}

/**
 * Every role reachable from `from` by assuming roles, breadth first (shortest chains), up to
 * `maxDepth` hops. Each hop is evaluated as a session of the previous role. A role already
 * reached is never evaluated again (its shortest chain is known), and a session is evaluated only
 * against the roles whose trust policy could name it ({@link TrustIndex}): a trust policy must
 * itself allow `sts:AssumeRole`, which no Allow statement does for a principal it does not name.
 * So 1,000 roles cost about one evaluation per (session, role that trusts it), not a million.
 */
export function reachableRoles(model: Model, from: ModelPrincipal, maxDepth = 4, options: AssumeOptions = {}): ReachableRole[] {
  const seen = new Set<string>(from.kind === 'role' ? [from.role.arn] : []);
  const out: ReachableRole[] = [];
  const index = new TrustIndex(model);
  let frontier: { p: ModelPrincipal; chain: string[] }[] = [{ p: from, chain: [] }];
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const { p, chain } of frontier) {
      for (const role of index.candidates(p)) {
        if (seen.has(role.arn) || (p.kind === 'role' && p.role === role)) continue;
        const step = canAssume(model, p, role, options);
        if (step.decision !== 'Allowed') continue;
        seen.add(role.arn);
        out.push({ role: role.arn, chain: [...chain, role.arn] });
        next.push({
          p: { kind: 'role', role, sessionName: options.sessionName ?? 'iam-policy-studio', ...mfaOf(p) },
          chain: [...chain, role.arn],
        });
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * The model's roles indexed by the principals their trust policies' Allow statements name, with
 * the keys the evaluator matches on (`principal-match.ts`: identity keys, unique IDs, services,
 * providers, canonical users; all exact). A trust policy with `"Principal": "*"` or an Allow
 * `NotPrincipal` is open to anyone; a role without a trust policy can be assumed by nobody the
 * model can name (the runner answers Error).
 */
export class TrustIndex {
  private readonly roles: ModelRole[] = [];
  private readonly byKey = new Map<string, number[]>();
  private readonly open: number[] = [];

  constructor(private readonly model: Model) {
    for (const account of model.accounts.values()) for (const role of account.roles.values()) this.add(role);
  }

  private add(role: ModelRole): void {
    const at = this.roles.push(role) - 1;
    const keys = new Set<string>();
    let open = false;
    for (const s of role.trustPolicy?.policy.statements ?? []) {
      if (s.effect !== 'Allow') continue;
      if (s.notPrincipal || s.principal?.wildcard) open = true;
      const b = s.principal;
      if (!b) continue;
      for (const e of b.aws) {
        keys.add(`raw\u0000${e}`);
        const k = entryKey(e);
        if (k) keys.add(k);
      }
      for (const e of b.service) keys.add(`service\u0000${e.toLowerCase()}`);
      for (const e of b.federated) keys.add(`provider\u0000${e}`);
      for (const e of b.canonicalUser) keys.add(`canonical\u0000${e}`);
    }
    if (open) this.open.push(at);
    else
      for (const k of keys) {
        const list = this.byKey.get(k);
        if (list) list.push(at);
        else this.byKey.set(k, [at]);
      }
  }

  /** The roles whose trust policy could let `p` assume them, in model order. */
  candidates(from: ModelPrincipal): ModelRole[] {
    const p = requestPrincipal(from);
    const ids = identitiesOf(p);
    const keys = [
      ids.session,
      ids.entity?.key,
      ids.federatingUser,
      // A trust policy naming only the account delegates to the caller's identity policies: a user
      // or role session none of whose policies allows sts:AssumeRole cannot pass through it.
      from.kind !== 'user' && from.kind !== 'role' ? ids.account : mayAllowAssumeRole(this.model, from) ? ids.account : undefined,
      p.uniqueId === undefined ? undefined : `raw\u0000${p.uniqueId}`,
      p.type === 'service' && p.service ? `service\u0000${p.service.toLowerCase()}` : undefined,
      (p.type === 'web-identity' || p.type === 'saml') && p.provider ? `provider\u0000${p.provider}` : undefined,
      p.canonicalUser === undefined ? undefined : `canonical\u0000${p.canonicalUser}`,
    ];
    const found = new Set<number>(this.open);
    for (const k of keys) if (k !== undefined) for (const at of this.byKey.get(k) ?? []) found.add(at);
    return [...found].sort((a, b) => a - b).map((at) => this.roles[at] as ModelRole);
  }
}
