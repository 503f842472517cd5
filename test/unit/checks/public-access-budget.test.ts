/**
 * PUBLIC_ACCESS decides with a work budget counted in steps (core/reasoning/budget.ts), never with
 * the clock: the same document gets the same findings on an idle or a loaded machine (issue 13; a
 * 150 ms time limit made published-examples.test.ts fail under load). These tests make the clock
 * race (Date.now jumps an hour at every read) and show nothing changes; and that the budget is a
 * count: a decision that needs S steps gets its answer with S steps, and the documented "unknown"
 * (the check stays silent) with fewer, on every run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecks, type CheckContext } from '../../../server/src/core/checks';
import { PUBLIC_ACCESS_STEPS } from '../../../server/src/core/checks/publicAccess';
import { parsePolicy } from '../../../server/src/core/policy/parse';
import { catalogMultiValued, catalogUniverse, comparePolicies } from '../../../server/src/core/reasoning';
import { trustedPolicy } from '../../../server/src/core/reasoning/public';
import { WorkBudget } from '../../../server/src/core/reasoning/budget';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { EXAMPLES_DIR, readSources } from '../../../scripts/published-examples';
import { withRacingClock } from '../../helpers/clock';

const catalog = getCatalog();
const universe = catalogUniverse(catalog);
const multiValued = catalogMultiValued(catalog);

/** The published resource and trust policies, and a few written here. */
function documents(): Array<{ name: string; value: unknown; type: 'resource' | 'trust' }> {
  const out: Array<{ name: string; value: unknown; type: 'resource' | 'trust' }> = [];
  for (const [file, { type }] of Object.entries(readSources()))
    if (type === 'resource' || type === 'trust')
      out.push({ name: file, type, value: JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) });
  const open = (extra: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', ...extra }] });
  out.push(
    { name: 'anyone, every action', type: 'resource', value: open({ Action: '*', Resource: '*' }) },
    { name: 'anyone reads a bucket', type: 'resource', value: open({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
    {
      name: 'pinned to an organization',
      type: 'resource',
      value: open({ Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
    },
    { name: 'anyone assumes the role', type: 'trust', value: open({ Action: 'sts:AssumeRole' }) },
  );
  return out;
}

const publicFindings = (value: unknown, type: 'resource' | 'trust') => {
  const ctx: CheckContext = { value, type, catalog, textLength: JSON.stringify(value).length };
  return runChecks(ctx).filter((f) => f.code === 'PUBLIC_ACCESS');
};

test('PUBLIC_ACCESS findings do not depend on the clock', () => {
  const docs = documents();
  let found = 0;
  for (const { name, value, type } of docs) {
    const calm = publicFindings(value, type);
    const raced = withRacingClock(() => publicFindings(value, type));
    assert.deepEqual(raced, calm, name);
    found += calm.length;
  }
  // The comparison means something: some of them are public.
  assert.ok(found >= 3, `${found} PUBLIC_ACCESS findings`);
});

test('the budget is a count of steps: the answer with enough, "unknown" with fewer, the same on every run', () => {
  const docs = documents().filter((d) => d.type === 'resource');
  let decided = 0;
  for (const { name, value, type } of docs) {
    const { policy, errors } = parsePolicy(value);
    if (errors.length > 0) continue;
    const run = (budget: WorkBudget) =>
      comparePolicies(trustedPolicy(policy), policy, { type, universe, multiValued, maxNodes: 200_000, budget });
    const unlimited = new WorkBudget();
    const full = run(unlimited);
    const needed = unlimited.spent;
    if (full.verdict === 'unknown' || needed < 2) continue;
    decided++;
    assert.ok(needed <= PUBLIC_ACCESS_STEPS, `${name}: a published policy needs ${needed} steps, within the check's budget`);
    // Exactly enough: the same answer.
    assert.deepEqual(run(new WorkBudget(needed)), full, `${name} with ${needed} steps`);
    // Fewer: "unknown", naming the limit, identical on every run and whatever the clock says.
    const short = Math.floor(needed / 2);
    const expected = run(new WorkBudget(short));
    assert.equal(expected.verdict, 'unknown', `${name} with ${short} steps`);
    assert.match(expected.reason ?? '', new RegExp(`work limit of ${short} steps reached`), name);
    for (let i = 0; i < 3; i++)
      assert.deepEqual(
        withRacingClock(() => run(new WorkBudget(short))),
        expected,
        name,
      );
  }
  assert.ok(decided >= 4, `${decided} policies decided`);
});

test('a policy that needs more than the check budget gets no PUBLIC_ACCESS finding, on every run', () => {
  // Public (anyone may call s3:GetObject), but 600 Allow statements of "*" each pinned to their own
  // VPC endpoint make the decision need more than the budget: the check gives up, silently.
  const statements = Array.from({ length: 600 }, (_, i) => ({
    Effect: 'Allow',
    Principal: '*',
    Action: '*',
    Resource: `arn:aws:s3:::b${i}/*`,
    Condition: { StringEquals: { 'aws:SourceVpce': `vpce-${i}` } },
  }));
  const value = {
    Version: '2012-10-17',
    Statement: [...statements, { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }],
  };
  const { policy } = parsePolicy(value);
  const budget = new WorkBudget(PUBLIC_ACCESS_STEPS);
  const r = comparePolicies(trustedPolicy(policy), policy, { type: 'resource', universe, multiValued, maxNodes: 200_000, budget });
  assert.equal(r.verdict, 'unknown');
  assert.equal(budget.exhausted, 'steps');
  for (let i = 0; i < 2; i++) assert.deepEqual(publicFindings(value, 'resource'), []);
  // The last statement alone is public: the silence above is the budget's.
  assert.equal(publicFindings({ Version: '2012-10-17', Statement: [value.Statement.at(-1)] }, 'resource').length, 1);
});
