/** The least-privilege policy writer: cases in test/data/agents/least-privilege.json. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { leastPrivilegePolicy, type AccessRequest } from '../../../server/src/core/policy/leastPrivilege';
import { findCatalogFile, readCatalogFile } from '../../../server/src/node/catalogFile';

interface Case {
  name: string;
  access: AccessRequest[];
  policy?: unknown;
  broadened?: string[];
  errors?: string[];
}

const catalog = readCatalogFile(findCatalogFile()!);
const cases = JSON.parse(readFileSync(resolve(__dirname, '../../data/agents/least-privilege.json'), 'utf8')) as Case[];

for (const c of cases) {
  test(c.name, () => {
    const outcome = leastPrivilegePolicy(catalog, c.access);
    if (c.errors) {
      assert.equal(outcome.ok, false);
      if (outcome.ok) return;
      for (const e of c.errors)
        assert.ok(
          outcome.errors.some((m) => new RegExp(e).test(m)),
          `${e} in ${outcome.errors.join(' | ')}`,
        );
      return;
    }
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.errors.join('\n'));
    if (!outcome.ok) return;
    assert.deepEqual(outcome.result.policy, c.policy);
    assert.deepEqual(
      outcome.result.broadened.map((b) => b.action),
      c.broadened ?? [],
    );
  });
}
