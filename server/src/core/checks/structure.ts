/**
 * Policy structure by policy type: Version, Sids, empty elements, and the elements each type
 * requires or forbids (Principal, Resource).
 */
import { defineCheck, type CheckInfo } from './registry';
import { policyTypeName, type PolicyType } from '../policyType';
import type { CheckFamily, Finding, RawStatement } from './types';
import { has, isRecord, json, statementAnchor } from './walk';

/** The codes this module reports. */
export const structureCodes: readonly CheckInfo[] = [
  defineCheck('MISSING_VERSION', 'warning', 'Missing version'),
  defineCheck('UNIQUE_SIDS_REQUIRED', 'error', 'Unique Sids required'),
  defineCheck('UNIQUE_SIDS_RECOMMENDED', 'warning', 'Unique Sids recommended'),
  defineCheck('UNSUPPORTED_SID', 'error', 'Unsupported Sid'),
  defineCheck('EMPTY_SID_VALUE', 'suggestion', 'Empty Sid value'),
  defineCheck('EMPTY_ARRAY_ACTION', 'suggestion', 'Empty array action'),
  defineCheck('EMPTY_ARRAY_RESOURCE', 'suggestion', 'Empty array resource'),
  defineCheck('EMPTY_ARRAY_PRINCIPAL', 'suggestion', 'Empty array principal'),
  defineCheck('EMPTY_OBJECT_PRINCIPAL', 'suggestion', 'Empty object principal'),
  defineCheck('EMPTY_OBJECT_CONDITION', 'suggestion', 'Empty object condition'),
  defineCheck('MISSING_PRINCIPAL', 'error', 'Missing principal'),
  defineCheck('UNSUPPORTED_PRINCIPAL', 'error', 'Unsupported principal'),
  defineCheck('MISSING_RESOURCE', 'error', 'Missing resource'),
  defineCheck(
    'ALLOW_WITH_NOT_PRINCIPAL',
    'security',
    'Allow with NotPrincipal',
    'access-analyzer-reference-policy-checks-security-warning-allow-with-not-principal',
  ),
  defineCheck(
    'DENY_WITH_NOT_PRINCIPAL',
    'warning',
    'Deny with NotPrincipal',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  ),
];

/**
 * Deny with NotPrincipal in a resource policy: "The NotPrincipal element with a Deny effect will
 * always deny any IAM principal that has a permissions boundary policy attached, regardless of the
 * values specified in the NotPrincipal element", and AWS recommends "the condition operator
 * ArnNotEquals with the aws:PrincipalArn context key ... instead of the NotPrincipal element" (IAM
 * User Guide, permissions boundaries and NotPrincipal pages, current versions read 2026-12-03). A
 * policy cannot tell whether the principals it names have a boundary, so every such statement is
 * reported. The fix, offered when NotPrincipal lists only IAM user and role ARNs and the statement
 * has no Condition, writes AWS's recommended form (it exempts every session of a listed role).
 */
function denyWithNotPrincipal(st: RawStatement, out: Finding[]): void {
  const block = st.obj['NotPrincipal'];
  const aws = isRecord(block) ? block['AWS'] : undefined;
  const entries = typeof aws === 'string' ? [aws] : Array.isArray(aws) ? aws : [];
  const rewritable =
    isRecord(block) &&
    Object.keys(block).length === 1 &&
    entries.length > 0 &&
    entries.every((e) => typeof e === 'string' && /^arn:[a-z-]+:iam::\d{12}:(user|role)\/[^*?]+$/.test(e)) &&
    !has(st, 'Condition') &&
    !has(st, 'Principal');
  out.push({
    code: 'DENY_WITH_NOT_PRINCIPAL',
    path: [...st.path, 'NotPrincipal'],
    target: 'key',
    message:
      'Deny with NotPrincipal always denies an IAM user or role that has a permissions boundary, whatever NotPrincipal lists, and exempts a role session only when its session, role and account are all listed. AWS recommends "Principal": "*" with an ArnNotEquals condition on aws:PrincipalArn instead.',
    ...(rewritable
      ? {
          fixes: [
            {
              title: 'Use "Principal": "*" with ArnNotEquals on aws:PrincipalArn',
              edits: [
                { kind: 'remove' as const, path: [...st.path, 'NotPrincipal'] },
                { kind: 'insert' as const, path: st.path, key: 'Principal', json: '"*"' },
                {
                  kind: 'insert' as const,
                  path: st.path,
                  key: 'Condition',
                  json: `{ "ArnNotEquals": { "aws:PrincipalArn": ${typeof aws === 'string' ? JSON.stringify(aws) : `[${entries.map((e) => JSON.stringify(e)).join(', ')}]`} } }`,
                },
              ],
            },
          ],
        }
      : {}),
  });
}

