/**
 * Gathering every policy that applies to a request, as AWS does (reference_policies_evaluation-
 * logic.md): the principal's identity-based policies (a user's own and its groups', attached and
 * inline; a role's), its permissions boundary, the session policy, the SCPs of the principal's
 * account path, the resource's policy, and the RCPs of the resource account's path.
 *
 * The identity side depends only on the principal and the resource side only on the resource, so
 * callers gather each once and combine them per request ({@link combine}).
 */
import { parseArn } from '../evaluator/arn';
import { isTrustAction } from '../evaluator/rules';
import type { Policy } from '../policy/types';
import { levelsOf } from './org';
import type { ModelPrincipal } from './principals';
import type { Model, ModelAccount, ModelPolicy, ModelResource, ModelRole, ModelUser, Tags } from './types';
import { CACHES } from '../caches';

export { isTrustAction };

/** The principal's side of the policy set. */
export interface IdentitySide {
  readonly account?: string;
  readonly identity: readonly ModelPolicy[];
  readonly boundaries: readonly ModelPolicy[];
  readonly session?: ModelPolicy;
  /** SCP levels of the principal's account, root first (empty when none apply). */
  readonly scps: readonly (readonly ModelPolicy[])[];
}

/** The resource's side of the policy set. */
export interface ResourceSide {
  readonly arn: string;
  readonly account?: string;
  readonly policy?: ModelPolicy;
  /** The model entity the ARN names (for tags and links). */
  readonly entity?: ModelResource | ModelRole | ModelUser;
  readonly tags: Tags;
  /** RCP levels of the resource's account, root first (empty when none apply). */
  readonly rcps: readonly (readonly ModelPolicy[])[];
}

/** Gathers the identity side of `p` (with an optional session policy for role sessions). */
export function gatherIdentity(model: Model, p: ModelPrincipal, sessionPolicy?: ModelPolicy): IdentitySide {
  switch (p.kind) {
    case 'user': {
      const account = model.accounts.get(p.user.account);
      const groups = p.user.groups.flatMap((g) => account?.groups.get(g)?.policies ?? []);
      return {
        account: p.user.account,
        identity: [...p.user.policies, ...groups],
        boundaries: opt(p.user.permissionsBoundary),
        scps: scpLevels(model, account),
      };
    }
    case 'role': {
      const account = model.accounts.get(p.role.account);
      // Service-linked roles are never restricted by SCPs.
      const slr = p.role.arn.includes(':role/aws-service-role/');
      return {
        account: p.role.account,
        identity: p.role.policies,
        boundaries: opt(p.role.permissionsBoundary),
        ...(sessionPolicy ? { session: sessionPolicy } : {}),
        scps: slr ? [] : scpLevels(model, account),
      };
    }
    case 'root':
      return { account: p.account, identity: [], boundaries: [], scps: scpLevels(model, model.accounts.get(p.account)) };
    case 'service':
      return { identity: [], boundaries: [], scps: [] };
    case 'external': {
      // The model does not hold this account's policies: assume they allow everything, so the
      // answer is the worst case and is decided by what the model does hold (resource policies,
      // trust policies). The assumption is named in every explanation it takes part in.
      // A federated user session (GetFederationToken) has only what its session policy also allows,
      // and GetFederationToken requires one ("You must pass an inline or managed session policy",
      // STS API Reference, GetFederationToken): the worst case is a session policy that allows
      // everything too. Without it every request of such a session would be denied, and a resource
      // policy naming the session would seem to let nobody in.
      // A federated user of a model account: the session policy the input gives, if any, and the
      // SCPs of the account (they restrict every principal of a member account but service-linked roles).
      const account = p.principal.account;
      const assumed = hasIdentity(p) ? [assumedIdentity(account)] : [];
      const session = p.principal.type === 'federated-user' ? { session: sessionPolicy ?? assumedSession(account) } : {};
      const scps = scpLevels(model, account === undefined ? undefined : model.accounts.get(account));
      return { ...(account ? { account } : {}), identity: assumed, boundaries: [], ...session, scps };
    }
  }
}

