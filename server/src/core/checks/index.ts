/**
 * The offline policy checks: Access Analyzer's checks that need no account data, plus catalog
 * checks (Parliament-style). Pure: a parsed JSON value, a policy type and the catalog in,
 * findings addressed by JSON path out. See docs/checks.md for the list.
 */
import type { CheckContext, CheckFamily, Finding } from './types';
import { registerCheck } from './registry';
import { rawStatements } from './walk';
import { structureChecks } from './structure';
import { actionChecks } from './actions';
import { arnChecks } from './arns';
import { conditionChecks } from './conditionKeys';
import { conditionValueChecks } from './conditionValues';
import { variableChecks } from './variables';
import { passRoleChecks } from './passRole';
import { scpChecks } from './scp';
import { rcpChecks } from './rcp';
import { resourcePolicyChecks } from './resourcePolicy';
import { principalChecks } from './principals';
import { trustChecks } from './trust';
import { quotaChecks } from './quotas';
import { redundancyChecks } from './redundancy';
import { nullEquivalentChecks } from './nullEquivalent';
import { publicAccessChecks } from './publicAccess';

export type { CheckContext, Finding, FindingTarget, Fix, FixEdit, JsonPath } from './types';
export { allChecks, checkDocUrl, checkInfo, type CheckCategory, type CheckInfo } from './registry';
export { resourceTemplatesFix } from './resourceMatch';
export { rawStatements } from './walk';

const FAMILIES: readonly CheckFamily[] = [
  structureChecks,
  actionChecks,
  arnChecks,
  conditionChecks,
  nullEquivalentChecks,
  conditionValueChecks,
  variableChecks,
  passRoleChecks,
  scpChecks,
  rcpChecks,
  resourcePolicyChecks,
  principalChecks,
  trustChecks,
  quotaChecks,
  redundancyChecks,
  publicAccessChecks,
];

registerCheck(
  'INTERNAL_ERROR',
  'warning',
  'Internal error',
  'https://github.com/iam-policy-studio/iam-policy-studio/blob/main/docs/checks.md#internal-error',
);

/** Runs every check on a policy document value (any JSON value: odd shapes produce no findings, not errors). */
export function runChecks(ctx: CheckContext): Finding[] {
  return runCheckFamilies(ctx, FAMILIES);
}

/**
 * Runs `families` one by one, each isolated: a family that throws (a bug, or an input nobody
 * foresaw) loses only its own findings and reports one INTERNAL_ERROR; the others still run.
 */
export function runCheckFamilies(ctx: CheckContext, families: readonly CheckFamily[]): Finding[] {
  let statements: ReturnType<typeof rawStatements>;
  try {
    statements = rawStatements(ctx.value);
  } catch (err) {
    return [internalError('statements', err)];
  }
  const out: Finding[] = [];
  for (const family of families) {
    const mine: Finding[] = [];
    try {
      family(ctx, statements, mine);
      out.push(...mine);
    } catch (err) {
      out.push(internalError(familyName(family), err));
    }
  }
  return out;
}

/** "redundancyChecks" → "redundancy". */
function familyName(family: CheckFamily): string {
  return family.name.replace(/Checks$/, '') || 'a';
}

/** The finding for a check that failed (the message names the check, never the document's content). */
export function internalError(check: string, err: unknown): Finding {
  const reason = err instanceof Error ? err.name : typeof err;
  return {
    code: 'INTERNAL_ERROR',
    path: [],
    target: 'value',
    message: `The ${check} checks failed on this document (${reason}); their findings are missing, the other checks ran. Please report this with the document.`,
  };
}
