/**
 * The decision flow of reference_policies_evaluation-logic.md ("Determining whether a request is
 * allowed or denied within an account") and reference_policies_evaluation-logic-cross-account.md:
 *
 * 1. An explicit deny in any applicable policy wins.
 * 2. Every SCP level (principal's account) must allow; an absent allow there denies even though
 *    nothing denied explicitly. RCP levels always allow (RCPFullAWSAccess cannot be detached), so
 *    RCPs of the resource's account restrict only through Deny (step 1).
 * 3. Every VPC endpoint policy on the path must allow.
 * 4. Same account: an allow from the identity side (identity ∧ boundary ∧ session policy) *or*
 *    from the resource policy suffices, where a resource-policy grant to the exact user, session
 *    or `*` is not limited by implicit denies, a grant to the role ARN (or the federating user) is
 *    still capped by boundaries and session policies, and a grant to the account delegates to the
 *    identity side. Cross account: both the identity side and the resource policy must allow.
 */
import { buildContext, lowerCase } from './context';
import { derivedPrincipalKeys } from './derived';
import { applicability, applied, collect, collectLean, type Applicability, type PolicyRun } from './collect';
import { evaluateExplainedPlanned, evaluatePlanned } from './plan';
import { explainAllowed, explainCallerIdentity, explainDenied, explainImplicit, explainRefusal, type Blocked } from './explain';
import {
  hasIdentityPolicies,
  identitiesOf,
  isSession,
  principalAccount,
  type PrincipalMatchKind,
  type RequestPrincipal,
} from './principal';
import { parseArn, type Arn } from './arn';
import { rcpApplies } from './rcp';
import { isGetCallerIdentity, refusal, requiredPolicy, type RequiredPolicy } from './rules';
import type { StatementRequest } from './statement';
import type { EvaluationFailure, EvaluationRequest, EvaluationResult, PolicyExplanation, PolicySet, EvaluatedPolicyType } from './types';
import { validatePolicySet } from './validate';

/** Options for {@link evaluate}. */
export interface EvaluateOptions {
  /** Service prefixes whose resources RCPs apply to (default: `DEFAULT_RCP_SERVICES` in rcp.ts). */
  readonly rcpServices?: ReadonlySet<string>;
  /**
   * False: decide without building the per-policy, per-statement explanation (`policies` of the
   * result is then empty). Decision, summary, decidedBy, blockedBy and missing keys are the same
   * as with it (checked on every request of the differential test). Default true.
   */
  readonly explain?: boolean;
  /**
   * False: the general evaluator decides every request, instead of the policy set's decision plan
   * for the action (plan.ts), which gives the same results (tests compare the two). Default true.
   */
  readonly plan?: boolean;
}

/**
 * Evaluates `request` against `policies`. Never throws; invalid policies give an `Error` outcome.
 * Results are shared between requests (without explanations, requests that a policy set's plan
 * reduces alike get the same object): never mutate one.
 */
export function evaluate(
  request: EvaluationRequest,
  policies: PolicySet,
  options: EvaluateOptions = {},
): EvaluationResult | EvaluationFailure {
  if (options.plan !== false) {
    const planned =
      options.explain === false
        ? evaluatePlanned(request, policies, options.rcpServices, leanGeneral)
        : evaluateExplainedPlanned(request, policies, options.rcpServices, leanGeneral);
    if (planned !== undefined) return planned;
  }
  return general(request, policies, options);
}

const LEAN: EvaluateOptions = { explain: false };

/** The general evaluation without explanation, with the default RCP services (plans use no other). */
function leanGeneral(request: EvaluationRequest, policies: PolicySet): EvaluationResult | EvaluationFailure {
  return general(request, policies, LEAN);
}

