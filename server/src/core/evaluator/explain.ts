/**
 * One-line summaries of a decision, e.g. "Allowed by identity policy 'ReadOnly' statement
 * 'AllowRead'." or "Implicitly denied: allowed by identity policy, but the permissions boundary
 * does not allow."
 */
import type { PrincipalMatchKind, RequestPrincipal } from './principal';
import type { Refusal, RequiredPolicy } from './rules';
import type { EvaluatedPolicyType, StatementRef } from './types';
import { evaluatedTypeName } from './validate';

/** Why a request was implicitly denied. */
export interface Blocked {
  readonly type: EvaluatedPolicyType;
  /** For SCPs/RCPs: the level index (0 = root); for VPC endpoint policies: the policy index. */
  readonly level?: number;
  readonly reason?:
    'no-allow' | 'capped' | 'no-session-policy' | 'capped-resource-grant' | 'cross-account' | 'no-resource-allow' | 'resource-required';
  readonly crossAccount?: boolean;
  readonly resourceAllows?: boolean;
  /** The resource policy had to allow by itself: a role's trust policy, a KMS key policy, or (caller's flag) any. */
  readonly required?: RequiredPolicy | 'resource';
  /** With `required`: whether identity policies (with boundaries and session policies) allowed. */
  readonly identityAllows?: boolean;
  /** The principal is the account root user (it has no identity policies). */
  readonly root?: boolean;
}

/** "the role's trust policy", "the KMS key policy", "the resource policy". */
function policyName(required: Blocked['required']): string {
  return required === 'trust' ? "the role's trust policy" : required === 'key' ? 'the KMS key policy' : 'the resource policy';
}

/** Why the resource policy had to allow (reference_policies_evaluation-logic.md). */
function mustAllowWhy(required: Blocked['required']): string {
  if (required === 'trust') return " (a role's trust policy must allow explicitly; identity policies alone are not enough)";
  if (required === 'key')
    return ' (a KMS key policy must allow explicitly, or grant the account to delegate to IAM policies; identity policies alone are not enough)';
  return ' (this resource requires its resource policy to allow by itself)';
}

/** "identity policy 'x' statement 'y'" for a statement reference. */
export function describeRef(ref: StatementRef): string {
  const name = ref.label?.id ?? ref.label?.source;
  const policy = `${shortType(ref.policyType)}${name ? ` '${name}'` : ref.level !== undefined ? ` #${ref.policyIndex + 1} at level ${ref.level + 1}` : ''}`;
  const statement = ref.sid ? `statement '${ref.sid}'` : `statement #${ref.statementIndex + 1}`;
  return `${policy} ${statement}`;
}

function shortType(type: EvaluatedPolicyType): string {
  switch (type) {
    case 'identity':
      return 'identity policy';
    case 'resource':
      return 'resource policy';
    case 'permissions-boundary':
      return 'permissions boundary';
    case 'session':
      return 'session policy';
    case 'scp':
      return 'SCP';
    case 'rcp':
      return 'RCP';
    case 'vpc-endpoint':
      return 'VPC endpoint policy';
  }
}

/** The summary of an explicit deny. */
export function explainDenied(denies: readonly StatementRef[]): string {
  const first = denies[0];
  const more = denies.length > 1 ? ` (and ${denies.length - 1} more deny statement${denies.length > 2 ? 's' : ''})` : '';
  return `Explicitly denied by ${first ? describeRef(first) : 'a policy'}${more}.`;
}

/** The summary of an allow. */
export function explainAllowed(
  allows: readonly StatementRef[],
  via: PrincipalMatchKind | undefined,
  p: RequestPrincipal,
  required?: Blocked['required'],
): string {
  if (allows.length === 0 && p.type === 'root')
    return 'Allowed: the account root user has full access unless a policy denies it or an SCP does not allow it.';
  const parts = allows.slice(0, 2).map(describeRef).join(' and ');
  const more = allows.length > 2 ? ` (and ${allows.length - 2} more)` : '';
  const direct =
    via === 'direct'
      ? '; the resource policy names this principal directly, so identity policies, boundaries and session policies do not limit it'
      : '';
  const delegated =
    required === 'trust' || required === 'key'
      ? `; ${policyName(required)} must allow by itself, and ${via === 'account' ? 'it grants the account, which delegates to identity policies' : 'it does'}`
      : '';
  return `Allowed by ${parts}${more}${direct}${delegated}.`;
}

