/**
 * The principal making a request, and how `Principal` / `NotPrincipal` blocks match it
 * (reference_policies_elements_principal.md, reference_policies_elements_notprincipal.md).
 *
 * Principal entries never contain partial wildcards ("You cannot use a wildcard to match part of a
 * principal name or ARN"), so entries are compared as identities: account, user, role, role
 * session, federated-user session, service, web/SAML provider, canonical user.
 */
import { parseArn } from './arn';
import { CACHES } from '../caches';

/** The kinds of principal a request can come from. */
export type PrincipalType =
  'user' | 'role' | 'assumed-role' | 'federated-user' | 'root' | 'service' | 'web-identity' | 'saml' | 'anonymous';

/**
 * Who makes the request. Fill what you know; {@link principalFromArn} derives the rest from an ARN.
 * - `user`: `arn:aws:iam::111122223333:user/path/Name`
 * - `role`: a role itself (as the IAM policy simulator treats roles); same rules as its sessions
 * - `assumed-role`: `arn:aws:sts::111122223333:assumed-role/RoleName/session`; `roleArn` keeps the
 *   role's path when known
 * - `federated-user`: `arn:aws:sts::111122223333:federated-user/Name`; `userArn` is the IAM user
 *   who called GetFederationToken
 * - `root`: `arn:aws:iam::111122223333:root`
 * - `service`: `service` is e.g. `ec2.amazonaws.com`
 * - `web-identity` / `saml`: `provider` is the `Federated` principal (AssumeRoleWith… requests)
 * - `anonymous`: unauthenticated
 */
export interface RequestPrincipal {
  readonly type: PrincipalType;
  readonly arn?: string;
  /** The principal's 12-digit account (derived from `arn` when omitted). */
  readonly account?: string;
  readonly roleArn?: string;
  readonly userArn?: string;
  readonly service?: string;
  readonly provider?: string;
  readonly canonicalUser?: string;
  /** The unique ID (AIDA…, AROA…) that IAM stores for ARNs in saved policies. */
  readonly uniqueId?: string;
  /** A service-linked role or its session: SCPs and RCPs do not restrict it. */
  readonly serviceLinked?: boolean;
}

/** Builds a principal from an ARN, an account id, a service principal name, or `*`/`anonymous`. */
export function principalFromArn(text: string): RequestPrincipal | undefined {
  if (text === '*' || text === 'anonymous') return { type: 'anonymous' };
  if (/^\d{12}$/.test(text)) return { type: 'root', arn: `arn:aws:iam::${text}:root`, account: text };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(text)) return { type: 'service', service: text };
  const arn = parseArn(text);
  if (!arn || !/^\d{12}$/.test(arn.account)) return undefined;
  const { account, resource } = arn;
  if (arn.service === 'iam') {
    if (resource === 'root') return { type: 'root', arn: text, account };
    if (resource.startsWith('user/')) return { type: 'user', arn: text, account };
    if (resource.startsWith('role/')) return { type: 'role', arn: text, account, roleArn: text, ...slr(resource) };
  }
  if (arn.service === 'sts') {
    const parts = resource.split('/');
    if (parts[0] === 'assumed-role' && parts.length === 3) {
      return { type: 'assumed-role', arn: text, account, roleArn: `arn:${arn.partition}:iam::${account}:role/${parts[1]}` };
    }
    if (parts[0] === 'federated-user' && parts.length === 2) return { type: 'federated-user', arn: text, account };
  }
  return undefined;
}

// Service-linked roles live under the path /aws-service-role/ (id_roles_terms-and-concepts.md).
function slr(resource: string): { serviceLinked?: boolean } {
  return resource.startsWith('role/aws-service-role/') ? { serviceLinked: true } : {};
}

/** The account a principal belongs to, if any. */
export function principalAccount(p: RequestPrincipal): string | undefined {
  if (p.account) return p.account;
  const arn = p.arn ? parseArn(p.arn) : undefined;
  return arn?.account || undefined;
}

/** Whether the principal is an IAM identity that identity-based policies can apply to. */
export function hasIdentityPolicies(p: RequestPrincipal): boolean {
  return p.type === 'user' || p.type === 'role' || p.type === 'assumed-role' || p.type === 'federated-user';
}

