/**
 * Compiles iam-data's per-service JSON files into the one compact catalog artifact
 * (see server/src/core/catalog/format.ts). Pure: the caller reads the files.
 *
 * Data quirks handled here (measured on iam-data 0.21):
 * - access levels such as "Permissions management, Write" are kept verbatim and split at load;
 * - resource type names in actions differ in case from the resource type files' keys;
 * - global keys have no descriptions (ours come from globalKeyDescriptions.ts); they, and
 *   secretsmanager's and ssm's resource tag keys, spell the variable part `tag-key` where all
 *   other keys say `${TagKey}` (`secretsmanager:ResourceTag/tag-key`): normalized to `${TagKey}`;
 * - a key defined by several services with different types takes the owning service's type
 *   (`identitystore:UserId` is String in identitystore, ArrayOfString in q);
 * - `dependentActions` is empty everywhere and `scenarios` (5 actions) are dropped;
 * - the generic OIDC claim keys (`<provider>:aud`, `:sub`, `:amr`, `:azp`, `:oaud`, e.g.
 *   `token.actions.githubusercontent.com:sub`) are missing: they are added as variable keys
 *   `${OidcProvider}:aud`… on sts:AssumeRoleWithWebIdentity (reference_policies_iam-condition-keys.md).
 */
import {
  CATALOG_FORMAT,
  ACTION_FLAG_RETIRED,
  KEY_FLAG_GLOBAL,
  KEY_FLAG_FORMERLY_MULTIVALUED,
  SERVICE_FLAG_OPEN_ACTIONS,
  SERVICE_FLAG_RCP,
  SERVICE_FLAG_RETIRED,
  type ArtifactAction,
  type ArtifactConditionKey,
  type ArtifactResourceType,
  type ArtifactService,
  type CatalogArtifact,
} from '../../server/src/core/catalog/format';
import { globalKeyDescriptions } from './globalKeyDescriptions';
import type { RetiredMarks } from './retiredData';

/** One action as iam-data stores it. */
export interface RawAction {
  name: string;
  description: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; conditionKeys: string[] }[];
  conditionKeys: string[];
}
/** One resource type as iam-data stores it. */
export interface RawResourceType {
  key: string;
  arn: string;
  conditionKeys?: string[];
}
/** One condition key as iam-data stores it. */
export interface RawConditionKey {
  key: string;
  description: string;
  type: string;
}
/** A global key as iam-data's globalConditionKeys module lists it. */
export interface RawGlobalKey {
  key: string;
  type: string;
}

/** Everything the compiler needs, already parsed. */
export interface IamDataSource {
  package: string;
  version: string;
  updatedAt: string;
  services: string[];
  serviceNames: Record<string, string>;
  rcpServices: string[];
  actions: Record<string, Record<string, RawAction>>;
  resourceTypes: Record<string, Record<string, RawResourceType>>;
  conditionKeys: Record<string, Record<string, RawConditionKey>>;
  globalKeys: RawGlobalKey[];
  /** Retired items merged in (scripts/catalog/retiredData.ts): marked in the artifact. */
  retired?: RetiredMarks;
}

/** The artifact plus what the compiler noticed on the way. */
export interface CompileResult {
  artifact: CatalogArtifact;
  warnings: string[];
}

/** Claim keys any OIDC provider supports, keyed by provider URL (`${OidcProvider}` needs a dot). */
export const OIDC_CLAIM_KEYS: readonly RawConditionKey[] = [
  {
    key: '${OidcProvider}:aud',
    type: 'String',
    description: 'The audience (client ID) claim of the OIDC token; for Google, the azp claim when set.',
  },
  { key: '${OidcProvider}:sub', type: 'String', description: 'The subject claim of the OIDC token (the user or workload ID).' },
  {
    key: '${OidcProvider}:amr',
    type: 'ArrayOfString',
    description: 'The authentication methods reference claim (multivalued), e.g. authenticated or unauthenticated for Amazon Cognito.',
  },
  { key: '${OidcProvider}:azp', type: 'String', description: 'The authorized party claim of the OIDC token.' },
  { key: '${OidcProvider}:oaud', type: 'String', description: 'The other audience claim (Google: the aud field when azp is set).' },
];

/** Keys the data omits from an action's list, by lower-cased action name. */
const EXTRA_ACTION_KEYS: Readonly<Record<string, readonly RawConditionKey[]>> = {
  'sts:assumerolewithwebidentity': OIDC_CLAIM_KEYS,
};

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `items` sorted by their lower-cased names in code-unit order (each name lower-cased once, not per comparison). */
function byLowerName<T>(items: readonly T[], name: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: name(item).toLowerCase() }));
  keyed.sort((a, b) => byCodeUnit(a.key, b.key));
  return keyed.map((k) => k.item);
}

