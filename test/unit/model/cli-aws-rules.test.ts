/**
 * The rules AWS states that issue 12 brought to the evaluator, through the command line a user
 * runs: `iam-policy-studio simulate --model … --format json` (brief, and with `--explain`) for every
 * `simulate` entry of the model cases that state them, and `iam-policy-studio test <model> --format
 * json` for their access tests (which pass and which fail, and the exit code). The cases are the
 * data files the in-process model tests and the protocol tests read: test/data/model/aws-rules.json
 * (GetCallerIdentity cannot be denied; RCPs reach DynamoDB but not Lambda; a variable before the
 * fifth colon of a Resource ARN is not substituted; trust and KMS key policies must allow, a key
 * policy's grant to the account delegates to identity policies; a GetFederationToken session cannot
 * call STS), review-12f.json (the root user cannot assume a role; a `*` ending a segment reaches
 * over colons) and the template case test/data/model-templates/aws-rules-cfn.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCaseFiles } from '../../helpers/caseFiles';
import { runCliCaptured, type CliRun } from '../../helpers/cli';

interface Expected {
  action: string;
  resource: string;
  decision: string;
  blockedBy?: string;
  summaryIncludes?: string;
}

interface RuleCase {
  model: string;
  files: Record<string, unknown>;
  simulate?: {
    input: { principal: string; actions: string[]; resources?: string[]; context?: Record<string, string> };
    expect: Expected[];
  }[];
  tests?: { passed: number[]; failed: number[] };
}

const CASES = [
  join(__dirname, '../../data/model/aws-rules.json'),
  join(__dirname, '../../data/model/review-12f.json'),
  join(__dirname, '../../data/model-templates/aws-rules-cfn.json'),
];

/** The CLI run in-process with the caller's environment (as these tests ran before the shared helper). */
function cli(args: string[], cwd: string): Promise<CliRun> {
  return runCliCaptured(args, { cwd, env: process.env });
}

/** The case's files in a new folder (test/helpers/caseFiles.ts). */
function workspace(c: RuleCase): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-cli-rules-'));
  writeCaseFiles(dir, c.files);
  return dir;
}

/** `simulate` flags for a case's input (the inputs these cases use: principal, actions, resources, context). */
function flags(input: NonNullable<RuleCase['simulate']>[number]['input']): string[] {
  const known = new Set(['principal', 'actions', 'resources', 'context']);
  for (const k of Object.keys(input)) assert.ok(known.has(k), `no simulate flag for the input key ${k}`);
  return [
    '--principal',
    input.principal,
    ...input.actions.flatMap((a) => ['--action', a]),
    ...(input.resources ?? []).flatMap((r) => ['--resource', r]),
    ...Object.entries(input.context ?? {}).flatMap(([k, v]) => ['--context', `${k}=${v}`]),
  ];
}

for (const file of CASES) {
  const name = file.split('/').slice(-2).join('/');
  test(`cli simulate and test follow the AWS rules of ${name}`, async () => {
    const c = JSON.parse(readFileSync(file, 'utf8')) as RuleCase;
    const dir = workspace(c);
    try {
      for (const s of c.simulate ?? []) {
        for (const explain of [false, true]) {
          const args = ['simulate', '--model', c.model, ...flags(s.input), '--format', 'json', ...(explain ? ['--explain'] : [])];
          const r = await cli(args, dir);
          assert.equal(r.code, 0, r.err);
          const got = r.out
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as { action: string; resource: string; decision: string; blockedBy?: string; summary: string });
          assert.deepEqual(
            got.map((e) => [e.action, e.resource, e.decision]),
            s.expect.map((e) => [e.action, e.resource, e.decision]),
            got.map((e) => e.summary).join('\n'),
          );
          s.expect.forEach((want, i) => {
            const e = got[i]!;
            if (want.blockedBy !== undefined) assert.equal(e.blockedBy, want.blockedBy, e.summary);
            if (want.summaryIncludes !== undefined)
              assert.ok(e.summary.includes(want.summaryIncludes), `${e.summary} should include ${want.summaryIncludes}`);
          });
        }
      }
      if (c.tests) {
        const r = await cli(['test', c.model, '--format', 'json'], dir);
        const report = JSON.parse(r.out) as { tests: { index: number; passed: boolean; message: string }[] };
        assert.deepEqual(
          {
            passed: report.tests.filter((t) => t.passed).map((t) => t.index),
            failed: report.tests.filter((t) => !t.passed).map((t) => t.index),
          },
          c.tests,
          report.tests.map((t) => t.message).join('\n'),
        );
        assert.equal(r.code, c.tests.failed.length > 0 ? 1 : 0, 'exit code');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
