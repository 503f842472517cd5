/**
 * Resource policies whose resource is known (from the file name, `*.bucket.json` → an S3 bucket):
 * actions of other services, and ARNs of other services, do nothing in a policy attached to it.
 */
import { defineCheck, type CheckInfo } from './registry';
import { hasWildcard } from '../wildcard';
import type { CheckFamily, Finding, RawStatement } from './types';
import { elementStrings, elementTarget, json } from './walk';
import { isDynamic } from './arnFormat';
import { arnFields } from '../evaluator/arn';

/** The codes this module reports. */
export const resourcePolicyCodes: readonly CheckInfo[] = [
  defineCheck('UNSUPPORTED_ACTION_IN_POLICY', 'error', 'Unsupported action in policy'),
  defineCheck('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', 'error', 'Unsupported resource ARN in policy'),
];

const RESOURCE_NAMES: Readonly<Record<string, string>> = {
  s3: 'an S3 bucket',
  kms: 'a KMS key',
  sqs: 'an SQS queue',
  sns: 'an SNS topic',
  secretsmanager: 'a Secrets Manager secret',
  ecr: 'an ECR repository',
  'ecr-public': 'an ECR Public repository',
  lambda: 'a Lambda function',
};

/** Actions and ARNs of other services than the resource's (resource policies with a known resource). */
export const resourcePolicyChecks: CheckFamily = (ctx, statements, out) => {
  // A role trust policy is the resource policy of a role (Access Analyzer validates it as the
  // resource type AWS::IAM::AssumeRolePolicyDocument): only STS actions (sts:AssumeRole,
  // sts:TagSession, sts:SetSourceIdentity, …) act on a role; `s3:GetObject` there is Access
  // Analyzer's "Unsupported action in policy" ("The action … is not supported for the
  // resource-based policy attached to the resource type …").
  if (ctx.type === 'trust') {
    for (const st of statements) foreignActions(st, ['sts'], out, 'a role trust policy');
    return;
  }
  const service = ctx.resourceService;
  if (ctx.type !== 'resource' || !service) return;
  // Several services (`ecr|ecr-public`): a document attached to resources of each; what any of
  // them takes is not foreign.
  const services = service.split('|');
  for (const st of statements) {
    foreignActions(st, services, out);
    foreignArns(st, services, out);
  }
};

function foreignActions(st: RawStatement, services: readonly string[], out: Finding[], where?: string): void {
  const service = services.join(' or ');
  const policy = where ?? `the resource-based policy of ${article(service)}`;
  for (const a of elementStrings(st, 'Action')) {
    const colon = a.value.indexOf(':');
    const prefix = a.value.slice(0, colon).toLowerCase();
    if (colon <= 0 || hasWildcard(prefix) || services.includes(prefix)) continue;
    out.push({
      code: 'UNSUPPORTED_ACTION_IN_POLICY',
      path: a.path,
      target: elementTarget(a.path),
      message: `The action ${json(a.value)} is not supported in ${policy}: only ${service} actions apply to it.`,
    });
  }
}

/**
 * Services whose resource policy must name its resource: a bucket policy's `"Resource": "*"` is
 * UNSUPPORTED_RESOURCE_ARN_IN_POLICY in AWS's policy-validator suites (S3 rejects it: a bucket
 * policy names the bucket or its objects). A KMS key policy's `"*"` means the key itself.
 */
const NAMES_ITS_RESOURCE: ReadonlySet<string> = new Set(['s3']);

function foreignArns(st: RawStatement, services: readonly string[], out: Finding[]): void {
  const service = services.join(' or ');
  for (const r of elementStrings(st, 'Resource')) {
    if (r.value === '*' && services.every((s) => NAMES_ITS_RESOURCE.has(s))) {
      out.push({
        code: 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
        path: r.path,
        target: elementTarget(r.path),
        message: `"*" is not supported in the resource-based policy of ${article(service)}: name the bucket (arn:aws:s3:::bucket-name) or its objects (arn:aws:s3:::bucket-name/*).`,
      });
      continue;
    }
    const parts = arnFields(r.value);
    if (!parts || isDynamic(parts.service) || services.includes(parts.service.toLowerCase())) continue;
    out.push({
      code: 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
      path: r.path,
      target: elementTarget(r.path),
      message: `The resource ${json(r.value)} is not supported in the resource-based policy of ${article(service)}: it can only name the ${service} resource it is attached to.`,
    });
  }
}

function article(service: string): string {
  return service
    .split(' or ')
    .map((s) => RESOURCE_NAMES[s] ?? `a ${s} resource`)
    .join(' or ');
}
