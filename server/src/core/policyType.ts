/**
 * The kinds of IAM policy documents. Many checks depend on the kind: a resource policy needs a
 * `Principal`, an identity policy must not have one, SCPs reject `NotResource` and conditions in
 * Allow statements, a role trust policy has no `Resource`, and each kind has its own size quota.
 *
 * Precedence (see {@link detectPolicyType}): the user's per-file override, then the workspace
 * model (where the file is used), then the file-name convention, then the content.
 */
import { isRecord } from './json';
import { isTrustAction } from './evaluator/rules';

export type PolicyType = 'identity' | 'resource' | 'trust' | 'boundary' | 'session' | 'scp' | 'rcp' | 'vpc-endpoint';

/** Every policy type with its user-facing label, in menu order. */
export const POLICY_TYPES: ReadonlyArray<{ readonly type: PolicyType; readonly label: string }> = [
  { type: 'identity', label: 'Identity policy' },
  { type: 'resource', label: 'Resource-based policy' },
  { type: 'trust', label: 'Role trust policy' },
  { type: 'boundary', label: 'Permissions boundary' },
  { type: 'session', label: 'Session policy' },
  { type: 'scp', label: 'Service control policy (SCP)' },
  { type: 'rcp', label: 'Resource control policy (RCP)' },
  { type: 'vpc-endpoint', label: 'VPC endpoint policy' },
];

/** "identity policy", "role trust policy", … for messages. */
export function policyTypeName(type: PolicyType): string {
  const names: Record<PolicyType, string> = {
    identity: 'identity policy',
    resource: 'resource-based policy',
    trust: 'role trust policy',
    boundary: 'permissions boundary',
    session: 'session policy',
    scp: 'service control policy',
    rcp: 'resource control policy',
    'vpc-endpoint': 'VPC endpoint policy',
  };
  return names[type];
}

/** Where a detected type came from (shown in the status bar tooltip). */
export type PolicyTypeSource = 'override' | 'workspace' | 'file name' | 'content' | 'template';

export interface DetectedPolicyType {
  readonly type: PolicyType;
  readonly source: PolicyTypeSource;
  /**
   * For a resource-based policy whose file name says what it is attached to (`*.bucket.json`,
   * `*.key.json`, …): the service of that resource, e.g. `s3`.
   */
  readonly resourceService?: string;
}

/** True for a string that names a policy type. */
export function isPolicyType(value: unknown): value is PolicyType {
  return POLICY_TYPES.some((t) => t.type === value);
}

/** The label of a policy type, e.g. "Role trust policy". */
export function policyTypeLabel(type: PolicyType): string {
  return POLICY_TYPES.find((t) => t.type === type)?.label ?? type;
}

// `name.<suffix>.json` (also `.iam.json`/`.policy.json` after it, e.g. `ci.trust.policy.json`).
const SUFFIXES: ReadonlyArray<readonly [string, PolicyType]> = [
  ['trust', 'trust'],
  ['assume-role', 'trust'],
  ['scp', 'scp'],
  ['rcp', 'rcp'],
  ['boundary', 'boundary'],
  ['permissions-boundary', 'boundary'],
  ['session', 'session'],
  ['vpce', 'vpc-endpoint'],
  ['endpoint', 'vpc-endpoint'],
  ['resource', 'resource'],
  ['bucket', 'resource'],
  ['key', 'resource'],
  ['queue', 'resource'],
  ['topic', 'resource'],
  ['secret', 'resource'],
  ['repository', 'resource'],
  ['function', 'resource'],
  ['identity', 'identity'],
];

// What a resource policy file name says it is attached to.
const RESOURCE_SERVICES: Readonly<Record<string, string>> = {
  bucket: 's3',
  key: 'kms',
  queue: 'sqs',
  topic: 'sns',
  secret: 'secretsmanager',
  repository: 'ecr',
  function: 'lambda',
};

/** The convention suffix of a file name (`logs.bucket.json` → `bucket`), if any. */
function suffixOf(fileName: string): string | undefined {
  const base = (fileName.split(/[\\/]/).pop() ?? '').toLowerCase();
  const parts = base.split('.');
  if (parts.pop() !== 'json') return undefined;
  while (parts.length > 1 && (parts[parts.length - 1] === 'iam' || parts[parts.length - 1] === 'policy')) parts.pop();
  return parts.length < 2 ? undefined : parts[parts.length - 1];
}

/** The service of the resource a resource policy file name announces (`*.bucket.json` → `s3`), if any. */
export function resourceServiceFromFileName(fileName: string): string | undefined {
  const suffix = suffixOf(fileName);
  return suffix ? RESOURCE_SERVICES[suffix] : undefined;
}

/** The type a file name announces by convention (`*.trust.json`, `*.scp.json`, …), if any. */
export function policyTypeFromFileName(fileName: string): PolicyType | undefined {
  const suffix = suffixOf(fileName);
  return suffix ? SUFFIXES.find(([s]) => s === suffix)?.[1] : undefined;
}

/**
 * The type the content suggests: a statement with `Principal`/`NotPrincipal` makes a resource
 * policy, or a role trust policy when every action is `sts:AssumeRole*` / `sts:TagSession` /
 * `sts:SetSourceIdentity`; anything else is an identity policy.
 */
export function policyTypeFromContent(value: unknown): PolicyType {
  const statements = statementObjects(value);
  if (!statements.some((s) => 'Principal' in s || 'NotPrincipal' in s)) return 'identity';
  const actions = statements.flatMap((s) => stringsOf(s['Action']));
  return actions.length > 0 && actions.every(isTrustAction) ? 'trust' : 'resource';
}

/** The actions of a role trust policy (the evaluator's list: `sts:AssumeRole…`, `sts:TagSession`, …). */
export { isTrustAction };

/**
 * Detects the type of a policy file: `override` (the user's choice), then `fromWorkspace` (the
 * workspace model's answer), then the file name, then the content.
 */
export function detectPolicyType(fileName: string, value: unknown, override?: PolicyType, fromWorkspace?: PolicyType): DetectedPolicyType {
  const detected = detectType(fileName, value, override, fromWorkspace);
  const resourceService = detected.type === 'resource' ? resourceServiceFromFileName(fileName) : undefined;
  return resourceService ? { ...detected, resourceService } : detected;
}

function detectType(fileName: string, value: unknown, override?: PolicyType, fromWorkspace?: PolicyType): DetectedPolicyType {
  if (override) return { type: override, source: 'override' };
  if (fromWorkspace) return { type: fromWorkspace, source: 'workspace' };
  const byName = policyTypeFromFileName(fileName);
  if (byName) return { type: byName, source: 'file name' };
  return { type: policyTypeFromContent(value), source: 'content' };
}

function statementObjects(value: unknown): Record<string, unknown>[] {
  if (!isRecord(value)) return [];
  const raw = value['Statement'];
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.filter(isRecord);
}

function stringsOf(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
}