/** Types stored by IAM or Organizations, which reject duplicate Sids; services may accept them in resource policies. */
const SIDS_REQUIRED: ReadonlySet<PolicyType> = new Set(['identity', 'boundary', 'session', 'trust', 'scp', 'rcp']);
/** IAM's grammar allows only alphanumerics in a Sid; resource policies of some services allow more. */
const SID_ALNUM: ReadonlySet<PolicyType> = new Set(['identity', 'boundary', 'session', 'trust']);
/** Types whose statements say who: a resource (incl. trust) policy needs a Principal. RCPs need `"*"`. */
const NEEDS_PRINCIPAL: ReadonlySet<PolicyType> = new Set(['resource', 'trust', 'rcp']);
/** Types attached to principals, where a Principal element is not allowed (SCPs have their own code). */
const NO_PRINCIPAL: ReadonlySet<PolicyType> = new Set(['identity', 'boundary', 'session']);
/** Types whose statements need Resource or NotResource (trust policies have none; SCPs default to "*"). */
const NEEDS_RESOURCE: ReadonlySet<PolicyType> = new Set(['identity', 'boundary', 'session', 'resource', 'rcp', 'vpc-endpoint']);
/**
 * Resource policies whose service implies the resource: an ECR repository policy applies to its
 * repository, and AWS's own examples omit Resource (repository-policy-examples.html: the examples
 * "will not work correctly if used with an IAM principal directly, unless modified to specify the
 * Amazon ECR repository as the resource"). An ECR Public repository policy too (the AWS provider's
 * `aws_ecrpublic_repository_policy` example and terraform-aws-modules/ecr's public statements name
 * no Resource). An EFS file system policy too: the EFS console's policy wizard writes its statements
 * without Resource (its "Enforce in-transit encryption" Deny statement, quoted from the console in
 * terraform-aws-modules/terraform-aws-efs#20, 2024-01-11) and PutFileSystemPolicy applies them to
 * the file system named in the request.
 */
const IMPLIED_RESOURCE: ReadonlySet<string> = new Set(['ecr', 'ecr-public', 'elasticfilesystem']);

/** Version, Sid, empty elements, and per-type Principal/Resource presence. */
export const structureChecks: CheckFamily = (ctx, statements, out) => {
  missingVersion(ctx.value, out);
  sidChecks(ctx.type, statements, out);
  for (const st of statements) {
    emptyElements(st, out);
    typeElements(ctx.type, st, out, ctx.resourceService);
  }
};

function missingVersion(value: unknown, out: Finding[]): void {
  if (!isRecord(value) || value['Version'] !== undefined || value['Statement'] === undefined) return;
  out.push({
    code: 'MISSING_VERSION',
    path: ['Statement'],
    target: 'key',
    message:
      'The policy has no Version element: it defaults to 2008-10-17, where policy variables are not replaced. Add "Version": "2012-10-17".',
    fixes: [
      {
        title: 'Add "Version": "2012-10-17"',
        edits: [{ kind: 'insert', path: [], key: 'Version', json: '"2012-10-17"', first: true }],
        preferred: true,
      },
    ],
  });
}

function sidChecks(type: PolicyType, statements: readonly RawStatement[], out: Finding[]): void {
  const taken = new Set(statements.map((s) => s.obj['Sid']).filter((s): s is string => typeof s === 'string'));
  const seen = new Set<string>();
  for (const st of statements) {
    const sid = st.obj['Sid'];
    if (typeof sid !== 'string') continue;
    const path = [...st.path, 'Sid'];
    if (sid === '') {
      out.push({
        code: 'EMPTY_SID_VALUE',
        path,
        target: 'value',
        message: 'The Sid is empty: give the statement a name or remove the Sid.',
        fixes: [{ title: 'Remove the empty Sid', edits: [{ kind: 'remove', path }] }],
      });
      continue;
    }
    if (SID_ALNUM.has(type) && /[^A-Za-z0-9]/.test(sid)) unsupportedSid(sid, path, taken, out);
    if (seen.has(sid)) duplicateSid(type, sid, path, taken, out);
    seen.add(sid);
  }
}

function unsupportedSid(sid: string, path: (string | number)[], taken: Set<string>, out: Finding[]): void {
  const clean = sid.replace(/[^A-Za-z0-9]/g, '');
  const fixes = clean
    ? [
        {
          title: `Rename to "${uniqueName(clean, taken)}"`,
          edits: [{ kind: 'replace' as const, path, target: 'value' as const, json: json(uniqueName(clean, taken)) }],
        },
      ]
    : [];
  out.push({
    code: 'UNSUPPORTED_SID',
    path,
    target: 'value',
    message: `The Sid ${json(sid)} has characters other than A-Z, a-z and 0-9, which this policy type does not accept.`,
    fixes,
  });
}

function duplicateSid(type: PolicyType, sid: string, path: (string | number)[], taken: Set<string>, out: Finding[]): void {
  const name = uniqueName(sid, taken);
  taken.add(name);
  const required = SIDS_REQUIRED.has(type);
  out.push({
    code: required ? 'UNIQUE_SIDS_REQUIRED' : 'UNIQUE_SIDS_RECOMMENDED',
    path,
    target: 'value',
    message: required
      ? `Duplicate Sid ${json(sid)}: this policy type requires unique statement IDs.`
      : `Duplicate Sid ${json(sid)}: statement IDs should be unique within the policy.`,
    fixes: [{ title: `Rename to "${name}"`, edits: [{ kind: 'replace', path, target: 'value', json: json(name) }], preferred: true }],
  });
}

