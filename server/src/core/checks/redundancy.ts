/**
 * Redundant entries: actions or resources covered by another entry of the same list, and
 * statements identical to an earlier one (Sid aside).
 *
 * Entries are grouped as Access Analyzer groups them (its ValidatePolicy answers on AWS managed
 * policies, 2026-03-07, reproduced exactly): an entry that covers others forms a group with them,
 * unless another entry covers it in turn; the group is reported once, at its first entry in the
 * list ("The 2 resource ARN(s) are redundant…" at `Resource[0]` whether [0] is the broad entry or
 * the covered one). Coverage compares whole strings as wildcard patterns (a `*` also spans `:`
 * and `/`: `arn:aws:s3:::b-*` covers `arn:aws:s3:::b-*\/*`); actions ignore case, resources do not.
 *
 * Hostile input stays bounded: candidates come from a sorted list by literal prefix, cheap
 * necessary conditions (literal suffix, length) skip most comparisons, and one policy's
 * comparisons share a work budget (COVERAGE_BUDGET cells); past it, the remaining pairs are not
 * compared, so a pathological policy may miss some of these suggestions but never blocks.
 */
import { defineCheck, type CheckInfo } from './registry';
import { compileGlob, hasWildcard, type CompiledGlob } from '../wildcard';
import type { CheckFamily, Finding, RawStatement, StringAt } from './types';
import { elementStrings, elementTarget, isRecord, json, statementAnchor } from './walk';
import { CACHES } from '../caches';

/** The codes this module reports. */
export const redundancyCodes: readonly CheckInfo[] = [
  defineCheck('REDUNDANT_ACTION', 'suggestion', 'Redundant action'),
  defineCheck('REDUNDANT_RESOURCE', 'suggestion', 'Redundant resource'),
  defineCheck('REDUNDANT_STATEMENT', 'suggestion', 'Redundant statement'),
];

/**
 * The comparison work one policy may spend on redundant actions and resources: about a quarter
 * of a second. Realistic policies use a tiny fraction (the 1,400 AWS managed policies: at most
 * a few thousand each); a megabyte of `?` wildcards would need billions.
 */
export const COVERAGE_BUDGET = 30_000_000;

/** Work left for the coverage comparisons of one policy. */
interface Budget {
  left: number;
}

/** Redundant actions, resources and statements. */
export const redundancyChecks: CheckFamily = (_ctx, statements, out) => {
  const budget: Budget = { left: COVERAGE_BUDGET };
  for (const st of statements) {
    // A list needs two entries to hold a redundant one (a string or a shorter array has none).
    for (const key of ['Action', 'NotAction'])
      if (twoOrMore(st, key)) redundantEntries(elementStrings(st, key), true, 'REDUNDANT_ACTION', 'action', out, budget);
    for (const key of ['Resource', 'NotResource'])
      if (twoOrMore(st, key)) redundantEntries(elementStrings(st, key), false, 'REDUNDANT_RESOURCE', 'resource', out, budget);
  }
  redundantStatements(statements, out);
};

function twoOrMore(st: RawStatement, key: string): boolean {
  const v = st.obj[key];
  return Array.isArray(v) && v.length >= 2;
}

/** The two rows of {@link patternCovers}' table, grown as needed (declared before it: no hole check per access). */
let coverRows: [Uint8Array, Uint8Array] = [new Uint8Array(256), new Uint8Array(256)];

/**
 * Whether every string pattern `q` can match is matched by pattern `p` (`*` any run, `?` one
 * character; a wildcard of `q` is matched only by a `*` of `p`, or `?` by `?`).
 */
export function patternCovers(p: string, q: string): boolean {
  if (p === q) return true;
  if (!hasWildcard(p)) return false;
  // Row-by-row dynamic programming over p's prefix × q's prefix, in two rows kept between calls,
  // one loop per kind of character of p, over the band of cells that can be live.
  const width = q.length + 1;
  if (coverRows[0].length < width) coverRows = [new Uint8Array(width * 2), new Uint8Array(width * 2)];
  let prev = coverRows[0];
  let cur = coverRows[1];
  prev.fill(0, 0, width);
  prev[0] = 1;
  // Only cells lo..hi of a row can be live (those outside are not written and count as 0): a `*`
  // row is live from the previous row's first live cell to the end, any other row in the cells one
  // after the previous row's. A row with no live cell left means no match.
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    while (lo <= hi && prev[lo] === 0) lo++;
    while (hi >= lo && prev[hi] === 0) hi--;
    if (lo > hi) return false;
    if (c === 42) {
      // '*': everything from the first live cell on.
      cur.fill(1, lo, width);
      hi = width - 1;
    } else {
      if (lo + 1 >= width) return false;
      hi = Math.min(hi + 1, width - 1);
      lo++;
      // A `?` (63) matches one character, not a wildcard of q.
      if (c === 63) for (let j = lo; j <= hi; j++) cur[j] = q.charCodeAt(j - 1) !== 42 ? prev[j - 1]! : 0;
      else for (let j = lo; j <= hi; j++) cur[j] = c === q.charCodeAt(j - 1) ? prev[j - 1]! : 0;
    }
    const done = prev;
    prev = cur;
    cur = done;
  }
  return hi === width - 1 && prev[hi] === 1;
}

