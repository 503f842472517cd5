/**
 * Policy variables inside strings (`${aws:username}`) for Resource and Condition values: offered
 * when the typed text ends in an open `$` / `${…`. Single-valued global keys can be variables
 * (reference_policies_variables.md), plus the special `${*}`, `${?}`, `${$}`.
 */
import { conditionKeyToSnippet, escapeSnippet, type Catalog } from '../../core/catalog';
import { CompletionItemKind, type Candidate } from './items';

const COMMON = [
  'aws:username',
  'aws:userid',
  'aws:PrincipalTag/${TagKey}',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:ResourceTag/${TagKey}',
  'aws:SourceAccount',
  'aws:CurrentTime',
];
const SPECIAL: readonly [string, string][] = [
  ['*', 'a literal `*`'],
  ['?', 'a literal `?`'],
  ['$', 'a literal `$`'],
];

/** Where an open variable starts in `typed` (the index of its `$`), or -1. */
export function openVariableStart(typed: string): number {
  const m = /\$(\{[^}]*)?$/.exec(typed);
  return m ? m.index : -1;
}

/** Variable candidates replacing `typed[start…]` (`start` from {@link openVariableStart}), filtered by what follows `${`. */
export function variableCandidates(
  catalog: Catalog | undefined,
  typed: string,
  start: number,
  rangeStart: number,
  cursor: number,
): Candidate[] {
  const inner = typed.slice(start + 2).toLowerCase();
  const names = new Set(COMMON);
  for (const k of catalog?.globalConditionKeys() ?? []) if (!k.multiValued) names.add(k.key);
  const out: Candidate[] = [];
  for (const name of names) {
    if (!name.toLowerCase().startsWith(inner)) continue;
    const common = COMMON.indexOf(name);
    const def = catalog?.conditionKey(name);
    out.push(
      variable(
        name,
        `${escapeSnippet('${')}${conditionKeyToSnippet(name)}${escapeSnippet('}')}`,
        common >= 0 ? common : 50,
        def?.description ?? '',
        rangeStart,
        cursor,
      ),
    );
  }
  for (const [ch, what] of SPECIAL) {
    if (inner === '' || inner === ch) out.push(variable(ch, escapeSnippet(`\${${ch}}`), 90, `Inserts ${what}.`, rangeStart, cursor));
  }
  return out;
}

function variable(name: string, snippet: string, rank: number, documentation: string, rangeStart: number, cursor: number): Candidate {
  return {
    label: `\${${name}}`,
    value: snippet,
    snippet: true,
    kind: CompletionItemKind.Variable,
    rank,
    detail: 'policy variable',
    documentation,
    range: { start: rangeStart, end: cursor },
  };
}
