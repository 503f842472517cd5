/**
 * Import of `aws iam get-account-authorization-details` output (UserDetailList, GroupDetailList,
 * RoleDetailList, Policies). Only each policy's default version is used, as IAM does. Policy
 * documents may be objects or URL-encoded JSON strings (the raw API returns them encoded; the AWS
 * CLI decodes them). The account id comes from the ARNs.
 */
import { isRecord } from '../json';
import { at } from './policies';
import type { AccountSpec, GroupSpec, PolicyDefSpec, RefSpec, RoleSpec, UserSpec } from './spec';
import type { SourceLocation, Tags } from './types';

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

/** Whether a parsed JSON value is account-authorization-details output. */
export function isAccountDetails(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && LISTS.some((k) => Array.isArray(value[k])) && !('accounts' in value);
}

/** The problems an import can have, reported by the caller. */
export interface ImportProblem {
  readonly at: SourceLocation;
  readonly message: string;
}

/** Converts account-details output into one account spec per account id found in its ARNs. */
export function importAccountDetails(value: Record<string, unknown>, file: string, problems: ImportProblem[]): AccountSpec[] {
  const root: SourceLocation = { file, path: [] };
  const accounts = new Map<string, Draft>();
  const draft = (arn: unknown, loc: SourceLocation): Draft | undefined => {
    const id = typeof arn === 'string' ? /^arn:[^:]+:iam::(\d{12}|aws):/.exec(arn)?.[1] : undefined;
    if (!id) {
      problems.push({ at: loc, message: `Entry has no IAM ARN with an account id (Arn: ${JSON.stringify(arn)}).` });
      return undefined;
    }
    let d = accounts.get(id);
    if (!d) accounts.set(id, (d = emptyDraft(id, root)));
    return d;
  };
  const each = (key: (typeof LISTS)[number], fn: (entry: Record<string, unknown>, loc: SourceLocation) => void) => {
    const list = value[key];
    if (!Array.isArray(list)) return;
    list.forEach((e, i) =>
      isRecord(e) ? fn(e, at(root, key, i)) : problems.push({ at: at(root, key, i), message: `${key} entries must be objects.` }),
    );
  };
  const awsManaged: PolicyDefSpec[] = [];
  each('Policies', (e, loc) => {
    const def = defaultVersion(e, loc, problems);
    if (!def) return;
    if (typeof e['Arn'] === 'string' && e['Arn'].startsWith('arn:aws:iam::aws:')) awsManaged.push(def);
    else draft(e['Arn'], loc)?.policies.push(def);
  });
  each('UserDetailList', (e, loc) => draft(e['Arn'], loc)?.users.push(user(e, loc)));
  each('GroupDetailList', (e, loc) => draft(e['Arn'], loc)?.groups.push(group(e, loc)));
  each('RoleDetailList', (e, loc) => draft(e['Arn'], loc)?.roles.push(role(e, loc)));
  accounts.delete('aws');
  return [...accounts.values()].map((d) => ({ ...d, awsManaged }));
}

type Draft = Omit<AccountSpec, 'policies' | 'users' | 'groups' | 'roles' | 'awsManaged'> & {
  policies: PolicyDefSpec[];
  users: UserSpec[];
  groups: GroupSpec[];
  roles: RoleSpec[];
};

function emptyDraft(id: string, loc: SourceLocation): Draft {
  return { id, outsideOrganization: false, policies: [], users: [], groups: [], roles: [], resources: [], scps: [], rcps: [], at: loc };
}

function defaultVersion(e: Record<string, unknown>, loc: SourceLocation, problems: ImportProblem[]): PolicyDefSpec | undefined {
  const versions = Array.isArray(e['PolicyVersionList']) ? e['PolicyVersionList'] : [];
  const wanted = typeof e['DefaultVersionId'] === 'string' ? e['DefaultVersionId'] : undefined;
  const index = versions.findIndex(
    (v) => isRecord(v) && (v['IsDefaultVersion'] === true || (wanted !== undefined && v['VersionId'] === wanted)),
  );
  const version = versions[index];
  const name = str(e['PolicyName']) ?? 'policy';
  if (!isRecord(version)) {
    problems.push({ at: loc, message: `Policy '${name}' has no default version in PolicyVersionList.` });
    return undefined;
  }
  const docLoc = at(loc, 'PolicyVersionList', index, 'Document');
  const others = versions.flatMap((v, i) =>
    i !== index && isRecord(v) && v['Document'] !== undefined
      ? [{ versionId: str(v['VersionId']) ?? `#${i + 1}`, document: v['Document'], docSource: at(loc, 'PolicyVersionList', i, 'Document') }]
      : [],
  );
  return {
    name,
    document: version['Document'],
    at: loc,
    docSource: docLoc,
    ...(typeof e['Arn'] === 'string' ? { arn: e['Arn'] } : {}),
    ...(others.length > 0 ? { otherVersions: others } : {}),
  };
}

