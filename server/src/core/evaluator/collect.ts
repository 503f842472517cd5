/**
 * Runs every statement of every policy in a {@link PolicySet} and records the per-policy results
 * the decision flow (evaluate.ts) and the explanation read from.
 */
import type { Policy, Statement } from '../policy/types';
import type { PrincipalMatch } from './principal-match';
import { collectMissing, evaluateStatement, statementApplies, type StatementRequest } from './statement';
import type { PolicyExplanation, PolicySet, EvaluatedPolicyType, StatementExplanation, StatementRef } from './types';

/** Which policy types apply to this principal. */
export interface Applicability {
  readonly identity: boolean;
  readonly boundary: boolean;
  readonly session: boolean;
  readonly scp: boolean;
  readonly rcp: boolean;
}

/** The evaluated policies plus the missing context keys they reported. */
export interface Collected {
  readonly policies: PolicyExplanation[];
  readonly missing: string[];
}

/**
 * What the decision flow reads of a statement: where it is, whether it applied, and how the
 * Principal element matched. A {@link StatementExplanation} is one; the lean path builds only these.
 */
export interface StatementRun extends StatementRef {
  readonly applies: boolean;
  readonly principal?: PrincipalMatch | undefined;
}

/** What the decision flow reads of a policy ({@link PolicyExplanation} is one). */
export interface PolicyRun {
  readonly policyType: EvaluatedPolicyType;
  readonly policyIndex: number;
  readonly level?: number | undefined;
  readonly applicable: boolean;
  readonly allows: boolean;
  readonly denies: boolean;
  /** Every statement (explained), or only the ones that applied (lean). */
  readonly statements: readonly StatementRun[];
}

/** Evaluates all policies of `set` for `req`. Non-applicable policies are listed but not run. */
export function collect(set: PolicySet, req: StatementRequest, applies: Applicability): Collected {
  const out: Collected = { policies: [], missing: [] };
  const run = (type: EvaluatedPolicyType, policy: Policy, policyIndex: number, applicable: boolean, level?: number) => {
    out.policies.push(runPolicy(type, policy, policyIndex, level, applicable ? req : undefined, out.missing));
  };
  set.identityPolicies?.forEach((p, i) => run('identity', p, i, applies.identity));
  if (set.resourcePolicy) run('resource', set.resourcePolicy, 0, true);
  set.permissionBoundaries?.forEach((p, i) => run('permissions-boundary', p, i, applies.boundary));
  if (set.sessionPolicy) run('session', set.sessionPolicy, 0, applies.session);
  set.scps?.forEach((policies, l) => policies.forEach((p, i) => run('scp', p, i, applies.scp, l)));
  set.rcps?.forEach((policies, l) => policies.forEach((p, i) => run('rcp', p, i, applies.rcp, l)));
  set.vpcEndpointPolicies?.forEach((p, i) => run('vpc-endpoint', p, i, true));
  return out;
}

/**
 * {@link collect} without explanations: the same policies with the same `applicable`, `allows` and
 * `denies`, the same missing keys, but each policy lists only the statements that applied, and no
 * per-statement match details are built. For `evaluate` with `explain: false`.
 */
export function collectLean(set: PolicySet, req: StatementRequest, applies: Applicability): { policies: PolicyRun[]; missing: string[] } {
  const policies: PolicyRun[] = [];
  const missing: string[] = [];
  const run = (type: EvaluatedPolicyType, policy: Policy, policyIndex: number, applicable: boolean, level?: number) => {
    policies.push(runPolicyLean(type, policy, policyIndex, level, applicable ? req : undefined, missing));
  };
  set.identityPolicies?.forEach((p, i) => run('identity', p, i, applies.identity));
  if (set.resourcePolicy) run('resource', set.resourcePolicy, 0, true);
  set.permissionBoundaries?.forEach((p, i) => run('permissions-boundary', p, i, applies.boundary));
  if (set.sessionPolicy) run('session', set.sessionPolicy, 0, applies.session);
  set.scps?.forEach((policies, l) => policies.forEach((p, i) => run('scp', p, i, applies.scp, l)));
  set.rcps?.forEach((policies, l) => policies.forEach((p, i) => run('rcp', p, i, applies.rcp, l)));
  set.vpcEndpointPolicies?.forEach((p, i) => run('vpc-endpoint', p, i, true));
  return { policies, missing };
}

