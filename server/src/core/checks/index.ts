/**
 * The offline policy checks: Access Analyzer's checks that need no account data, plus catalog
 * checks (Parliament-style). Pure: a parsed JSON value, a policy type and the catalog in,
 * findings addressed by JSON path out. See docs/checks.md for the list.
 */
import type { CheckContext, CheckFamily, Finding } from './types';
import { rawStatements } from './walk';
import { structureChecks } from './structure';
import { actionChecks } from './actions';
import { arnChecks } from './arns';
import { conditionChecks } from './conditions';
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

export type { CheckContext, Finding, FindingTarget, Fix, FixEdit, JsonPath } from './types';
export { allChecks, checkDocUrl, checkInfo, type CheckCategory, type CheckInfo } from './registry';
export { resourceTemplatesFix } from './resourceMatch';
export { rawStatements } from './walk';

const FAMILIES: readonly CheckFamily[] = [
  structureChecks, actionChecks, arnChecks, conditionChecks, nullEquivalentChecks, conditionValueChecks, variableChecks,
  passRoleChecks, scpChecks, rcpChecks, resourcePolicyChecks, principalChecks, trustChecks, quotaChecks, redundancyChecks,
];

/** Runs every check on a policy document value (any JSON value: odd shapes produce no findings, not errors). */
export function runChecks(ctx: CheckContext): Finding[] {
  const statements = rawStatements(ctx.value);
  const out: Finding[] = [];
  for (const family of FAMILIES) family(ctx, statements, out);
  return out;
}