function user(e: Record<string, unknown>, loc: SourceLocation): UserSpec {
  const groups = Array.isArray(e['GroupList']) ? e['GroupList'] : [];
  return {
    name: str(e['UserName']) ?? '',
    path: str(e['Path']) ?? '/',
    ...opt('userId', str(e['UserId'])),
    at: loc,
    groups: groups.flatMap((g, i) => (typeof g === 'string' ? [{ name: g, at: at(loc, 'GroupList', i) }] : [])),
    managed: attached(e, loc),
    inline: inline(e, 'UserPolicyList', loc),
    ...boundary(e, loc),
    tags: tags(e['Tags']),
  };
}

function group(e: Record<string, unknown>, loc: SourceLocation): GroupSpec {
  return {
    name: str(e['GroupName']) ?? '',
    path: str(e['Path']) ?? '/',
    at: loc,
    managed: attached(e, loc),
    inline: inline(e, 'GroupPolicyList', loc),
  };
}

function role(e: Record<string, unknown>, loc: SourceLocation): RoleSpec {
  const trust = e['AssumeRolePolicyDocument'];
  const max = e['MaxSessionDuration'];
  return {
    name: str(e['RoleName']) ?? '',
    path: str(e['Path']) ?? '/',
    ...opt('roleId', str(e['RoleId'])),
    at: loc,
    ...(trust !== undefined
      ? {
          trust: {
            ref: { document: trust },
            at: at(loc, 'AssumeRolePolicyDocument'),
            docAt: at(loc, 'AssumeRolePolicyDocument'),
            name: `${str(e['RoleName']) ?? 'role'} trust policy`,
          },
        }
      : {}),
    managed: attached(e, loc),
    inline: inline(e, 'RolePolicyList', loc),
    ...boundary(e, loc),
    tags: tags(e['Tags']),
    ...(typeof max === 'number' ? { maxSessionDuration: max } : {}),
    ...instanceProfiles(e),
  };
}

/** The names of the instance profiles a role is in (`InstanceProfileList`). */
function instanceProfiles(e: Record<string, unknown>): { instanceProfiles?: string[] } {
  const list = Array.isArray(e['InstanceProfileList']) ? e['InstanceProfileList'] : [];
  const names = list.flatMap((p) => (isRecord(p) && typeof p['InstanceProfileName'] === 'string' ? [p['InstanceProfileName']] : []));
  return names.length > 0 ? { instanceProfiles: names } : {};
}

function attached(e: Record<string, unknown>, loc: SourceLocation): RefSpec[] {
  const list = Array.isArray(e['AttachedManagedPolicies']) ? e['AttachedManagedPolicies'] : [];
  return list.flatMap((p, i) =>
    isRecord(p) && typeof p['PolicyArn'] === 'string'
      ? [{ ref: p['PolicyArn'], at: at(loc, 'AttachedManagedPolicies', i, 'PolicyArn') }]
      : [],
  );
}

function inline(e: Record<string, unknown>, key: string, loc: SourceLocation): PolicyDefSpec[] {
  const list = Array.isArray(e[key]) ? e[key] : [];
  return list.flatMap((p, i) =>
    isRecord(p)
      ? [
          {
            name: str(p['PolicyName']) ?? `inline #${i + 1}`,
            document: p['PolicyDocument'],
            at: at(loc, key, i),
            docSource: at(loc, key, i, 'PolicyDocument'),
          },
        ]
      : [],
  );
}

function boundary(e: Record<string, unknown>, loc: SourceLocation): { boundary?: RefSpec } {
  const b = e['PermissionsBoundary'];
  return isRecord(b) && typeof b['PermissionsBoundaryArn'] === 'string'
    ? { boundary: { ref: b['PermissionsBoundaryArn'], at: at(loc, 'PermissionsBoundary', 'PermissionsBoundaryArn') } }
    : {};
}

/** IAM's tag list `[{Key, Value}]` (or a plain map) as a map. */
export function tags(raw: unknown): Tags {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) for (const t of raw) if (isRecord(t) && typeof t['Key'] === 'string') out[t['Key']] = String(t['Value'] ?? '');
  if (isRecord(raw)) for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function opt<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}
