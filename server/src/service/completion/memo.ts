/**
 * Small per-catalog caches for completion: consecutive keystrokes in one statement ask the same
 * question (the resource types of its actions, the keys for `*`), so answers are kept per catalog
 * and key, and a cache is simply cleared when it grows past a bound.
 */
import type { Catalog } from '../../core/catalog';

const MAX_ENTRIES = 64;

/** A cache keyed by string, one per catalog. */
export class CatalogMemo<V> {
  private readonly byCatalog = new WeakMap<Catalog, Map<string, V>>();

  /** The cached value for `key`, computing and storing it on a miss. */
  get(catalog: Catalog, key: string, compute: () => V): V {
    let map = this.byCatalog.get(catalog);
    if (!map) this.byCatalog.set(catalog, (map = new Map()));
    let value = map.get(key);
    if (value === undefined) {
      if (map.size >= MAX_ENTRIES) map.clear();
      value = compute();
      map.set(key, value);
    }
    return value;
  }
}
