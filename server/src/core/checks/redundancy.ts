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
 */
import { registerCheck } from './registry';
import { hasWildcard } from '../wildcard';
import type { CheckFamily, Finding, RawStatement, StringAt } from './types';
import { elementStrings, elementTarget, isRecord, json, statementAnchor } from './walk';

registerCheck('REDUNDANT_ACTION', 'suggestion', 'Redundant action');
registerCheck('REDUNDANT_RESOURCE', 'suggestion', 'Redundant resource');
registerCheck('REDUNDANT_STATEMENT', 'suggestion', 'Redundant statement');

/** Redundant actions, resources and statements. */
export const redundancyChecks: CheckFamily = (_ctx, statements, out) => {
  for (const st of statements) {
    for (const key of ['Action', 'NotAction']) redundantEntries(elementStrings(st, key), true, 'REDUNDANT_ACTION', 'action', out);
    for (const key of ['Resource', 'NotResource']) redundantEntries(elementStrings(st, key), false, 'REDUNDANT_RESOURCE', 'resource', out);
  }
  redundantStatements(statements, out);
};

/**
 * Whether every string pattern `q` can match is matched by pattern `p` (`*` any run, `?` one
 * character; a wildcard of `q` is matched only by a `*` of `p`, or `?` by `?`).
 */
export function patternCovers(p: string, q: string): boolean {
  if (p === q) return true;
  if (!hasWildcard(p)) return false;
  // Row-by-row dynamic programming over p's prefix × q's prefix.
  let prev = new Uint8Array(q.length + 1);
  prev[0] = 1;
  for (let i = 1; i <= p.length; i++) {
    const c = p[i - 1]!;
    const cur = new Uint8Array(q.length + 1);
    if (c === '*') cur[0] = prev[0]!;
    for (let j = 1; j <= q.length; j++) {
      const d = q[j - 1]!;
      if (c === '*') cur[j] = prev[j]! | cur[j - 1]!;
      else if (c === '?') cur[j] = d !== '*' ? prev[j - 1]! : 0;
      else cur[j] = c === d ? prev[j - 1]! : 0;
    }
    prev = cur;
  }
  return prev[q.length] === 1;
}

/** The text before an entry's first wildcard: everything it covers starts with it. */
function literalPrefix(v: string): string {
  const i = v.search(/[*?]/);
  return i < 0 ? v : v.slice(0, i);
}

/**
 * For each entry, the entries it covers (indexes), found without comparing every pair: only
 * entries that start with its literal prefix are candidates (a binary search in the sorted list).
 */
function coverage(values: readonly string[]): Map<number, number[]> {
  const order = values.map((_, i) => i).sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : a - b));
  const sorted = order.map((i) => values[i]!);
  const out = new Map<number, number[]>();
  values.forEach((p, a) => {
    const prefix = literalPrefix(p);
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const members: number[] = [];
    for (let k = lo; k < sorted.length && sorted[k]!.startsWith(prefix); k++) {
      const b = order[k]!;
      if (b === a) continue;
      const q = values[b]!;
      // Of two entries that cover each other (equal ones), the earlier one covers the later.
      if (patternCovers(p, q) && !(b < a && patternCovers(q, p))) members.push(b);
    }
    if (members.length) out.set(a, members);
  });
  return out;
}

/** Reports each group of redundant entries once, at its first entry. */
function redundantEntries(entries: readonly StringAt[], ignoreCase: boolean, code: string, what: string, out: Finding[]): void {
  if (entries.length < 2) return;
  const values = entries.map((e) => (ignoreCase ? e.value.toLowerCase() : e.value));
  const groups = coverage(values);
  const coveredBy = new Map<number, number[]>();
  for (const [a, members] of groups) for (const b of members) coveredBy.set(b, [...(coveredBy.get(b) ?? []), a]);
  for (const [a, members] of groups) {
    // An entry that a broader (not equal) entry covers belongs to that entry's group.
    if ((coveredBy.get(a) ?? []).some((c) => values[c] !== values[a])) continue;
    const first = Math.min(a, ...members);
    const at = entries[first]!;
    const by = entries[a]!;
    const covered = members.map((b) => entries[b]!);
    const duplicate = covered.every((c) => values[entries.indexOf(c)] === values[a]);
    const names = covered.map((c) => json(c.value)).join(', ');
    const removable = covered.filter((c) => typeof c.path[c.path.length - 1] === 'number');
    out.push({
      code, path: at.path, target: elementTarget(at.path),
      message: duplicate
        ? `The ${what} ${json(by.value)} is listed ${covered.length === 1 ? 'twice' : `${covered.length + 1} times`}.`
        : `${covered.length + 1} ${what}s are redundant: ${json(by.value)} already covers ${names}. Remove ${covered.length === 1 ? 'it' : 'them'}.`,
      fixes: removable.length ? [{ title: removable.length === 1 ? `Remove ${json(removable[0]!.value)}` : `Remove the ${removable.length} ${what}s ${json(by.value)} covers`, edits: removable.map((c) => ({ kind: 'remove' as const, path: c.path })), preferred: true }] : [],
    });
  }
}

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
      code: 'REDUNDANT_STATEMENT', ...statementAnchor(st),
      message: `This statement grants the same permissions as statement ${first.index + 1}${typeof first.obj['Sid'] === 'string' ? ` (${first.obj['Sid']})` : ''}. Remove one of them.`,
      fixes: removable ? [{ title: 'Remove the redundant statement', edits: [{ kind: 'remove', path: st.path }], preferred: true }] : [],
    });
  }
}

/** A key-order-independent serialization (without the statement's Sid). */
function canonical(value: unknown, top = false): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(',')}]`;
  if (!isRecord(value)) return JSON.stringify(value);
  const keys = Object.keys(value).filter((k) => !(top && k === 'Sid')).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}
