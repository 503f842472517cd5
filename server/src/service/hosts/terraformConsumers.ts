/**
 * Which Terraform arguments hold a policy document, and what kind of policy it is there. The
 * names are the AWS provider's (registry.terraform.io/providers/hashicorp/aws, resource pages).
 */
import type { PolicyType } from '../../core/policyType';

export interface PolicyArgument {
  readonly policyType: PolicyType;
  /** For a resource-based policy: the service of the resource it is attached to. */
  readonly resourceService?: string;
}

const identity: PolicyArgument = { policyType: 'identity' };
const resource = (service: string): PolicyArgument => ({ policyType: 'resource', resourceService: service });

/** `resource type` → `argument` → policy kind. */
const ARGUMENTS: Readonly<Record<string, Readonly<Record<string, PolicyArgument>>>> = {
  aws_iam_role: { assume_role_policy: { policyType: 'trust' } },
  aws_iam_policy: { policy: identity },
  aws_iam_role_policy: { policy: identity },
  aws_iam_user_policy: { policy: identity },
  aws_iam_group_policy: { policy: identity },
  aws_ssoadmin_permission_set_inline_policy: { inline_policy: identity },
  aws_s3_bucket_policy: { policy: resource('s3') },
  aws_s3_bucket: { policy: resource('s3') },
  aws_sqs_queue_policy: { policy: resource('sqs') },
  aws_sqs_queue: { policy: resource('sqs') },
  aws_sns_topic_policy: { policy: resource('sns') },
  aws_sns_topic: { policy: resource('sns') },
  aws_kms_key: { policy: resource('kms') },
  aws_kms_key_policy: { policy: resource('kms') },
  aws_ecr_repository_policy: { policy: resource('ecr') },
  aws_secretsmanager_secret_policy: { policy: resource('secretsmanager') },
  aws_secretsmanager_secret: { policy: resource('secretsmanager') },
  aws_opensearch_domain_policy: { access_policies: resource('es') },
  aws_opensearch_domain: { access_policies: resource('es') },
  aws_elasticsearch_domain_policy: { access_policies: resource('es') },
  aws_elasticsearch_domain: { access_policies: resource('es') },
  aws_s3_access_point: { policy: resource('s3') },
  aws_s3control_access_point_policy: { policy: resource('s3') },
  aws_ecr_registry_policy: { policy: resource('ecr') },
  aws_ecrpublic_repository_policy: { policy: resource('ecr-public') },
  aws_cloudwatch_log_resource_policy: { policy_document: resource('logs') },
  aws_cloudwatch_log_destination_policy: { access_policy: resource('logs') },
  aws_cloudwatch_event_bus_policy: { policy: resource('events') },
  aws_api_gateway_rest_api_policy: { policy: resource('execute-api') },
  aws_api_gateway_rest_api: { policy: resource('execute-api') },
  aws_efs_file_system_policy: { policy: resource('elasticfilesystem') },
  aws_backup_vault_policy: { policy: resource('backup') },
  aws_glacier_vault: { access_policy: resource('glacier') },
  aws_dynamodb_resource_policy: { policy: resource('dynamodb') },
  aws_kinesis_resource_policy: { policy: resource('kinesis') },
  aws_glue_resource_policy: { policy: resource('glue') },
  aws_codeartifact_domain_permissions_policy: { policy_document: resource('codeartifact') },
  aws_codeartifact_repository_permissions_policy: { policy_document: resource('codeartifact') },
  aws_vpc_endpoint: { policy: { policyType: 'vpc-endpoint' } },
  aws_vpc_endpoint_policy: { policy: { policyType: 'vpc-endpoint' } },
};

/** The policy kind of `resourceType.argument`, if that argument holds a policy document. */
export function policyArgument(resourceType: string, argument: string): PolicyArgument | undefined {
  return ARGUMENTS[resourceType]?.[argument];
}

/** True when some argument of `resourceType` can hold a policy. */
export function holdsPolicies(resourceType: string): boolean {
  return resourceType in ARGUMENTS || resourceType === 'aws_organizations_policy' || resourceType === 'aws_iam_role';
}

/**
 * `aws_organizations_policy.content`: an SCP or an RCP by `type` (SERVICE_CONTROL_POLICY when
 * omitted); tag, backup and AI opt-out policies are not IAM policies.
 */
export function organizationsPolicyType(type: string | undefined): PolicyType | undefined {
  if (type === undefined || type === 'SERVICE_CONTROL_POLICY') return 'scp';
  if (type === 'RESOURCE_CONTROL_POLICY') return 'rcp';
  return undefined;
}
