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
  const width = b.length + 1;
  if (scratch.length < 3 * width) scratch = new Int32Array(6 * width);
  // Three rows in one reused buffer (no allocation per call: a document can ask for thousands),
  // and only the band |i - j| <= max of each row: a cell outside it is over `max` anyway, and
  // reads of it see `max + 1` (written just outside the band).
  const over = max + 1;
  let prevPrev = 0;
  let prev = width;
  let cur = 2 * width;
  const rows = scratch;
  for (let j = 0; j < width; j++) {
    rows[prevPrev + j] = 0;
    rows[prev + j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(b.length, i + max);
    rows[cur + lo - 1] = lo === 1 ? i : over;
    if (hi < b.length) rows[cur + hi + 1] = over;
    let rowMin = lo === 1 ? i : over;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(rows[prev + j]! + 1, rows[cur + j - 1]! + 1, rows[prev + j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, rows[prevPrev + j - 2]! + 1);
      }
      rows[cur + j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return over;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(rows[prev + b.length]!, over);
}

/** editDistance's rows, grown as needed. */
let scratch = new Int32Array(192);

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
    for (let i = lo; i < hi; i++) c.offer(table.names[i]!, table.localLower(i));
  }
  const near = c.best(limit);
  return near.length > 0 ? near : sameNameElsewhere(table, local, limit);
}

function sameNameElsewhere(table: ActionTable, local: string, limit: number): string[] {
  return table
    .withLocalName(local)
    .slice(0, limit)
    .map((i) => table.names[i]!);
}
