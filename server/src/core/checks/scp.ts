/**
 * Service control policies: no principals. Since September 2025 SCPs support the full IAM policy
 * language (AWS Security Blog, "AWS Organizations service control policy now supports full IAM
 * language": conditions, individual resource ARNs and NotAction in Allow statements, wildcards at
 * the beginning or middle of actions, NotResource), so the 2023 reference's other SCP syntax
 * errors (ALLOW_CONDITION, ALLOW_NOTACTION, ALLOW_RESOURCE, NOTRESOURCE, ACTION_WILDCARD) would
 * reject valid policies and are not reported.
 */
import { defineCheck, type CheckInfo } from './registry';
import type { CheckFamily, Finding, RawStatement } from './types';
import { has } from './walk';

/** The codes this module reports. */
export const scpCodes: readonly CheckInfo[] = [defineCheck('SCP_SYNTAX_ERROR_PRINCIPAL', 'error', 'SCP syntax error principal')];

/** SCP grammar checks (only for policies of type `scp`). */
export const scpChecks: CheckFamily = (ctx, statements, out) => {
  if (ctx.type !== 'scp') return;
  for (const st of statements) scpStatement(st, out);
};

function scpStatement(st: RawStatement, out: Finding[]): void {
  const remove = (key: string) => [{ title: `Remove ${key}`, edits: [{ kind: 'remove' as const, path: [...st.path, key] }] }];
  for (const key of ['Principal', 'NotPrincipal']) {
    if (has(st, key))
      out.push({
        code: 'SCP_SYNTAX_ERROR_PRINCIPAL',
        path: [...st.path, key],
        target: 'key',
        message: `SCPs do not support ${key}: an SCP applies to every principal of the accounts it is attached to.`,
        fixes: remove(key),
      });
  }
}
