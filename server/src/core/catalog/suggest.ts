import type { ActionTable } from './actions';

/**
 * "Did you mean" ranking: case-insensitive optimal-string-alignment distance (Levenshtein plus
 * adjacent transpositions, the most common typo), cut off early once it exceeds the budget.
 */

/** Largest distance worth suggesting for a query of this length. */
export function suggestionBudget(length: number): number {
  if (length <= 3) return 1;
  return Math.min(4, Math.max(2, Math.floor(length / 4)));
}

/**
 * Edit distance between `a` and `b` (both already lower-cased), or `max + 1` as soon as it is
 * certain to exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, prevPrev[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[b.length]!;
}

/** Collects the best candidates: lowest distance first, then alphabetical. */
export class NearestCollector<T> {
  private readonly found: { item: T; distance: number; label: string }[] = [];

  constructor(
    private readonly query: string,
    private readonly max: number,
  ) {}

  /** Offers a candidate under its lower-cased `label`. */
  offer(item: T, label: string): void {
    const distance = label === this.query ? 0 : editDistance(this.query, label, this.max);
    if (distance <= this.max) this.found.push({ item, distance, label });
  }

  /** The best `limit` candidates. */
  best(limit: number): T[] {
    this.found.sort((a, b) => a.distance - b.distance || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return this.found.slice(0, limit).map((f) => f.item);
  }
}

/**
 * Canonical action names near `local` (lower-cased action part) within the given services;
 * when none is near, the same action name in other services (`s3:DescribeInstances` →
 * `ec2:DescribeInstances`).
 */
export function nearActionNames(table: ActionTable, prefixes: readonly string[], local: string, limit: number): string[] {
  const c = new NearestCollector<string>(local, suggestionBudget(local.length));
  for (const p of prefixes) {
    const [lo, hi] = table.range(`${p}:`);
    for (let i = lo; i < hi; i++) c.offer(table.names[i]!, table.lower[i]!.slice(p.length + 1));
  }
  const near = c.best(limit);
  return near.length > 0 ? near : sameNameElsewhere(table, local, limit);
}

function sameNameElsewhere(table: ActionTable, local: string, limit: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < table.size && out.length < limit; i++) {
    const l = table.lower[i]!;
    if (l.endsWith(local) && l.charCodeAt(l.length - local.length - 1) === 58 /* : */) out.push(table.names[i]!);
  }
  return out;
}
