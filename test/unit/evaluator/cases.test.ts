/**
 * Walks test/data/evaluator/** and checks every case. A file holds one case or an array of cases:
 * `{ name, doc, input, expected }`, where `input` has the CLI line shape and `expected` has
 * `decision` ("Allowed" | "ExplicitDeny" | "ImplicitDeny" | "Error") and optionally `blockedBy`,
 * `decidedBy` (["identity/0/Sid", "resource/0/#1", …]), `missingContextKeys`, `summaryIncludes`,
 * `errorIncludes`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { evaluate, parseEvaluationInput, type StatementRef } from '../../../server/src/core/evaluator';
import { EVALUATOR_CASES_DIR, evaluatorCaseFiles, type EvaluatorCaseExpected } from '../../helpers/evaluatorCases';

type Expected = EvaluatorCaseExpected;
interface Case {
  name: string;
  doc: string;
  input: unknown;
  expected: Expected;
}

const ROOT = EVALUATOR_CASES_DIR;

function refName(r: StatementRef): string {
  const level = r.level !== undefined ? `${r.level}.${r.policyIndex}` : `${r.policyIndex}`;
  return `${r.policyType}/${level}/${r.sid ?? `#${r.statementIndex + 1}`}`;
}

/** Runs one case and returns what a user would see, in the same shape as `expected`. */
function run(c: Case): { decision: string; blockedBy?: string; decidedBy: string[]; missing: string[]; summary: string } {
  const parsed = parseEvaluationInput(c.input);
  if (!parsed.ok)
    return {
      decision: 'Error',
      decidedBy: [],
      missing: [],
      summary: parsed.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; '),
    };
  const out = evaluate(parsed.request, parsed.policies);
  if (out.decision === 'Error') return { decision: 'Error', decidedBy: [], missing: [], summary: out.summary };
  return {
    decision: out.decision,
    ...(out.blockedBy ? { blockedBy: out.blockedBy } : {}),
    decidedBy: out.decidedBy.map(refName),
    missing: [...out.missingContextKeys],
    summary: out.summary,
  };
}

const all = evaluatorCaseFiles().flatMap((f) => {
  const data = JSON.parse(readFileSync(f, 'utf8')) as Case | Case[];
  return (Array.isArray(data) ? data : [data]).map((c) => ({ file: relative(ROOT, f), c }));
});

test('there are at least 200 evaluator cases, each citing its doc', () => {
  assert.ok(all.length >= 200, `only ${all.length} cases`);
  for (const { file, c } of all)
    assert.ok(c.name && c.doc && c.expected?.decision, `${file}: ${c.name ?? '(unnamed)'} needs name, doc and expected.decision`);
});

for (const { file, c } of all) {
  test(`${file}: ${c.name}`, () => {
    const got = run(c);
    const e = c.expected;
    const ctx = `\n  doc: ${c.doc}\n  summary: ${got.summary}`;
    assert.equal(got.decision, e.decision, `decision${ctx}`);
    if (e.blockedBy !== undefined) assert.equal(got.blockedBy, e.blockedBy, `blockedBy${ctx}`);
    if (e.decidedBy !== undefined) assert.deepEqual(got.decidedBy, e.decidedBy, `decidedBy${ctx}`);
    if (e.missingContextKeys !== undefined)
      assert.deepEqual([...got.missing].sort(), [...e.missingContextKeys].sort(), `missingContextKeys${ctx}`);
    if (e.summaryIncludes !== undefined)
      assert.ok(got.summary.includes(e.summaryIncludes), `summary should include '${e.summaryIncludes}'${ctx}`);
    if (e.errorIncludes !== undefined) assert.ok(got.summary.includes(e.errorIncludes), `error should include '${e.errorIncludes}'${ctx}`);
  });
}
