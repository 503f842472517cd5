/**
 * The rules AWS states that issue 12 brought to the evaluator, through the bundled server's Simulate
 * Access and access-test requests over stdio (what the extension's "IAM: Simulate Access" and the
 * access-test lenses show): the model cases test/data/model/aws-rules.json (GetCallerIdentity cannot
 * be denied, RCPs reach DynamoDB, a variable before the fifth colon of a Resource ARN is not
 * substituted, trust and KMS key policies must allow) and review-12f.json (the root user cannot
 * assume a role, a `*` ending a segment of a Resource ARN reaches over colons). Each case's files
 * become a workspace; every `simulate` entry must give the case's decisions, explained and brief,
 * and the access tests must pass and fail as the case states.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { URI } from 'vscode-uri';
import { SERVER_PATH, startServer } from '../helpers/lspClient';
import { RunAccessTestsRequest, SimulateAccessRequest, type SimulateAccessParams } from '../../server/src/protocol';

interface ModelCase {
  files: Record<string, unknown>;
  model: string;
  simulate?: {
    input: SimulateAccessParams;
    expect: { action: string; resource: string; decision: string; blockedBy?: string; summaryIncludes?: string }[];
  }[];
  tests?: { passed: number[]; failed: number[] };
}

for (const name of ['aws-rules', 'review-12f']) {
  test(`Simulate Access and access tests over stdio follow the AWS rules of model case ${name}`, async () => {
    const c = JSON.parse(readFileSync(join(__dirname, '../data/model', `${name}.json`), 'utf8')) as ModelCase;
    const dir = mkdtempSync(join(tmpdir(), 'iam-ws-'));
    for (const [file, content] of Object.entries(c.files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    const modelUri = URI.file(join(dir, c.model)).toString();
    const client = await startServer({}, [SERVER_PATH, '--stdio'], URI.file(dir).toString());
    try {
      for (const s of c.simulate ?? []) {
        for (const brief of [false, true]) {
          const result = await client.connection.sendRequest(SimulateAccessRequest.type, { ...s.input, modelUri, brief });
          assert.deepEqual(result.errors, [], JSON.stringify(s.input));
          assert.deepEqual(
            result.entries.map((e) => [e.action, e.resource, e.decision]),
            s.expect.map((e) => [e.action, e.resource, e.decision]),
            result.entries.map((e) => e.summary).join('\n'),
          );
          s.expect.forEach((want, i) => {
            const got = result.entries[i]!;
            if (want.blockedBy !== undefined) assert.equal(got.blockedBy, want.blockedBy, got.summary);
            if (want.summaryIncludes !== undefined) assert.ok(got.summary.includes(want.summaryIncludes), got.summary);
          });
        }
      }
      if (c.tests) {
        const tests = await client.connection.sendRequest(RunAccessTestsRequest.type, { modelUri });
        assert.deepEqual(
          { passed: tests.filter((t) => t.passed).map((t) => t.index), failed: tests.filter((t) => !t.passed).map((t) => t.index) },
          c.tests,
          tests.map((t) => t.message).join('\n'),
        );
      }
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
