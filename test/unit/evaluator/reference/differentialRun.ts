/**
 * The run both differential tests share (differential.test.ts, differential-wide.test.ts): random
 * requests from a universe, each decided by the reference evaluator (reference/evaluator.ts) and by
 * the evaluator, explained and lean. Requests no AWS page decides (`Undecided`) are counted, not
 * compared.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { TestContext } from 'node:test';
import { evaluate, parseEvaluationInput, type PolicySet } from '../../../../server/src/core/evaluator';
import { sameData } from '../../../helpers/sameData';
import { referenceDecision, Undecided, type ReferenceInput } from './evaluator';
import { mulberry32 } from '../../../helpers/random';

/** The random choices a universe makes. */
export interface Rng {
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)] as never,
    chance: (p) => next() < p,
  };
}

/**
 * The evaluator's decision, and whether its lean path (`explain: false`, what `evaluate --brief`
 * runs) gave the same result but for the explanation: decision, summary, decidedBy, blockedBy,
 * crossAccount and missing keys.
 */
export function evaluatorDecision(value: ReferenceInput): { decision: string; leanDiffers?: unknown } {
  const parsed = parseEvaluationInput(value);
  if (!parsed.ok) return { decision: `error: ${parsed.errors.map((e) => e.message).join('; ')}` };
  const full = evaluate(parsed.request, parsed.policies);
  const lean = evaluate(parsed.request, parsed.policies, { explain: false });
  const { policies: _explained, ...decided } = full as { policies?: unknown };
  const expectedLean = 'policies' in full ? { ...decided, policies: [] } : full;
  return isDeepStrictEqual(lean, expectedLean)
    ? { decision: full.decision }
    : { decision: full.decision, leanDiffers: { lean, full: decided } };
}

/**
 * `requests` requests of `input` from `seed`: no disagreement with the reference, the lean path
 * equal to the explained one, each decision reached in at least 1 of 30 requests, and fewer than
 * `maxUndecided` (a share) left undecided. With DIFFERENTIAL_DUMP set, the disagreements are
 * written to `<DIFFERENTIAL_DUMP>-<seed>.json`.
 */
export function runDifferential(
  t: TestContext,
  seed: number,
  requests: number,
  input: (r: Rng) => ReferenceInput,
  maxUndecided: number,
): void {
  const r = rng(seed);
  const disagreements: unknown[] = [];
  const leanDisagreements: unknown[] = [];
  const counts: Record<string, number> = {};
  let undecided = 0;
  for (let i = 0; i < requests; i++) {
    const value = input(r);
    let expected: string;
    try {
      expected = referenceDecision(value);
    } catch (e) {
      if (!(e instanceof Undecided)) throw e;
      undecided++;
      continue;
    }
    const actual = evaluatorDecision(value);
    counts[expected] = (counts[expected] ?? 0) + 1;
    if (actual.decision !== expected) disagreements.push({ expected, actual: actual.decision, input: value });
    if (actual.leanDiffers) leanDisagreements.push({ ...(actual.leanDiffers as object), input: value });
  }
  if (process.env.DIFFERENTIAL_DUMP) writeFileSync(`${process.env.DIFFERENTIAL_DUMP}-${seed}.json`, JSON.stringify(disagreements, null, 1));
  assert.deepEqual(disagreements.slice(0, 3), [], `${disagreements.length} disagreement(s) of ${requests}`);
  assert.deepEqual(leanDisagreements.slice(0, 3), [], `${leanDisagreements.length} lean result(s) differ of ${requests}`);
  // The universe reaches every decision often enough to mean something.
  for (const d of ['Allowed', 'ExplicitDeny', 'ImplicitDeny'])
    assert.ok((counts[d] ?? 0) >= requests / 30, `${d}: ${counts[d] ?? 0} of ${requests} (${JSON.stringify(counts)})`);
  assert.ok(undecided < requests * maxUndecided, `${undecided} undecided of ${requests}`);
  t.diagnostic(`decisions ${JSON.stringify(counts)}, undecided ${undecided}`);
}

/**
 * Decision plans (core/evaluator/plan.ts) against the general evaluator: `requests` requests of
 * `input` from `seed`, each evaluated, with and without explanation, against its own policy set and against
 * `pool` sets of earlier inputs (the same set objects, as a batch reuses them, so plans keep
 * results between requests), by the plan and by the general path (`plan: false`). Every result
 * must be the same. Returns how many comparisons ran.
 */
export function runPlanDifferential(seed: number, requests: number, input: (r: Rng) => ReferenceInput, pool = 6): number {
  const r = rng(seed);
  const sets: PolicySet[] = [];
  const differences: unknown[] = [];
  let compared = 0;
  for (let i = 0; i < requests; i++) {
    const value = input(r);
    const parsed = parseEvaluationInput(value);
    if (!parsed.ok) continue;
    if (sets.length < pool) sets.push(parsed.policies);
    for (const set of [parsed.policies, ...sets]) {
      for (const explain of [false, true]) {
        const planned = evaluate(parsed.request, set, { explain });
        const general = evaluate(parsed.request, set, { explain, plan: false });
        compared++;
        if (!sameData(planned, general)) differences.push({ explain, planned, general, request: value.request });
      }
    }
  }
  assert.deepEqual(
    differences.slice(0, 3),
    [],
    `${differences.length} planned result(s) differ from the general evaluator's of ${compared}`,
  );
  return compared;
}
