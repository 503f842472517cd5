/**
 * `resolveModel`: a parsed model file (or account-details output) plus a {@link ModelHost} →
 * a {@link Model}. Two passes: first every account's policy definitions (so references across
 * accounts and to imported policies work whatever the order), then the entities.
 */
import type { ModelHost } from './host';
import { readModelFile } from './modelFile';
import { ouPathOf, resolveOrganization } from './org';
import { ResolveContext } from './policies';
import { resolveDef, resolvePolicyRef, type RefScope } from './refs';
import type { AccountSpec, GroupSpec, NamedRef, PolicyDefSpec, RefSpec, ResourceSpec, RoleSpec, TestSpec, UserSpec } from './spec';
import type {
  AccessTest,
  Expectation,
  Model,
  ModelAccount,
  ModelOrganization,
  ModelGroup,
  ModelPolicy,
  ModelPolicyKind,
  ModelResource,
  ModelRole,
  ModelUser,
} from './types';

/** Resolves the model file at workspace-relative `file` whose parsed JSON is `value`. Never throws. */
export function resolveModel(value: unknown, file: string, host: ModelHost): Model {
  const ctx = new ResolveContext(host);
  ctx.files.add(file);
  const spec = readModelFile(value, file, ctx);
  // A customer managed policy written in a model file gets the ARN IAM would give it (iam:CreatePolicyVersion acts on it).
  const merged = mergeAccounts(spec.accounts, ctx).map((a) => ({
    ...a,
    policies: a.policies.map((p) => (p.arn ? p : { ...p, arn: `arn:aws:iam::${a.id}:policy/${p.name}` })),
  }));
  const awsImported = new Map<string, PolicyDefSpec>();
  const byArn = new Map<string, PolicyDefSpec>();
  for (const a of merged) {
    for (const p of a.awsManaged) if (p.arn) awsImported.set(p.arn.toLowerCase(), p);
    for (const p of a.policies) byArn.set((p.arn ?? `arn:aws:iam::${a.id}:policy/${p.name}`).toLowerCase(), p);
  }
  const orgScope: RefScope | undefined = spec.organization
    ? { named: byName(spec.organization.policies), byArn, awsImported, organization: true }
    : undefined;
  const organization = spec.organization && orgScope ? resolveOrganization(ctx, spec.organization, orgScope) : undefined;
  const accounts = new Map<string, ModelAccount>();
  for (const a of merged) {
    const scope: RefScope = { named: byName(a.policies), byArn, awsImported, account: a.id };
    const ouPath = organization && a.ou ? ouPathOf(organization, a.ou.name) : [];
    accounts.set(a.id, resolveAccount(ctx, a, scope, ouPath, organization, orgScope));
  }
  if (organization) checkOus(ctx, merged, organization.ous);
  const testScope: RefScope = { named: new Map(), byArn, awsImported };
  const tests = spec.tests.map((t) => resolveTest(ctx, t, testScope));
  const pathAssertions = (spec.noPaths ?? []).map((n) => ({ from: n.from, to: n.to, source: n.at, ...(n.name ? { name: n.name } : {}) }));
  const neverAssertions = (spec.nevers ?? []).map((n) => ({
    principal: n.principal,
    actions: n.actions,
    resources: n.resources,
    source: n.at,
    ...(n.name ? { name: n.name } : {}),
  }));
  return {
    file,
    accounts,
    tests,
    problems: ctx.problems,
    files: [...ctx.files],
    ...(pathAssertions.length > 0 ? { pathAssertions } : {}),
    ...(neverAssertions.length > 0 ? { neverAssertions } : {}),
    ...(organization ? { organization } : {}),
    ...(spec.defaultRegion ? { defaultRegion: spec.defaultRegion } : {}),
  };
}

function byName(defs: readonly PolicyDefSpec[]): Map<string, PolicyDefSpec> {
  return new Map(defs.map((d) => [d.name.toLowerCase(), d]));
}

/** Accounts listed several times (an import plus the model's own entries) become one; later entries win. */
function mergeAccounts(specs: readonly AccountSpec[], ctx: ResolveContext): AccountSpec[] {
  const out = new Map<string, AccountSpec>();
  for (const s of specs) {
    const prev = out.get(s.id);
    if (
      prev &&
      prev.at.file === s.at.file &&
      prev.at.path[0] === 'accounts' &&
      s.at.path[0] === 'accounts' &&
      prev.at.path.length === 2 &&
      s.at.path.length === 2
    ) {
      ctx.report('DUPLICATE_ACCOUNT', s.at, `Account ${s.id} is listed twice; the entries are merged.`, 'warning');
    }
    out.set(s.id, prev ? mergeTwo(prev, s) : s);
  }
  return [...out.values()];
}

