/**
 * Rules AWS states for particular actions and resources, applied by the evaluator itself (the
 * caller need not know them):
 *
 * - A role's trust policy and a KMS key's key policy must explicitly allow: "IAM role trust
 *   policies and KMS key policies are exceptions to this logic, because they must explicitly allow
 *   access for principals" (reference_policies_evaluation-logic.md). A grant there to the account
 *   (`arn:aws:iam::111122223333:root`) delegates to the account's identity policies.
 * - `sts:GetCallerIdentity` needs no permission and cannot be denied: "If an administrator attaches
 *   a policy to your identity that explicitly denies access to the sts:GetCallerIdentity action,
 *   you can still perform this operation" (STS API Reference, GetCallerIdentity,
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
 */
import type { Arn } from './arn';

/** Actions authorized by a role's trust policy (the role is the resource). */
const TRUST_ACTIONS: ReadonlySet<string> = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

/** Whether `action` is evaluated against a role's trust policy. */
export function isTrustAction(action: string): boolean {
  return TRUST_ACTIONS.has(action.toLowerCase());
}

/** Which resource policy must itself allow the request: a role's trust policy or a KMS key policy. */
export type RequiredPolicy = 'trust' | 'key';

/**
 * Whether the request's resource policy must explicitly allow it (`arn`: the resource's, parsed): a trust action on an IAM role,
 * or a KMS action on a KMS key when the key policy is given. Without a key policy the evaluator
 * assumes the default key policy, which grants the key's account and so delegates to identity
 * policies (AWS KMS developer guide, "Default key policy").
 */
export function requiredPolicy(action: string, arn: Arn | undefined, hasResourcePolicy: boolean): RequiredPolicy | undefined {
  if (!arn) return undefined;
  if (isTrustAction(action)) return arn.service === 'iam' && arn.resource.startsWith('role/') ? 'trust' : undefined;
  if (hasResourcePolicy && arn.service === 'kms' && arn.resource.startsWith('key/') && /^kms:/i.test(action)) return 'key';
  return undefined;
}

/** Whether `action` is `sts:GetCallerIdentity`, which no policy can deny. */
export function isGetCallerIdentity(action: string): boolean {
  return action.length === 21 && action.toLowerCase() === 'sts:getcalleridentity';
}
