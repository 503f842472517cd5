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