/** The decision flow over every policy of the set (see the file comment). */
function general(request: EvaluationRequest, policies: PolicySet, options: EvaluateOptions): EvaluationResult | EvaluationFailure {
  const problems = validatePolicySet(policies);
  if (problems.length > 0) {
    return {
      decision: 'Error',
      summary: `Cannot evaluate: ${problems.length} problem(s) in the policies, first: ${problems[0]?.message}`,
      problems,
    };
  }
  const p = request.principal;
  const applies = applicability(p, rcpApplies(request.action, options.rcpServices));
  const req: StatementRequest = {
    principal: p,
    identities: identitiesOf(p),
    action: request.action,
    resource: request.resource,
    context: buildContext(request.context, derivedPrincipalKeys(p), request),
    boundary: applies.boundary && (policies.permissionBoundaries?.length ?? 0) > 0,
  };
  const full = options.explain === false ? undefined : collect(policies, req, applies);
  const { policies: explained, missing } = full ?? collectLean(policies, req, applies);
  // The resource ARN, parsed once: its account and, below, whether a trust or key policy must allow.
  const resourceArn = parseArn(request.resource);
  const crossAccount = isCrossAccount(request, resourceArn);
  const base = {
    crossAccount,
    missingContextKeys: missing.length === 0 ? missing : dedupe(missing),
    policies: full ? full.policies : NOT_EXPLAINED,
  };
  if (isGetCallerIdentity(request.action) && p.type !== 'anonymous') {
    return { decision: 'Allowed', summary: explainCallerIdentity(explained), decidedBy: [], ...base };
  }
  const denies = applied(explained, 'Deny');
  if (denies.length > 0) return { decision: 'ExplicitDeny', summary: explainDenied(denies), decidedBy: denies, ...base };
  // Requests AWS refuses whatever the policies allow (rules.ts): the root user assuming a role, a
  // federated user session calling STS or IAM. An explicit deny still reads as one, as everywhere.
  const refused = refusal(p, request.action);
  if (refused) {
    const blockedBy = refused === 'root-assumes-role' ? 'identity' : 'session';
    return { decision: 'ImplicitDeny', summary: explainRefusal(refused), decidedBy: [], blockedBy, ...base };
  }
  const guard = guardrails(explained, policies, applies);
  const required =
    requiredPolicy(request.action, resourceArn, policies.resourcePolicy !== undefined) ??
    (request.requireResourcePolicy ? 'resource' : undefined);
  const outcome = grant(request, explained, crossAccount, required);
  if (guard) {
    // Say what the guardrail overrides: "allowed by identity policy 'x', but no SCP at level 2 allows".
    const wouldAllow = outcome.allowed ? applied(explained, 'Allow', outcome.via) : [];
    return { decision: 'ImplicitDeny', summary: explainImplicit(guard, wouldAllow), decidedBy: [], blockedBy: guard.type, ...base };
  }
  if (outcome.allowed) {
    const decidedBy = applied(explained, 'Allow', outcome.via);
    return { decision: 'Allowed', summary: explainAllowed(decidedBy, outcome.note, p, outcome.required), decidedBy, ...base };
  }
  return { decision: 'ImplicitDeny', summary: explainImplicit(outcome.blocked), decidedBy: [], blockedBy: outcome.blocked.type, ...base };
}

const NOT_EXPLAINED: readonly PolicyExplanation[] = [];

/** Type guard: true when `outcome` carries a decision rather than an error. */
export function isResult(outcome: EvaluationResult | EvaluationFailure): outcome is EvaluationResult {
  return outcome.decision !== 'Error';
}

function isCrossAccount(request: EvaluationRequest, resourceArn: Arn | undefined): boolean {
  const mine = principalAccount(request.principal);
  const theirs = (request.resourceAccount || resourceArn?.account || undefined) ?? mine;
  return mine !== undefined && theirs !== undefined && mine !== theirs;
}

