/**
 * AWS's Service Authorization Reference in its machine-readable form ("Simplified AWS service
 * information for programmatic access", https://docs.aws.amazon.com/service-authorization/latest/reference/service-reference.html,
 * read 2026-12-03): a list `[{ "service": "s3", "url": ".../v1/s3/s3.json" }, …]` and one file per
 * service, `{ "Name": "s3", "Actions": [{ "Name", "ActionConditionKeys"?, "Annotations"?: { "Properties":
 * { "IsList", "IsPermissionManagement", "IsTaggingOnly", "IsWrite" } }, "Resources"?: [{ "Name" }] }],
 * "ConditionKeys"?: [{ "Name", "Types" }], "Resources"?: [{ "Name", "ARNFormats", "ConditionKeys"? }] }`.
 *
 * The files name what exists (services, actions, resource types, keys and their types) but carry no
 * descriptions, service names or "required" marks; those come from the catalog the user has (the
 * bundled one) where it knows the item. Pure: the caller reads the files.
 */
import type { Catalog } from './catalog';

/** One service file, as AWS publishes it (fields this code reads; others are ignored). */
export interface ServiceReferenceFile {
  readonly Name: string;
  readonly Actions: readonly {
    readonly Name: string;
    readonly ActionConditionKeys?: readonly string[];
    readonly Annotations?: { readonly Properties?: Readonly<Record<string, boolean>> };
    readonly Resources?: readonly { readonly Name: string }[];
  }[];
  readonly ConditionKeys?: readonly { readonly Name: string; readonly Types?: readonly string[] }[];
  readonly Resources?: readonly {
    readonly Name: string;
    readonly ARNFormats?: readonly string[];
    readonly ConditionKeys?: readonly string[];
  }[];
}

/** The compiler's input (scripts/catalog/compile.ts `IamDataSource`), built from the reference. */
export interface CatalogSourceData {
  package: string;
  version: string;
  updatedAt: string;
  services: string[];
  serviceNames: Record<string, string>;
  rcpServices: string[];
  actions: Record<
    string,
    Record<
      string,
      {
        name: string;
        description: string;
        accessLevel: string;
        resourceTypes: { name: string; required: boolean; conditionKeys: string[] }[];
        conditionKeys: string[];
      }
    >
  >;
  resourceTypes: Record<string, Record<string, { key: string; arn: string; conditionKeys?: string[] }>>;
  conditionKeys: Record<string, Record<string, { key: string; description: string; type: string }>>;
  globalKeys: { key: string; type: string }[];
}

export const SERVICE_REFERENCE_PACKAGE = 'AWS Service Authorization Reference';

/** Why a file is not a service file, or undefined when it is one. */
export function serviceFileProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.Name !== 'string' || !/^[a-z0-9-]+$/i.test(v.Name)) return 'no service "Name"';
  if (!Array.isArray(v.Actions)) return 'no "Actions" list';
  for (const a of v.Actions as unknown[]) {
    if (!a || typeof a !== 'object' || typeof (a as Record<string, unknown>).Name !== 'string') return 'an action without a "Name"';
  }
  for (const field of ['ConditionKeys', 'Resources'] as const) {
    if (v[field] !== undefined && !Array.isArray(v[field])) return `"${field}" is not a list`;
  }
  return undefined;
}

/**
 * The access level from AWS's annotations, strongest first as the reference pages list them:
 * permissions management, tagging, write, list, else read.
 */
export function accessLevelOf(properties: Readonly<Record<string, boolean>> | undefined): string | undefined {
  if (!properties) return undefined;
  if (properties.IsPermissionManagement) return 'Permissions management';
  if (properties.IsTaggingOnly) return 'Tagging';
  if (properties.IsWrite) return 'Write';
  if (properties.IsList) return 'List';
  return 'Read';
}

/**
 * The compiler's input from the reference files, with descriptions, names, "required" marks, RCP
 * support and the global keys taken from `base` wherever it knows them.
 */
