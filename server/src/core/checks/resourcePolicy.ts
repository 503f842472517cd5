/**
 * Resource policies whose resource is known (from the file name, `*.bucket.json` → an S3 bucket):
 * actions of other services, and ARNs of other services, do nothing in a policy attached to it.
 */
import { registerCheck } from './registry';
import { hasWildcard } from '../wildcard';
import type { CheckFamily, Finding, RawStatement } from './types';
import { elementStrings, elementTarget, json } from './walk';
import { splitArn, isDynamic } from './arnFormat';

registerCheck('UNSUPPORTED_ACTION_IN_POLICY', 'error', 'Unsupported action in policy');
registerCheck('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', 'error', 'Unsupported resource ARN in policy');

const RESOURCE_NAMES: Readonly<Record<string, string>> = {
  s3: 'an S3 bucket', kms: 'a KMS key', sqs: 'an SQS queue', sns: 'an SNS topic', secretsmanager: 'a Secrets Manager secret', ecr: 'an ECR repository', lambda: 'a Lambda function',
};

/** Actions and ARNs of other services than the resource's (resource policies with a known resource). */
export const resourcePolicyChecks: CheckFamily = (ctx, statements, out) => {
  const service = ctx.resourceService;
  if (ctx.type !== 'resource' || !service) return;
  for (const st of statements) {
    foreignActions(st, service, out);
    foreignArns(st, service, out);
  }
};

function foreignActions(st: RawStatement, service: string, out: Finding[]): void {
  for (const a of elementStrings(st, 'Action')) {
    const colon = a.value.indexOf(':');
    const prefix = a.value.slice(0, colon).toLowerCase();
    if (colon <= 0 || hasWildcard(prefix) || prefix === service) continue;
    out.push({
      code: 'UNSUPPORTED_ACTION_IN_POLICY', path: a.path, target: elementTarget(a.path),
      message: `The action ${json(a.value)} is not supported in the resource-based policy of ${article(service)}: only ${service} actions apply to it.`,
    });
  }
}

function foreignArns(st: RawStatement, service: string, out: Finding[]): void {
  for (const r of elementStrings(st, 'Resource')) {
    const parts = splitArn(r.value);
    if (!parts || isDynamic(parts.service) || parts.service.toLowerCase() === service) continue;
    out.push({
      code: 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY', path: r.path, target: elementTarget(r.path),
      message: `The resource ${json(r.value)} is not supported in the resource-based policy of ${article(service)}: it can only name the ${service} resource it is attached to.`,
    });
  }
}

function article(service: string): string {
  return RESOURCE_NAMES[service] ?? `a ${service} resource`;
}
