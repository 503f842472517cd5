/**
 * The witness walk (core/reasoning/languages.ts) keeps the walks that finished: the same input
 * again must get the same witnesses and spend the same steps, so a step budget decides alike
 * whether the walk is done or remembered — with enough steps the same answer, with fewer the walk
 * stops where it stopped the first time — and a cleared cache changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CACHES } from '../../../server/src/core/caches';
import { WorkBudget } from '../../../server/src/core/reasoning/budget';
import { accepts, arnLanguage, instantiate, witnesses } from '../../../server/src/core/reasoning/languages';

const PATTERNS = [
  '*',
  'arn:aws:s3:::example-reports',
  'arn:aws:s3:::example-reports/*',
  'arn:aws:s3:::example-app-data/*',
  'arn:*:*:*::*',
  'arn:*:*:*:111122223333:*',
  'arn:*:*:*:????????????:*',
];

function walk(budget: WorkBudget) {
  const langs = PATTERNS.map((p) => arnLanguage(p, { ignoreCasePrefix: true }));
  const w = witnesses(langs, PATTERNS.map(instantiate), undefined, budget);
  return { entries: [...w.bySignature], complete: w.complete, spent: budget.spent, exhausted: budget.exhausted };
}

test('a remembered walk gives the same witnesses for the same steps; a short budget stops it where the walk stopped', () => {
  CACHES.clear();
  const first = walk(new WorkBudget());
  assert.ok(first.complete);
  assert.ok(first.entries.length >= 6, `${first.entries.length} witnesses`);
  // Each witness realizes its signature.
  const langs = PATTERNS.map((p) => arnLanguage(p, { ignoreCasePrefix: true }));
  for (const [signature, text] of first.entries) assert.equal(langs.map((l) => (accepts(l, text) ? '1' : '0')).join(''), signature, text);
  assert.deepEqual(walk(new WorkBudget()), first, 'remembered');
  assert.deepEqual(walk(new WorkBudget(first.spent)), first, 'exactly enough steps');
  // Fewer steps: the walk done again, stopping where a first walk stops.
  const short = Math.floor(first.spent / 2);
  const remembered = walk(new WorkBudget(short));
  CACHES.clear();
  const cold = walk(new WorkBudget(short));
  assert.equal(cold.complete, false);
  assert.equal(cold.exhausted, 'steps');
  assert.deepEqual(remembered, cold);
  CACHES.clear();
  assert.deepEqual(walk(new WorkBudget()), first, 'after a clear');
});
