/**
 * Per-type rules a normalized policy must follow before it can be evaluated as that type. IAM
 * rejects such policies, so evaluating them anyway would give an answer AWS never gives.
 * Results are cached per policy object, so a batch validates each policy once.
 */
import type { Policy } from '../policy/types';
import type { PolicyProblem, PolicySet, EvaluatedPolicyType } from './types';
import { CACHES } from '../caches';

const cache = CACHES.weak<Policy, Map<EvaluatedPolicyType, readonly Omit<PolicyProblem, 'policyIndex' | 'level'>[]>>(
  'evaluator.policyProblems',
);

const setCache = CACHES.weak<PolicySet, readonly PolicyProblem[]>('evaluator.policySetProblems');

/**
 * Every problem in `set`, with where each policy sits. Empty when the set can be evaluated.
 * Cached per set object: a batch evaluating many requests against one set validates it once
 * (policies are immutable once parsed).
 */
export function validatePolicySet(set: PolicySet): readonly PolicyProblem[] {
  let found = setCache.get(set);
  if (!found) setCache.set(set, (found = validateUncached(set)));
  return found;
}

function validateUncached(set: PolicySet): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const add = (type: EvaluatedPolicyType, policy: Policy, policyIndex: number, level?: number) => {
    for (const p of problemsOf(policy, type)) out.push({ ...p, policyIndex, ...(level !== undefined ? { level } : {}) });
  };
  set.identityPolicies?.forEach((p, i) => add('identity', p, i));
  if (set.resourcePolicy) add('resource', set.resourcePolicy, 0);
  set.permissionBoundaries?.forEach((p, i) => add('permissions-boundary', p, i));
  if (set.sessionPolicy) add('session', set.sessionPolicy, 0);
  set.scps?.forEach((policies, l) => policies.forEach((p, i) => add('scp', p, i, l)));
  set.rcps?.forEach((policies, l) => policies.forEach((p, i) => add('rcp', p, i, l)));
  set.vpcEndpointPolicies?.forEach((p, i) => add('vpc-endpoint', p, i));
  return out;
}

function problemsOf(policy: Policy, type: EvaluatedPolicyType): readonly Omit<PolicyProblem, 'policyIndex' | 'level'>[] {
  let byType = cache.get(policy);
  if (!byType) cache.set(policy, (byType = new Map()));
  let found = byType.get(type);
  if (!found) byType.set(type, (found = check(policy, type)));
  return found;
}

function check(policy: Policy, type: EvaluatedPolicyType): Omit<PolicyProblem, 'policyIndex' | 'level'>[] {
  const out: Omit<PolicyProblem, 'policyIndex' | 'level'>[] = [];
  const label = policy.label ? { label: policy.label } : {};
  const problem = (path: readonly (string | number)[], message: string) => out.push({ policyType: type, ...label, path, message });
  const identityLike = type === 'identity' || type === 'permissions-boundary' || type === 'session';
  for (const st of policy.statements) {
    const hasPrincipal = st.principal !== undefined || st.notPrincipal !== undefined;
    // Identity-based policies cannot name principals: the principal is the identity they are attached to.
    if ((identityLike || type === 'scp') && hasPrincipal)
      problem(
        [...st.path, st.principal ? 'Principal' : 'NotPrincipal'],
        `A ${evaluatedTypeName(type)} cannot contain ${st.principal ? 'Principal' : 'NotPrincipal'}.`,
      );
    if (identityLike && !st.resource && !st.notResource)
      problem(st.path, `A ${evaluatedTypeName(type)} statement needs Resource or NotResource.`);
    if (type === 'resource' && !hasPrincipal) problem(st.path, 'A resource-based policy statement needs Principal or NotPrincipal.');
    // RCPs: "Principal" must be "*"; NotPrincipal is not supported (Organizations, RCP syntax).
    if (type === 'rcp' && (st.notPrincipal || !st.principal?.wildcard))
      problem(st.path, 'An RCP statement needs "Principal": "*" (NotPrincipal is not supported).');
    // RCPs: the elements are Version, Statement, Sid, Effect, Principal, Action, Resource,
    // NotResource and Condition (Organizations, RCP syntax, "Elements summary"): no NotAction.
    if (type === 'rcp' && st.notAction) problem([...st.path, 'NotAction'], 'An RCP cannot contain NotAction (RCPs support Action only).');
  }
  return out;
}

/** A readable name for a policy type. */
export function evaluatedTypeName(type: EvaluatedPolicyType): string {
  switch (type) {
    case 'identity':
      return 'identity-based policy';
    case 'resource':
      return 'resource-based policy';
    case 'permissions-boundary':
      return 'permissions boundary';
    case 'session':
      return 'session policy';
    case 'scp':
      return 'service control policy (SCP)';
    case 'rcp':
      return 'resource control policy (RCP)';
    case 'vpc-endpoint':
      return 'VPC endpoint policy';
  }
}
