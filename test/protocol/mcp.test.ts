/**
 * `iam-policy-studio mcp` (the bundled CLI) with the official MCP SDK client: the tools are listed
 * with input and output schemas, and each answers real cases; bad input is an error result.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI_PATH } from '../helpers/lspClient';

const EXAMPLES = resolve(__dirname, '../../examples');
let client: Client;

interface CallResult {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
}

async function call(name: string, args: Record<string, unknown>): Promise<CallResult> {
  return (await client.callTool({ name, arguments: args })) as CallResult;
}

async function decision(policy: unknown, action: string, resource: string): Promise<string> {
  const r = await call('simulate_request', {
    identityPolicies: [policy],
    request: { principal: 'arn:aws:iam::111122223333:role/app', action, resource },
  });
  assert.ok(!r.isError, r.content[0]?.text);
  return r.structuredContent!.decision as string;
}

before(async () => {
  client = new Client({ name: 'iam-policy-studio-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI_PATH, 'mcp'], cwd: EXAMPLES, stderr: 'inherit' }));
});
after(async () => client.close());

test('lists the tools, each with input and output schemas and a description', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(
    tools.map((t) => t.name),
    [
      'validate_policy',
      'lookup_actions',
      'resource_arn_formats',
      'condition_keys',
      'simulate_request',
      'compare_policies',
      'least_privilege_policy',
      'simulate_model',
      'who_can',
    ],
  );
  for (const t of tools) {
    assert.equal(t.inputSchema.type, 'object', t.name);
    assert.equal(t.outputSchema?.type, 'object', t.name);
    assert.ok((t.description ?? '').length > 40, t.name);
  }
});

test('validate_policy: a broken policy gets its findings with JSON paths and the fixed text', async () => {
  const r = await call('validate_policy', {
    policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObjekt', 'iam:PassRole'], Resource: '*' }] },
  });
  assert.ok(!r.isError);
  const s = r.structuredContent as {
    valid: boolean;
    findings: { code: string; path: unknown[]; fix?: { newText: string } }[];
    fixedPolicy?: string;
  };
  assert.equal(s.valid, false);
  const invalid = s.findings.find((f) => f.code === 'INVALID_ACTION');
  assert.deepEqual(invalid?.path, ['Statement', 0, 'Action', 0]);
  assert.equal(invalid?.fix?.newText, '"s3:GetObject"');
  assert.ok(s.findings.some((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE'));
  assert.match(s.fixedPolicy ?? '', /"s3:GetObject"/);
  assert.match(r.content[0]!.text, /^Invalid identity policy: 1 error/);
  const trust = await call('validate_policy', {
    policy:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    policyType: 'trust',
  });
  assert.equal((trust.structuredContent as { policyType: string; valid: boolean }).policyType, 'trust');
  assert.equal((trust.structuredContent as { valid: boolean }).valid, true);
});

test('lookup_actions, resource_arn_formats and condition_keys answer from the catalog', async () => {
  const byPattern = await call('lookup_actions', { query: 's3:GetObjectT*' });
  const names = (byPattern.structuredContent!.actions as { action: string }[]).map((a) => a.action);
  assert.ok(names.includes('s3:GetObjectTagging'), names.join());
  const byWords = await call('lookup_actions', { query: 'bucket policy', service: 's3', accessLevel: 'Permissions management' });
  assert.ok((byWords.structuredContent!.actions as { action: string }[]).some((a) => a.action === 's3:PutBucketPolicy'));
  const arns = await call('resource_arn_formats', { action: 's3:GetObject' });
  assert.ok(JSON.stringify(arns.structuredContent).includes('arn:${Partition}:s3:::${BucketName}/${ObjectName}'));
  const keys = await call('condition_keys', { action: 's3:PutObject' });
  assert.ok((keys.structuredContent!.keys as { key: string }[]).some((k) => k.key === 's3:x-amz-server-side-encryption'));
  const unknown = await call('resource_arn_formats', { action: 's3:GetObjekt' });
  assert.equal(unknown.isError, true);
  assert.match(unknown.content[0]!.text, /did you mean s3:GetObject/);
});

test('least_privilege_policy: S3 + KMS + an SQS queue, validated clean, granting exactly the request', async () => {
  const bucket = 'arn:aws:s3:::orders-archive';
  const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const queue = 'arn:aws:sqs:eu-west-1:111122223333:orders';
  const r = await call('least_privilege_policy', {
    access: [
      { actions: ['s3:GetObject', 's3:PutObject'], resources: [`${bucket}/*`] },
      { actions: ['s3:ListBucket'], resources: [bucket] },
      { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key] },
      { actions: ['sqs:SendMessage'], resources: [queue] },
    ],
  });
  assert.ok(!r.isError, r.content[0]?.text);
  const policy = r.structuredContent!.policy;
  assert.equal(r.structuredContent!.grantsOnlyRequest, true, 'proven against the request by the comparison engine');
  const check = await call('validate_policy', { policy, policyType: 'identity' });
  assert.equal((check.structuredContent as { errors: number; warnings: number }).errors, 0);
  assert.equal((check.structuredContent as { warnings: number }).warnings, 0);
  // Everything asked for is allowed …
  for (const [action, resource] of [
    ['s3:GetObject', `${bucket}/a.csv`],
    ['s3:PutObject', `${bucket}/b/c.csv`],
    ['s3:ListBucket', bucket],
    ['kms:Decrypt', key],
    ['kms:GenerateDataKey', key],
    ['sqs:SendMessage', queue],
  ]) {
    assert.equal(await decision(policy, action!, resource!), 'Allowed', `${action} ${resource}`);
  }
  // … and nothing next to it.
  for (const [action, resource] of [
    ['s3:DeleteObject', `${bucket}/a.csv`],
    ['s3:GetObject', 'arn:aws:s3:::other/a.csv'],
    ['s3:ListBucket', 'arn:aws:s3:::other'],
    ['kms:Encrypt', key],
    ['kms:Decrypt', key.replace('1234abcd', '9999abcd')],
    ['sqs:DeleteMessage', queue],
    ['sqs:SendMessage', `${queue}-dlq`],
  ]) {
    assert.equal(await decision(policy, action!, resource!), 'ImplicitDeny', `${action} ${resource}`);
  }
});

test('compare_policies: a widened resource is new access, with a verified counterexample; a narrowed one is not', async () => {
  const old = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/2024/*' }] };
  const wider = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] };
  const r = await call('compare_policies', { old, new: wider });
  assert.ok(!r.isError, r.content[0]?.text);
  assert.equal(r.structuredContent!.newAccess, true);
  const [example] = r.structuredContent!.counterexamples as { request: { action: string; resource: string } }[];
  assert.equal(example?.request.action, 's3:GetObject');
  assert.equal(await decision(wider, example!.request.action, example!.request.resource), 'Allowed');
  assert.equal(await decision(old, example!.request.action, example!.request.resource), 'ImplicitDeny');
  const back = await call('compare_policies', { old: wider, new: old });
  assert.equal(back.structuredContent!.newAccess, false);
  assert.equal(back.structuredContent!.verdict, 'no-new-access');
});

test('simulate_model and who_can answer over the example workspace model', async () => {
  const sim = await call('simulate_model', {
    model: 'organization.iam-model.json',
    principal: 'alice',
    actions: ['s3:GetObject'],
    resources: ['arn:aws:s3:::example-reports/2024/q1.csv'],
  });
  assert.ok(!sim.isError, sim.content[0]?.text);
  assert.equal((sim.structuredContent!.results as { decision: string }[])[0]?.decision, 'Allowed');
  const denied = await call('simulate_model', {
    model: 'organization.iam-model.json',
    principal: 'bob',
    actions: ['s3:GetObject'],
    resources: ['arn:aws:s3:::example-qa-artifacts/build-42.zip'],
  });
  assert.notEqual((denied.structuredContent!.results as { decision: string }[])[0]?.decision, 'Allowed');
  const who = await call('who_can', {
    model: 'organization.iam-model.json',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::example-qa-artifacts/build-42.zip',
  });
  assert.ok(!who.isError, who.content[0]?.text);
  const principals = (who.structuredContent!.principals as { principal: string }[]).map((p) => p.principal);
  assert.ok(
    principals.some((p) => p.endsWith('user/carol')),
    principals.join(),
  );
  assert.ok(!principals.some((p) => p.endsWith('user/bob')), principals.join());
});

test('bad input is an error result with a clear message, and the server keeps serving', async () => {
  const outside = await call('simulate_model', { model: '../package.json', principal: 'alice', actions: ['s3:GetObject'] });
  assert.equal(outside.isError, true);
  assert.match(outside.content[0]!.text, /inside the workspace/);
  const missing = await call('least_privilege_policy', {});
  assert.equal(missing.isError, true);
  const bad = await call('simulate_request', { request: { principal: 'arn:aws:iam::111122223333:user/x', action: 's3:GetObject' } });
  assert.equal(bad.isError, true);
  const still = await call('resource_arn_formats', { action: 'sqs:SendMessage' });
  assert.ok(!still.isError);
});
