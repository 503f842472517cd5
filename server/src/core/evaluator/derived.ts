/**
 * The principal keys AWS puts in every request context, which the request principal alone decides
 * (IAM User Guide, "AWS global condition context keys", reference_policies_condition-keys.md):
 * - `aws:PrincipalArn`: "included in the request context for all signed requests"; "For IAM roles,
 *   the request context returns the ARN of the role, not the ARN of the user that assumed the
 *   role"; a federated-user session's own ARN; the root user's `arn:aws:iam::<account>:root`.
 * - `aws:PrincipalAccount`: "included in the request context for all requests, including anonymous
 *   requests"; "For anonymous requests, the request context returns `anonymous`".
 * - `aws:PrincipalType`: for all requests (`User`, `AssumedRole`, `FederatedUser`, `Account`,
 *   `Anonymous`, as the variables page's "Principal key values" lists them).
 * - `aws:username`: "always included in the request context for IAM users" (never for roles).
 * - `aws:PrincipalIsAWSService`: "present in the request context for all signed API requests"
 *   (`true` for a service principal); `aws:PrincipalServiceName`: the service principal's name.
 * - `aws:userid`: "included in the request context for all requests, including anonymous requests";
 *   the variables page's "Principal key values" table gives it as the AWS account ID for the root
 *   user, `account:caller-specified-name` for a federated user session (GetFederationToken) and
 *   `anonymous` for an anonymous caller. For IAM users and role sessions it holds a unique ID
 *   (`AIDA…`, `AROA…:session`) that no ARN shows, so it is left to the request's context there.
 *
 * A key the request's context gives (any spelling) wins over these. Keys that need more than the
 * principal (a user's or role's unique ID, tags, organization keys) are never invented.
 */
import { CACHES } from '../caches';
import type { ContextEntry } from './context';
import { principalAccount, type RequestPrincipal } from './principal';

/** Lower-cased key → entry. */
export type DerivedKeys = ReadonlyMap<string, ContextEntry>;

const cache = CACHES.weak<RequestPrincipal, DerivedKeys>('evaluator.derivedPrincipalKeys');

/** The keys derived from `p` (cached per principal object: batches reuse principals). */
export function derivedPrincipalKeys(p: RequestPrincipal): DerivedKeys {
  let found = cache.get(p);
  if (!found) cache.set(p, (found = compute(p)));
  return found;
}

function compute(p: RequestPrincipal): DerivedKeys {
  const out = new Map<string, ContextEntry>();
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') out.set(key.toLowerCase(), { key, values: [value], multi: false });
  };
  if (p.type === 'anonymous') {
    put('aws:PrincipalAccount', 'anonymous');
    put('aws:PrincipalType', 'Anonymous');
    put('aws:userid', 'anonymous');
    return out;
  }
  if (p.type === 'service') {
    put('aws:PrincipalIsAWSService', 'true');
    put('aws:PrincipalServiceName', p.service);
    return out;
  }
  if (p.type === 'web-identity' || p.type === 'saml') return out;
  const account = principalAccount(p);
  put('aws:PrincipalAccount', account);
  put('aws:PrincipalIsAWSService', 'false');
  switch (p.type) {
    case 'user':
      put('aws:PrincipalArn', p.arn);
      put('aws:PrincipalType', 'User');
      put('aws:username', p.arn?.slice(p.arn.lastIndexOf('/') + 1));
      break;
    case 'role':
    case 'assumed-role':
      put('aws:PrincipalArn', p.roleArn ?? (p.type === 'role' ? p.arn : undefined));
      put('aws:PrincipalType', 'AssumedRole');
      break;
    case 'federated-user':
      put('aws:PrincipalArn', p.arn);
      put('aws:PrincipalType', 'FederatedUser');
      // The session name has no `/` (GetFederationToken's Name is `[\w+=,.@-]*`).
      put(
        'aws:userid',
        account && p.arn?.includes(':federated-user/') ? `${account}:${p.arn.slice(p.arn.lastIndexOf('/') + 1)}` : undefined,
      );
      break;
    case 'root':
      put('aws:PrincipalArn', p.arn ?? (account ? `arn:aws:iam::${account}:root` : undefined));
      put('aws:PrincipalType', 'Account');
      put('aws:userid', account);
      break;
  }
  return out;
}
