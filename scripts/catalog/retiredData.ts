/**
 * Retired services and actions (scripts/catalog/retired.json), merged into the catalog as known
 * but retired: AWS removes them from the Service Authorization Reference and keeps accepting them
 * in existing policies (see retired.ts for the evidence and how the file is made).
 */
import { join } from 'node:path';
import type { IamDataSource, RawAction, RawConditionKey, RawResourceType } from './compile';

export const RETIRED_FILE = join(__dirname, 'retired.json');

/** A whole service that the current data no longer lists. */
export interface RetiredService {
  name: string;
  source: string;
  actions: Record<string, RawAction>;
  resourceTypes: Record<string, RawResourceType>;
  conditionKeys: Record<string, RawConditionKey>;
}

/**
 * A service no data version lists but AWS accepts (a former prefix): its actions are not known,
 * so any action name under it is accepted.
 */
export interface ManualRetiredService {
  prefix: string;
  name: string;
  /** Why it is known to be accepted, with the date of the evidence. */
  source: string;
}

export interface RetiredData {
  about: string;
  basedOn: string;
  compared: string[];
  services: Record<string, RetiredService>;
  /** Per current service, actions it no longer lists. */
  actions: Record<string, Record<string, RawAction & { source: string }>>;
  /** Per current service, resource types it no longer lists. */
  resourceTypes: Record<string, Record<string, RawResourceType & { source: string }>>;
  /**
   * Keys an older reference typed `ArrayOf…` (`type`, in `source`, the newest such) that the
   * current one types single-valued. Access Analyzer still treats them as multivalued: it reported
   * no FORALLVALUES_WITH_SINGLE_VALUED_KEY for `ForAllValues:StringEquals` on
   * codestar-connections:ProviderAction (String since the reference of 2025-12) in
   * AmazonCodeGuruReviewerServiceRolePolicy when it validated it on 2026-03-07.
   */
  formerlyMultivalued?: Record<string, { key: string; type: string; source: string }>;
  manual: ManualRetiredService[];
}

/** What the compiler marks: lower-cased `service:Action` names, service prefixes. */
export interface RetiredMarks {
  readonly actions: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  /** Services whose action names are not known (any name is accepted). */
  readonly openServices: ReadonlySet<string>;
  /** Lower-cased keys that Access Analyzer keeps multivalued although the current reference does not. */
  readonly formerlyMultivalued?: ReadonlySet<string>;
}

/**
 * `src` with the retired items added (current definitions always win). Keys a retired action of a
 * current service names that the current data no longer defines are dropped.
 */
export function mergeRetired(src: IamDataSource, retired: RetiredData): { src: IamDataSource; marks: RetiredMarks } {
  const actions = { ...src.actions };
  const resourceTypes = { ...src.resourceTypes };
  const conditionKeys = { ...src.conditionKeys };
  const serviceNames = { ...src.serviceNames };
  const services = [...src.services];
  const have = new Set(services.map((s) => s.toLowerCase()));
  const marks = {
    actions: new Set<string>(),
    services: new Set<string>(),
    openServices: new Set<string>(),
    formerlyMultivalued: new Set(Object.keys(retired.formerlyMultivalued ?? {}).map((k) => k.toLowerCase())),
  };
  const known = new Set(src.globalKeys.map((k) => k.key.toLowerCase()));
  for (const defs of Object.values(src.conditionKeys)) for (const k of Object.values(defs)) known.add(k.key.toLowerCase());

  for (const [prefix, s] of Object.entries(retired.services)) {
    if (have.has(prefix.toLowerCase())) continue;
    services.push(prefix);
    have.add(prefix.toLowerCase());
    serviceNames[prefix] = s.name;
    actions[prefix] = s.actions;
    resourceTypes[prefix] = s.resourceTypes;
    conditionKeys[prefix] = s.conditionKeys;
    marks.services.add(prefix.toLowerCase());
    for (const k of Object.values(s.conditionKeys)) known.add(k.key.toLowerCase());
    for (const a of Object.values(s.actions)) marks.actions.add(`${prefix}:${a.name}`.toLowerCase());
  }
  for (const m of retired.manual) {
    if (have.has(m.prefix.toLowerCase())) continue;
    services.push(m.prefix);
    have.add(m.prefix.toLowerCase());
    serviceNames[m.prefix] = m.name;
    marks.services.add(m.prefix.toLowerCase());
    marks.openServices.add(m.prefix.toLowerCase());
  }
  for (const [prefix, types] of Object.entries(retired.resourceTypes)) {
    if (!src.resourceTypes[prefix]) continue;
    const current = new Set(Object.keys(src.resourceTypes[prefix]).map((k) => k.toLowerCase()));
    const added = Object.entries(types)
      .filter(([k]) => !current.has(k.toLowerCase()))
      .map(([k, t]) => [k, { key: t.key, arn: t.arn, conditionKeys: [] }]);
    resourceTypes[prefix] = { ...src.resourceTypes[prefix], ...Object.fromEntries(added) };
  }
  for (const [prefix, retiredActions] of Object.entries(retired.actions)) {
    if (!src.actions[prefix]) continue;
    const current = new Set(Object.keys(src.actions[prefix]).map((k) => k.toLowerCase()));
    const typeNames = new Set(Object.keys(resourceTypes[prefix] ?? {}).map((k) => k.toLowerCase()));
    const added: Record<string, RawAction> = {};
    for (const [name, a] of Object.entries(retiredActions)) {
      if (current.has(name.toLowerCase())) continue;
      added[name] = {
        name: a.name,
        description: a.description,
        accessLevel: a.accessLevel,
        resourceTypes: a.resourceTypes
          .filter((rt) => typeNames.has(rt.name.toLowerCase()))
          .map((rt) => ({ ...rt, conditionKeys: rt.conditionKeys.filter((k) => known.has(k.toLowerCase())) })),
        conditionKeys: a.conditionKeys.filter((k) => known.has(k.toLowerCase())),
      };
      marks.actions.add(`${prefix}:${a.name}`.toLowerCase());
    }
    actions[prefix] = { ...src.actions[prefix], ...added };
  }
  return { src: { ...src, services, serviceNames, actions, resourceTypes, conditionKeys }, marks };
}