/** Whether the principal is a session (its permissions may be capped by a session policy). */
export function isSession(p: RequestPrincipal): boolean {
  return p.type === 'assumed-role' || p.type === 'federated-user';
}

/** Whether the principal is a service-linked role (SCPs and RCPs do not apply). */
export function isServiceLinked(p: RequestPrincipal): boolean {
  if (p.serviceLinked !== undefined) return p.serviceLinked;
  return (p.roleArn ?? p.arn ?? '').includes(':role/aws-service-role/');
}

/** A normalized identity key, e.g. `user:111122223333:bob`. */
export type IdentityKey = string;

/** The identity key an entry of a Principal block names, or undefined for unrecognized text. */
export function entryKey(entry: string): IdentityKey | undefined {
  if (/^\d{12}$/.test(entry)) return `account:${entry}`;
  const arn = parseArn(entry);
  if (!arn) return undefined;
  const r = arn.resource;
  if (arn.service === 'iam') {
    if (r === 'root') return `account:${arn.account}`;
    // Names are unique per account whatever the path. Matching a user is case-sensitive: "In a
    // Principal element, the user name part of the ARN is case sensitive"
    // (reference_policies_elements_principal.md, IAM user principals), even though IAM keeps
    // user names unique case-insensitively. Role names: no such note, compared ignoring case.
    if (r.startsWith('user/')) return `user:${arn.account}:${lastName(r, false)}`;
    if (r.startsWith('role/')) return `role:${arn.account}:${lastName(r, true)}`;
  }
  if (arn.service === 'sts') {
    const parts = r.split('/');
    if (parts[0] === 'assumed-role' && parts.length === 3)
      return `session:${arn.account}:${(parts[1] as string).toLowerCase()}/${parts[2]}`;
    if (parts[0] === 'federated-user' && parts.length === 2) return `federated:${arn.account}:${parts[1]}`;
  }
  return undefined;
}

function lastName(resource: string, ignoreCase: boolean): string {
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  return ignoreCase ? name.toLowerCase() : name;
}

/** How a principal was matched, from most to least direct. */
export type PrincipalMatchKind =
  /** `*`, the exact session/user/service/provider: implicit denies elsewhere do not limit it in the same account. */
  | 'direct'
  /** The role ARN for a role session: still limited by boundaries and session policies. */
  | 'role'
  /** The IAM user ARN for a federated-user session: limited by boundaries and session policies. */
  | 'federating-user'
  /** The account: delegates to the account's identity-based policies. */
  | 'account';

/** The identities of a principal, from the account down to the session (NotPrincipal checks each). */
export interface PrincipalIdentities {
  readonly account?: IdentityKey | undefined;
  readonly entity?: { readonly key: IdentityKey; readonly kind: PrincipalMatchKind } | undefined;
  readonly session?: IdentityKey | undefined;
  readonly federatingUser?: IdentityKey | undefined;
}

/** Computes the identity keys of a request principal once per request. */
export function identitiesOf(p: RequestPrincipal): PrincipalIdentities {
  let found = identities.get(p);
  if (!found) identities.set(p, (found = computeIdentities(p)));
  return found;
}

// Principals are immutable: a batch that reuses one principal object derives its identities once.
const identities = CACHES.weak<RequestPrincipal, PrincipalIdentities>('evaluator.principalIdentities');

function computeIdentities(p: RequestPrincipal): PrincipalIdentities {
  const acct = principalAccount(p);
  const account = acct ? `account:${acct}` : undefined;
  const own = p.arn ? entryKey(p.arn) : undefined;
  switch (p.type) {
    case 'user':
      return { account, entity: own ? { key: own, kind: 'direct' } : undefined };
    case 'role':
      return { account, entity: own ? { key: own, kind: 'role' } : undefined };
    case 'assumed-role': {
      const role = p.roleArn ? entryKey(p.roleArn) : undefined;
      return { account, entity: role ? { key: role, kind: 'role' } : undefined, session: own };
    }
    case 'federated-user':
      return { account, session: own, federatingUser: p.userArn ? entryKey(p.userArn) : undefined };
    default:
      return { account };
  }
}
