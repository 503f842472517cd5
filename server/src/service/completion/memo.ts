/**
 * Small per-catalog caches for completion: consecutive keystrokes in one statement ask the same
 * question (the resource types of its actions, the keys for `*`), so answers are kept per catalog
 * and key, and a cache is simply cleared when it grows past a bound.
 */
import type { Catalog } from '../../core/catalog';
import { BoundedMemo } from '../../core/memo';
import { CACHES, type ResettableWeakMap } from '../../core/caches';

const MAX_ENTRIES = 64;

/** A {@link BoundedMemo} per catalog (a catalog's answers never change; a new catalog starts empty). */
export class PerCatalogMemo<V> {
  private readonly byCatalog: ResettableWeakMap<Catalog, BoundedMemo<V>>;

  /** `name`: the cache's name in {@link CACHES}. */
  constructor(name: string) {
    this.byCatalog = CACHES.weak(name);
  }

  /** The cached value for `key`, computing and storing it on a miss. */
  get(catalog: Catalog, key: string, compute: () => V): V {
    let memo = this.byCatalog.get(catalog);
    if (!memo) this.byCatalog.set(catalog, (memo = new BoundedMemo<V>(MAX_ENTRIES)));
    return memo.get(key, compute);
  }
}
