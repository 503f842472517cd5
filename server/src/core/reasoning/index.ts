/**
 * Reasoning over policies: decisions about every request at once, not one request at a time.
 * `comparePolicies` answers "does the new version grant access the old one does not?" with a
 * verified counterexample (see compare.ts and docs/compare.md).
 */
import type { Catalog } from '../catalog';
import type { ActionUniverse } from './dimensions';

export { comparePolicies, documentVerdict, placeAs, COMPARE_DEFAULT_STEPS } from './compare';
export type { CompareOptions, CompareResult, Counterexample } from './compare';
export type { ActionUniverse } from './dimensions';

/** The catalog's actions as the universe `comparePolicies` decides over. */
export function catalogUniverse(catalog: Catalog): ActionUniverse {
  let all: readonly string[] | undefined;
  const memo = new Map<string, readonly string[]>();
  return {
    expand(pattern) {
      let hit = memo.get(pattern);
      if (!hit) memo.set(pattern, (hit = catalog.expandActions(pattern)));
      return hit;
    },
    all: () => (all ??= catalog.expandActions('*')),
  };
}

/** Whether the catalog declares a condition key multivalued (`ArrayOf…`). */
export function catalogMultiValued(catalog: Catalog): (key: string) => boolean {
  return (key) => catalog.conditionKey(key)?.multiValued === true;
}
