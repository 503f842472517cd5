/**
 * Policy size quotas, as Access Analyzer counts them: identity, trust and resource policies
 * without whitespace, SCPs (and RCPs) with it.
 */
import { registerCheck } from './registry';
import type { PolicyType } from '../policyType';
import type { CheckFamily } from './types';
import { isRecord } from './walk';

registerCheck('POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', 'warning', 'Policy size exceeds identity policy quota');
registerCheck('POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', 'warning', 'Policy size exceeds resource policy quota');
registerCheck('POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', 'warning', 'Policy size exceeds role trust policy quota');
registerCheck('POLICY_SIZE_EXCEEDS_SCP_QUOTA', 'error', 'Policy size exceeds SCP quota');

interface Quota { readonly code: string; readonly limit: number; readonly whitespace: boolean; readonly what: string }

// reference_iam-quotas.md: managed policy 6,144 characters, role trust policy 2,048 (default), session
// policy 2,048; Organizations: SCP/RCP 5,120 characters; S3 bucket policies 20 KB (the largest common resource policy).
const QUOTAS: Record<PolicyType, Quota> = {
  identity: { code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', limit: 6144, whitespace: false, what: 'managed policies' },
  boundary: { code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', limit: 6144, whitespace: false, what: 'managed policies (a boundary is one)' },
  session: { code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', limit: 2048, whitespace: false, what: 'session policies' },
  trust: { code: 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', limit: 2048, whitespace: false, what: 'role trust policies (default quota; it can be raised to 4,096)' },
  resource: { code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', limit: 20480, whitespace: false, what: 'resource policies (S3 bucket policies; other services allow less)' },
  'vpc-endpoint': { code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', limit: 20480, whitespace: false, what: 'VPC endpoint policies' },
  scp: { code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA', limit: 5120, whitespace: true, what: 'service control policies' },
  rcp: { code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA', limit: 5120, whitespace: true, what: 'resource control policies' },
};

/** The policy's size against its type's quota. */
export const quotaChecks: CheckFamily = (ctx, _statements, out) => {
  // Only policies count (a model or other JSON opened by mistake has no quota).
  if (!isRecord(ctx.value) || ctx.value['Statement'] === undefined) return;
  const q = QUOTAS[ctx.type];
  // Cheap bound first: the text is never shorter than its minified form.
  if (ctx.textLength <= q.limit) return;
  const size = q.whitespace ? ctx.textLength : JSON.stringify(ctx.value).length;
  if (size <= q.limit) return;
  out.push({
    code: q.code, path: ['Statement'], target: 'key',
    message: `The policy has ${size.toLocaleString('en-US')} characters${q.whitespace ? '' : ' (excluding whitespace)'}, more than the ${q.limit.toLocaleString('en-US')} allowed for ${q.what}. Split it into several policies.`,
  });
};
