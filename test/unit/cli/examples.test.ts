/**
 * Every subcommand on the example workspace (examples/), as a user would run it from there:
 * evaluate, simulate and test (check on the whole workspace is in check.test.ts; lsp is covered over
 * stdio in test/protocol/cli-lsp.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCliCaptured } from '../../helpers/cli';

const EXAMPLES = join(__dirname, '../../../examples');
const run = (args: string[]) => runCliCaptured(args, { cwd: EXAMPLES });

test('evaluate: the example requests (developers policy and the reports bucket policy) decide as AWS would', async () => {
  const r = await run(['evaluate', '--brief', 'evaluate/requests.jsonl']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; decision: string; summary: string });
  assert.deepEqual(
    lines.map((l) => [l.line, l.decision]),
    [
      [1, 'Allowed'],
      [2, 'ExplicitDeny'],
      [3, 'ImplicitDeny'],
    ],
  );
  assert.match(lines[1]?.summary ?? '', /DenyInsecureTransport/);
});

test('simulate: carol reads QA artifacts through her group policy', async () => {
  const r = await run([
    'simulate',
    '--model',
    'organization.iam-model.json',
    '--principal',
    'carol',
    '--action',
    's3:GetObject',
    '--resource',
    'arn:aws:s3:::example-qa-artifacts/build-42.zip',
    '--format',
    'json',
  ]);
  assert.equal(r.code, 0, r.err);
  const entry = JSON.parse(r.out.trim().split('\n')[0] ?? '{}') as { decision: string; decidedBy: { policyName: string }[] };
  assert.equal(entry.decision, 'Allowed');
  assert.deepEqual(
    entry.decidedBy.map((s) => s.policyName),
    ['QaAccess'],
  );
});

test('test: every access test of the example organization passes', async () => {
  const text = await run(['test', 'organization.iam-model.json']);
  assert.equal(text.code, 0, text.out);
  assert.match(text.out, /(\d+) test\(s\): \1 passed, 0 failed\./);
  // The SARIF format of the same run (exit 0, the three escalation-path warnings, a valid log) is
  // asserted in check.test.ts.
});

test('test: the serverless example model imports its SAM template; the SCP blocks the function role from deleting orders', async () => {
  const text = await run(['test', 'serverless/orders.iam-model.json']);
  assert.equal(text.code, 0, text.out);
  assert.match(text.out, /10 test\(s\): 10 passed, 0 failed\./);
  assert.match(text.out, /PASS {2}noPath 'neither the function nor the analysts can become administrator'/);
  assert.match(
    text.out,
    /PASS {2}'nobody deletes orders \(the SCP protects them\)': never \* s3:DeleteObject .*holds for 3 principal\(s\)/,
  );
  const r = await run([
    'simulate',
    '--model',
    'serverless/orders.iam-model.json',
    '--principal',
    'OrdersFunctionRole',
    '--action',
    's3:DeleteObject',
    '--resource',
    'arn:aws:s3:::example-orders/orders/1001.json',
    '--format',
    'json',
  ]);
  const entry = JSON.parse(r.out.trim().split('\n')[0] ?? '{}') as { decision: string; decidedBy: { policyName: string; file: string }[] };
  assert.equal(entry.decision, 'ExplicitDeny');
  assert.deepEqual(
    entry.decidedBy.map((s) => `${s.policyName} ${s.file}`),
    ['ProtectOrders serverless/scp/protect-orders.scp.iam.json'],
  );
  const put = await run([
    'simulate',
    '--model',
    'serverless/orders.iam-model.json',
    '--principal',
    'OrdersFunctionRole',
    '--action',
    's3:PutObject',
    '--resource',
    'arn:aws:s3:::example-orders/orders/1001.json',
    '--format',
    'json',
  ]);
  const allowed = JSON.parse(put.out.trim().split('\n')[0] ?? '{}') as {
    decision: string;
    decidedBy: { file: string; filePath: (string | number)[] }[];
  };
  assert.equal(allowed.decision, 'Allowed');
  assert.deepEqual(
    allowed.decidedBy.map((s) => `${s.file}#${s.filePath.join('.')}`),
    ['serverless/template.yaml#Resources.OrdersFunction.Properties.Policies.0.Statement.0'],
  );
});

test('test: the Terraform example model imports its folder; entities are found by address and by name', async () => {
  const text = await run(['test', 'terraform-app/exports.iam-model.json']);
  assert.equal(text.code, 0, text.out);
  assert.match(text.out, /7 test\(s\): 7 passed, 0 failed\./);
  assert.match(text.out, /PASS {2}noPath 'the exporter cannot become administrator'/);
  const r = await run([
    'simulate',
    '--model',
    'terraform-app/exports.iam-model.json',
    '--principal',
    'aws_iam_role.exporter',
    '--action',
    's3:PutObject',
    '--resource',
    'arn:aws:s3:::example-exports-prod/a.csv',
    '--format',
    'json',
  ]);
  const entry = JSON.parse(r.out.trim().split('\n')[0] ?? '{}') as {
    decision: string;
    decidedBy: { file: string; filePath: (string | number)[] }[];
  };
  assert.equal(entry.decision, 'Allowed');
  assert.deepEqual(
    entry.decidedBy.map((s) => `${s.file}#${s.filePath.join('.')}`),
    ['terraform-app/main.tf#data.aws_iam_policy_document.exporter.Statement.1'],
  );
});

test('can: what the exporter role of the Terraform example can do (the model imports its folder)', async () => {
  const r = await run(['can', '--model', 'terraform-app/exports.iam-model.json', '--principal', 'aws_iam_role.exporter']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  assert.match(r.out, /^arn:aws:iam::666677778888:role\/exporter-prod can:/);
  assert.match(r.out, /s3:GetObject {2}\(Read\)\n {6}on arn:aws:s3:::example-raw-prod\/\*/);
  assert.match(r.out, /s3:PutObject {2}\(Write\)\n {6}on arn:aws:s3:::example-exports-prod\/\*/);
});

test('who-can and paths over the template models: who reads the bucket each template defines, and no escalation path', async () => {
  const whoCan = async (model: string, resource: string) => {
    const r = await run(['who-can', '--model', model, '--action', 's3:GetObject', '--resource', resource, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    return r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { principal: string; via: string[]; decidedBy: { policyName: string; file: string }[] })
      .map((e) => `${e.principal}${e.via.length > 0 ? ` via ${e.via.join(',')}` : ''} [${e.decidedBy.map((d) => d.file).join(', ')}]`);
  };
  // The function writes orders but does not read them; analysts read them through the reporting role.
  assert.deepEqual(await whoCan('serverless/orders.iam-model.json', 'arn:aws:s3:::example-orders/orders/1001.json'), [
    'arn:aws:iam::555566667777:root []',
    'arn:aws:iam::555566667777:role/reporting-prod [serverless/template.yaml]',
    'arn:aws:iam::555566667777:user/analyst-prod via arn:aws:iam::555566667777:role/reporting-prod [serverless/template.yaml]',
  ]);
  assert.deepEqual(await whoCan('terraform-app/exports.iam-model.json', 'arn:aws:s3:::example-exports-prod/2024-01.csv'), [
    'arn:aws:iam::666677778888:root []',
    'arn:aws:iam::666677778888:user/auditor-prod [terraform-app/main.tf]',
  ]);
  for (const model of ['serverless/orders.iam-model.json', 'terraform-app/exports.iam-model.json']) {
    const r = await run(['paths', '--model', model]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /No escalation path found\./);
  }
});
