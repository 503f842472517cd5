/**
 * Service control policies (the 2023 SCP grammar of the Access Analyzer reference): no
 * principals, no NotResource, and Allow statements without Condition, NotAction or specific
 * resources.
 */
import { registerCheck } from './registry';
import type { CheckFamily, Finding, RawStatement } from './types';
import { elementStrings, has } from './walk';

registerCheck('SCP_SYNTAX_ERROR_ALLOW_CONDITION', 'error', 'SCP syntax error allow condition');
registerCheck('SCP_SYNTAX_ERROR_ALLOW_NOTACTION', 'error', 'SCP syntax error allow NotAction');
registerCheck('SCP_SYNTAX_ERROR_ALLOW_RESOURCE', 'error', 'SCP syntax error allow resource');
registerCheck('SCP_SYNTAX_ERROR_NOTRESOURCE', 'error', 'SCP syntax error NotResource');
registerCheck('SCP_SYNTAX_ERROR_PRINCIPAL', 'error', 'SCP syntax error principal');

/** SCP grammar checks (only for policies of type `scp`). */
export const scpChecks: CheckFamily = (ctx, statements, out) => {
  if (ctx.type !== 'scp') return;
  for (const st of statements) scpStatement(st, out);
};

function scpStatement(st: RawStatement, out: Finding[]): void {
  const remove = (key: string) => [{ title: `Remove ${key}`, edits: [{ kind: 'remove' as const, path: [...st.path, key] }] }];
  for (const key of ['Principal', 'NotPrincipal']) {
    if (has(st, key)) out.push({ code: 'SCP_SYNTAX_ERROR_PRINCIPAL', path: [...st.path, key], target: 'key', message: `SCPs do not support ${key}: an SCP applies to every principal of the accounts it is attached to.`, fixes: remove(key) });
  }
  if (has(st, 'NotResource')) out.push({ code: 'SCP_SYNTAX_ERROR_NOTRESOURCE', path: [...st.path, 'NotResource'], target: 'key', message: 'SCPs do not support NotResource: use Resource instead.' });
  if (st.effect !== 'Allow') return;
  if (has(st, 'Condition')) out.push({ code: 'SCP_SYNTAX_ERROR_ALLOW_CONDITION', path: [...st.path, 'Condition'], target: 'key', message: 'SCPs do not support Condition in Allow statements: use a Deny statement with the opposite condition.' });
  if (has(st, 'NotAction')) out.push({ code: 'SCP_SYNTAX_ERROR_ALLOW_NOTACTION', path: [...st.path, 'NotAction'], target: 'key', message: 'SCPs do not support NotAction in Allow statements: list the actions with Action, or use Deny with NotAction.' });
  for (const r of elementStrings(st, 'Resource')) {
    if (r.value !== '*') out.push({ code: 'SCP_SYNTAX_ERROR_ALLOW_RESOURCE', path: r.path, target: typeof r.path[r.path.length - 1] === 'number' ? 'element' : 'value', message: `SCP Allow statements support only "Resource": "*", not ${JSON.stringify(r.value)}: restrict resources with a Deny statement.`,
      fixes: typeof r.path[r.path.length - 1] === 'number' ? [] : [{ title: 'Replace with "*"', edits: [{ kind: 'replace', path: r.path, target: 'value', json: '"*"' }] }] });
  }
}
