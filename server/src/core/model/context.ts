/**
 * The request context AWS would set for a request, derived from the model
 * (reference_policies_condition-keys.md): principal keys (`aws:PrincipalArn`, `aws:PrincipalAccount`,
 * `aws:PrincipalType`, `aws:username`, `aws:userid`, `aws:PrincipalTag/*`, `aws:PrincipalOrgID`,
 * `aws:PrincipalOrgPaths`, `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName`,
 * `aws:MultiFactorAuthPresent`), resource keys (`aws:ResourceAccount`, `aws:ResourceOrgID`,
 * `aws:ResourceOrgPaths`, `aws:ResourceTag/*`), and request keys that are the same for every call
 * made with an SDK over HTTPS (`aws:SecureTransport`, `aws:ViaAWSService`, `aws:CurrentTime`,
 * `aws:EpochTime`, `aws:TokenIssueTime` for sessions, `aws:RequestedRegion` from a regional ARN).
 * Keys the model cannot know (`aws:SourceIp`, `aws:SourceVpc`, `sts:ExternalId`, …) come from the
 * user, whose values override derived ones.
 */
import { parseArn } from '../evaluator/arn';
import { actionHasResourceAccount, globalEndpointRegion } from '../evaluator/derived';
import type { ResourceSide } from './gather';
import { levelsOf } from './org';
import { describePrincipal, type ModelPrincipal } from './principals';
import type { Model, ModelAccount, Tags } from './types';

/** A request context: key → value(s). */
export type ContextValues = Record<string, string | string[]>;

/** Options of {@link deriveContext}. */
export interface DeriveOptions {
  /** The request time (default: now). */
  readonly now?: Date;
  /** Session tags of a role session; they override the role's tags with the same key. */
  readonly sessionTags?: Tags;
}

/** The keys AWS derives for this principal, whatever the resource. */
export function principalContext(model: Model, p: ModelPrincipal, options: DeriveOptions = {}): ContextValues {
  const now = options.now ?? new Date();
  const out: ContextValues = {
    'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:SecureTransport': 'true',
    'aws:ViaAWSService': 'false',
  };
  if (p.kind === 'service') return { ...out, 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': p.service };
  const account =
    p.kind === 'user' ? p.user.account : p.kind === 'role' ? p.role.account : p.kind === 'root' ? p.account : p.principal.account;
  out['aws:PrincipalIsAWSService'] = 'false';
  if (account) out['aws:PrincipalAccount'] = account;
  orgKeys(model, account ? model.accounts.get(account) : undefined, 'Principal', out);
  if (p.kind === 'user') userKeys(p.user, out);
  else if (p.kind === 'role') roleKeys(p, options, now, out);
  else if (p.kind === 'root')
    Object.assign(out, { 'aws:PrincipalArn': describePrincipal(p), 'aws:PrincipalType': 'Account', 'aws:userid': p.account });
  // A role session's aws:PrincipalArn is the role's ARN (reference_policies_condition-keys.md).
  else if (p.principal.roleArn ?? p.principal.arn) out['aws:PrincipalArn'] = (p.principal.roleArn ?? p.principal.arn) as string;
  return out;
}

function userKeys(user: Extract<ModelPrincipal, { kind: 'user' }>['user'], out: ContextValues): void {
  out['aws:PrincipalArn'] = user.arn;
  out['aws:PrincipalType'] = 'User';
  out['aws:username'] = user.name;
  if (user.userId) out['aws:userid'] = user.userId;
  // Absent for long-term access keys; the model says true/false when the user signs in with(out) MFA.
  if (user.mfa !== undefined) out['aws:MultiFactorAuthPresent'] = String(user.mfa);
  tagKeys('aws:PrincipalTag/', user.tags, out);
}

function roleKeys(p: Extract<ModelPrincipal, { kind: 'role' }>, options: DeriveOptions, now: Date, out: ContextValues): void {
  // For a role session aws:PrincipalArn is the role's ARN, not the session's.
  out['aws:PrincipalArn'] = p.role.arn;
  out['aws:PrincipalType'] = 'AssumedRole';
  if (p.role.roleId) out['aws:userid'] = `${p.role.roleId}:${p.sessionName}`;
  if (p.mfa !== undefined) out['aws:MultiFactorAuthPresent'] = String(p.mfa);
  out['aws:TokenIssueTime'] = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  tagKeys('aws:PrincipalTag/', { ...p.role.tags, ...options.sessionTags }, out);
}

function tagKeys(prefix: string, tags: Tags, out: ContextValues): void {
  for (const [k, v] of Object.entries(tags)) out[`${prefix}${k}`] = v;
}

/** `aws:PrincipalOrgID` / `aws:PrincipalOrgPaths` (or the Resource forms) for an account in the organization. */
function orgKeys(model: Model, account: ModelAccount | undefined, side: 'Principal' | 'Resource', out: ContextValues): void {
  const org = model.organization;
  if (!org || !account?.inOrganization || !org.id) return;
  out[`aws:${side}OrgID`] = org.id;
  const ids = [
    org.root.id,
    ...levelsOf(org, account.ouPath)
      .slice(1)
      .map((l) => l.id),
  ];
  // The path is only known when the root and every OU on the way have ids (o-…/r-…/ou-…/).
  if (ids.every((id): id is string => id !== undefined)) out[`aws:${side}OrgPaths`] = [`${[org.id, ...ids].join('/')}/`];
}

/**
 * The keys AWS derives for the resource side of a request. With `action`, these keys follow the
 * evaluator's own rules (evaluator/derived.ts, the one definition): `aws:ResourceAccount`,
 * `aws:ResourceOrgID` and `aws:ResourceOrgPaths` are left out for an action AWS does not set them
 * for (`actionHasResourceAccount`: the list under each key's "Availability", the same for the three,
 * reference_policies_condition-keys.md), and an IAM action's `aws:RequestedRegion`
 * is us-east-1, IAM's one endpoint (`globalEndpointRegion`; `partition` is the principal's, for a
 * resource without an ARN). Without `action` the context is the one shared by every action of the
 * resource, which the runner narrows per action.
 */
export function resourceContext(model: Model, r: ResourceSide, action?: string, partition?: string): ContextValues {
  const out: ContextValues = {};
  // aws:ResourceOrgID and aws:ResourceOrgPaths are left out for the same actions: the page gives the
  // three keys one list of actions that "don't support" them.
  if (action === undefined || actionHasResourceAccount(action)) {
    if (r.account) out['aws:ResourceAccount'] = r.account;
    orgKeys(model, r.account ? model.accounts.get(r.account) : undefined, 'Resource', out);
  }
  tagKeys('aws:ResourceTag/', r.tags, out);
  const arn = parseArn(r.arn);
  const global = action === undefined ? undefined : globalEndpointRegion(action, arn?.partition ?? partition);
  const region = global ?? (arn?.region || model.defaultRegion);
  if (region) out['aws:RequestedRegion'] = region;
  return out;
}

/** Derived principal and resource keys, then the user's values on top. */
export function requestContext(
  principal: ContextValues,
  resource: ContextValues,
  user: Readonly<Record<string, string | readonly string[]>> = {},
): ContextValues {
  const out: ContextValues = { ...principal, ...resource };
  // User keys override derived ones whatever their case (context keys are case-insensitive).
  const lower = new Map(Object.keys(out).map((k) => [k.toLowerCase(), k]));
  for (const [k, v] of Object.entries(user)) {
    const existing = lower.get(k.toLowerCase());
    if (existing !== undefined && existing !== k) delete out[existing];
    out[k] = typeof v === 'string' ? v : [...v];
  }
  return out;
}
