/**
 * Redundant entries: actions or resources covered by another entry of the same list, and
 * statements identical to an earlier one (Sid aside).
 */
import { registerCheck } from './registry';
import { compileGlob, hasWildcard } from '../wildcard';
import type { CheckFamily, Finding, RawStatement, StringAt } from './types';
import { elementStrings, elementTarget, isRecord, json, statementAnchor } from './walk';
import { splitArn } from './arnFormat';

registerCheck('REDUNDANT_ACTION', 'suggestion', 'Redundant action');
registerCheck('REDUNDANT_RESOURCE', 'suggestion', 'Redundant resource');
registerCheck('REDUNDANT_STATEMENT', 'suggestion', 'Redundant statement');

/** Redundant actions, resources and statements. */
export const redundancyChecks: CheckFamily = (_ctx, statements, out) => {
  for (const st of statements) {
    for (const key of ['Action', 'NotAction']) redundantEntries(elementStrings(st, key), actionCovers, 'REDUNDANT_ACTION', 'action', out);
    for (const key of ['Resource', 'NotResource']) redundantEntries(elementStrings(st, key), resourceCovers, 'REDUNDANT_RESOURCE', 'resource', out);
  }
  redundantStatements(statements, out);
};

type Covers = (pattern: string, value: string) => boolean;

/** Reports each entry covered by another entry; of two equal entries, the later one. */
function redundantEntries(entries: readonly StringAt[], covers: Covers, code: string, what: string, out: Finding[]): void {
  if (entries.length < 2 || entries.length > 2000) return;
  entries.forEach((e, i) => {
    const by = entries.find((o, j) => j !== i && covers(o.value, e.value) && !(covers(e.value, o.value) && j > i));
    if (!by) return;
    out.push({
      code, path: e.path, target: elementTarget(e.path),
      message: by.value.toLowerCase() === e.value.toLowerCase()
        ? `The ${what} ${json(e.value)} is listed twice.`
        : `The ${what} ${json(e.value)} is redundant: ${json(by.value)} already covers it.`,
      fixes: typeof e.path[e.path.length - 1] === 'number' ? [{ title: `Remove ${json(e.value)}`, edits: [{ kind: 'remove', path: e.path }], preferred: true }] : [],
    });
  });
}

/** Whether action pattern `p` covers every action `v` can name (case-insensitive). */
function actionCovers(p: string, v: string): boolean {
  if (p.toLowerCase() === v.toLowerCase()) return true;
  if (!hasWildcard(p)) return false;
  // A wildcard entry is covered only by a pattern that ends with `*` and whose prefix it extends.
  if (hasWildcard(v)) return p.endsWith('*') && !hasWildcard(p.slice(0, -1)) && v.toLowerCase().startsWith(p.slice(0, -1).toLowerCase());
  return compileGlob(p, { ignoreCase: true }).matches(v);
}

/** Whether resource pattern `p` covers every resource `v` can name (ARN fields compared one by one). */
function resourceCovers(p: string, v: string): boolean {
  if (p === v || p === '*') return true;
  if (!hasWildcard(p)) return false;
  const pp = splitArn(p);
  const vp = splitArn(v);
  if (!pp || !vp) return false;
  const fields = ['partition', 'service', 'region', 'account', 'resource'] as const;
  return fields.every((f) => fieldCovers(pp[f], vp[f]));
}

function fieldCovers(p: string, v: string): boolean {
  if (p === v || p === '*') return true;
  if (!hasWildcard(v)) return compileGlob(p).matches(v);
  return p.endsWith('*') && !hasWildcard(p.slice(0, -1)) && v.startsWith(p.slice(0, -1));
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
