/**
 * What the catalog's ARN templates say about each ARN service namespace (the third ARN field,
 * which may differ from the action prefix): whether its ARNs always, or never, carry a Region
 * and an account. Built once per catalog.
 */
import type { Catalog } from '../catalog';
import { CACHES } from '../caches';

export interface ArnServiceFormat {
  readonly regionAlways: boolean;
  readonly regionNever: boolean;
  readonly accountAlways: boolean;
  readonly accountNever: boolean;
}

const cache = CACHES.weak<Catalog, Map<string, ArnServiceFormat>>('checks.arnFormats');

/** The ARN formats by ARN service namespace (lower case). */
export function arnFormats(catalog: Catalog): ReadonlyMap<string, ArnServiceFormat> {
  let map = cache.get(catalog);
  if (!map) {
    map = buildFormats(catalog);
    cache.set(catalog, map);
  }
  return map;
}

function buildFormats(catalog: Catalog): Map<string, ArnServiceFormat> {
  const acc = new Map<string, { n: number; region: number; account: number }>();
  for (const s of catalog.services()) {
    for (const rt of s.resourceTypes) {
      for (const t of rt.arns) {
        const parts = t.split(':');
        if (parts.length < 6) continue;
        const ns = (parts[2] ?? '').toLowerCase();
        // Templates with a variable service (`${ServiceName}`) say nothing about one namespace.
        if (ns.includes('$')) continue;
        const e = acc.get(ns) ?? { n: 0, region: 0, account: 0 };
        e.n++;
        if (parts[3] !== '') e.region++;
        if (parts[4] !== '') e.account++;
        acc.set(ns, e);
      }
    }
  }
  const out = new Map<string, ArnServiceFormat>();
  for (const [ns, e] of acc) {
    out.set(ns, {
      regionAlways: e.region === e.n,
      regionNever: e.region === 0,
      accountAlways: e.account === e.n,
      accountNever: e.account === 0,
    });
  }
  return out;
}

/** Wildcards or policy variables: the field is decided at request time. */
export function isDynamic(field: string): boolean {
  return field.includes('*') || field.includes('?') || field.includes('${');
}

export const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

// Region names: geography, optional gov/iso qualifier, direction, number (us-east-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1).
const REGION =
  /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|eusc)(?:-(?:gov|iso|isob|isoe|isof|de))?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;

/** Whether `name` is a well-formed AWS Region name. */
export function isRegionName(name: string): boolean {
  return REGION.test(name);
}