/** `base2`, `base3`, … — the first name not taken (Sids compare case-sensitively). */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

function emptyElements(st: RawStatement, out: Finding[]): void {
  const emptyArray = (key: string, code: string, what: string) => {
    const v = st.obj[key];
    if (Array.isArray(v) && v.length === 0)
      out.push({
        code,
        path: [...st.path, key],
        target: 'value',
        message: `${key} is an empty array: the statement matches no ${what} and does not affect the policy.`,
      });
  };
  emptyArray('Action', 'EMPTY_ARRAY_ACTION', 'actions');
  emptyArray('NotAction', 'EMPTY_ARRAY_ACTION', 'actions');
  emptyArray('Resource', 'EMPTY_ARRAY_RESOURCE', 'resources');
  emptyArray('NotResource', 'EMPTY_ARRAY_RESOURCE', 'resources');
  for (const key of ['Principal', 'NotPrincipal']) emptyPrincipal(st, key, out);
  emptyCondition(st, out);
}

function emptyPrincipal(st: RawStatement, key: string, out: Finding[]): void {
  const p = st.obj[key];
  if (!isRecord(p)) return;
  const path = [...st.path, key];
  if (Object.keys(p).length === 0) {
    out.push({
      code: 'EMPTY_OBJECT_PRINCIPAL',
      path,
      target: 'value',
      message: `${key} is an empty object: the statement names no principals and does not affect the policy.`,
    });
  }
  for (const [kind, v] of Object.entries(p)) {
    if (Array.isArray(v) && v.length === 0) {
      out.push({
        code: 'EMPTY_ARRAY_PRINCIPAL',
        path: [...path, kind],
        target: 'value',
        message: `${key}.${kind} is an empty array: it names no principals.`,
      });
    }
  }
}

function emptyCondition(st: RawStatement, out: Finding[]): void {
  const c = st.obj['Condition'];
  if (!isRecord(c)) return;
  const path = [...st.path, 'Condition'];
  const fix = (p: (string | number)[], what: string) => [
    { title: `Remove the empty ${what}`, edits: [{ kind: 'remove' as const, path: p }] },
  ];
  if (Object.keys(c).length === 0) {
    out.push({
      code: 'EMPTY_OBJECT_CONDITION',
      path,
      target: 'value',
      message: 'The Condition block is empty and does not affect the policy.',
      fixes: fix(path, 'Condition'),
    });
  }
  for (const [op, keys] of Object.entries(c)) {
    if (isRecord(keys) && Object.keys(keys).length === 0) {
      out.push({
        code: 'EMPTY_OBJECT_CONDITION',
        path: [...path, op],
        target: 'value',
        message: `The condition operator ${op} has no keys and does not affect the policy.`,
        fixes: fix([...path, op], `${op} block`),
      });
    }
  }
}

function typeElements(type: PolicyType, st: RawStatement, out: Finding[], resourceService?: string): void {
  const hasPrincipal = has(st, 'Principal') || has(st, 'NotPrincipal');
  if (NEEDS_PRINCIPAL.has(type) && !hasPrincipal) {
    out.push({
      code: 'MISSING_PRINCIPAL',
      ...statementAnchor(st),
      message: `A statement of a ${policyTypeName(type)} needs a Principal element.`,
    });
  }
  if (NO_PRINCIPAL.has(type)) {
    for (const key of ['Principal', 'NotPrincipal']) {
      if (has(st, key))
        out.push({
          code: 'UNSUPPORTED_PRINCIPAL',
          path: [...st.path, key],
          target: 'key',
          message: `A ${policyTypeName(type)} does not support the ${key} element: it applies to the principal it is attached to.`,
          fixes: [{ title: `Remove ${key}`, edits: [{ kind: 'remove', path: [...st.path, key] }] }],
        });
    }
  }
  const impliedResource = resourceService !== undefined && resourceService.split('|').every((s) => IMPLIED_RESOURCE.has(s));
  if (NEEDS_RESOURCE.has(type) && !impliedResource && !has(st, 'Resource') && !has(st, 'NotResource')) {
    out.push({
      code: 'MISSING_RESOURCE',
      ...statementAnchor(st),
      message: `A statement of a ${policyTypeName(type)} needs a Resource or NotResource element.`,
      fixes: [{ title: 'Add "Resource": "*"', edits: [{ kind: 'insert', path: st.path, key: 'Resource', json: '"*"' }] }],
    });
  }
  if (st.effect === 'Allow' && has(st, 'NotPrincipal')) {
    out.push({
      code: 'ALLOW_WITH_NOT_PRINCIPAL',
      path: [...st.path, 'NotPrincipal'],
      target: 'key',
      message: 'Allow with NotPrincipal allows every principal except those listed, which is overly permissive. Use Principal instead.',
    });
  }
  if (st.effect === 'Deny' && type === 'resource' && has(st, 'NotPrincipal')) denyWithNotPrincipal(st, out);
}
