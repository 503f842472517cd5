/**
 * The one bounded memo of the core and the service: answers kept by string key, the whole map
 * cleared when it grows past its limit (simple, and memory stays bounded whatever the input).
 * Only for answers that never go stale for the owner of the memo (e.g. catalog questions).
 */
export class BoundedMemo<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The stored value for `key`, computing and storing it on a miss. */
  get(key: string, compute: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      if (this.map.size >= this.limit) this.map.clear();
      value = compute();
      this.map.set(key, value);
    }
    return value;
  }

  /** Forgets every answer. */
  clear(): void {
    this.map.clear();
  }
}

/**
 * Which of a few slots a small recent-items cache fills next: a free one while there is one, else
 * the least recently used. Items stay in their slots (a use only stamps the slot), so a cache hit
 * stores no object: moving items to the front on every hit (the usual small LRU list) stores
 * into long-lived arrays, and each such store costs a write barrier and remembered-set work in the
 * garbage collector.
 */
export class RecentSlots {
  /** When each slot was last used (small integers: cheap to store). */
  private readonly used: number[] = [];
  private clock = 0;

  constructor(readonly size: number) {}

  /** Marks slot `k` as the most recently used. */
  touch(k: number): void {
    // Past a small integer's range the order starts again: which item goes next may then be
    // another one, never what any slot holds.
    if (this.clock >= 0x3fffffff) {
      this.used.fill(0);
      this.clock = 0;
    }
    this.used[k] = ++this.clock;
  }

  /** The slot for a new item, marked as the most recently used, given that slots `0..filled-1` hold items. */
  claim(filled: number): number {
    const used = this.used;
    let at = filled;
    if (at >= this.size) {
      at = 0;
      for (let k = 1; k < this.size; k++) if ((used[k] as number) < (used[at] as number)) at = k;
    }
    this.touch(at);
    return at;
  }
}