/** What coverage candidates are compared on: computed once per entry. */
interface Shape {
  /** The text before the first wildcard: everything the entry covers starts with it. */
  readonly prefix: string;
  /** The text after the last wildcard: everything it covers ends with it. */
  readonly suffix: string;
  /** Characters other than `*`: the shortest string it matches, and what a covered entry needs at least. */
  readonly fixed: number;
  readonly wildcard: boolean;
  /** `prefix*`: covers exactly the entries that start with the prefix. */
  readonly prefixStar: boolean;
  /** Has `?`: coverage needs the |p| × |q| table (a `?` must not match a `*` of the covered entry). */
  readonly question: boolean;
}

function shapeOf(v: string): Shape {
  let first = -1;
  let last = -1;
  let stars = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c !== 42 && c !== 63) continue; // '*', '?'
    if (first < 0) first = i;
    last = i;
    if (c === 42) stars++;
  }
  if (first < 0) return { prefix: v, suffix: '', fixed: v.length, wildcard: false, prefixStar: false, question: false };
  return {
    prefix: v.slice(0, first),
    suffix: v.slice(last + 1),
    fixed: v.length - stars,
    wildcard: true,
    prefixStar: first === v.length - 1 && stars === 1,
    question: v.includes('?'),
  };
}

/**
 * Whether `p` covers `q`, within the budget: necessary conditions first, then patternCovers
 * (|p| × |q| cells) when the budget allows it. Undefined when the budget is spent.
 */
function covers(p: string, ps: Shape, q: string, qs: Shape, budget: Budget, glob: () => CompiledGlob): boolean | undefined {
  if (!ps.wildcard) return p === q;
  // `q` is a candidate because it starts with p's prefix: a trailing `*` covers it.
  if (ps.prefixStar) return true;
  if (qs.fixed < ps.fixed || !q.endsWith(ps.suffix)) return false;
  // With `*` only, p covers q exactly when p matches q's text: q's `*` and `?` are characters no
  // literal of p equals, so only p's `*` runs can absorb them. A linear glob match, no table.
  if (!ps.question) {
    if (budget.left < q.length) return undefined;
    budget.left -= q.length;
    return glob().matches(q);
  }
  const cost = p.length * (q.length + 1);
  if (budget.left < cost) return undefined;
  budget.left -= cost;
  return patternCovers(p, q);
}

/** Where the first entry of `sorted` not below `key` is (binary search). */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For each entry, the entries it covers (indexes), found without comparing every pair: only
 * entries that start with its literal prefix are candidates (a binary search in the sorted list;
 * an entry without wildcards only has its equals). Stops where the budget runs out.
 */
function coverage(values: readonly string[], budget: Budget): ReadonlyMap<number, readonly number[]> {
  const key = JSON.stringify(values);
  const known = coverageMemo.get(key);
  // A remembered answer stands when this budget would not have cut the run short: every step
  // then finds more budget left than the step needs, as in the run that was remembered.
  if (known && budget.left > known.cost) {
    budget.left -= known.cost;
    return known.groups;
  }
  const start = budget.left;
  const { groups, complete } = coverageRun(values, budget);
  if (complete) {
    if (coverageMemo.size >= 10_000) coverageMemo.clear();
    coverageMemo.set(key, { groups, cost: start - budget.left });
  }
  return groups;
}

/** Coverage answers of lists (long policies repeat their action lists), with the budget they used. */
const coverageMemo = CACHES.map<string, { readonly groups: ReadonlyMap<number, readonly number[]>; readonly cost: number }>(
  'checks.redundancyCoverage',
);

/** {@link coverage} itself; `complete` when the budget cut nothing short. */
function coverageRun(values: readonly string[], budget: Budget): { groups: Map<number, number[]>; complete: boolean } {
  let complete = true;
  const order = values.map((_, i) => i).sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : a - b));
  const sorted = order.map((i) => values[i]!);
  const shapes = values.map(shapeOf);
  const out = new Map<number, number[]>();
  const globs: (CompiledGlob | undefined)[] = [];
  const globOf = (i: number) => (): CompiledGlob => (globs[i] ??= compileGlob(values[i]!));
  // A value written again: its first entry covers it and all it covers (n equal entries are one group, not n).
  const firstOf = new Map<string, number>();
  values.forEach((v, i) => {
    if (!firstOf.has(v)) firstOf.set(v, i);
  });
  for (let a = 0; a < values.length; a++) {
    if (budget.left <= 0) {
      complete = false;
      break;
    }
    const p = values[a]!;
    if (firstOf.get(p) !== a) continue;
    const ps = shapes[a]!;
    const pGlob = globOf(a);
    const members: number[] = [];
    for (
      let k = lowerBound(sorted, ps.prefix);
      k < sorted.length && (ps.wildcard ? sorted[k]!.startsWith(ps.prefix) : sorted[k] === p);
      k++
    ) {
      // Visiting a candidate costs a unit, comparing it its cells.
      if (--budget.left <= 0) {
        complete = false;
        break;
      }
      const b = order[k]!;
      if (b === a) continue;
      const q = values[b]!;
      const qs = shapes[b]!;
      const forward = covers(p, ps, q, qs, budget, pGlob);
      if (forward === undefined) {
        complete = false;
        break;
      }
      if (!forward) continue;
      // Of two entries that cover each other (equal ones), the earlier one covers the later.
      if (b < a) {
        const back = q.startsWith(ps.prefix) && p.startsWith(qs.prefix) ? covers(q, qs, p, ps, budget, globOf(b)) : false;
        if (back === undefined) {
          complete = false;
          break;
        }
        if (back) continue;
      }
      members.push(b);
    }
    if (members.length) out.set(a, members);
  }
  return { groups: out, complete };
}

