/**
 * The checks in slices (issue 13: a request never waits behind a whole check family on a long
 * policy): `runChecksInSteps` runs the per-statement families a few statements at a time, and its
 * findings must be `runChecks`'s, in the same order. Policies are built from the statements of the
 * check cases (test/data/checks), repeated and shuffled so that document-wide findings (duplicate
 * Sids, redundant statements, a missing Version, once-per-document variable findings) occur next
 * to per-statement ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { runChecks, runChecksInSteps, type CheckContext, type Finding } from '../../../server/src/core/checks';
import type { PolicyType } from '../../../server/src/core/policyType';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { parseCheckCases } from '../../helpers/checkCases';
import { effort } from '../../helpers/effort';
import { mulberry32 } from '../../helpers/random';

const catalog = getCatalog();
const dir = join(__dirname, '..', '..', 'data', 'checks');

/** Statements of the check cases, by policy type. */
const pools = new Map<PolicyType, unknown[]>();
for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
  for (const c of parseCheckCases(readFileSync(join(dir, file), 'utf8'))) {
    const value: unknown = parse(c.document.replace(/[«»]/g, ''));
    const statements = (value as { Statement?: unknown } | undefined)?.Statement;
    const type = (c.type ?? 'identity') as PolicyType;
    if (!pools.has(type)) pools.set(type, []);
    pools.get(type)!.push(...(Array.isArray(statements) ? statements : statements === undefined ? [] : [statements]));
  }
}

const VARIABLE = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' };

function drain(steps: Generator<void, Finding[]>): { findings: Finding[]; pauses: number } {
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { findings: step.value, pauses };
    pauses++;
  }
}

/**
 * The pauses of a run with no statement slicing: one before each check family, whatever the
 * document (checkSteps yields once per family and cuts only when a slice is smaller than the
 * statements). Counted once on an empty policy: each run of the families costs a PUBLIC_ACCESS
 * decision, up to its whole work budget on the resource policies of the rounds below.
 */
const unslicedPauses = drain(
  runChecksInSteps({ value: { Version: '2012-10-17', Statement: [] }, type: 'identity', catalog, textLength: 60 }, Infinity),
).pauses;

test('checks in slices of statements find what the checks find whole, in the same order', () => {
  const rnd = mulberry32(1313);
  const types = [...pools.keys()];
  let sliced = 0;
  let documentWide = 0;
  // 16 rounds by default (600 in the long run): round 3 is a 30-statement resource policy on which
  // PUBLIC_ACCESS spends its whole step budget in both runs (about 1 s each); round 16, the next
  // such policy, is left to the long run.
  const rounds = effort(16, 600);
  for (let round = 0; round < rounds; round++) {
    const type = types[Math.floor(rnd() * types.length)]!;
    const pool = pools.get(type)!;
    const n = 1 + Math.floor(rnd() * 30);
    // Now and then a statement with a policy variable: without a Version it is reported once per document.
    const statements = Array.from({ length: n }, () => (rnd() < 0.1 ? VARIABLE : pool[Math.floor(rnd() * pool.length)]));
    const value = rnd() < 0.7 ? { Version: '2012-10-17', Statement: statements } : { Statement: statements };
    const text = JSON.stringify(value);
    const ctx: CheckContext = { value, type, catalog, textLength: rnd() < 0.2 ? 30_000 : text.length };
    // PUBLIC_ACCESS (never sliced) is compared too: its budget is a step count, not time.
    const whole = runChecks(ctx);
    const perSlice = 1 + Math.floor(rnd() * 4);
    const { findings, pauses } = drain(runChecksInSteps(ctx, perSlice));
    assert.deepEqual(findings, whole, `round ${round}: ${type}, ${n} statements, ${perSlice} per slice`);
    if (n > perSlice) {
      // More pauses than families: the per-statement families were cut.
      assert.ok(pauses > unslicedPauses, `round ${round}: not sliced (${pauses} pauses, ${unslicedPauses} unsliced)`);
      sliced++;
    }
    if (
      whole.some((f) =>
        [
          'REDUNDANT_STATEMENT',
          'UNIQUE_SIDS_REQUIRED',
          'UNIQUE_SIDS_RECOMMENDED',
          'MISSING_VERSION',
          'VARIABLE_UNSUPPORTED_IN_VERSION',
        ].includes(f.code),
      )
    )
      documentWide++;
  }
  assert.ok(sliced > rounds / 6, `${sliced} sliced runs`);
  assert.ok(documentWide > rounds / 6, `${documentWide} runs with document-wide findings`);
});