/** The summary of an `sts:GetCallerIdentity` request, which no policy can deny. */
export function explainCallerIdentity(policies: readonly { readonly denies: boolean }[]): string {
  const denied = policies.some((e) => e.denies);
  const also = denied ? ' A deny statement matches it but has no effect.' : '';
  return `Allowed: sts:GetCallerIdentity needs no permission and cannot be denied by any policy (STS API Reference, GetCallerIdentity).${also}`;
}

/** The summary of a request AWS refuses whatever the policies say (rules.ts, `refusal`). */
export function explainRefusal(r: Refusal): string {
  switch (r) {
    case 'root-assumes-role':
      return 'Implicitly denied: the account root user cannot assume a role, whatever the policies say (STS answers "Roles may not be assumed by root accounts"); use an IAM user or role.';
    case 'federated-user-sts':
      return 'Implicitly denied: a federated user session (GetFederationToken) cannot call STS operations except GetCallerIdentity, whatever the policies say (STS API Reference, GetFederationToken).';
    case 'federated-user-iam':
      return 'Implicitly denied: a federated user session (GetFederationToken) cannot call IAM operations through the AWS API or CLI, whatever the policies say; console sessions can (STS API Reference, GetFederationToken).';
  }
}

/**
 * The summary of an implicit deny. `overridden` lists the allows a guardrail (SCP, RCP, VPC
 * endpoint policy) took away, so the summary can say what would otherwise have allowed.
 */
export function explainImplicit(b: Blocked, overridden: readonly StatementRef[] = []): string {
  const level = b.level !== undefined ? ` at level ${b.level + 1}` : '';
  const first = overridden[0];
  const but = first ? `allowed by ${describeRef(first)}, but ` : '';
  switch (b.type) {
    case 'scp':
      return `Implicitly denied: ${but}no SCP${level} allows this action (every SCP level must allow).`;
    case 'rcp':
      return `Implicitly denied: ${but}no RCP${level} allows this request (every RCP level must allow).`;
    case 'vpc-endpoint':
      return `Implicitly denied: ${but}VPC endpoint policy #${(b.level ?? 0) + 1} does not allow this request.`;
    default:
      return b.crossAccount ? crossAccountText(b) : sameAccountText(b);
  }
}

function crossAccountText(b: Blocked): string {
  if (b.type === 'resource')
    return `Implicitly denied: cross-account request allowed by identity policy, but ${policyName(b.required)} does not allow it (both accounts must allow).`;
  const side = b.resourceAllows ? (b.reason === 'capped' ? 'the resource policy allows and ' : 'the resource policy allows, but ') : '';
  // "No identity-based or resource-based policy allows" would contradict `side`: say which side.
  const why =
    b.reason === 'no-allow'
      ? 'no identity-based policy of the principal allows it (both accounts must allow).'
      : b.reason === 'capped'
        ? `an identity policy allows it, but the ${evaluatedTypeName(b.type)} does not (both accounts must allow).`
        : sameAccountText(b).replace(/^Implicitly denied: /, '');
  return `Implicitly denied: cross-account request; ${side}${why}`;
}

function sameAccountText(b: Blocked): string {
  switch (b.reason) {
    case 'capped':
      return `Implicitly denied: allowed by identity policy, but the ${evaluatedTypeName(b.type)} does not allow.`;
    case 'no-session-policy':
      return 'Implicitly denied: a federated user session without a session policy has no permissions from identity policies.';
    case 'capped-resource-grant':
      return `Implicitly denied: the resource policy grants the role or IAM user behind the session (not the session itself), so the ${evaluatedTypeName(b.type)} still limits it and does not allow.`;
    case 'no-resource-allow':
      return 'Implicitly denied: no resource policy statement allows this principal.';
    case 'resource-required':
      return requiredText(b);
    default:
      return 'Implicitly denied: no identity-based or resource-based policy allows this request.';
  }
}

function requiredText(b: Blocked): string {
  // The root user has no identity policies: its own full access is what would allow.
  const but = b.identityAllows ? (b.root ? "the root user's own permissions allow, but " : 'allowed by identity policy, but ') : '';
  return `Implicitly denied: ${but}${policyName(b.required)} does not allow this principal${mustAllowWhy(b.required)}.`;
}