function hasIdentity(p: Extract<ModelPrincipal, { kind: 'external' }>): boolean {
  const t = p.principal.type;
  return t === 'user' || t === 'role' || t === 'assumed-role' || t === 'federated-user';
}

/** The stand-in for identity policies of an account outside the model (see `gatherIdentity`). */
function assumedIdentity(account: string | undefined): ModelPolicy {
  return allowEverything(`assumed: identity policies of ${account ?? 'the caller'} are not in the model`, `assumption:${account ?? ''}`);
}

/** The stand-in for the session policy of a federated user session outside the model (see `gatherIdentity`). */
function assumedSession(account: string | undefined): ModelPolicy {
  return allowEverything(
    `assumed: the session policy of a federated user of ${account ?? 'the caller'} is not in the model`,
    `assumption:${account ?? ''}:session`,
  );
}

/** An inline policy named `name` that allows every action on every resource. */
function allowEverything(name: string, file: string): ModelPolicy {
  const policy: Policy = {
    version: '2012-10-17',
    versionGiven: true,
    label: { id: name, source: file },
    statements: [{ index: 0, effect: 'Allow', action: ['*'], resource: ['*'], conditions: [], path: ['Statement', 0], arrayElements: [] }],
  };
  return { name, kind: 'inline', policy, source: { file, path: [] } };
}

function opt<T>(v: T | undefined): T[] {
  return v === undefined ? [] : [v];
}

/**
 * SCP levels for principals of `account`: none outside the organization or in the management
 * account (SCPs do not affect it); a level listing no SCP keeps AWS's default FullAWSAccess, so
 * when every level is default the levels are left out (same decision, shorter explanation).
 */
export function scpLevels(model: Model, account: ModelAccount | undefined): ModelPolicy[][] {
  const org = model.organization;
  if (!org || !account || !account.inOrganization || account.isManagementAccount) return [];
  const levels = [...levelsOf(org, account.ouPath).map((l) => l.scps), account.scps];
  if (levels.every((l) => l.length === 0)) return [];
  return levels.map((l) => (l.length === 0 ? [fullAccess('scp')] : [...l]));
}

/** RCP levels for resources of `account`; RCPFullAWSAccess is on every level, listed RCPs add to it. */
export function rcpLevels(model: Model, account: ModelAccount | undefined): ModelPolicy[][] {
  const org = model.organization;
  if (!org || !account || !account.inOrganization || account.isManagementAccount) return [];
  const levels = [...levelsOf(org, account.ouPath).map((l) => l.rcps), account.rcps];
  if (levels.every((l) => l.length === 0)) return [];
  return levels.map((l) => [fullAccess('rcp'), ...l]);
}

const FULL: Record<'scp' | 'rcp', ModelPolicy> = {
  scp: builtIn('FullAWSAccess', 'scp', { type: 'allow', principal: false }),
  rcp: builtIn('RCPFullAWSAccess', 'rcp', { type: 'allow', principal: true }),
};

function builtIn(name: string, kind: 'scp' | 'rcp', shape: { type: 'allow'; principal: boolean }): ModelPolicy {
  const statement = {
    index: 0,
    effect: 'Allow' as const,
    action: ['*'],
    resource: ['*'],
    conditions: [],
    path: ['Statement', 0],
    arrayElements: [],
    ...(shape.principal
      ? {
          principal: {
            wildcard: true,
            aws: ['*'],
            service: [],
            federated: [],
            canonicalUser: [],
            path: ['Statement', 0, 'Principal'],
            arrayKinds: [],
          },
        }
      : {}),
  };
  const policy: Policy = {
    version: '2012-10-17',
    versionGiven: true,
    statements: [statement],
    label: { id: name, source: `aws-managed:${name}` },
  };
  return { name, kind, policy, source: { file: `aws-managed:${name}`, path: [] } };
}