function mergeTwo(a: AccountSpec, b: AccountSpec): AccountSpec {
  const byNameLast = <T extends { name: string }>(x: readonly T[], y: readonly T[]) => [
    ...new Map([...x, ...y].map((e) => [e.name, e])).values(),
  ];
  return {
    ...a,
    ...b,
    policies: byNameLast(a.policies, b.policies),
    awsManaged: [...a.awsManaged, ...b.awsManaged],
    users: byNameLast(a.users, b.users),
    groups: byNameLast(a.groups, b.groups),
    roles: byNameLast(a.roles, b.roles),
    resources: [...a.resources, ...b.resources],
    scps: [...a.scps, ...b.scps],
    rcps: [...a.rcps, ...b.rcps],
  };
}

function resolveAccount(
  ctx: ResolveContext,
  a: AccountSpec,
  scope: RefScope,
  ouPath: readonly string[],
  org: ModelOrganization | undefined,
  orgScope?: RefScope,
): ModelAccount {
  const policies = new AccountPolicies(ctx, scope);
  // Every defined policy is parsed even when unattached, so its problems show up in the editor.
  for (const p of a.policies) resolveDef(ctx, p, 'customer-managed');
  const groups = new Map<string, ModelGroup>(a.groups.map((g) => [g.name, modelGroup(policies, a.id, g)]));
  const users = new Map<string, ModelUser>(a.users.map((u) => [u.name, modelUser(policies, a.id, u, groups)]));
  const roles = new Map<string, ModelRole>(a.roles.map((r) => [r.name, modelRole(policies, a.id, r)]));
  const resources = a.resources.map((r) => modelResource(policies, a.id, r, roles));
  return {
    id: a.id,
    ...(a.name ? { name: a.name } : {}),
    ouPath,
    inOrganization: org !== undefined && !a.outsideOrganization,
    isManagementAccount: org?.managementAccount === a.id,
    users,
    groups,
    roles,
    resources,
    // SCPs and RCPs attached to the account are organization policies: names are the
    // organization's (and the built-ins FullAWSAccess / RCPFullAWSAccess), as docs/model.md says.
    scps: policies.refs(a.scps, 'scp', orgScope),
    rcps: policies.refs(a.rcps, 'rcp', orgScope),
  };
}

/** The policies an account's entities name, resolved in the account's scope (problems reported as they are met). */
class AccountPolicies {
  constructor(
    readonly ctx: ResolveContext,
    private readonly scope: RefScope,
  ) {}

  refs(list: readonly RefSpec[], kind: ModelPolicyKind, within: RefScope = this.scope): ModelPolicy[] {
    return list.map((r) => resolvePolicyRef(this.ctx, r, kind, within)).filter(defined);
  }

  /** Managed policies attached, then inline policies. */
  attached(managed: readonly RefSpec[], inline: readonly PolicyDefSpec[]): ModelPolicy[] {
    return [...this.refs(managed, 'customer-managed'), ...inline.map((d) => resolveDef(this.ctx, d, 'inline')).filter(defined)];
  }

  one(r: RefSpec | undefined, kind: ModelPolicyKind): ModelPolicy | undefined {
    return r ? resolvePolicyRef(this.ctx, r, kind, this.scope) : undefined;
  }
}

function modelGroup(policies: AccountPolicies, account: string, g: GroupSpec): ModelGroup {
  return {
    kind: 'group',
    name: g.name,
    ...(g.alias ? { alias: g.alias } : {}),
    account,
    arn: `arn:aws:iam::${account}:group${g.path}${g.name}`,
    source: g.at,
    policies: policies.attached(g.managed, g.inline),
  };
}

function modelUser(policies: AccountPolicies, account: string, u: UserSpec, groups: ReadonlyMap<string, ModelGroup>): ModelUser {
  for (const g of u.groups)
    if (!groups.has(g.name))
      policies.ctx.report('UNKNOWN_GROUP', g.at, `Unknown group '${g.name}' in account ${account}${suggest(g.name, [...groups.keys()])}`);
  const boundary = policies.one(u.boundary, 'permissions-boundary');
  return {
    kind: 'user',
    name: u.name,
    ...(u.alias ? { alias: u.alias } : {}),
    account,
    arn: `arn:aws:iam::${account}:user${u.path}${u.name}`,
    source: u.at,
    groups: u.groups.map((g) => g.name).filter((g) => groups.has(g)),
    policies: policies.attached(u.managed, u.inline),
    tags: u.tags,
    ...(boundary ? { permissionsBoundary: boundary } : {}),
    ...(u.mfa !== undefined ? { mfa: u.mfa } : {}),
    ...(u.userId ? { userId: u.userId } : {}),
  };
}

