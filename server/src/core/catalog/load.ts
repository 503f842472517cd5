/**
 * Turns the artifact into value objects: services, resource types and condition keys eagerly
 * (a few thousand), actions lazily on first access (22k, most never looked at in a session).
 */
import {
  CATALOG_FORMAT,
  KEY_FLAG_GLOBAL,
  KEY_FLAG_FORMERLY_MULTIVALUED,
  ACTION_FLAG_RETIRED,
  SERVICE_FLAG_OPEN_ACTIONS,
  SERVICE_FLAG_RCP,
  SERVICE_FLAG_RETIRED,
  type ArtifactAction,
  type ArtifactService,
  type CatalogArtifact,
} from './format';
import { isVariableKey } from './keys';
import type { AccessLevel, ActionInfo, ConditionKeyInfo, ResourceTypeInfo, ServiceInfo } from './types';
import { CACHES } from '../caches';

/** Thrown when the artifact is not a catalog this code understands. */
export class CatalogFormatError extends Error {}

/** Parses and checks the artifact's outer shape. */
export function parseArtifact(input: string | CatalogArtifact): CatalogArtifact {
  const data = (typeof input === 'string' ? JSON.parse(input) : input) as Partial<CatalogArtifact> | null;
  if (!data || typeof data !== 'object') throw new CatalogFormatError('catalog: not an object');
  if (data.format !== CATALOG_FORMAT) {
    throw new CatalogFormatError(`catalog: format ${String(data.format)} is not ${CATALOG_FORMAT}; run \`npm run catalog\``);
  }
  for (const field of ['accessLevels', 'keyTypes', 'conditionKeys', 'globalKeys', 'services'] as const) {
    if (!Array.isArray(data[field])) throw new CatalogFormatError(`catalog: missing ${field}`);
  }
  if (typeof data.actionNames !== 'string') throw new CatalogFormatError('catalog: missing actionNames');
  if (!Array.isArray(data.keyServices)) throw new CatalogFormatError('catalog: missing keyServices');
  return data as CatalogArtifact;
}

/** Builds the condition key infos, in artifact order. */
export function buildKeys(artifact: CatalogArtifact): ConditionKeyInfo[] {
  return artifact.conditionKeys.map(([key, typeIndex, description, flags]) => {
    const type = artifact.keyTypes[typeIndex] ?? 'String';
    const multiValued = type.startsWith('ArrayOf');
    return {
      key,
      type,
      baseType: multiValued ? type.slice('ArrayOf'.length) : type,
      multiValued,
      description,
      global: (flags & KEY_FLAG_GLOBAL) !== 0,
      formerlyMultiValued: (flags & KEY_FLAG_FORMERLY_MULTIVALUED) !== 0,
      variable: isVariableKey(key),
    };
  });
}

/** Service name → page slug, computed once per service (every action info needs one). */
const slugs = CACHES.map<string, string>('catalog.slugs');

/**
 * The AWS service authorization reference page, whose slug is the service name squashed
 * (`Amazon S3` → `list_amazons3.html`); `anchor` picks a table on it (`actions-as-permissions`,
 * `resources-for-iam-policies`, `policy-keys`).
 */
export function docsUrlFor(serviceName: string, anchor?: string): string {
  let slug = slugs.get(serviceName);
  if (slug === undefined) slugs.set(serviceName, (slug = serviceName.toLowerCase().replace(/[^a-z0-9]/g, '')));
  const page = `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${slug}.html`;
  return anchor === undefined ? page : `${page}#${slug}-${anchor}`;
}

/**
 * Builds one service. Its resource types, condition keys and docs URL are computed on first
 * access (own enumerable getters, so the object still serializes): most services are never
 * looked at in a session, and load time is what users wait for.
 */
export function buildService(s: ArtifactService, keys: readonly ConditionKeyInfo[], actionCount: number): ServiceInfo {
  const [prefix, name, flags, types, , , keyIndexes] = s;
  const service = { prefix, name, rcpSupported: (flags & SERVICE_FLAG_RCP) !== 0, actionCount } as ServiceInfo;
  if ((flags & SERVICE_FLAG_RETIRED) !== 0) Object.assign(service, { retired: true });
  if ((flags & SERVICE_FLAG_OPEN_ACTIONS) !== 0) Object.assign(service, { openActions: true });
  lazy(service, 'docsUrl', () => docsUrlFor(name));
  lazy(service, 'resourceTypes', () =>
    types.map(([rtName, arn, rtKeys]): ResourceTypeInfo => ({
      service: prefix,
      name: rtName,
      arn,
      arns: splitArnFormats(arn),
      conditionKeys: pick(keys, rtKeys),
    })),
  );
  lazy(service, 'conditionKeys', () => pick(keys, keyIndexes));
  return service;
}

/** Defines `obj[key]` as computed once, on first read. */
function lazy<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get(): T[K] {
      const value = compute();
      Object.defineProperty(obj, key, { value, enumerable: true, writable: false, configurable: false });
      return value;
    },
  });
}

/** A few resource types list several ARN formats joined by ", " (data quirk). */
export function splitArnFormats(arn: string): string[] {
  return arn.split(/, (?=arn:)/);
}

/** Splits "Permissions management, Write" into its levels. */
export function splitAccessLevel(level: string): AccessLevel[] {
  return level
    .split(',')
    .map((p) => p.trim() as AccessLevel)
    .filter((p) => p.length > 0);
}

/** Builds one action's info from its tuple. */
export function buildAction(
  service: ServiceInfo,
  name: string,
  raw: ArtifactAction,
  keys: readonly ConditionKeyInfo[],
  accessLevels: readonly string[],
): ActionInfo {
  const [description, levelIndex, resources, keyIndexes, flags = 0] = raw;
  const accessLevel = accessLevels[levelIndex] ?? '';
  const resourceTypes = resources.flatMap(([rt, required, rtKeys]) => {
    const resourceType = service.resourceTypes[rt];
    return resourceType ? [{ resourceType, required: required === 1, conditionKeys: pick(keys, rtKeys) }] : [];
  });
  return {
    service,
    name,
    fullName: `${service.prefix}:${name}`,
    docsUrl: docsUrlFor(service.name, 'actions-as-permissions'),
    description,
    accessLevel,
    accessLevels: splitAccessLevel(accessLevel),
    resourceTypes,
    conditionKeys: pick(keys, keyIndexes),
    wildcardOnly: resourceTypes.length === 0,
    ...((flags & ACTION_FLAG_RETIRED) !== 0 || service.retired ? { retired: true } : {}),
  };
}

const EMPTY: readonly ConditionKeyInfo[] = Object.freeze([]);

function pick(keys: readonly ConditionKeyInfo[], indexes: readonly number[]): readonly ConditionKeyInfo[] {
  if (indexes.length === 0) return EMPTY;
  return indexes.flatMap((i) => {
    const k = keys[i];
    return k ? [k] : [];
  });
}
