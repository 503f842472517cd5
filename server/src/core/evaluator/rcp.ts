/**
 * Which requests resource control policies (RCPs) can restrict. RCPs "apply to resources of"
 * a listed subset of services only, never to service-linked roles, and not to resources of the
 * management account (AWS Organizations user guide, "Resource control policies (RCPs)",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html).
 * The caller leaves RCPs out for management-account resources; the rest is decided here.
 */

/**
 * Service prefixes whose resources RCPs apply to: the launch set (Nov 2024: S3, STS, KMS, SQS,
 * Secrets Manager), Amazon ECR and OpenSearch Serverless (June 2025), Amazon Cognito user pools
 * and CloudWatch Logs (2026). Pass your own list to `evaluate` when AWS adds services.
 */
export const DEFAULT_RCP_SERVICES: ReadonlySet<string> = new Set([
  's3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'cognito-idp', 'logs',
]);

// "The kms:RetireGrant permission is not effective in an RCP, even if the Action element
// specifies an asterisk (*) as a wildcard" (AWS KMS developer guide, "Resource control policies
// in AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html).
const NOT_RESTRICTED_BY_RCPS: ReadonlySet<string> = new Set(['kms:retiregrant']);

/** Whether RCPs take part in evaluating `action` (`service:Name`, case-insensitive prefix). */
export function rcpApplies(action: string, services: ReadonlySet<string> = DEFAULT_RCP_SERVICES): boolean {
  const colon = action.indexOf(':');
  if (NOT_RESTRICTED_BY_RCPS.has(action.toLowerCase())) return false;
  return colon > 0 && services.has(action.slice(0, colon).toLowerCase());
}
