/**
 * Redundant entries: the coverage of a list is remembered (long policies repeat their lists), and
 * the policy's comparison budget still binds as if each list were compared anew: a remembered
 * answer is used only when the budget left is larger than what it cost.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheckFamilies, type Finding } from '../../../server/src/core/checks';
import { redundancyChecks } from '../../../server/src/core/checks/redundancy';
import { CACHES } from '../../../server/src/core/caches';

/**
 * 40 `?` patterns that cover each other in part (each comparison costs its |p| × |q| table), with
 * a tag of fixed width: lists with different tags cost the same and compare alike.
 */
const heavy = (tag: number): string[] =>
  Array.from(
    { length: 40 },
    (_, i) => `arn:aws:s3:::a${'?'.repeat(20 + (i % 7))}${String.fromCharCode(97 + (i % 5))}*${String(tag).padStart(3, '0')}`,
  );

const run = (value: unknown): Finding[] => runCheckFamilies({ value, type: 'identity', textLength: 1e6 }, [redundancyChecks]);

const policy = (tag: (i: number) => number) => ({
  Version: '2012-10-17',
  Statement: Array.from({ length: 300 }, (_, i) => ({
    Effect: 'Allow',
    Action: i % 2 ? ['s3:GetObject', 's3:Get*'] : ['S3:GETOBJECT', 's3:getobject'],
    Resource: heavy(tag(i)),
  })),
});

/** Statement index → the codes of its redundant actions and resources (statements aside: those differ). */
function perStatement(findings: readonly Finding[]): Map<unknown, string> {
  const out = new Map<unknown, string>();
  for (const f of findings) if (f.code !== 'REDUNDANT_STATEMENT') out.set(f.path[1], `${out.get(f.path[1]) ?? ''} ${f.code}`);
  return out;
}

test('a repeated list is compared once, and the budget still runs out where it did', () => {
  CACHES.clear();
  const repeated = policy(() => 0);
  const cold = run(repeated);
  assert.deepEqual(run(repeated), cold, 'remembered answers change nothing');
  // The same policy with every list different (nothing to remember, same costs): the budget runs
  // out at the same statement, partway through the first statement it cannot pay for in full.
  const distinct = perStatement(run(policy((i) => i + 1)));
  const got = perStatement(cold);
  assert.deepEqual(got, distinct);
  assert.ok(got.get(0)?.includes('REDUNDANT_RESOURCE') && !got.has(299), `${got.size} statements with findings`);
  // Actions are compared case-insensitively (their lists are remembered lower-cased).
  assert.ok(got.get(0)?.includes('REDUNDANT_ACTION') && got.get(1)?.includes('REDUNDANT_ACTION'));
});
