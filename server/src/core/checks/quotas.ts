/**
 * Policy size quotas, as Access Analyzer counts them: characters without whitespace (outside
 * strings) for every type. For SCPs and RCPs too: the AWS Organizations console strips that
 * whitespace when it saves a policy, and Access Analyzer's count leaves it out (issue 11).
 */
import { defineCheck, type CheckInfo } from './registry';
import type { PolicyType } from '../policyType';
import type { CheckFamily } from './types';
import { isRecord } from './walk';

/** The codes this module reports. */
export const quotasCodes: readonly CheckInfo[] = [
  defineCheck('POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', 'warning', 'Policy size exceeds identity policy quota'),
  defineCheck('POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', 'warning', 'Policy size exceeds resource policy quota'),
  defineCheck('POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', 'warning', 'Policy size exceeds role trust policy quota'),
  defineCheck('POLICY_SIZE_EXCEEDS_SCP_QUOTA', 'error', 'Policy size exceeds SCP quota'),
];

interface Quota {
  readonly code: string;
  readonly limit: number;
  readonly what: string;
}

// Access Analyzer's ValidatePolicy checks an identity policy against 10,240 characters without
// whitespace, "the 10240 character maximum for inline and managed policies" (its answers on AWS
// managed policies of 6,145 to 10,240 characters, 2026-03-07, report nothing). reference_iam-quotas.md:
// managed policy 6,144 characters (a boundary is always a managed policy), role trust policy 2,048
// (default), session policy 2,048; Organizations: SCP/RCP 5,120 characters; S3 bucket policies 20 KB
// (the largest common resource policy).
const QUOTAS: Record<PolicyType, Quota> = {
  identity: { code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', limit: 10240, what: 'inline and managed policies' },
  boundary: { code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', limit: 6144, what: 'managed policies (a boundary is one)' },
  session: { code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', limit: 2048, what: 'session policies' },
  trust: {
    code: 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA',
    limit: 2048,
    what: 'role trust policies (default quota; it can be raised to 4,096)',
  },
  resource: {
    code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA',
    limit: 20480,
    what: 'resource policies (S3 bucket policies; other services allow less)',
  },
  'vpc-endpoint': { code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', limit: 20480, what: 'VPC endpoint policies' },
  scp: { code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA', limit: 5120, what: 'service control policies' },
  rcp: { code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA', limit: 5120, what: 'resource control policies' },
};

/** The policy's size against its type's quota. */
export const quotaChecks: CheckFamily = (ctx, _statements, out) => {
  // Only policies count (a model or other JSON opened by mistake has no quota).
  if (!isRecord(ctx.value) || ctx.value['Statement'] === undefined) return;
  const q = QUOTAS[ctx.type];
  // Cheap bound first: the text is never shorter than its minified form.
  if (ctx.textLength <= q.limit) return;
  const size = JSON.stringify(ctx.value).length;
  if (size <= q.limit) return;
  out.push({
    code: q.code,
    path: ['Statement'],
    target: 'key',
    message: `The policy has ${size.toLocaleString('en-US')} characters (excluding whitespace), more than the ${q.limit.toLocaleString('en-US')} allowed for ${q.what}. Split it into several policies.`,
  });
};
