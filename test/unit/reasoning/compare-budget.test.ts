/**
 * `compare` (CLI, MCP tool) answers the same under any load: its default budget counts steps
 * (COMPARE_DEFAULT_STEPS), the clock is read only when a caller gives `timeLimitMs` (the editor's
 * lens). "Load" is a clock that jumps an hour each time it is read. Cases: test/data/compare.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '../../../server/src/core/policy/parse';
import type { PolicyType } from '../../../server/src/core/policyType';
import { catalogMultiValued, catalogUniverse, comparePolicies, type CompareResult } from '../../../server/src/core/reasoning';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { withRacingClock } from '../../helpers/clock';

interface Case {
  name: string;
  type: PolicyType;
  old: unknown;
  new: unknown;
}

const cases = JSON.parse(readFileSync(join(__dirname, '../../data/compare/shapes.json'), 'utf8')) as Case[];
const catalog = getCatalog();
const options = { universe: catalogUniverse(catalog), multiValued: catalogMultiValued(catalog) };

const compare = (c: Case, more: { maxSteps?: number; timeLimitMs?: number } = {}): CompareResult =>
  comparePolicies(parsePolicy(c.old).policy, parsePolicy(c.new).policy, { ...options, type: c.type, all: true, ...more });

test('compare with the default budget: the same answers with the clock racing (no deadline is read)', () => {
  for (const c of cases) {
    const calm = compare(c);
    assert.notEqual(calm.verdict, 'unknown', `${c.name}: ${calm.reason}`);
    assert.deepEqual(
      withRacingClock(() => compare(c)),
      calm,
      c.name,
    );
  }
});

test('compare past a tiny step budget: unknown, naming the budget, the same when applied twice', () => {
  let cut = 0;
  for (const c of cases) {
    const first = compare(c, { maxSteps: 20 });
    assert.deepEqual(
      withRacingClock(() => compare(c, { maxSteps: 20 })),
      first,
      c.name,
    );
    if (first.verdict !== 'unknown') continue;
    cut++;
    assert.match(first.reason ?? '', /work limit of 20 steps reached/, c.name);
  }
  assert.ok(cut >= 3, `${cut} cases cut short`);
});

test('a wall-clock limit is read only when given, and the answer names it', () => {
  const c = cases.find((x) => compare(x).verdict === 'no-new-access') as Case;
  const r = withRacingClock(() => compare(c, { timeLimitMs: 1_000 }));
  assert.equal(r.verdict, 'unknown');
  assert.match(r.reason ?? '', /^time limit of 1000 ms reached/);
});
