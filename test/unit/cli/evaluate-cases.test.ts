/**
 * Every evaluator data case (test/data/evaluator, each citing the AWS page that states its answer)
 * through the `evaluate` command as a user runs it: all cases as one JSON-lines file, explained and
 * with `--brief`, each output line checked against the case's expected decision, blocking policy
 * type, deciding statements, missing keys and summary. The core's own test (evaluator/cases.test.ts)
 * checks `evaluate()`; this one checks what the command prints, through its caches and writers, so
 * a rule the command lost (the four rules of issue 12 among them) fails here by its case's name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCliCaptured } from '../../helpers/cli';
import { EVALUATOR_CASES_DIR, evaluatorCaseFiles, type EvaluatorCaseExpected } from '../../helpers/evaluatorCases';

type Expected = EvaluatorCaseExpected;

interface Ref {
  policyType: string;
  level?: number;
  policyIndex: number;
  sid?: string;
  statementIndex: number;
}

interface Line {
  line: number;
  decision?: string;
  summary?: string;
  blockedBy?: string;
  decidedBy?: Ref[];
  missingContextKeys?: string[];
  error?: string;
}

const ROOT = EVALUATOR_CASES_DIR;

const cases = evaluatorCaseFiles().flatMap((f) => {
  const data = JSON.parse(readFileSync(f, 'utf8')) as
    { name: string; input: unknown; expected: Expected } | { name: string; input: unknown; expected: Expected }[];
  return (Array.isArray(data) ? data : [data]).map((c) => ({
    where: `${relative(ROOT, f)}: ${c.name}`,
    input: c.input,
    expected: c.expected,
  }));
});

/** As evaluator/cases.test.ts names a deciding statement: `identity/0/Sid`, `scp/1.0/#2`. */
function refName(r: Ref): string {
  const level = r.level !== undefined ? `${r.level}.${r.policyIndex}` : `${r.policyIndex}`;
  return `${r.policyType}/${level}/${r.sid ?? `#${r.statementIndex + 1}`}`;
}

async function evaluateFile(args: string[], cwd: string): Promise<Line[]> {
  const { code, out, err } = await runCliCaptured(['evaluate', ...args], { cwd });
  assert.equal(code, 0, err);
  return out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

for (const brief of [false, true]) {
  test(`every evaluator data case through evaluate${brief ? ' --brief' : ''} prints its expected answer`, async () => {
    assert.ok(cases.length >= 200, `${cases.length} cases`);
    const dir = mkdtempSync(join(tmpdir(), 'iam-eval-cases-'));
    try {
      writeFileSync(join(dir, 'cases.jsonl'), cases.map((c) => JSON.stringify(c.input)).join('\n') + '\n');
      const lines = await evaluateFile([...(brief ? ['--brief'] : []), 'cases.jsonl'], dir);
      assert.equal(lines.length, cases.length);
      cases.forEach((c, i) => {
        const got = lines[i]!;
        const e = c.expected;
        assert.equal(got.line, i + 1, c.where);
        if (e.decision === 'Error') {
          assert.ok(got.error !== undefined, `${c.where}: expected an error line, got ${got.decision}`);
          if (e.errorIncludes) assert.ok(got.error.includes(e.errorIncludes), `${c.where}: ${got.error}`);
          return;
        }
        assert.equal(got.decision, e.decision, `${c.where}: ${got.summary ?? got.error}`);
        if (e.blockedBy !== undefined) assert.equal(got.blockedBy, e.blockedBy, `${c.where}: ${got.summary}`);
        if (e.decidedBy) assert.deepEqual(got.decidedBy?.map(refName), e.decidedBy, c.where);
        if (e.missingContextKeys) assert.deepEqual([...(got.missingContextKeys ?? [])].sort(), [...e.missingContextKeys].sort(), c.where);
        if (e.summaryIncludes) assert.ok(got.summary?.includes(e.summaryIncludes), `${c.where}: ${got.summary}`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
