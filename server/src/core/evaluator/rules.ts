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
 * - Some callers cannot make some requests at all, whatever the policies say (see {@link refusal}).
 */
import type { Arn } from './arn';
import type { RequestPrincipal } from './principal';

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

/** Why STS refuses a request before any policy is read (see {@link refusal}). */
export type Refusal = 'root-assumes-role' | 'federated-user-sts' | 'federated-user-iam';

/**
 * Requests AWS refuses whatever the policies allow (an explicit deny still decides first, as everywhere):
 * - The account root user cannot assume a role: STS answers AccessDenied "Roles may not be assumed
 *   by root accounts" even when the trust policy names the account (AWS behaviour, e.g. reported in
 *   github.com/Netflix/security_monkey/issues/1026, 2018-04-06, and
 *   github.com/kubeflow/testing/pull/961, 2021-08-13, read 2026-12-04); the trust actions are part
 *   of that call.
 * - A federated user session (GetFederationToken) "cannot call any STS operations except
 *   GetCallerIdentity" and "cannot call any IAM operations using the CLI or the Amazon Web Services
 *   API. This limitation does not apply to console sessions" (STS API Reference,
 *   GetFederationToken, "Permissions", read 2026-12-04). The evaluator cannot tell a console session,
 *   so it answers for the API.
 */
export function refusal(p: RequestPrincipal, action: string): Refusal | undefined {
  if (p.type === 'root') return isTrustAction(action) ? 'root-assumes-role' : undefined;
  if (p.type !== 'federated-user') return undefined;
  const colon = action.indexOf(':');
  const service = action.slice(0, colon).toLowerCase();
  if (service === 'sts') return isGetCallerIdentity(action) ? undefined : 'federated-user-sts';
  return service === 'iam' ? 'federated-user-iam' : undefined;
}