/** Reports each group of redundant entries once, at its first entry. */
function redundantEntries(
  entries: readonly StringAt[],
  ignoreCase: boolean,
  code: string,
  what: string,
  out: Finding[],
  budget: Budget,
): void {
  if (entries.length < 2 || budget.left <= 0) return;
  const values = entries.map((e) => (ignoreCase ? e.value.toLowerCase() : e.value));
  const groups = coverage(values, budget);
  // Whether a broader (not equal) entry covers the entry.
  const broaderCovers = new Set<number>();
  for (const [a, members] of groups) for (const b of members) if (values[a] !== values[b]) broaderCovers.add(b);
  for (const [a, members] of groups) {
    // An entry that a broader (not equal) entry covers belongs to that entry's group.
    if (broaderCovers.has(a)) continue;
    let first = a;
    for (const b of members) if (b < first) first = b;
    const at = entries[first]!;
    const by = entries[a]!;
    const covered = members.map((b) => entries[b]!);
    const duplicate = members.every((b) => values[b] === values[a]);
    const shown = covered
      .slice(0, MAX_NAMED)
      .map((c) => json(c.value))
      .join(', ');
    const names = covered.length > MAX_NAMED ? `${shown} and ${covered.length - MAX_NAMED} more` : shown;
    const removable = covered.filter((c) => typeof c.path[c.path.length - 1] === 'number');
    out.push({
      code,
      path: at.path,
      target: elementTarget(at.path),
      message: duplicate
        ? `The ${what} ${json(by.value)} is listed ${covered.length === 1 ? 'twice' : `${covered.length + 1} times`}.`
        : `${covered.length + 1} ${what}s are redundant: ${json(by.value)} already covers ${names}. Remove ${covered.length === 1 ? 'it' : 'them'}.`,
      fixes: removable.length
        ? [
            {
              title:
                removable.length === 1
                  ? `Remove ${json(removable[0]!.value)}`
                  : `Remove the ${removable.length} ${what}s ${json(by.value)} covers`,
              edits: removable.map((c) => ({ kind: 'remove' as const, path: c.path })),
              preferred: true,
            },
          ]
        : [],
    });
  }
}

/** At most this many covered entries are named in one message. */
const MAX_NAMED = 20;

function redundantStatements(statements: readonly RawStatement[], out: Finding[]): void {
  // A cheap first key (effect, actions, resources as written) groups the candidates; only
  // statements that share it pay for the order-independent serialization.
  const groups = new Map<string, RawStatement[]>();
  for (const st of statements) {
    const o = st.obj;
    const quick = `${JSON.stringify(o['Effect'])}|${JSON.stringify(o['Action'] ?? o['NotAction'])}|${JSON.stringify(o['Resource'] ?? o['NotResource'])}`;
    const group = groups.get(quick);
    if (group) group.push(st);
    else groups.set(quick, [st]);
  }
  for (const group of groups.values()) if (group.length > 1) identical(group, out);
}

function identical(statements: readonly RawStatement[], out: Finding[]): void {
  const seen = new Map<string, RawStatement>();
  for (const st of statements) {
    const key = canonical(st.obj, true);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, st);
      continue;
    }
    const removable = typeof st.path[st.path.length - 1] === 'number';
    out.push({
      code: 'REDUNDANT_STATEMENT',
      ...statementAnchor(st),
      message: `This statement grants the same permissions as statement ${first.index + 1}${typeof first.obj['Sid'] === 'string' ? ` (${first.obj['Sid']})` : ''}. Remove one of them.`,
      fixes: removable ? [{ title: 'Remove the redundant statement', edits: [{ kind: 'remove', path: st.path }], preferred: true }] : [],
    });
  }
}

/** A key-order-independent serialization (without the statement's Sid). */
// Built by concatenation rather than map/filter/join: it runs on every statement of a group that
// shares the quick key (all 10,000 of a policy that repeats one statement).
function canonical(value: unknown, top = false): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonical(value[i]);
    return out + ']';
  }
  if (!isRecord(value)) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const k of keys) {
    if (top && k === 'Sid') continue;
    out += (out.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonical(value[k]);
  }
  return out + '}';
}
