/**
 * The policies of AWS's policy-validator test suites (test/data/validator-suites/cases.json) get
 * exactly the Access Analyzer findings those suites expect from AWS: the same codes in the same
 * finding types, per policy (our own codes aside).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSuites, readCases } from '../../../scripts/validator-suites';

test('every validator-suite case names its source', () => {
  for (const c of readCases()) assert.match(c.source, /^awslabs\/[a-z-]+ \S+/, c.name);
});

test('the Access Analyzer findings AWS policy-validator suites expect, and no others', async () => {
  const results = await checkSuites();
  assert.ok(results.length >= 15, `only ${results.length} cases`);
  const differ = results.filter((r) => JSON.stringify(r.expected) !== JSON.stringify(r.actual));
  assert.deepEqual(
    differ.map((r) => ({ name: r.name, expected: r.expected, actual: r.actual })),
    [],
  );
});
