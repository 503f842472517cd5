/**
 * The bundled server's model requests over stdio, on a copy of examples/ as the workspace:
 * listPrincipals, simulationPicks (what the prompts offer, in one answer), simulateAccess (decision,
 * explanation, statement links), runAccessTests, and model-file diagnostics that follow unsaved
 * edits of a referenced policy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_PATH, startServer, waitForDiagnostics } from '../helpers/lspClient';
import {
  ContextKeysRequest,
  ListModelsRequest,
  ListPrincipalsRequest,
  ListResourcesRequest,
  RunAccessTestsRequest,
  SimulateAccessRequest,
  SimulationPicksRequest,
} from '../../server/src/protocol';

test('simulateAccess, listPrincipals, runAccessTests and model diagnostics over stdio', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-ws-'));
  cpSync(join(__dirname, '../../examples'), dir, { recursive: true });
  const modelUri = URI.file(join(dir, 'organization.iam-model.json')).toString();
  const client = await startServer({}, [SERVER_PATH, '--stdio'], URI.file(dir).toString());
  const published: PublishDiagnosticsParams[] = [];
  client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  try {
    const principals = await client.connection.sendRequest(ListPrincipalsRequest.type, {});
    assert.ok(principals.some((p) => p.kind === 'user' && p.name === 'bob' && p.detail === 'groups: Developers'));
    assert.ok(principals.some((p) => p.kind === 'role' && p.name === 'ec2-app-role' && p.detail === 'trusts: ec2.amazonaws.com'));

    // The prompts' one request: the models; with several, the principals and resources once one is chosen.
    const models = await client.connection.sendRequest(ListModelsRequest.type, {});
    // The first request after start-up waits for the HCL parser: the Terraform import is read, not a problem.
    const terraform = models.find((m) => m.uri.endsWith('/terraform-app/exports.iam-model.json'));
    assert.deepEqual([terraform?.problems, terraform?.principals], [0, 3], 'the Terraform model is read whole by the first request');
    const unchosen = await client.connection.sendRequest(SimulationPicksRequest.type, {});
    assert.deepEqual(unchosen.models, models);
    assert.ok(models.length > 1, 'the examples hold several models');
    assert.deepEqual([unchosen.modelUri, unchosen.principals, unchosen.resources], [undefined, [], []], 'no model chosen yet');
    const picks = await client.connection.sendRequest(SimulationPicksRequest.type, { modelUri });
    assert.equal(picks.modelUri, modelUri);
    assert.deepEqual(picks.principals, await client.connection.sendRequest(ListPrincipalsRequest.type, { modelUri }));
    assert.deepEqual(picks.resources, await client.connection.sendRequest(ListResourcesRequest.type, { modelUri }));
    assert.ok(picks.resources.length > 0 && picks.principals.some((p) => p.name === 'alice'));

    const result = await client.connection.sendRequest(SimulateAccessRequest.type, {
      principal: 'alice',
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::example-reports/2024/q1.csv'],
      context: { 'aws:SecureTransport': 'false' },
    });
    assert.equal(result.modelUri, modelUri);
    assert.deepEqual(result.errors, []);
    const entry = result.entries[0]!;
    assert.equal(entry.decision, 'ExplicitDeny');
    assert.equal(entry.summary, "Explicitly denied by resource policy 'reports-bucket-policy' statement 'DenyInsecureTransport'.");
    const link = entry.decidedBy[0]!;
    assert.equal(link.location?.uri, URI.file(join(dir, 'policies/reports-bucket-policy.json')).toString());
    assert.equal(link.location?.range.start.line, 4, 'the statement object starts on line 5 of the bucket policy');
    const bucket = entry.policies?.find((p) => p.policyType === 'resource');
    assert.equal(bucket?.statements[0]?.['applies'], true);

    // Two of the rules AWS states (issue 12), through Simulate Access, explained and brief alike:
    // sts:GetCallerIdentity needs no permission (STS API Reference, GetCallerIdentity), and a
    // role's trust policy must itself allow (reference_policies_evaluation-logic.md).
    for (const brief of [false, true]) {
      const rules = await client.connection.sendRequest(SimulateAccessRequest.type, {
        principal: 'alice',
        actions: ['sts:GetCallerIdentity', 'sts:AssumeRole'],
        resources: ['arn:aws:iam::111122223333:role/ec2-app-role'],
        brief,
      });
      assert.deepEqual(
        rules.entries.map((e) => [e.action, e.decision]),
        [
          ['sts:GetCallerIdentity', 'Allowed'],
          ['sts:AssumeRole', 'ImplicitDeny'],
        ],
      );
      assert.match(rules.entries[0]!.summary, /cannot be denied/);
      assert.match(rules.entries[1]!.summary, /the role's trust policy does not allow this principal/);
      assert.equal(rules.entries[0]!.policies === undefined, brief);
    }

    const tests = await client.connection.sendRequest(RunAccessTestsRequest.type, { modelUri });
    assert.equal(tests.length, 24);
    assert.ok(
      tests.every((t) => t.passed),
      tests
        .filter((t) => !t.passed)
        .map((t) => t.message)
        .join('\n'),
    );
    assert.equal(
      tests[0]?.location?.range.start.line,
      readFileSync(join(dir, 'organization.iam-model.json'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('developers read reports')),
    );

    // An unsaved edit that drops the Developers' S3 statement makes the first access test fail on the model file.
    const developers = URI.file(join(dir, 'policies/developers.iam.json')).toString();
    const edited = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Sid: 'DescribeInstances', Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }] },
      null,
      2,
    );
    const failing = waitForDiagnostics(published, (p) => p.uri === modelUri && p.diagnostics.some((d) => d.code === 'ACCESS_TEST_FAILED'));
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: developers, languageId: 'iam-policy', version: 1, text: edited },
    });
    const diags = (await failing).diagnostics.filter((d) => d.code === 'ACCESS_TEST_FAILED');
    assert.deepEqual(
      diags.map((d) => /^Access test failed: '([^']+)': expected/.exec(String(d.message))?.[1]),
      ['developers read reports', 'bob kept developer access after the move'],
    );
    assert.match(String(diags[0]!.message), /but: Implicitly denied: no identity-based or resource-based policy allows this request\.$/);
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a model importing a SAM template: template principals, statement links into the YAML, access tests, and an unsaved template edit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-ws-'));
  cpSync(join(__dirname, '../../examples/serverless'), dir, { recursive: true });
  const modelUri = URI.file(join(dir, 'orders.iam-model.json')).toString();
  const templateUri = URI.file(join(dir, 'template.yaml')).toString();
  const template = readFileSync(join(dir, 'template.yaml'), 'utf8');
  const client = await startServer({}, [SERVER_PATH, '--stdio'], URI.file(dir).toString());
  const published: PublishDiagnosticsParams[] = [];
  client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  try {
    const principals = await client.connection.sendRequest(ListPrincipalsRequest.type, { modelUri });
    const reporting = principals.find((p) => p.name === 'reporting-prod');
    assert.equal(reporting?.arn, 'arn:aws:iam::555566667777:role/reporting-prod');
    assert.match(reporting?.detail ?? '', /^ReportingRole in template\.yaml · /);
    assert.equal(reporting?.location?.uri, templateUri);
    assert.equal(reporting?.location?.range.start.line, template.split('\n').indexOf('  ReportingRole:'));

    const result = await client.connection.sendRequest(SimulateAccessRequest.type, {
      modelUri,
      principal: 'OrdersFunctionRole',
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resources: ['arn:aws:s3:::example-orders/orders/1.json'],
    });
    assert.deepEqual(
      result.entries.map((e) => e.decision),
      ['Allowed', 'ExplicitDeny'],
    );
    const link = result.entries[0]!.decidedBy[0]!;
    assert.equal(link.location?.uri, templateUri);
    assert.equal(
      link.location?.range.start.line,
      template.split('\n').findIndex((l) => l.includes('Sid: WriteOrders')),
      'the statement of the SAM function policy, in the YAML',
    );
    assert.equal(result.entries[1]!.decidedBy[0]!.policyName, 'ProtectOrders');

    const tests = await client.connection.sendRequest(RunAccessTestsRequest.type, { modelUri });
    assert.equal(tests.length, 6);
    assert.ok(
      tests.every((t) => t.passed),
      tests
        .filter((t) => !t.passed)
        .map((t) => t.message)
        .join('\n'),
    );

    // An unsaved edit of the template (the function may no longer write orders) fails the first test on the model file.
    const failing = waitForDiagnostics(published, (p) => p.uri === modelUri && p.diagnostics.some((d) => d.code === 'ACCESS_TEST_FAILED'));
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: templateUri, languageId: 'yaml', version: 1, text: template.replace('                - s3:PutObject\n', '') },
    });
    const diags = (await failing).diagnostics.filter((d) => d.code === 'ACCESS_TEST_FAILED');
    assert.deepEqual(
      diags.map((d) => /^Access test failed: '([^']+)'/.exec(String(d.message))?.[1]),
      ['the function writes orders'],
    );
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('simulateAccess with the active editor as a custom policy, contextKeys, and cancellation of a long run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-ws-'));
  cpSync(join(__dirname, '../../examples'), dir, { recursive: true });
  const client = await startServer({}, [SERVER_PATH, '--stdio'], URI.file(dir).toString());
  try {
    const draft = URI.file(join(dir, 'policies/draft.iam.json')).toString();
    const text = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Sid: 'Draft', Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' }] },
      null,
      2,
    );
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: draft, languageId: 'iam-policy', version: 1, text },
    });
    const custom = await client.connection.sendRequest(SimulateAccessRequest.type, {
      customPolicyUri: draft,
      customPolicyAccount: '111122223333',
      actions: ['cloudtrail:StopLogging', 'cloudtrail:DescribeTrails'],
      brief: true,
    });
    assert.deepEqual(custom.errors, []);
    // The SCP of the Workloads OU still denies StopLogging, whatever the draft allows.
    assert.deepEqual(
      custom.entries.map((e) => [e.action, e.decision]),
      [
        ['cloudtrail:StopLogging', 'ExplicitDeny'],
        ['cloudtrail:DescribeTrails', 'Allowed'],
      ],
    );
    assert.equal(custom.entries[1]?.decidedBy[0]?.location?.uri, draft);

    const keys = await client.connection.sendRequest(ContextKeysRequest.type, {
      principal: 'auditor',
      actions: ['sts:AssumeRole'],
      resources: ['arn:aws:iam::111122223333:role/audit-role'],
    });
    assert.deepEqual(keys.missing, ['sts:ExternalId']);
    assert.equal(keys.derived['aws:PrincipalArn'], 'arn:aws:iam::444455556666:user/auditor');
    const supplied = await client.connection.sendRequest(ContextKeysRequest.type, {
      principal: 'auditor',
      actions: ['sts:AssumeRole'],
      resources: ['arn:aws:iam::111122223333:role/audit-role'],
      context: { 'sts:ExternalId': 'x' },
    });
    assert.deepEqual(supplied.missing, []);

    // Cancelled when the server reports its first chunk of progress (no timer): the server stops
    // at the next chunk and answers with what it has (vscode-jsonrpc delivers the result).
    const source = new CancellationTokenSource();
    const workDoneToken = 'cancel-after-first-chunk';
    client.connection.onNotification('$/progress', (p: { token: unknown; value?: { kind?: string } }) => {
      if (p.token === workDoneToken && p.value?.kind === 'report') source.cancel();
    });
    const pending = client.connection.sendRequest(
      SimulateAccessRequest.type,
      {
        principal: 'break-glass',
        actions: ['*'],
        resources: ['*', 'arn:aws:s3:::example-reports/a', 'arn:aws:s3:::example-app-data/b'],
        brief: true,
        workDoneToken,
      },
      source.token,
    );
    const result = await pending;
    assert.equal(result.cancelled, true);
    assert.ok(result.entries.length > 0 && result.entries.length < 30_000, `${result.entries.length} entries`);
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with no model file, an open CloudFormation template and a Terraform file are simulated on their own', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-ws-'));
  mkdirSync(join(dir, 'infra'));
  mkdirSync(join(dir, 'tf'));
  const template = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Parameters:',
    "  AccountId: { Type: String, Default: '123456789012' }",
    'Resources:',
    '  DataBucket:',
    '    Type: AWS::S3::Bucket',
    '    Properties: { BucketName: example-data }',
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }',
    '      Policies:',
    '        - PolicyName: read',
    '          PolicyDocument:',
    "            Version: '2012-10-17'",
    '            Statement:',
    '              - Sid: ReadData',
    '                Effect: Allow',
    '                Action: s3:GetObject',
    "                Resource: !Sub 'arn:${AWS::Partition}:s3:::${DataBucket}/*'",
    '',
  ].join('\n');
  writeFileSync(join(dir, 'infra', 'app.yaml'), template);
  const tf = readFileSync(join(__dirname, '../../examples/terraform-app/main.tf'), 'utf8');
  writeFileSync(join(dir, 'tf', 'main.tf'), tf);
  const cfnUri = URI.file(join(dir, 'infra', 'app.yaml')).toString();
  const tfUri = URI.file(join(dir, 'tf', 'main.tf')).toString();
  const client = await startServer({}, [SERVER_PATH, '--stdio'], URI.file(dir).toString());
  const published: PublishDiagnosticsParams[] = [];
  client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  try {
    assert.deepEqual(await client.connection.sendRequest(ListModelsRequest.type, {}), [], 'the workspace has no model file');
    const models = await client.connection.sendRequest(ListModelsRequest.type, { templateUri: cfnUri });
    assert.deepEqual(
      models.map((m) => [m.uri, m.implicit, m.accounts]),
      [[cfnUri, true, [{ id: '123456789012' }]]],
      "the template's own model, in the account of its AccountId parameter's default",
    );
    const principals = await client.connection.sendRequest(ListPrincipalsRequest.type, { modelUri: cfnUri });
    const picks = await client.connection.sendRequest(SimulationPicksRequest.type, { templateUri: cfnUri });
    assert.deepEqual([picks.models, picks.modelUri, picks.principals], [models, cfnUri, principals], 'the only model is chosen at once');
    const role = principals.find((p) => p.name === 'AppRole');
    assert.equal(role?.arn, 'arn:aws:iam::123456789012:role/AppRole');
    assert.equal(role?.location?.uri, cfnUri);
    assert.equal(role?.location?.range.start.line, template.split('\n').indexOf('  AppRole:'));

    const result = await client.connection.sendRequest(SimulateAccessRequest.type, {
      modelUri: cfnUri,
      principal: 'AppRole',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: ['arn:aws:s3:::example-data/report.csv'],
    });
    assert.deepEqual(result.errors, []);
    assert.equal(result.modelUri, cfnUri);
    assert.deepEqual(
      result.entries.map((e) => e.decision),
      ['Allowed', 'ImplicitDeny'],
    );
    const link = result.entries[0]!.decidedBy[0]!;
    assert.equal(link.location?.uri, cfnUri);
    assert.equal(link.location?.range.start.line, template.split('\n').indexOf('              - Sid: ReadData'));

    // An unsaved edit of the template is simulated: the statement now allows s3:PutObject.
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: cfnUri, languageId: 'yaml', version: 1, text: template.replace('Action: s3:GetObject', 'Action: s3:PutObject') },
    });
    const edited = await client.connection.sendRequest(SimulateAccessRequest.type, {
      modelUri: cfnUri,
      principal: 'AppRole',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: ['arn:aws:s3:::example-data/report.csv'],
    });
    assert.deepEqual(
      edited.entries.map((e) => e.decision),
      ['ImplicitDeny', 'Allowed'],
    );

    // The Terraform file stands for its folder's configuration; no variable names the account: the stand-in, named ${AWS::AccountId}.
    let tfModels = await client.connection.sendRequest(ListModelsRequest.type, { templateUri: tfUri });
    for (let i = 0; i < 100 && tfModels.length === 0; i++) {
      // The HCL parser (WebAssembly) loads asynchronously after initialization.
      await new Promise((r) => setTimeout(r, 100));
      tfModels = await client.connection.sendRequest(ListModelsRequest.type, { templateUri: tfUri });
    }
    assert.deepEqual(
      tfModels.map((m) => [m.uri, m.implicit, m.accounts]),
      [[tfUri, true, [{ id: '000000000000', name: '${AWS::AccountId}' }]]],
    );
    const tfPrincipals = await client.connection.sendRequest(ListPrincipalsRequest.type, { modelUri: tfUri });
    assert.deepEqual(
      tfPrincipals.filter((p) => p.kind !== 'root').map((p) => [p.name, p.arn]),
      [
        ['auditor-dev', 'arn:aws:iam::000000000000:user/auditor-dev'],
        ['exporter-dev', 'arn:aws:iam::000000000000:role/exporter-dev'],
      ],
    );
    const tfResult = await client.connection.sendRequest(SimulateAccessRequest.type, {
      modelUri: tfUri,
      principal: 'aws_iam_role.exporter',
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::example-raw-dev/2024/01/data.csv'],
    });
    assert.deepEqual(tfResult.errors, []);
    assert.equal(tfResult.entries[0]?.decision, 'Allowed');
    const tfLink = tfResult.entries[0]!.decidedBy[0]!;
    assert.equal(tfLink.location?.uri, tfUri);
    assert.equal(tfLink.location?.range.start.line, tf.split('\n').findIndex((l) => l.includes('sid       = "ReadRaw"')) - 1);
    assert.equal(
      published
        .filter((p) => p.uri === tfUri || p.uri === cfnUri)
        .flatMap((p) => p.diagnostics)
        .filter((d) => String(d.code).startsWith('ACCESS')).length,
      0,
      "a template's own model publishes no model diagnostics",
    );
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing access test of a template model points to the deciding statement: its line in the Terraform file and in the YAML template', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-ws-'));
  cpSync(join(__dirname, '../../examples/terraform-app'), join(dir, 'tf'), { recursive: true });
  cpSync(join(__dirname, '../../examples/serverless'), join(dir, 'sam'), { recursive: true });
  const tfModel = URI.file(join(dir, 'tf', 'exports.iam-model.json')).toString();
  const samModel = URI.file(join(dir, 'sam', 'orders.iam-model.json')).toString();
  const tfUri = URI.file(join(dir, 'tf', 'main.tf')).toString();
  const yamlUri = URI.file(join(dir, 'sam', 'template.yaml')).toString();
  const tf = readFileSync(join(dir, 'tf', 'main.tf'), 'utf8').replace(
    '    actions   = ["s3:GetObject"]\n    resources = ["${aws_s3_bucket.raw.arn}/*"]',
    '    actions   = ["s3:GetObject", "s3:PutObject"]\n    resources = ["${aws_s3_bucket.raw.arn}/*"]',
  );
  const yaml = readFileSync(join(dir, 'sam', 'template.yaml'), 'utf8').replace(
    '              - s3:Get*\n',
    '              - s3:Get*\n              - s3:Put*\n',
  );
  const client = await startServer({}, [SERVER_PATH, '--stdio'], URI.file(dir).toString());
  const published: PublishDiagnosticsParams[] = [];
  client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  // The Terraform parser loads after initialization: until then the Terraform model's tests cannot run.
  const decided = (message: unknown, test: string) => String(message).includes(test) && !String(message).includes('cannot run');
  const failed = (model: string, test: string) =>
    waitForDiagnostics(published, (p) => p.uri === model && p.diagnostics.some((d) => decided(d.message, test))).then((p) =>
      p.diagnostics.filter((d) => d.code === 'ACCESS_TEST_FAILED' && decided(d.message, test)),
    );
  try {
    // Unsaved edits: the exporter may now write raw data; the reporting role's boundary allows writes.
    const tfFailed = failed(tfModel, "'the exporter cannot change raw data'");
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: tfUri, languageId: 'terraform', version: 1, text: tf },
    });
    const [tfDiag] = await tfFailed;
    assert.match(String(tfDiag?.message), /'the exporter cannot change raw data'/);
    const tfRelated = tfDiag?.relatedInformation?.find((r) => r.location.uri === tfUri);
    assert.ok(tfRelated, JSON.stringify(tfDiag?.relatedInformation));
    assert.equal(
      tfRelated.location.range.start.line,
      tf.split('\n').findIndex((l) => l.includes('sid       = "ReadRaw"')) - 1,
      'the statement block of the policy document, in main.tf',
    );

    const yamlFailed = failed(samModel, "'the boundary keeps the reporting role read-only'");
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: yamlUri, languageId: 'yaml', version: 1, text: yaml },
    });
    const [yamlDiag] = await yamlFailed;
    assert.match(String(yamlDiag?.message), /'the boundary keeps the reporting role read-only'/);
    const lines = (yamlDiag?.relatedInformation ?? []).filter((r) => r.location.uri === yamlUri).map((r) => r.location.range.start.line);
    assert.ok(
      lines.includes(yaml.split('\n').findIndex((l) => l.includes('- Sid: OrdersData'))),
      `the managed policy's statement in template.yaml among ${JSON.stringify(yamlDiag?.relatedInformation)}`,
    );
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});