export function fromServiceReference(
  files: readonly ServiceReferenceFile[],
  base: Catalog | undefined,
  updatedAt: string,
  /** The services AWS's list names; without it, services the files do not describe are kept from `base`. */
  listed?: readonly string[],
): CatalogSourceData {
  const out: CatalogSourceData = {
    package: SERVICE_REFERENCE_PACKAGE,
    version: updatedAt.slice(0, 10),
    updatedAt,
    services: [],
    serviceNames: {},
    rcpServices: [],
    actions: {},
    resourceTypes: {},
    conditionKeys: {},
    globalKeys: (base?.globalConditionKeys() ?? []).map((k) => ({ key: k.key, type: k.type })),
  };
  const seen = new Set<string>();
  for (const file of files) {
    const prefix = file.Name.toLowerCase();
    if (seen.has(prefix)) continue;
    seen.add(prefix);
    const known = base?.service(prefix);
    out.services.push(prefix);
    out.serviceNames[prefix] = known?.name ?? prefix;
    if (known?.rcpSupported) out.rcpServices.push(prefix);
    out.resourceTypes[prefix] = resourceTypes(file);
    out.conditionKeys[prefix] = conditionKeys(file, base);
    out.actions[prefix] = actions(file, prefix, base);
  }
  // Services without a file: kept as `base` has them, unless AWS's list no longer names them.
  const stillListed = listed && new Set(listed.map((l) => l.toLowerCase()));
  for (const service of base?.services() ?? []) {
    const prefix = service.prefix.toLowerCase();
    if (seen.has(prefix) || (stillListed && !stillListed.has(prefix))) continue;
    copyService(out, base!, service.prefix);
  }
  return out;
}

/** One service of `base`, as compiler input (the reverse of the compiler, for the services kept). */
function copyService(out: CatalogSourceData, base: Catalog, prefix: string): void {
  const service = base.service(prefix)!;
  out.services.push(service.prefix);
  out.serviceNames[service.prefix] = service.name;
  if (service.rcpSupported) out.rcpServices.push(service.prefix);
  out.resourceTypes[service.prefix] = Object.fromEntries(
    service.resourceTypes.map((r) => [r.name, { key: r.name, arn: r.arn, conditionKeys: r.conditionKeys.map((k) => k.key) }]),
  );
  out.conditionKeys[service.prefix] = Object.fromEntries(
    service.conditionKeys.map((k) => [k.key, { key: k.key, type: k.type, description: k.description }]),
  );
  out.actions[service.prefix] = Object.fromEntries(base.actionRecordsOf(service.prefix).map((a) => [a.name, a]));
}

function resourceTypes(file: ServiceReferenceFile): CatalogSourceData['resourceTypes'][string] {
  const out: CatalogSourceData['resourceTypes'][string] = {};
  for (const r of file.Resources ?? []) {
    out[r.Name] = { key: r.Name, arn: (r.ARNFormats ?? []).join(', '), conditionKeys: [...(r.ConditionKeys ?? [])] };
  }
  return out;
}

function conditionKeys(file: ServiceReferenceFile, base: Catalog | undefined): CatalogSourceData['conditionKeys'][string] {
  const out: CatalogSourceData['conditionKeys'][string] = {};
  for (const k of file.ConditionKeys ?? []) {
    out[k.Name] = { key: k.Name, type: k.Types?.[0] ?? 'String', description: base?.conditionKey(k.Name)?.description ?? '' };
  }
  return out;
}

function actions(file: ServiceReferenceFile, prefix: string, base: Catalog | undefined): CatalogSourceData['actions'][string] {
  const out: CatalogSourceData['actions'][string] = {};
  for (const a of file.Actions) {
    const known = base?.action(`${prefix}:${a.Name}`);
    const knownRows = new Map((known?.resourceTypes ?? []).map((r) => [r.resourceType.name.toLowerCase(), r]));
    out[a.Name] = {
      name: a.Name,
      description: known?.description ?? '',
      // The scraped pages combine levels ("Permissions management, Write"); keep that where known.
      accessLevel: known?.accessLevel || accessLevelOf(a.Annotations?.Properties) || 'Read',
      resourceTypes: (a.Resources ?? []).map((r) => {
        const row = knownRows.get(r.Name.toLowerCase());
        return { name: r.Name, required: row?.required ?? false, conditionKeys: (row?.conditionKeys ?? []).map((k) => k.key) };
      }),
      conditionKeys: [...(a.ActionConditionKeys ?? [])],
    };
  }
  return out;
}
