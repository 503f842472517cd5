/**
 * One line per check code: what it finds (docs/checks.md is generated from these and the
 * registry by scripts/checks-doc.ts). Keep in step with the checks: a test fails when a
 * registered code has no description.
 */
export const CHECK_DESCRIPTIONS: Readonly<Record<string, string>> = {
  JSON_SYNTAX_ERROR:
    'Text that is not strict JSON (comments, trailing commas, duplicate keys, unbalanced brackets, a byte-order mark, not JSON at all), or an empty file.',
  TEMPLATE_SYNTAX_ERROR:
    'A CloudFormation or SAM template that is not valid YAML or JSON, or a SAM `Policies` item SAM rejects (a policy template with its parameters beside it instead of under it, a name that is none of the SAM policy templates, a template without its parameters), or a policy variable written in `Fn::Sub` without `!` (`${aws:username}`: CloudFormation resolves no such reference); its policies are checked as far as they parse.',
  TEMPLATE_DUPLICATE_KEY:
    'A key written twice in one map of a CloudFormation or SAM template: CloudFormation accepts it and keeps the last value, so the earlier one is silently ignored.',
  POLICY_NOT_ANALYZED:
    'A policy document in a template that is only known at deployment (`!ImportValue`, a `!Join` of JSON pieces, `AWS::Include`): reported instead of skipped silently.',
  INVALID_EFFECT: '`Effect` other than `Allow` or `Deny`.',
  INVALID_VERSION: '`Version` other than `2012-10-17` or `2008-10-17`.',
  INVALID_POLICY_ELEMENT: 'An unknown element in the policy or a statement.',
  INVALID_PRINCIPAL_KEY: 'A principal type other than `AWS`, `Service`, `Federated`, `CanonicalUser`.',
  MISSING_EFFECT: 'A statement without `Effect`.',
  MISSING_ACTION: 'A statement without `Action` or `NotAction`.',
  MISSING_STATEMENT: 'A policy without `Statement`.',
  DATA_TYPE_MISMATCH: 'An element of the wrong JSON type (e.g. a number for `Action`, a string `Principal` other than `*`).',
  UNSUPPORTED_ELEMENT_COMBINATION: 'Both `Action` and `NotAction` (or `Resource`/`NotResource`, `Principal`/`NotPrincipal`).',
  MISSING_VERSION: 'No `Version` (defaults to 2008-10-17, where variables are literal). Fix: add `"Version": "2012-10-17"`.',
  UNIQUE_SIDS_REQUIRED: 'A repeated `Sid` in a policy type that rejects them (identity, boundary, session, trust, SCP, RCP). Fix: rename.',
  UNIQUE_SIDS_RECOMMENDED: 'A repeated `Sid` in a resource or VPC endpoint policy. Fix: rename.',
  UNSUPPORTED_SID: 'A `Sid` with characters other than A-Z, a-z, 0-9 in IAM-stored types. Fix: strip them.',
  EMPTY_SID_VALUE: '`"Sid": ""`. Fix: remove it.',
  EMPTY_ARRAY_ACTION: '`Action` or `NotAction` is `[]`: the statement does nothing.',
  EMPTY_ARRAY_RESOURCE: '`Resource` or `NotResource` is `[]`.',
  EMPTY_ARRAY_PRINCIPAL: 'A principal type with `[]`.',
  EMPTY_OBJECT_PRINCIPAL: '`Principal: {}`.',
  EMPTY_OBJECT_CONDITION: '`Condition: {}` or an operator with no keys. Fix: remove it.',
  MISSING_PRINCIPAL: 'A resource, trust or RCP statement without `Principal`/`NotPrincipal`.',
  UNSUPPORTED_PRINCIPAL: '`Principal` in an identity policy, permissions boundary or session policy. Fix: remove it.',
  MISSING_RESOURCE: 'A statement without `Resource`/`NotResource` where the type needs one. Fix: add `"Resource": "*"`.',
  ALLOW_WITH_NOT_PRINCIPAL: '`Allow` with `NotPrincipal` (allows everyone else).',
  DENY_WITH_NOT_PRINCIPAL:
    '`Deny` with `NotPrincipal` in a resource policy: always denies IAM users and roles that have a permissions boundary, whatever it lists (IAM User Guide, permissions boundaries page). Fix (user and role ARNs only, no Condition): `"Principal": "*"` with `ArnNotEquals` on `aws:PrincipalArn`.',
  MULTIVALUED_KEY_AS_VARIABLE:
    'A multivalued key used as a policy variable (`${aws:TagKeys}`): AWS never substitutes it ("You can\'t use a multivalued condition key as a variable"), so the entry or condition value matches nothing.',
  INVALID_ACTION:
    'An action the service does not have, or no `service:` prefix; names the nearest actions, or the action that authorizes an API operation of that name (`s3:ListBuckets` → `s3:ListAllMyBuckets`). Retired actions that AWS still accepts (gone from the reference: `securityagent:ListAgentInstances`) are known, and their hover says so (`scripts/catalog/retired.json`); so are the few actions AWS managed policies grant that no reference version lists (`memorydb:ReplicateMultiRegionClusterData`, `scripts/catalog/unlisted.ts`: Access Analyzer reported no existence finding on the 698 managed policies of the calibration set). Fix: replace.',
  INVALID_SERVICE_IN_ACTION:
    'An unknown service prefix in an action; names the nearest services. Retired services AWS still accepts (`deeplens`, `deepracer`, the former WorkDocs prefix `zocalo`) are known, never proposed. Fix: replace.',
  WILDCARD_IN_SERVICE_NAME: 'A wildcard in the service prefix (`s3*:GetObject`).',
  ACTION_CASE_MISMATCH:
    'An action written in another case than the AWS reference (`s3:getobject`): style only, actions are case-insensitive. Fix: canonical case.',
  WILDCARD_MATCHES_NO_ACTION: 'An action pattern that matches no action of the catalog (`s3:Fetch*`).',
  RESOURCE_MISMATCH:
    "A resource ARN that none of the statement's actions applies to (Parliament's RESOURCE_MISMATCH), e.g. an object ARN for `s3:ListBucket`; silent when an action lists no resource type (`s3:ListAllMyBuckets`) or the actions are too many to expand.",
  INVALID_ARN_PREFIX: 'A resource that does not start with `arn:`. Fix: add or correct the prefix when obvious.',
  MISSING_ARN_FIELD: 'An ARN with fewer than six fields.',
  INVALID_PARTITION: 'An unknown partition (`arn:awz:`).',
  INVALID_ARN_SERVICE_CASE: 'Uppercase letters in the ARN service. Fix: lowercase.',
  INVALID_ARN_REGION: 'A malformed Region in an ARN.',
  INVALID_ARN_ACCOUNT: 'An account that is not 12 digits (wildcards, variables and `aws` are fine).',
  ARN_REGION_NOT_ALLOWED: 'A Region in the ARN of a service whose ARNs never have one (IAM, Route 53…). Fix: remove it.',
  ARN_ACCOUNT_NOT_ALLOWED: 'An account in the ARN of a service whose ARNs never have one. Fix: remove it.',
  MISSING_ARN_REGION: 'No Region in the ARN of a service whose ARNs always have one.',
  INVALID_SERVICE:
    'An unknown service in an ARN or a condition key prefix; names the nearest. A service without resource types (`applicationinsights`) accepts any ARN. Fix: replace.',
  INVALID_ARN_RESOURCE:
    "An ARN that matches none of its service's resource types (AWS-owned resources, account `aws`, aside), read as loosely as Access Analyzer does: a `*` in the Region or account may span colons, so `arn:aws:logs:*:*:/aws-glue/*` passes, `arn:aws:iam::111122223333:rol/x` does not.",
  CONDITION_KEY_NOT_FOR_ACTION:
    "A service condition key that the AWS reference does not list for some of the statement's actions (for them a positive operator is never true, a negated one always true, if AWS indeed omits the key). SAML session keys (`saml:*`) and wildcard actions are left out.",
  DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE:
    'Deny with a tag key on services without tag-based access control (their actions are not denied).',
  DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: 'Deny + NotAction with a tag key.',
  ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE:
    'Allow with a tag key on services without tag-based access control (their actions are not allowed).',
  ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: 'Allow + NotAction with a tag key.',
  MISSING_ACTION_FOR_CONDITION_KEY:
    'A trust statement setting `sts:SourceIdentity` or session tags without `sts:SetSourceIdentity`/`sts:TagSession`. Fix: add the action.',
  INVALID_CONDITION_OPERATOR: 'An unknown condition operator; names the nearest. Fix: replace.',
  NULL_WITH_IF_EXISTS: '`NullIfExists`. Fix: `Null`.',
  STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS:
    "`StringLike` (any qualifier, `IfExists`) on an ARN-typed key such as `iam:AssociatedResourceArn`: the wildcard also spans the ARN's fields. Fix: `ArnLike`.",
  EQUIVALENT_TO_NULL_FALSE:
    '`StringLike` (or `ForAnyValue:StringLike`) with the value `"*"`: true whenever the key is present, the same as `"Null": { key: "false" }`. Fix: the `Null` form.',
  NULL_WITH_QUALIFIER: '`ForAllValues:Null` / `ForAnyValue:Null`. Fix: `Null`.',
  INVALID_CONDITION_KEY_FORMAT: 'A condition key without `service:`.',
  INVALID_GLOBAL_CONDITION_KEY:
    "An unknown `aws:` key; names the nearest. `aws:PrincipalOrgMasterAccountId` (not on AWS's list, filled in by IAM, used by AWSSSOServiceRolePolicy) is known (`scripts/catalog/unlisted.ts`). Fix: replace.",
  INVALID_SERVICE_CONDITION_KEY:
    "A key the service does not define; names the nearest. Keys AWS's own managed policies use that no reference version lists (`lakeformation:GlueARN`) are known (`scripts/catalog/unlisted.ts`). Fix: replace.",
  DEPRECATED_GLOBAL_CONDITION_KEY: '`aws:ARN`. Fix: `aws:PrincipalArn` or `aws:SourceArn`.',
  MISSING_TAG_KEY_IN_CONDITION: '`aws:ResourceTag` (and the other tag keys) without `/tag-key`.',
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: 'The same condition key twice under one operator in different case. Fix: remove one.',
  TYPE_MISMATCH:
    "An operator that does not fit the key's type (Parliament's MISMATCHED_TYPE), e.g. `StringEquals` on a numeric key. Fix: the operator of the key's type with the same relation.",
  MISSING_QUALIFIER: 'A multivalued key (`aws:TagKeys`) without `ForAnyValue:`/`ForAllValues:`. Fix: add `ForAnyValue:`.',
  FORALLVALUES_WITH_SINGLE_VALUED_KEY:
    '`ForAllValues:` on a single-valued key (true when the key is absent). Silent for keys an older reference typed multivalued (`codestar-connections:ProviderAction`): Access Analyzer still treats them so (calibration, 2026-03-07). Fix: remove the qualifier.',
  CONFIRM_AUDIENCE_CLAIM_TYPE: "A set qualifier on an OIDC provider's `aud` claim.",
  PRIVATE_IP_ADDRESS: '`IpAddress` on `aws:SourceIp` with only private ranges (never matches). Fix: `aws:VpcSourceIp`.',
  PRIVATE_NOT_IP_ADDRESS: '`NotIpAddress` on `aws:SourceIp` with only private ranges (no effect). Fix: `aws:VpcSourceIp`.',
  PRIVATE_IP_ADDRESS_SUBSET: '`IpAddress` on `aws:SourceIp` mixing private and public ranges.',
  PRIVATE_NOT_IP_ADDRESS_SUBSET: '`NotIpAddress` on `aws:SourceIp` mixing private and public ranges.',
  IMPROVE_IP_RANGE: 'A CIDR with host bits set (`203.0.113.7/24`). Fix: the network address.',
  TYPE_MISMATCH_NUMBER: 'A non-numeric value for a `Numeric*` operator.',
  TYPE_MISMATCH_DATE: 'A value a `Date*` operator cannot read.',
  TYPE_MISMATCH_BOOLEAN: 'A value other than `true`/`false` for `Bool` or `Null`. Fix: lowercase.',
  TYPE_MISMATCH_IP_RANGE: 'A value that is not an IP address or CIDR for `IpAddress`/`NotIpAddress`.',
  TYPE_MISMATCH_STRING: 'A value that is not base64 for `BinaryEquals`.',
  INVALID_DATE_VALUE: 'A date that parses but is not ISO 8601 (`January 1, 2020`). Fix: the ISO 8601 form.',
  WILDCARD_WITHOUT_LIKE_OPERATOR: '`*` or `?` in a value of an `…Equals` operator (compared literally). Fix: the `…Like` operator.',
  INVALID_VARIABLE_FOR_OPERATOR: 'A policy variable with an operator other than String or ARN.',
  INVALID_CONDITION_DATA_TYPE: 'Condition values mixing JSON types.',
  INVALID_CONDITION_MULTIPLE_BOOLEAN: 'Several values for `Bool`.',
  EMPTY_ARRAY_CONDITION: 'A condition key with `[]` values.',
  EMPTY_ARRAY_CONDITION_FORALLVALUES: '`ForAllValues:` with `[]` (matches only absent keys).',
  EMPTY_ARRAY_CONDITION_FORANYVALUE: '`ForAnyValue:` with `[]` (never matches).',
  EMPTY_ARRAY_CONDITION_IFEXISTS: '`…IfExists` with `[]` (matches only absent keys).',
  REDUNDANT_CONDITION_VALUE_NUM: 'Several values for `NumericLessThan…`/`NumericGreaterThan…` (only the extreme counts). Fix: keep it.',
  INVALID_VPC_FORMAT: 'An `aws:SourceVpc` value that is not `vpc-` + 8 or 17 characters.',
  INVALID_PRINCIPAL_ARN:
    'An `AWS` principal ARN with fewer than six fields, a Region, a service other than iam/sts, an account that is not 12 digits, or an entity that is no principal (`usr/x`, `group/x`, an assumed-role without session), or an `AWS` principal that is neither an ARN nor a 12-digit account ID (`98158835613`, an account alias); IAM rejects the policy.',
  INVALID_VPCE_FORMAT: 'An `aws:SourceVpce` value that is not `vpce-` + 8 or 17 characters.',
  INVALID_REGION: 'An `aws:RequestedRegion` value that is not a Region name.',
  SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED: 'A wildcard in `token.actions.githubusercontent.com:sub`.',
  MISSING_BRACE_IN_VARIABLE: '`${` without `}`.',
  MISSING_QUOTE_IN_VARIABLE: 'A variable default value not in single quotes.',
  UNSUPPORTED_SPACE_IN_VARIABLE: 'A space inside a variable name.',
  EMPTY_VARIABLE: '`${}`.',
  UNSUPPORTED_SYMBOL_IN_VARIABLE:
    'A character no condition key or tag key can contain inside a variable name (`${aws:user#name}`); the default value after the comma may hold anything. From AWS\'s current check reference; its second form ("Use … instead") names no symbol pair, so it is not reported.',
  VARIABLE_UNSUPPORTED_IN_ELEMENT: 'A policy variable outside `Resource`, `NotResource` and `Condition`.',
  VARIABLE_BEFORE_RESOURCE_PART:
    'A policy variable before the fifth colon of a `Resource`/`NotResource` ARN (partition, service, region, account): AWS does not substitute it, so the entry matches no ARN.',
  VARIABLE_UNSUPPORTED_IN_VERSION: 'A policy variable without `"Version": "2012-10-17"`. Fix: set the version.',
  PASS_ROLE_WITH_NOT_RESOURCE: 'Allow `iam:PassRole` with `NotResource`.',
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: 'Allow a wildcard action covering `iam:PassRole` with `NotResource`.',
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: 'Allow `NotAction` (not excluding `iam:PassRole`) with `NotResource`.',
  PASS_ROLE_WITH_STAR_IN_RESOURCE:
    'Allow `iam:PassRole` on `"Resource": "*"` without an `iam:PassedToService` condition. Fix: the role ARN format, or add the condition.',
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: 'Allow a wildcard action covering `iam:PassRole` on `*`.',
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: 'Allow `NotAction` (not excluding `iam:PassRole`) on `*`.',
  CREATE_SLR_WITH_NOT_RESOURCE: 'The same six shapes for `iam:CreateServiceLinkedRole`: with `NotResource`.',
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: '… a wildcard action with `NotResource`.',
  CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: '… `NotAction` with `NotResource`.',
  CREATE_SLR_WITH_STAR_IN_RESOURCE: '… on `"Resource": "*"`.',
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: '… a wildcard action on `*`.',
  CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: '… `NotAction` on `*`.',
  SCP_SYNTAX_ERROR_PRINCIPAL: '`Principal`/`NotPrincipal` in an SCP. Fix: remove it.',
  RCP_SYNTAX_ERROR_ALLOW: "An RCP Allow statement other than RCPFullAWSAccess's (RCPs only deny). Fix: `Deny`.",
  RCP_SYNTAX_ERROR_PRINCIPAL: 'An RCP `Principal` other than `"*"`, or `NotPrincipal`. Fix: `"*"`.',
  RCP_SYNTAX_ERROR_NOTACTION: '`NotAction` in an RCP.',
  RCP_UNSUPPORTED_SERVICE:
    "An RCP action of a service that RCPs do not apply to: AWS's [list of services that support RCPs](https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services), kept with its date in `server/src/core/evaluator/rcpServices.ts` (62 services as of 2026-09-26).",
  UNSUPPORTED_ACTION_IN_POLICY:
    'An action of another service in a resource policy whose resource the file name gives (`*.bucket.json`, `*.key.json`, `*.queue.json`, `*.topic.json`, `*.secret.json`, `*.repository.json`, `*.function.json`) or a template names; a non-STS action in a role trust policy (only `sts:` actions act on a role).',
  UNSUPPORTED_RESOURCE_ARN_IN_POLICY: 'An ARN of another service in such a resource policy, or `"Resource": "*"` in a bucket policy.',
  INVALID_SERVICE_PRINCIPAL_FORMAT:
    "A `Service` principal that is not `name.amazonaws.com` (or a partition's equivalent); a value of `aws:CalledVia`, `aws:CalledViaFirst` or `aws:CalledViaLast` that is not one lowercase name with `.amazonaws.com`, `.amazon.com` or `.amazonaws.com.cn`.",
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL: 'A wildcard in a principal other than `"*"` / `{"AWS": "*"}`.',
  INVALID_ROLE_REFERENCE: 'A role unique ID (`AROA…`) instead of a role ARN.',
  INVALID_USER_REFERENCE: 'A user unique ID (`AIDA…`) instead of a user ARN.',
  FEDERATED_PRINCIPAL_NOT_SUPPORTED: 'A `Federated` principal in a resource, RCP or VPC endpoint policy.',
  RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: 'A resource policy allowing a service principal with no condition (confused deputy).',
  RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL: 'A service principal restricted by other keys than `aws:SourceArn`/`aws:SourceAccount`.',
  UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL:
    'Principal keys (`aws:PrincipalOrgID`, `aws:PrincipalArn`, …) for a statement whose principals are all services.',
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: '`NotPrincipal` in a role trust policy.',
  ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL:
    '`"Principal": "*"` allowed in a role trust policy (`{"AWS": "*"}` is not this error, as in Access Analyzer; `PUBLIC_ACCESS` reports it when no condition pins the caller).',
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: '`Resource`/`NotResource` in a role trust policy. Fix: remove it.',
  MISMATCHED_ACTION_FOR_PRINCIPAL: '`sts:AssumeRoleWithSAML`/`…WithWebIdentity` with a principal of another kind.',
  MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY:
    'IAM Roles Anywhere without all of `sts:AssumeRole`, `sts:SetSourceIdentity`, `sts:TagSession`. Fix: add them.',
  INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY:
    'A `Federated` value that is neither a provider domain nor a SAML/OIDC provider ARN.',
  REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: 'An assumed-role session next to its role. Fix: remove it.',
  MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: 'An OIDC provider trusted without a condition on its claims.',
  MISSING_GITHUB_REPO_CONDITION_KEY: 'GitHub Actions trusted without `token.actions.githubusercontent.com:sub`.',
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA:
    'More than 10,240 characters without whitespace, the limit Access Analyzer applies to identity policies (6,144 for a permissions boundary, a managed policy; 2,048 for session policies).',
  POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: 'More than 20,480 characters without whitespace (S3 bucket policy quota).',
  POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: 'More than 2,048 characters without whitespace (the default quota).',
  POLICY_SIZE_EXCEEDS_SCP_QUOTA: 'More than 5,120 characters without whitespace (SCPs and RCPs).',
  REDUNDANT_ACTION:
    'Actions covered by another entry of the same list (case-insensitive), reported once per group at its first entry; a message names at most 20. Comparisons stop at a fixed work budget per policy (thousands of `?` patterns), so such a policy may miss some. Fix: remove the covered entries.',
  REDUNDANT_RESOURCE:
    'Resources covered by another entry of the same list (whole-ARN wildcard patterns, case-sensitive), reported once per group at its first entry; the same limits. Fix: remove the covered entries.',
  REDUNDANT_STATEMENT: 'A statement identical to an earlier one (Sid aside). Fix: remove it.',
  PUBLIC_ACCESS:
    'A resource or role trust policy that lets callers outside every account, organization, VPC endpoint or source it pins use it (anonymous, or `*` without a pinning condition), decided over every request, with one such request. The decision has a fixed work budget (1,000,000 steps, never a time limit): a policy that needs more gets no finding, the same on every run.',
  INTERNAL_ERROR: 'A family of checks failed on this document (a bug): its findings are missing, the other checks ran.',
};
