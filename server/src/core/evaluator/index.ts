/**
 * The policy evaluator: the AWS request evaluation logic as a pure library.
 *
 * ```ts
 * const { policy } = parsePolicy(json, { id: 'ReadOnly', source: 'policies/ro.json' }); // once
 * const outcome = evaluate({ principal: principalFromArn(arn)!, action: 's3:GetObject', resource }, { identityPolicies: [policy] });
 * if (isResult(outcome)) console.log(outcome.decision, outcome.summary);
 * ```
 */
export { evaluate, isResult } from './evaluate';
export type { EvaluateOptions } from './evaluate';
export { DEFAULT_RCP_SERVICES, rcpApplies, rcpReach } from './rcp';
export { RCP_SERVICE_PREFIXES, RCP_SERVICES_AS_OF, RCP_SERVICES_SOURCE } from './rcpServices';
export { isGetCallerIdentity, isTrustAction, requiredPolicy } from './rules';
export type { RequiredPolicy } from './rules';
export { parseEvaluationInput, parseInputPolicies, parseInputRequest, readPolicy } from './input';
export type { InputError, ParsedInput, PolicyReader } from './input';
export { principalFromArn } from './principal';
export type { PrincipalType, RequestPrincipal, PrincipalMatchKind } from './principal';
export { compileArnPattern, arnMatches, parseArn } from './arn';
export type { Arn } from './arn';
export { parseTemplate, resolveTemplate } from './variables';
export { buildContext } from './context';
export type { RequestContextInput, ContextMap } from './context';
export { validatePolicySet } from './validate';
export { describeRef } from './explain';
export type { ConditionResult } from './conditionEval';
export type { ElementMatch } from './statement';
export type { PrincipalMatch } from './principal-match';
export type * from './types';
