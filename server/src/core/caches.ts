/**
 * Every process-wide cache of the core and the language service, owned by one visible object:
 * each has a name, {@link CacheRegistry.sizes} lists what they hold, and
 * {@link CacheRegistry.clear} empties them all (tests, a tool that wants a cold start, a server
 * that loads another catalog). The caches keep answers that never go stale for their key: compiled
 * patterns, lower-cased keys, parsed principals, per-catalog answers. A cache keyed by an object
 * is a {@link ResettableWeakMap}: it holds nothing its key does not keep alive.
 */

/** A `WeakMap` that can be emptied (it swaps in a new one). */
export class ResettableWeakMap<K extends object, V> {
  private map = new WeakMap<K, V>();

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): this {
    this.map.set(key, value);
    return this;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map = new WeakMap();
  }
}

interface Entry {
  readonly name: string;
  readonly size: () => number | 'weak';
  readonly clear: () => void;
}

/** The named caches of the process. */
export class CacheRegistry {
  private readonly entries = new Map<string, Entry>();

  /** A string- or value-keyed cache named `name` (e.g. `evaluator.lowerCasedKeys`). */
  map<K, V>(name: string): Map<K, V> {
    const map = new Map<K, V>();
    this.add({ name, size: () => map.size, clear: () => map.clear() });
    return map;
  }

  /** An object-keyed cache named `name`. */
  weak<K extends object, V>(name: string): ResettableWeakMap<K, V> {
    const map = new ResettableWeakMap<K, V>();
    this.add({ name, size: () => 'weak', clear: () => map.clear() });
    return map;
  }

  /** Every cache with its entry count (`weak` for object-keyed caches, whose size is not observable). */
  sizes(): Record<string, number | 'weak'> {
    const out: Record<string, number | 'weak'> = {};
    for (const e of this.entries.values()) out[e.name] = e.size();
    return out;
  }

  /** Empties every cache. */
  clear(): void {
    for (const e of this.entries.values()) e.clear();
  }

  private add(entry: Entry): void {
    if (this.entries.has(entry.name)) throw new Error(`cache ${entry.name} is defined twice`);
    this.entries.set(entry.name, entry);
  }
}

/** The caches of this process. */
export const CACHES = new CacheRegistry();