/** Some keys spell the variable `tag-key`; most say `${TagKey}`. */
export function normalizeKeyName(key: string): string {
  // Only a key whose eighth character from the end is the `/` can end so (called for every key reference).
  return key.charCodeAt(key.length - 8) === 47 ? key.replace(/\/tag-key$/i, '/${TagKey}') : key;
}

/** Interns strings to indexes. */
class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  get(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/** Builds the condition key table: one entry per lower-cased key. */
class KeyTable {
  readonly entries: ArtifactConditionKey[] = [];
  readonly types = new Interner();
  private readonly index = new Map<string, number>();
  private readonly owned = new Set<number>();
  /** {@link ref}'s answers by the name as written. */
  private readonly resolved = new Map<string, number>();

  constructor(private readonly warnings: string[]) {}

  addGlobal(raw: RawGlobalKey): void {
    const key = normalizeKeyName(raw.key);
    const lower = key.toLowerCase();
    const description = globalKeyDescriptions[lower] ?? '';
    if (!description) this.warnings.push(`global key ${key} has no description`);
    this.index.set(lower, this.entries.length);
    this.entries.push([key, this.types.get(raw.type), description, KEY_FLAG_GLOBAL]);
  }

  /** Adds a service-defined key; the service owning the key's prefix decides its type. */
  addDefined(service: string, defined: RawConditionKey): number {
    const raw = { ...defined, key: normalizeKeyName(defined.key) };
    const lower = raw.key.toLowerCase();
    const owns = lower.startsWith(`${service}:`);
    const existing = this.index.get(lower);
    if (existing === undefined) {
      const i = this.entries.length;
      this.index.set(lower, i);
      this.entries.push([raw.key, this.types.get(raw.type), raw.description, 0]);
      if (owns) this.owned.add(i);
      return i;
    }
    const entry = this.entries[existing]!;
    const isGlobal = (entry[3] & KEY_FLAG_GLOBAL) !== 0;
    if (owns && !this.owned.has(existing) && !isGlobal) {
      entry[0] = raw.key;
      entry[1] = this.types.get(raw.type);
      entry[2] = raw.description || entry[2];
      this.owned.add(existing);
    } else if (!entry[2]) {
      entry[2] = raw.description;
    }
    return existing;
  }

  /** Index of a key referenced by an action or resource type; unknown keys are added. */
  ref(name: string, where: string): number {
    // A name, once resolved (or added), always resolves to the same entry: the catalog has ~50,000 references to ~2,000 names.
    let i = this.resolved.get(name);
    if (i !== undefined) return i;
    const key = normalizeKeyName(name);
    i = this.index.get(key.toLowerCase());
    if (i === undefined) {
      this.warnings.push(`${where} references undefined condition key ${key}`);
      i = this.addDefined('', { key, description: '', type: 'String' });
    }
    this.resolved.set(name, i);
    return i;
  }
}

/** Compiles the parsed iam-data into the artifact. */
export function compileCatalog(src: IamDataSource, generatedAt: string): CompileResult {
  const warnings: string[] = [];
  const keys = new KeyTable(warnings);
  for (const g of src.globalKeys) keys.addGlobal(g);
  const prefixes = [...src.services].sort((a, b) => byCodeUnit(`${a.toLowerCase()}:`, `${b.toLowerCase()}:`));
  const definedKeys = new Map<string, number[]>();
  for (const p of prefixes) {
    const defs = Object.values(src.conditionKeys[p] ?? {});
    definedKeys.set(
      p,
      defs.map((d) => keys.addDefined(p, d)).sort((a, b) => a - b),
    );
  }
  for (const k of Object.values(EXTRA_ACTION_KEYS).flat()) keys.addDefined('', k);
  const accessLevels = new Interner();
  const rcp = new Set(src.rcpServices.map((s) => s.toLowerCase()));
  const names: string[] = [];
  /** Each service's action tuples, as compiled (its artifact entry holds them as JSON). */
  const actionsOf: ArtifactAction[][] = [];
  const services = prefixes.map((p) =>
    compileService(p, src, actionsOf, {
      keys,
      accessLevels,
      warnings,
      rcp: rcp.has(p.toLowerCase()),
      defined: definedKeys.get(p) ?? [],
      names,
      retired: src.retired,
    }),
  );
  const formerly = src.retired?.formerlyMultivalued;
  if (formerly) for (const e of keys.entries) if (formerly.has(e[0].toLowerCase())) e[3] |= KEY_FLAG_FORMERLY_MULTIVALUED;
  const globalKeys = keys.entries.flatMap((e, i) => ((e[3] & KEY_FLAG_GLOBAL) !== 0 ? [i] : []));
  const keyServices = servicesByKey(services, actionsOf, keys.entries.length);
  const artifact: CatalogArtifact = {
    format: CATALOG_FORMAT,
    source: { package: src.package, version: src.version, updatedAt: src.updatedAt, generatedAt },
    counts: { services: services.length, actions: names.length },
    accessLevels: accessLevels.values,
    keyTypes: keys.types.values,
    conditionKeys: keys.entries,
    globalKeys,
    services,
    actionNames: names.join('\n'),
    keyServices,
  };
  return { artifact, warnings };
}

/** For each key index, the services with an action that it applies to (own, row or resource type key). */
function servicesByKey(services: readonly ArtifactService[], actionsOf: readonly ArtifactAction[][], keyCount: number): number[][] {
  const out: number[][] = Array.from({ length: keyCount }, () => []);
  services.forEach((s, si) => {
    const used = new Set<number>();
    for (const a of actionsOf[si]!) {
      for (const k of a[3]) used.add(k);
      for (const row of a[2]) for (const k of [...row[2], ...(s[3][row[0]]?.[2] ?? [])]) used.add(k);
    }
    for (const k of [...used].sort((a, b) => a - b)) out[k]!.push(si);
  });
  return out;
}

interface ServiceContext {
  keys: KeyTable;
  accessLevels: Interner;
  warnings: string[];
  rcp: boolean;
  defined: number[];
  /** Collects every `service:Action`, in artifact order. */
  names: string[];
  retired: RetiredMarks | undefined;
}

/** One service's artifact entry; its action tuples are also pushed to `actionsOut`. */
function compileService(prefix: string, src: IamDataSource, actionsOut: ArtifactAction[][], ctx: ServiceContext): ArtifactService {
  const rawTypes = byLowerName(Object.values(src.resourceTypes[prefix] ?? {}), (t) => t.key);
  const typeIndex = new Map(rawTypes.map((t, i) => [t.key.toLowerCase(), i]));
  const resourceTypes: ArtifactResourceType[] = rawTypes.map((t) => [
    t.key,
    t.arn,
    refs(ctx.keys, t.conditionKeys ?? [], `${prefix} resource ${t.key}`),
  ]);
  const rawActions = byLowerName(Object.values(src.actions[prefix] ?? {}), (a) => a.name);
  const actions = rawActions.map((a) => compileAction(prefix, a, typeIndex, ctx));
  const name = src.serviceNames[prefix] ?? prefix;
  if (!src.serviceNames[prefix]) ctx.warnings.push(`service ${prefix} has no name`);
  ctx.names.push(...rawActions.map((a) => `${prefix}:${a.name}`));
  const lower = prefix.toLowerCase();
  const flags =
    (ctx.rcp ? SERVICE_FLAG_RCP : 0) |
    (ctx.retired?.services.has(lower) ? SERVICE_FLAG_RETIRED : 0) |
    (ctx.retired?.openServices.has(lower) ? SERVICE_FLAG_OPEN_ACTIONS : 0);
  actionsOut.push(actions);
  return [prefix, name, flags, resourceTypes, actions.length, JSON.stringify(actions), ctx.defined];
}

function compileAction(prefix: string, a: RawAction, typeIndex: ReadonlyMap<string, number>, ctx: ServiceContext): ArtifactAction {
  const where = `${prefix}:${a.name}`;
  const whereLower = where.toLowerCase();
  const resources: ArtifactAction[2] = [];
  for (const rt of a.resourceTypes) {
    const i = typeIndex.get(rt.name.toLowerCase());
    if (i === undefined) ctx.warnings.push(`${where} references unknown resource type ${rt.name}`);
    else resources.push([i, rt.required ? 1 : 0, refs(ctx.keys, rt.conditionKeys, where)]);
  }
  const extra = EXTRA_ACTION_KEYS[whereLower];
  const keys = refs(ctx.keys, extra ? [...a.conditionKeys, ...extra.map((k) => k.key)] : a.conditionKeys, where);
  const out: ArtifactAction = [a.description, ctx.accessLevels.get(a.accessLevel), resources, keys];
  if (ctx.retired?.actions.has(whereLower)) out.push(ACTION_FLAG_RETIRED);
  return out;
}

function refs(keys: KeyTable, names: readonly string[], where: string): number[] {
  return names.map((n) => keys.ref(n, where));
}