function modelRole(policies: AccountPolicies, account: string, r: RoleSpec): ModelRole {
  const boundary = policies.one(r.boundary, 'permissions-boundary');
  const trust = policies.one(r.trust, 'trust');
  return {
    kind: 'role',
    name: r.name,
    ...(r.alias ? { alias: r.alias } : {}),
    account,
    arn: `arn:aws:iam::${account}:role${r.path}${r.name}`,
    source: r.at,
    policies: policies.attached(r.managed, r.inline),
    tags: r.tags,
    ...(boundary ? { permissionsBoundary: boundary } : {}),
    ...(trust ? { trustPolicy: trust } : {}),
    ...(r.roleId ? { roleId: r.roleId } : {}),
    ...(r.maxSessionDuration !== undefined ? { maxSessionDuration: r.maxSessionDuration } : {}),
    ...(r.instanceProfiles ? { instanceProfiles: r.instanceProfiles } : {}),
  };
}

function modelResource(policies: AccountPolicies, account: string, r: ResourceSpec, roles: ReadonlyMap<string, ModelRole>): ModelResource {
  const policy = policies.one(r.policy, 'resource');
  const runsAs = r.runsAs ? runsAsRole(policies.ctx, r.runsAs, account, roles) : undefined;
  return {
    arn: r.arn,
    ...(r.alias ? { alias: r.alias } : {}),
    account,
    tags: r.tags,
    source: r.at,
    ...(policy ? { policy } : {}),
    ...(runsAs ? { runsAs } : {}),
  };
}

/**
 * The role ARN that `runsAs` names: a role name of the account, a role ARN (any account), or an
 * instance profile (name or `instance-profile/` ARN) that a role of the account lists.
 */
function runsAsRole(ctx: ResolveContext, ref: NamedRef, account: string, roles: ReadonlyMap<string, ModelRole>): string | undefined {
  const text = ref.name;
  if (/^arn:[^:]+:iam::\d{12}:role\//.test(text)) return text;
  const profile = /^arn:[^:]+:iam::\d{12}:instance-profile\/(?:.*\/)?([^/]+)$/.exec(text)?.[1] ?? text;
  const role = roles.get(text) ?? [...roles.values()].find((r) => r.instanceProfiles?.includes(profile));
  if (role) return role.arn;
  ctx.report('UNKNOWN_ROLE', ref.at, `Unknown role or instance profile '${text}' in account ${account}${suggest(text, [...roles.keys()])}`);
  return undefined;
}

/** Checks every account's OU exists (the OU path itself is computed by `ouPathOf`). */
function checkOus(ctx: ResolveContext, accounts: readonly AccountSpec[], ous: ReadonlyMap<string, unknown>): void {
  for (const a of accounts) {
    if (a.ou && !ous.has(a.ou.name))
      ctx.report('UNKNOWN_OU', a.ou.at, `Unknown organizational unit '${a.ou.name}'${suggest(a.ou.name, [...ous.keys()])}`);
  }
}

const EXPECTATIONS: ReadonlySet<string> = new Set(['allow', 'deny', 'Allowed', 'ExplicitDeny', 'ImplicitDeny']);

function resolveTest(ctx: ResolveContext, t: TestSpec, scope: RefScope): AccessTest {
  let expect: Expectation = 'allow';
  if (EXPECTATIONS.has(t.expect)) expect = t.expect as Expectation;
  else
    ctx.report(
      'MODEL_INVALID',
      { file: t.at.file, path: [...t.at.path, 'expect'] },
      `"expect" must be one of allow, deny, Allowed, ExplicitDeny, ImplicitDeny (not '${t.expect}').`,
    );
  const session = t.sessionPolicy ? resolvePolicyRef(ctx, t.sessionPolicy, 'session', scope) : undefined;
  return {
    principal: t.principal,
    actions: t.actions,
    resources: t.resources,
    expect,
    context: t.context,
    source: t.at,
    ...(t.name ? { name: t.name } : {}),
    ...(session ? { sessionPolicy: session } : {}),
    ...(t.sessionTags ? { sessionTags: t.sessionTags } : {}),
    ...(t.via ? { via: t.via } : {}),
  };
}

function defined<T>(v: T | undefined): v is T {
  return v !== undefined;
}

/** "; did you mean 'QA'?" for a near name (case-insensitive equality or a shared prefix), else ".". */
export function suggest(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase();
  const hit =
    known.find((k) => k.toLowerCase() === lower) ?? known.find((k) => k.toLowerCase().startsWith(lower.slice(0, 3)) && lower.length >= 3);
  return hit ? `; did you mean '${hit}'?` : '.';
}

export type { ModelPolicy };