/**
 * SCP levels and VPC endpoint policies: each must allow. RCP levels never block without a Deny:
 * "RCPFullAWSAccess ... is automatically attached to the organization root, every OU, and every
 * account ... You cannot detach this policy" (AWS Organizations user guide, RCP evaluation, read
 * 2026-12-03), and "The effect of Allow is only supported for the RCPFullAWSAccess policy" (RCP
 * syntax), so every RCP level allows and RCPs only restrict through their Deny statements.
 */
function guardrails(explained: readonly PolicyRun[], set: PolicySet, applies: Applicability): Blocked | undefined {
  const scp = applies.scp ? levelBlocked(explained, 'scp', set.scps?.length ?? 0) : undefined;
  if (scp) return scp;
  const vpce = explained.find((e) => e.policyType === 'vpc-endpoint' && !e.allows);
  return vpce ? { type: 'vpc-endpoint', level: vpce.policyIndex } : undefined;
}

/** The first SCP level (of `levels`) where no policy allows. Loops, not filters: this runs per request. */
function levelBlocked(explained: readonly PolicyRun[], type: 'scp', levels: number): Blocked | undefined {
  for (let l = 0; l < levels; l++) {
    let allows = false;
    for (const e of explained) if (e.policyType === type && e.level === l && e.allows) allows = true;
    if (!allows) return { type, level: l };
  }
  return undefined;
}

type Grant =
  | { allowed: true; via: EvaluatedPolicyType[]; note?: PrincipalMatchKind; required?: RequiredPolicy | 'resource' }
  | { allowed: false; blocked: Blocked };

const RANK: Record<PrincipalMatchKind, number> = { direct: 0, role: 1, 'federating-user': 2, account: 3 };

/** The most direct way an applying Allow statement of the resource policy named the principal. */
function resourceGrant(explained: readonly PolicyRun[]): PrincipalMatchKind | undefined {
  let best: PrincipalMatchKind | undefined;
  for (const e of explained) {
    if (e.policyType !== 'resource') continue;
    for (const s of e.statements) {
      const kind = s.applies && s.effect === 'Allow' ? s.principal?.kind : undefined;
      if (kind && (best === undefined || RANK[kind] < RANK[best])) best = kind;
    }
  }
  return best;
}

function grant(
  request: EvaluationRequest,
  explained: readonly PolicyRun[],
  crossAccount: boolean,
  required: RequiredPolicy | 'resource' | undefined,
): Grant {
  const p = request.principal;
  // Over the applicable policies of each type (loops, not filters: this runs per request).
  let boundaryOk = true;
  let sessions = 0;
  let sessionPolicyOk = true;
  let anyIdentityAllows = false;
  for (const e of explained) {
    if (!e.applicable) continue;
    if (e.policyType === 'permissions-boundary') boundaryOk &&= e.allows;
    else if (e.policyType === 'session') {
      sessions++;
      sessionPolicyOk &&= e.allows;
    } else if (e.policyType === 'identity') anyIdentityAllows ||= e.allows;
  }
  // Step 6: a session without a session policy keeps its role's permissions; a federated-user
  // session gets none without one.
  const sessionOk = !isSession(p) || (sessions > 0 ? sessionPolicyOk : p.type === 'assumed-role');
  // "By default, all requests are implicitly denied with the exception of the AWS account root user".
  const identityAllows = p.type === 'root' || anyIdentityAllows;
  const identitySide = hasIdentityPolicies(p) ? identityAllows && boundaryOk && sessionOk : p.type === 'root';
  const resource = resourceGrant(explained);
  const identityBlocked = blockedIdentity(identityAllows, boundaryOk, sessionOk, p);
  if (!hasIdentityPolicies(p) && p.type !== 'root') {
    return resource ? { allowed: true, via: ['resource'] } : { allowed: false, blocked: { type: 'resource', reason: 'no-resource-allow' } };
  }
  if (crossAccount) return crossAccountGrant(identitySide, resource, identityBlocked, required);
  // sessionOk, not sessionPolicyOk: a federated-user session without a session policy gets nothing
  // from a grant to its IAM user; only a grant naming the session itself reaches it
  // (id_credentials_temp_control-access_getfederationtoken: permissions are "defined in one of two
  // places": the session policies, or "a resource-based policy that explicitly names the ... session").
  const resourceSide = resource !== undefined && resourceSideAllows(resource, boundaryOk, sessionOk, identitySide);
  if (required) {
    const note = resource === 'account' ? { note: resource } : {};
    if (resourceSide) return { allowed: true, via: resource === 'account' ? ['identity', 'resource'] : ['resource'], required, ...note };
    const mustAllow: Blocked = {
      type: 'resource',
      reason: 'resource-required',
      required,
      identityAllows: identitySide,
      ...(p.type === 'root' ? { root: true } : {}),
    };
    return { allowed: false, blocked: resource === undefined ? mustAllow : (identityBlocked ?? mustAllow) };
  }
  if (identitySide) return { allowed: true, via: resourceSide && resource !== 'account' ? ['identity', 'resource'] : ['identity'] };
  if (resourceSide) return { allowed: true, via: ['resource'], ...(resource ? { note: resource } : {}) };
  const noSessionPolicy = p.type === 'federated-user' && sessions === 0;
  return { allowed: false, blocked: sameAccountBlocked(resource, boundaryOk, noSessionPolicy, identityBlocked) };
}

