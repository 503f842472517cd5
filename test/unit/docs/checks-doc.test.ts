/** docs/checks.md lists every registered check and is up to date with the registry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS_DOC, renderChecksDoc } from '../../../scripts/checks-doc';
import { allChecks } from '../../../server/src/core/checks';

test('docs/checks.md is generated from the registry (run npx tsx scripts/checks-doc.ts)', () => {
  assert.equal(readFileSync(CHECKS_DOC, 'utf8'), renderChecksDoc());
});

test('every registered code appears in docs/checks.md', () => {
  const doc = readFileSync(CHECKS_DOC, 'utf8');
  assert.deepEqual(
    allChecks()
      .filter((c) => !doc.includes(`\`${c.code}\``))
      .map((c) => c.code),
    [],
  );
});

const REFERENCE = join(__dirname, '../../../../shared/reference/aws-iam-user-guide/access-analyzer-reference-policy-checks.md');

test(
  'every Access Analyzer doc anchor exists in the AWS reference copy',
  { skip: !existsSync(REFERENCE) && 'no copy of the AWS reference next to the repository' },
  () => {
    const reference = readFileSync(REFERENCE, 'utf8');
    const missing = allChecks().filter(
      (c) => !c.doc.startsWith('https://') && !c.newerThanReference && !reference.includes(`name="${c.doc}"`),
    );
    assert.deepEqual(
      missing.map((c) => `${c.code}: ${c.doc}`),
      [],
    );
  },
);