function fullAccess(kind: 'scp' | 'rcp'): ModelPolicy {
  return FULL[kind];
}

/**
 * The resource side of a request on `arn`. A role ARN with a trust action uses the trust policy;
 * an S3 object uses its bucket's policy; other ARNs use the model resource listed with exactly that
 * ARN. Whether that policy must itself allow (a role's trust policy, a KMS key's key policy) is the
 * evaluator's rule, decided from the action and the ARN (evaluator/rules.ts `requiredPolicy`), so
 * a simulation, an access test and `evaluate` apply it in one place.
 */
export function gatherResource(model: Model, arn: string, action: string, fallbackAccount?: string): ResourceSide {
  const role = findRole(model, arn);
  if (role) {
    // A role listed without a trust policy can be assumed by nobody the model can name: the
    // evaluator requires a trust policy's Allow whether or not one is given.
    const trust = isTrustAction(action) ? role.trustPolicy : undefined;
    return side(model, arn, role.account, role, role.tags, trust);
  }
  const user = findUser(model, arn);
  if (user) return side(model, arn, user.account, user, user.tags, undefined);
  const res = findResource(model, arn);
  const account = res?.account ?? accountOfArn(arn) ?? fallbackAccount;
  // A bucket's tags are not the tags of its objects: only an exact listing supplies aws:ResourceTag.
  // A KMS key listed without a key policy is evaluated with the default key policy (it delegates to IAM).
  return side(model, arn, account, res, res?.arn === arn ? res.tags : {}, res?.policy);
}

function side(
  model: Model,
  arn: string,
  account: string | undefined,
  entity: ResourceSide['entity'],
  tags: Tags,
  policy: ModelPolicy | undefined,
): ResourceSide {
  return {
    arn,
    tags,
    rcps: rcpLevels(model, account ? model.accounts.get(account) : undefined),
    ...(account ? { account } : {}),
    ...(entity ? { entity } : {}),
    ...(policy ? { policy } : {}),
  };
}

function accountOfArn(arn: string): string | undefined {
  const a = parseArn(arn)?.account;
  return a && /^\d{12}$/.test(a) ? a : undefined;
}

/** The model role an IAM role ARN names (paths ignored, names case-insensitive). */
export function findRole(model: Model, arn: string): ModelRole | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  const account = m ? model.accounts.get(m[1] as string) : undefined;
  const name = m?.[2]?.toLowerCase();
  return account && name !== undefined ? rolesByName(account.roles).get(name) : undefined;
}

const roleIndex = CACHES.weak<ReadonlyMap<string, ModelRole>, { size: number; byName: Map<string, ModelRole> }>('model.roleIndex');

/** An account's roles by lower-case name (role names are case-insensitive), built once per roles map. */
function rolesByName(roles: ReadonlyMap<string, ModelRole>): Map<string, ModelRole> {
  let hit = roleIndex.get(roles);
  if (!hit || hit.size !== roles.size) {
    const byName = new Map<string, ModelRole>();
    for (const r of roles.values()) if (!byName.has(r.name.toLowerCase())) byName.set(r.name.toLowerCase(), r);
    roleIndex.set(roles, (hit = { size: roles.size, byName }));
  }
  return hit.byName;
}

function findUser(model: Model, arn: string): ModelUser | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  const account = m ? model.accounts.get(m[1] as string) : undefined;
  const name = m?.[2]?.toLowerCase();
  return account ? [...account.users.values()].find((u) => u.name.toLowerCase() === name) : undefined;
}

/** The listed resource with this ARN, or for an S3 object ARN its bucket. */
export function findResource(model: Model, arn: string): ModelResource | undefined {
  const bucket = /^(arn:[^:]+:s3:::[^/]+)\//.exec(arn)?.[1];
  let byBucket: ModelResource | undefined;
  for (const a of model.accounts.values()) {
    for (const r of a.resources) {
      if (r.arn === arn) return r;
      if (bucket !== undefined && r.arn === bucket) byBucket = r;
    }
  }
  return byBucket;
}
