/**
 * The offline policy checks: Access Analyzer's checks that need no account data, plus catalog
 * checks (Parliament-style). Pure: a parsed JSON value, a policy type and the catalog in,
 * findings addressed by JSON path out. See docs/checks.md for the list.
 */
import type { CheckContext, CheckFamily, Finding } from './types';
import { CheckRegistry, defineCheck, grammarCodes, type CheckInfo } from './registry';
import { rawStatements } from './walk';
import { structureChecks, structureCodes } from './structure';
import { actionChecks, actionsCodes } from './actions';
import { arnChecks, arnsCodes } from './arns';
import { conditionChecks, conditionKeysCodes } from './conditionKeys';
import { conditionValueChecks, conditionValuesCodes } from './conditionValues';
import { variableChecks, variablesCodes } from './variables';
import { passRoleChecks, passRoleCodes } from './passRole';
import { scpChecks, scpCodes } from './scp';
import { rcpChecks, rcpCodes } from './rcp';
import { resourcePolicyChecks, resourcePolicyCodes } from './resourcePolicy';
import { principalChecks, principalsCodes } from './principals';
import { trustChecks, trustCodes } from './trust';
import { quotaChecks, quotasCodes } from './quotas';
import { redundancyChecks, redundancyCodes } from './redundancy';
import { nullEquivalentChecks, nullEquivalentCodes } from './nullEquivalent';
import { publicAccessChecks, publicAccessCodes } from './publicAccess';

export type { CheckContext, Finding, FindingTarget, Fix, FixEdit, JsonPath } from './types';
export { checkDocUrl, type CheckCategory, type CheckInfo } from './registry';
export { resourceTemplatesFix } from './resourceMatch';
import { resourceMatchCodes } from './resourceMatch';
import { keySupportCodes } from './keySupport';
import { ipRangesCodes } from './ipRanges';
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

/**
 * Families that look at one statement at a time: their findings for a list of statements are
 * their findings for its parts, in order (no state from one statement to the next, no finding
 * about the document or about pairs of statements). {@link runChecksInSteps} runs them on a long
 * policy a slice of statements at a time. Not here: structure (document and Sid checks first),
 * variables (reports the missing Version once), quotas and publicAccess (the whole document),
 * redundancy (pairs of statements, one budget).
 */
const PER_STATEMENT: ReadonlySet<CheckFamily> = new Set([
  actionChecks,
  arnChecks,
  conditionChecks,
  nullEquivalentChecks,
  conditionValueChecks,
  passRoleChecks,
  scpChecks,
  rcpChecks,
  resourcePolicyChecks,
  principalChecks,
  trustChecks,
]);

/** Statements per slice of a {@link PER_STATEMENT} family in {@link runChecksInSteps}. */
export const STATEMENTS_PER_SLICE = 1000;

/** A check that threw: reported in place of its findings, so the others still run. */
const internalCodes: readonly CheckInfo[] = [
  defineCheck(
    'INTERNAL_ERROR',
    'warning',
    'Internal error',
    'https://github.com/iam-policy-studio/iam-policy-studio/blob/main/docs/checks.md#internal-error',
  ),
];

/** Every check code the product reports (docs/checks.md lists them in this order). */
export const CHECKS = new CheckRegistry([
  grammarCodes,
  structureCodes,
  actionsCodes,
  resourceMatchCodes,
  arnsCodes,
  keySupportCodes,
  conditionKeysCodes,
  ipRangesCodes,
  conditionValuesCodes,
  variablesCodes,
  passRoleCodes,
  scpCodes,
  rcpCodes,
  resourcePolicyCodes,
  principalsCodes,
  trustCodes,
  quotasCodes,
  redundancyCodes,
  nullEquivalentCodes,
  publicAccessCodes,
  internalCodes,
]);

/** The check for `code`, if any. */
export function checkInfo(code: string): CheckInfo | undefined {
  return CHECKS.info(code);
}

/** Every check the product reports. */
export function allChecks(): readonly CheckInfo[] {
  return CHECKS.all();
}

/** Runs every check on a policy document value (any JSON value: odd shapes produce no findings, not errors). */
export function runChecks(ctx: CheckContext): Finding[] {
  return runCheckFamilies(ctx, FAMILIES);
}

/**
 * Runs `families` one by one, each isolated: a family that throws (a bug, or an input nobody
 * foresaw) loses only its own findings and reports one INTERNAL_ERROR; the others still run.
 */
export function runCheckFamilies(ctx: CheckContext, families: readonly CheckFamily[]): Finding[] {
  const steps = checkSteps(ctx, families, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link runChecks} in steps: the generator yields before each check family, and within a
 * {@link PER_STATEMENT} family after every `statementsPerSlice` statements, so a caller can pause
 * (the server lets requests through and drops a run whose document changed) and the findings
 * come back when it is done, the same as {@link runChecks}'s.
 */
export function runChecksInSteps(ctx: CheckContext, statementsPerSlice = STATEMENTS_PER_SLICE): Generator<void, Finding[]> {
  return checkSteps(ctx, FAMILIES, statementsPerSlice);
}

function* checkSteps(ctx: CheckContext, families: readonly CheckFamily[], perSlice: number): Generator<void, Finding[]> {
  let statements: ReturnType<typeof rawStatements>;
  try {
    statements = rawStatements(ctx.value);
  } catch (err) {
    return [internalError('statements', err)];
  }
  const out: Finding[] = [];
  for (const family of families) {
    yield;
    const mine: Finding[] = [];
    try {
      if (PER_STATEMENT.has(family) && statements.length > perSlice) {
        for (let i = 0; i < statements.length; i += perSlice) {
          if (i > 0) yield;
          family(ctx, statements.slice(i, i + perSlice), mine);
        }
      } else family(ctx, statements, mine);
      // A family that throws in any slice loses all its findings, as when it runs whole.
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
