/**
 * Hover on a policy variable inside a Resource or Condition value string (`${aws:username}`):
 * what it is replaced with, and what happens when the request has no value for it
 * (reference_policies_variables.md: "Policy variables with no value", default values).
 */
import type { Catalog } from '../../core/catalog';
import { inert, inertCode } from './inert';

const SPECIAL: Readonly<Record<string, string>> = { '*': 'a literal `*`', '?': 'a literal `?`', $: 'a literal `$`' };

/** A `${…}` in a string: its key, its default value, and where it is in the string's JSON text. */
export interface PolicyVariable {
  readonly name: string;
  readonly fallback?: string;
  readonly start: number;
  readonly end: number;
}

/** The variable `${…}` around `at` (an index into `raw`, the string's JSON text), if any. */
export function variableAt(raw: string, at: number): PolicyVariable | undefined {
  for (const m of raw.matchAll(/\$\{([^}]*)\}/g)) {
    if (at < m.index || at > m.index + m[0].length) continue;
    const inner = m[1] ?? '';
    // `${aws:PrincipalTag/team, 'company-wide'}`: a default value after a comma and space.
    const comma = /^(.*?),\s*'(.*)'$/.exec(inner);
    const span = { start: m.index, end: m.index + m[0].length };
    return comma ? { name: comma[1]!.trim(), fallback: comma[2]!, ...span } : { name: inner.trim(), ...span };
  }
  return undefined;
}

/** Markdown for the variable. */
export function variableMarkdown(catalog: Catalog | undefined, v: PolicyVariable): string {
  const special = SPECIAL[v.name];
  if (special) return `**\${${inert(v.name)}}** — inserts ${special} (not a wildcard).`;
  const key = catalog?.conditionKey(v.name);
  const parts = [`**\${${inert(v.name)}}** — policy variable: replaced by the request's value of ${inertCode(v.name)}.`];
  if (key?.description) parts.push(key.description);
  if (key?.multiValued) parts.push('⚠ This key is multivalued: only single-valued keys can be used as policy variables.');
  if (!key) parts.push('⚠ Not a condition key of the catalog.');
  parts.push(
    v.fallback !== undefined
      ? `When the request has no value for it, ${inertCode(v.fallback)} is used.`
      : "When the request has no value for it, the string matches nothing: it has no equal or like value (add a default: `${key, 'default'}`).",
  );
  parts.push('Policy variables need `"Version": "2012-10-17"`.');
  return parts.join('\n\n');
}
