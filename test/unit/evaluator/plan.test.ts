/**
 * Decision plans (core/evaluator/plan.ts) give what the general evaluator gives, explained and not, on the evaluator
 * data cases: within each file of test/data/evaluator, every case's request against every case's
 * policy set (the same parsed set objects throughout, as a batch reuses them, so a plan answers
 * later requests from results it keeps), in several passes. The differential tests compare the two on
 * generated sets too (reference/differentialRun.ts, runPlanDifferential).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { evaluate, parseEvaluationInput, type EvaluationRequest, type PolicySet } from '../../../server/src/core/evaluator';
import { EVALUATOR_CASES_DIR, evaluatorCaseFiles } from '../../helpers/evaluatorCases';
import { sameData } from '../../helpers/sameData';

const ROOT = EVALUATOR_CASES_DIR;

for (const file of evaluatorCaseFiles()) {
  test(`decision plans agree with the general evaluator: ${relative(ROOT, file)}, every request against every set`, () => {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { input: unknown } | { input: unknown }[];
    const requests: EvaluationRequest[] = [];
    const sets: PolicySet[] = [];
    for (const c of Array.isArray(data) ? data : [data]) {
      const parsed = parseEvaluationInput(c.input);
      if (!parsed.ok) continue;
      requests.push(parsed.request);
      sets.push(parsed.policies);
    }
    const differences: unknown[] = [];
    let compared = 0;
    // The general evaluator's answer to each (request, set, explain), computed once: it keeps no plans.
    const generalResults: ReturnType<typeof evaluate>[] = [];
    const indices = requests.map((_, i) => i);
    // Several passes: a (set, action) pair gets its plan when it is asked for the third time (plan.ts).
    for (const order of [indices, [...indices].reverse(), indices, [...indices].reverse()])
      for (const r of order)
        for (const [s, set] of sets.entries()) {
          const request = requests[r]!;
          for (const explain of [false, true]) {
            const planned = evaluate(request, set, { explain });
            const key = (r * sets.length + s) * 2 + (explain ? 1 : 0);
            const general = (generalResults[key] ??= evaluate(request, set, { explain, plan: false }));
            compared++;
            if (!sameData(planned, general)) differences.push({ explain, request, planned, general });
          }
        }
    assert.ok(compared > 0, 'no case of the file could be evaluated');
    assert.deepEqual(differences.slice(0, 2), [], `${differences.length} of ${compared} differ`);
  });
}