function sameAccountBlocked(
  resource: PrincipalMatchKind | undefined,
  boundaryOk: boolean,
  noSessionPolicy: boolean,
  identityBlocked: Blocked | undefined,
): Blocked {
  // A grant to the role ARN (or the federating user) failed: a boundary or session policy capped it,
  // or a federated-user session has no session policy at all.
  if (resource === 'federating-user' && boundaryOk && noSessionPolicy) return { type: 'session', reason: 'no-session-policy' };
  if (resource === 'role' || resource === 'federating-user') {
    return { type: boundaryOk ? 'session' : 'permissions-boundary', reason: 'capped-resource-grant' };
  }
  return identityBlocked ?? { type: 'identity', reason: 'no-allow' };
}

/** Same account: how far a resource-policy grant reaches (see the file comment). */
function resourceSideAllows(kind: PrincipalMatchKind, boundaryOk: boolean, sessionOk: boolean, identitySide: boolean): boolean {
  if (kind === 'direct') return true;
  if (kind === 'role' || kind === 'federating-user') return boundaryOk && sessionOk;
  return identitySide;
}

function crossAccountGrant(
  identitySide: boolean,
  resource: PrincipalMatchKind | undefined,
  identityBlocked: Blocked | undefined,
  required: RequiredPolicy | 'resource' | undefined,
): Grant {
  const which = required ? { required } : {};
  if (identitySide && resource) return { allowed: true, via: ['identity', 'resource'], ...which };
  if (!identitySide)
    return {
      allowed: false,
      blocked: {
        ...(identityBlocked ?? { type: 'identity', reason: 'no-allow' }),
        crossAccount: true,
        resourceAllows: resource !== undefined,
        ...which,
      },
    };
  return { allowed: false, blocked: { type: 'resource', reason: 'cross-account', crossAccount: true, ...which } };
}

function blockedIdentity(identityAllows: boolean, boundaryOk: boolean, sessionOk: boolean, p: RequestPrincipal): Blocked | undefined {
  if (!identityAllows) return { type: 'identity', reason: 'no-allow' };
  if (!boundaryOk) return { type: 'permissions-boundary', reason: 'capped' };
  if (!sessionOk) return { type: 'session', reason: p.type === 'federated-user' ? 'no-session-policy' : 'capped' };
  return undefined;
}

function dedupe(keys: readonly string[]): string[] {
  if (keys.length === 1) return [keys[0] as string];
  const seen = new Map<string, string>();
  for (const k of keys) {
    const lower = lowerCase(k);
    if (!seen.has(lower)) seen.set(lower, k);
  }
  return [...seen.values()];
}
