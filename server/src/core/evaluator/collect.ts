/**
 * Runs every statement of every policy in a {@link PolicySet} and records the per-policy results
 * the decision flow (evaluate.ts) and the explanation read from.
 */
import type { Policy, Statement } from '../policy/types';
import { collectMissing, evaluateStatement, type StatementRequest } from './statement';
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
export function applied(
  policies: readonly PolicyExplanation[],
  effect: 'Allow' | 'Deny',
  types?: readonly EvaluatedPolicyType[],
): StatementRef[] {
  const out: StatementRef[] = [];
  for (const p of policies) {
    if (types && !types.includes(p.policyType)) continue;
    for (const s of p.statements) if (s.applies && s.effect === effect) out.push(toRef(s));
  }
  return out;
}

/** Strips the match details from a statement explanation. */
export function toRef(s: StatementExplanation): StatementRef {
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
