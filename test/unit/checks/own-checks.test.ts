/**
 * Our own checks (the codes that are not Access Analyzer's) against the AWS managed policies,
 * which work: test/data/own-checks/managed-policies.json (shown in docs/checks.md) holds what each
 * own check finds on them and the verdict that keeps its severity. An Error must mean that the
 * policy cannot work, so no own Error may fire on AWS's policies, and a new own check needs a verdict.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { OWN_CHECKS_FILE, VERDICTS, countOwnFindings, managedPolicies, ownChecksReport, ownCodes } from '../../../scripts/own-checks';

test('the own-check figures on the AWS managed policies are current (npx tsx scripts/own-checks.ts --write)', () => {
  const policies = managedPolicies();
  const report = ownChecksReport(countOwnFindings(policies), policies.length);
  assert.deepEqual(JSON.parse(readFileSync(OWN_CHECKS_FILE, 'utf8')), JSON.parse(JSON.stringify(report)));
  for (const c of report.codes) {
    if (c.category === 'error') assert.equal(c.findings, 0, `${c.code} is an Error but fires on AWS's own managed policies`);
  }
});

test('every own check has a verdict, and only what cannot be deployed (RCPs AWS Organizations rejects, unparsable templates) is an Error', () => {
  for (const [code, category] of ownCodes()) {
    assert.ok((VERDICTS[code] ?? '').length > 30, `${code}: give the verdict in scripts/own-checks.ts`);
    if (category === 'error')
      assert.match(
        code,
        /^(RCP_SYNTAX_ERROR_|TEMPLATE_SYNTAX_ERROR$)/,
        `${code}: an own check is an Error only when the policy cannot work`,
      );
  }
});
