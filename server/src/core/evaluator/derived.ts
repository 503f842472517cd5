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
 * - `aws:RequestedRegion` of IAM actions (per request, {@link requestedRegionOf}): us-east-1, IAM's
 *   one endpoint ("IAM calls are always made to the us-east-1 Region"); other actions' regions
 *   depend on the endpoint called, which the input does not show.
 * - `aws:ResourceAccount` (per request, {@link resourceAccountOf}): "always included in the request
 *   context for most service actions", "equal to the AWS account ID for the account with the
 *   resources evaluated in the request", except for the actions the page lists
 *   ({@link NO_RESOURCE_ACCOUNT}). Set from the input's `resourceAccount` or the account segment of
 *   the resource ARN; never guessed for an ARN without one (an S3 bucket's) or for `*`.
 *
 * A key the request's context gives (any spelling) wins over these. Keys that need more than the
 * principal (a user's or role's unique ID, tags, organization keys) are never invented.
 */
import { CACHES } from '../caches';
import { accountSegmentStart } from './arn';
import type { ContextEntry } from './context';
import { principalAccount, type RequestPrincipal } from './principal';
import type { EvaluationRequest } from './types';

/** Lower-cased key → entry. */
export type DerivedKeys = ReadonlyMap<string, ContextEntry>;

const cache = CACHES.weak<RequestPrincipal, DerivedKeys>('evaluator.derivedPrincipalKeys');

/** The keys derived from `p` (cached per principal object: batches reuse principals). */
export function derivedPrincipalKeys(p: RequestPrincipal): DerivedKeys {
  let found = cache.get(p);
  if (!found) cache.set(p, (found = compute(p)));
  return found;
}

/**
 * Actions for which `aws:ResourceAccount` is not in the request context: the list under the key's
 * "Availability" (IAM User Guide, global condition context keys, aws:ResourceAccount; the 2023 copy
 * in shared/reference and a later copy, both read 2026-12-04, merged: an action either lists is here).
 * Whole services by prefix, other entries by action name (lower case).
 */
const NO_RESOURCE_ACCOUNT_SERVICES: ReadonlySet<string> = new Set(['ebs', 'events', 'pipes', 'scheduler', 'schemas']);
export const NO_RESOURCE_ACCOUNT: ReadonlySet<string> = new Set(
  [
    'ec2:AcceptTransitGatewayPeeringAttachment',
    'ec2:AcceptVpcEndpointConnections',
    'ec2:AcceptVpcPeeringConnection',
    'ec2:CopyFpgaImage',
    'ec2:CopyImage',
    'ec2:CopySnapshot',
    'ec2:CreateTransitGatewayPeeringAttachment',
    'ec2:CreateVolume',
    'ec2:CreateVpcEndpoint',
    'ec2:CreateVpcPeeringConnection',
    'ec2:DeleteTransitGatewayPeeringAttachment',
    'ec2:DeleteVpcPeeringConnection',
    'ec2:RejectTransitGatewayPeeringAttachment',
    'ec2:RejectVpcEndpointConnections',
    'ec2:RejectVpcPeeringConnection',
    'route53:AssociateVpcWithHostedZone',
    'route53:CreateVPCAssociationAuthorization',
    'route53:DeleteVPCAssociationAuthorization',
    'route53:DisassociateVPCFromHostedZone',
    'route53:ListHostedZonesByVPC',
    'workspaces:CopyWorkspaceImage',
    'workspaces:DescribeWorkspaceImages',
  ].map((a) => a.toLowerCase()),
);

// Whether an action (as asked) gets aws:ResourceAccount: actions repeat across requests.
const resourceAccountActions = CACHES.map<string, boolean>('evaluator.resourceAccountActions');
/**
 * Whether AWS puts `aws:ResourceAccount` in the request context of `action` (service:Action, any
 * case): not for the actions the page lists ({@link NO_RESOURCE_ACCOUNT}). The page gives
 * `aws:ResourceOrgID` and `aws:ResourceOrgPaths` the same list, so this answers for them too. The
 * one definition: the evaluator's derivation and the model's request context (model/context.ts)
 * both ask this.
 */
export function actionHasResourceAccount(action: string): boolean {
  let answer = resourceAccountActions.get(action);
  if (answer === undefined) {
    if (resourceAccountActions.size >= 4096) resourceAccountActions.clear();
    const lower = action.toLowerCase();
    const colon = lower.indexOf(':');
    answer = colon > 0 && !NO_RESOURCE_ACCOUNT.has(lower) && !NO_RESOURCE_ACCOUNT_SERVICES.has(lower.slice(0, colon));
    resourceAccountActions.set(action, answer);
  }
  return answer;
}

/**
 * The `aws:RequestedRegion` of an action whose service has a single endpoint, or undefined. The
 * page (aws:RequestedRegion): "Some global services, such as IAM, have a single endpoint. Because
 * this endpoint is physically located in the US East (N. Virginia) Region, IAM calls are always
 * made to the us-east-1 Region" (the 2023 copy in shared/reference; the same text in the current
 * page's copies, read 2026-12-04). Only IAM, the one service the page names, and only in the `aws`
 * partition it speaks of. The one definition: `evaluate` and the model (model/context.ts) ask this.
 */
export function globalEndpointRegion(action: string, partition: string | undefined): string | undefined {
  return partition === 'aws' && action.length > 4 && action.charCodeAt(3) === 58 && action.slice(0, 3).toLowerCase() === 'iam'
    ? 'us-east-1'
    : undefined;
}

/** The partition of a request: its resource ARN's, else its principal ARN's. */
function requestPartition(request: EvaluationRequest): string | undefined {
  const text = request.resource.startsWith('arn:') ? request.resource : request.principal.arn;
  if (text === undefined || !text.startsWith('arn:')) return undefined;
  const end = text.indexOf(':', 4);
  return end < 0 ? undefined : text.slice(4, end);
}

/** `aws:RequestedRegion` as AWS sets it whatever the caller's endpoint ({@link globalEndpointRegion}), or undefined. */
export function requestedRegionOf(request: EvaluationRequest): string | undefined {
  return globalEndpointRegion(request.action, requestPartition(request));
}

/** The resource's account as the input states it: `resourceAccount`, else a non-empty account segment of the ARN. */
function statedResourceAccount(request: EvaluationRequest): string | undefined {
  if (request.resourceAccount) return request.resourceAccount;
  const r = request.resource;
  const start = accountSegmentStart(r);
  if (start < 0) return undefined;
  const end = r.indexOf(':', start);
  return end === start ? undefined : r.slice(start, end);
}

/**
 * The `aws:ResourceAccount` AWS sets for `request` (see the file comment), or undefined. Asked only
 * when a condition or variable reads the key (context.ts), so requests that never read it pay nothing.
 */
export function resourceAccountOf(request: EvaluationRequest): string | undefined {
  const account = statedResourceAccount(request);
  return account !== undefined && actionHasResourceAccount(request.action) ? account : undefined;
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
