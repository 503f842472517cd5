/**
 * Data-driven never-assertion tests: each test/data/never/*.json holds a small workspace whose
 * model file has `never` entries among its tests, and per entry the verdict a user must see
 * (holds / fails / unknown) with what the counterexample shows. Every counterexample is also
 * re-checked here through Simulate Access on the whole model: it must be allowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNeverAssertions, type ManagedPolicyDocument } from '../../../server/src/core/model';
import { simulate } from '../../../server/src/service/simulation';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { loadCaseModel } from '../../helpers/modelCases';

const DIR = join(__dirname, '../../data/never');

interface Expect {
  verdict: 'holds' | 'fails' | 'unknown';
  principal?: string;
  principalIncludes?: string;
  outside?: boolean;
  action?: string;
  resourcePrefix?: string;
  contextKey?: string;
  /** Sids of the statements that allow the counterexample (all of them, in order). */
  decidedBy?: string[];
}

interface Case {
  description: string;
  files: Record<string, unknown>;
  model: string;
  managed?: ManagedPolicyDocument[];
  problems?: { code: string; path: (string | number)[] }[];
  expect: Expect[];
}

for (const file of readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const c = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Case;
  test(`never: ${file}`, () => {
    const model = loadCaseModel(c);
    const results = runNeverAssertions(model, { catalog: getCatalog() });
    assert.equal(results.length, c.expect.length);
    results.forEach((r, i) => {
      const want = c.expect[i] as Expect;
      const label = `${file} #${i} ${r.assertion.name ?? ''}: ${r.message}`;
      assert.equal(r.verdict, want.verdict, label);
      assert.equal(r.passed, want.verdict === 'holds', label);
      assert.deepEqual(r.assertion.source.path, ['tests', i], label);
      const x = r.counterexample;
      if (want.verdict !== 'fails') return assert.equal(x, undefined, label);
      assert.ok(x, label);
      if (want.principal) assert.equal(x.principal, want.principal, label);
      if (want.principalIncludes) assert.ok(x.principal.includes(want.principalIncludes), label);
      if (want.outside !== undefined) assert.equal(x.outside, want.outside, label);
      if (want.action) assert.equal(x.action, want.action, label);
      if (want.resourcePrefix) assert.ok(x.resource.startsWith(want.resourcePrefix), label);
      if (want.contextKey) assert.ok(want.contextKey in x.context, label);
      if (want.decidedBy)
        assert.deepEqual(
          x.decidedBy.flatMap((d) => (d.sid ? [d.sid] : [])),
          want.decidedBy,
          label,
        );
      // The counterexample is a request Simulate Access allows on the whole model.
      if (x.principal !== '*') {
        const sim = simulate(
          model,
          { principal: x.principal, actions: [x.action], resources: [x.resource], context: x.context },
          { catalog: getCatalog() },
        );
        assert.deepEqual(sim.errors, [], label);
        assert.equal(sim.entries[0]?.decision, 'Allowed', `${label}: ${sim.entries[0]?.summary}`);
      }
    });
  });
}
