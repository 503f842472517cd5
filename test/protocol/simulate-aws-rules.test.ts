/**
 * The rules AWS states that issue 12 brought to the evaluator, through the bundled server's Simulate
 * Access and access-test requests over stdio (what the extension's "IAM: Simulate Access" and the
 * access-test lenses show): the model cases test/data/model/aws-rules.json (GetCallerIdentity cannot
 * be denied, RCPs reach DynamoDB, a variable before the fifth colon of a Resource ARN is not
 * substituted, trust and KMS key policies must allow) and review-12f.json (the root user cannot
 * assume a role, a `*` ending a segment of a Resource ARN reaches over colons). Each case's files
 * become a workspace; every `simulate` entry must give the case's decisions, explained and brief,
 * and the access tests must pass and fail as the case states. The template case
 * test/data/model-templates/aws-rules-cfn.json is simulated the way "IAM: Simulate Access" does it
 * on an open template with no model file: only the template is written, and the requests name the
 * template's URI as their model (its account comes from the template's AccountId parameter).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { writeCaseFiles } from '../helpers/caseFiles';
import { SERVER_PATH, startServer } from '../helpers/lspClient';
import { ListModelsRequest, RunAccessTestsRequest, SimulateAccessRequest, type SimulateAccessParams } from '../../server/src/protocol';

interface ModelCase {
  files: Record<string, unknown>;
  model: string;
  simulate?: {
    input: SimulateAccessParams;
    expect: { action: string; resource: string; decision: string; blockedBy?: string; summaryIncludes?: string }[];
  }[];
  tests?: { passed: number[]; failed: number[] };
}

const CASES: { file: string; openTemplate?: string }[] = [
  { file: 'model/aws-rules.json' },
  { file: 'model/review-12f.json' },
  { file: 'model-templates/aws-rules-cfn.json', openTemplate: 'infra/rules.yaml' },
];

for (const { file, openTemplate } of CASES) {
  const how = openTemplate ? 'Simulate Access on an open template with no model file' : 'Simulate Access and access tests over stdio';
  test(`${how} ${openTemplate ? 'follows' : 'follow'} the AWS rules of ${file}`, async () => {
    const c = JSON.parse(readFileSync(join(__dirname, '../data', file), 'utf8')) as ModelCase;
    const dir = mkdtempSync(join(tmpdir(), 'iam-ws-'));
    writeCaseFiles(dir, c.files, (name) => !openTemplate || name === openTemplate);
    const modelUri = URI.file(join(dir, openTemplate ?? c.model)).toString();
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
      if (openTemplate) {
        const models = await client.connection.sendRequest(ListModelsRequest.type, { templateUri: modelUri });
        assert.deepEqual(
          models.map((m) => [m.uri, m.implicit]),
          [[modelUri, true]],
          'the open template is its own model',
        );
      } else if (c.tests) {
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