const NONE: readonly StatementRun[] = [];

function runPolicyLean(
  type: EvaluatedPolicyType,
  policy: Policy,
  policyIndex: number,
  level: number | undefined,
  req: StatementRequest | undefined,
  missing: string[],
): PolicyRun {
  if (!req) return { policyType: type, policyIndex, level, applicable: false, allows: false, denies: false, statements: NONE };
  let allows = false;
  let denies = false;
  const withPrincipal = WITH_PRINCIPAL.has(type);
  const list = policy.statements;
  let statements: StatementRun[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const st = list[i] as Statement;
    const principal = statementApplies(policy, st, req, withPrincipal, missing);
    if (principal === undefined) continue;
    if (st.effect === 'Allow') allows = true;
    else denies = true;
    (statements ??= []).push({
      policyType: type,
      policyIndex,
      level,
      label: policy.label,
      statementIndex: st.index,
      sid: st.sid,
      effect: st.effect,
      path: st.path,
      applies: true,
      principal: principal === true ? undefined : principal,
    });
  }
  return { policyType: type, policyIndex, level, applicable: true, allows, denies, statements: statements ?? NONE };
}

// Principal/NotPrincipal only take part in policies attached to something other than the principal.
const WITH_PRINCIPAL: ReadonlySet<EvaluatedPolicyType> = new Set(['resource', 'rcp', 'vpc-endpoint']);

function runPolicy(
  type: EvaluatedPolicyType,
  policy: Policy,
  policyIndex: number,
  level: number | undefined,
  req: StatementRequest | undefined,
  missing: string[],
): PolicyExplanation {
  const label = policy.label;
  if (!req) return { policyType: type, policyIndex, level, label, applicable: false, allows: false, denies: false, statements: [] };
  let allows = false;
  let denies = false;
  const withPrincipal = WITH_PRINCIPAL.has(type);
  const list = policy.statements;
  const statements: StatementExplanation[] = [];
  for (let i = 0; i < list.length; i++) {
    const st = list[i] as Statement;
    const r = evaluateStatement(policy, st, req, withPrincipal);
    if (r.applies) {
      if (st.effect === 'Allow') allows = true;
      else denies = true;
    }
    collectMissing(r, missing);
    // Built as one literal (undefined fields are dropped by JSON): this runs per statement per request.
    statements.push({
      policyType: type,
      policyIndex,
      level,
      label,
      statementIndex: st.index,
      sid: st.sid,
      effect: st.effect,
      path: st.path,
      applies: r.applies,
      action: r.action,
      resource: r.resource,
      principal: r.principal,
      conditions: r.conditions,
    });
  }
  return { policyType: type, policyIndex, level, label, applicable: true, allows, denies, statements };
}

/** The statements of `policies` that applied with `effect`. */
export function applied(policies: readonly PolicyRun[], effect: 'Allow' | 'Deny', types?: readonly EvaluatedPolicyType[]): StatementRef[] {
  const out: StatementRef[] = [];
  for (const p of policies) {
    if (types && !types.includes(p.policyType)) continue;
    for (const s of p.statements) if (s.applies && s.effect === effect) out.push(toRef(s));
  }
  return out;
}

/** Strips the match details from a statement explanation. */
export function toRef(s: StatementRun): StatementRef {
  return {
    policyType: s.policyType,
    policyIndex: s.policyIndex,
    level: s.level,
    label: s.label,
    statementIndex: s.statementIndex,
    sid: s.sid,
    effect: s.effect,
    path: s.path,
  };
}
