/**
 * Terraform over the bundled server (the parser loaded from dist/): examples/terraform/main.tf gets
 * its deliberate mistakes at their lines (the line after each `# Mistake:` comment), a quick fix
 * that writes HCL, hover on a value resolved inside the file, and the outline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer, waitForDiagnostics, type TestClient } from '../helpers/lspClient';

const EXAMPLE = join(__dirname, '../../examples/terraform/main.tf');

test("a Terraform file: diagnostics on the mistakes' lines, an HCL quick fix, hover on a resolved reference", async () => {
  const client = await startServer();
  const text = readFileSync(EXAMPLE, 'utf8');
  const uri = 'file:///ws/terraform/main.tf';
  const published = await client.openAndWaitForDiagnostics(uri, text, 'terraform');
  const lines = text.split('\n');
  const mistakes = lines.flatMap((l, i) => (l.trim().startsWith('# Mistake:') ? [i + 1] : []));
  assert.deepEqual(
    published.diagnostics.map((d) => d.range.start.line).sort((a, b) => a - b),
    mistakes,
    JSON.stringify(published.diagnostics),
  );

  const typo = published.diagnostics.find((d) => d.code === 'INVALID_ACTION') as Diagnostic;
  const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: typo.range,
    context: { diagnostics: [typo] },
  });
  const fix = actions.find((a) => a.title === 'Replace with "sqs:DeleteMessage"');
  assert.ok(fix?.edit?.changes?.[uri], JSON.stringify(actions));
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'terraform', 1, text), fix.edit.changes[uri]);
  assert.equal(
    fixed.split('\n')[typo.range.start.line],
    lines[typo.range.start.line]!.replace('"sqs:DeleteMesage"', '"sqs:DeleteMessage"'),
  );

  const line = (needle: string) => lines.findIndex((l) => l.includes(needle));
  const refLine = line('resources = [aws_s3_bucket.reports.arn]');
  const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: refLine, character: lines[refLine]!.indexOf('aws_s3_bucket') + 3 },
  });
  const shown = (hover?.contents as { value: string } | undefined)?.value ?? '';
  assert.match(shown, /arn:aws:s3:::example-reports/);
  assert.match(shown, /literal name of aws_s3_bucket\.reports/);

  const symbols = await client.connection.sendRequest<{ name: string }[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(
    symbols?.some((s) => s.name === 'data.aws_iam_policy_document.worker'),
    JSON.stringify(symbols),
  );
  assert.equal(await client.shutdown(), 0);
});

test('the .tf files of one folder are one module: opening or editing one re-validates the other open ones', async () => {
  const client = await startServer();
  try {
    await moduleRevalidation(client);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

async function moduleRevalidation(client: TestClient): Promise<void> {
  const published: PublishDiagnosticsParams[] = [];
  // Listening this way replaces the helper's own listener: the documents are opened by hand.
  client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  const open = (uri: string, text: string) =>
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'terraform', version: 1, text } });
  const policies = 'file:///ws/module/policies.tf';
  const main = 'file:///ws/module/main.tf';
  const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.range.start.line} ${String(d.code)}`).join(',');
  // A document with a principal and "*" as its resource: fine as a resource policy of unknown
  // kind, not as a bucket policy (which must name the bucket or its objects).
  await open(
    policies,
    [
      'data "aws_iam_policy_document" "shared" {',
      '  statement {',
      '    actions   = ["s3:GetObject"]',
      '    resources = ["*"]',
      '    principals {',
      '      type        = "AWS"',
      '      identifiers = ["arn:aws:iam::123456789012:root"]',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  await waitForDiagnostics(published, (p) => p.uri === policies && codes(p) === '');
  const consumer = [
    'resource "aws_s3_bucket_policy" "b" {',
    '  bucket = "example"',
    '  policy = data.aws_iam_policy_document.shared.json',
    '}',
    '',
  ].join('\n');
  published.length = 0;
  await open(main, consumer);
  const retyped = await waitForDiagnostics(published, (p) => p.uri === policies);
  assert.equal(codes(retyped), '3 UNSUPPORTED_RESOURCE_ARN_IN_POLICY');
  // main.tf edited so that it no longer consumes the document: policies.tf is validated again.
  published.length = 0;
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: main, version: 2 },
    contentChanges: [{ text: consumer.replace('data.aws_iam_policy_document.shared.json', 'var.policy') }],
  });
  const again = await waitForDiagnostics(published, (p) => p.uri === policies);
  assert.equal(codes(again), '');
}

test("closed .tf files of an open one's folder are read from disk (regular files inside the workspace, not symbolic links), and again when a watched-file event says they changed", async () => {
  const work = mkdtempSync(join(tmpdir(), 'iam-studio-tf-siblings-'));
  const folder = join(work, 'ws', 'module');
  mkdirSync(folder, { recursive: true });
  mkdirSync(join(work, 'outside'));
  const consumer = (policy: string) =>
    ['resource "aws_s3_bucket_policy" "b" {', '  bucket = "example"', `  policy = ${policy}`, '}', ''].join('\n');
  // Outside the workspace, reached through a symbolic link in the module's folder: never read.
  writeFileSync(join(work, 'outside', 'consumer.tf'), consumer('data.aws_iam_policy_document.shared.json'));
  symlinkSync(join(work, 'outside', 'consumer.tf'), join(folder, 'linked.tf'));
  const client = await startServer({}, undefined, pathToFileURL(join(work, 'ws')).toString());
  try {
    const published: PublishDiagnosticsParams[] = [];
    client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p);
    });
    const main = pathToFileURL(join(folder, 'main.tf')).toString();
    const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.range.start.line} ${String(d.code)}`).join(',');
    // Fine as a resource policy of unknown kind; not as a bucket policy ("*" is no bucket).
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: main,
        languageId: 'terraform',
        version: 1,
        text: [
          'data "aws_iam_policy_document" "shared" {',
          '  statement {',
          '    actions   = ["s3:GetObject"]',
          '    resources = ["*"]',
          '    principals {',
          '      type        = "AWS"',
          '      identifiers = ["arn:aws:iam::123456789012:root"]',
          '    }',
          '  }',
          '}',
          '',
        ].join('\n'),
      },
    });
    const first = await waitForDiagnostics(published, (p) => p.uri === main);
    assert.equal(codes(first), '', 'the symbolic link out of the workspace is not read');
    // A closed policies.tf appears on disk whose bucket policy consumes main.tf's document.
    const policies = join(folder, 'policies.tf');
    writeFileSync(policies, consumer('data.aws_iam_policy_document.shared.json'));
    published.length = 0;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(policies).toString(), type: 1 }],
    });
    const typed = await waitForDiagnostics(published, (p) => p.uri === main);
    assert.equal(codes(typed), '3 UNSUPPORTED_RESOURCE_ARN_IN_POLICY');
    // Changed on disk to consume something else: main.tf is validated again, the document untyped.
    writeFileSync(policies, consumer('var.policy'));
    published.length = 0;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(policies).toString(), type: 2 }],
    });
    const untyped = await waitForDiagnostics(published, (p) => p.uri === main);
    assert.equal(codes(untyped), '');
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
    rmSync(work, { recursive: true, force: true });
  }
});

test('a closed file a .tf file reads with templatefile() is read from disk and its diagnostics published at its lines; a watched-file event re-validates it; a file outside the workspace is not read', async () => {
  const work = mkdtempSync(join(tmpdir(), 'iam-studio-tf-templates-'));
  const folder = join(work, 'ws');
  mkdirSync(join(folder, 'policies'), { recursive: true });
  const template = (action: string) =>
    [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [{',
      '    "Effect": "Allow",',
      '    "Principal": { "AWS": "arn:aws:iam::${account_id}:root" },',
      `    "Action": "${action}"`,
      '  }]',
      '}',
      '',
    ].join('\n');
  writeFileSync(join(folder, 'policies', 'trust.json.tpl'), template('sts:AssumeRolee'));
  writeFileSync(
    join(work, 'outside.json'),
    '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjectt", "Resource": "*" }] }',
  );
  const client = await startServer({}, undefined, pathToFileURL(folder).toString());
  try {
    const published: PublishDiagnosticsParams[] = [];
    client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p);
    });
    const main = pathToFileURL(join(folder, 'main.tf')).toString();
    const trust = pathToFileURL(join(folder, 'policies', 'trust.json.tpl')).toString();
    const outside = pathToFileURL(join(work, 'outside.json')).toString();
    const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.range.start.line} ${String(d.code)}`).join(',');
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: main,
        languageId: 'terraform',
        version: 1,
        text: [
          'resource "aws_iam_role" "app" {',
          '  assume_role_policy = templatefile("${path.module}/policies/trust.json.tpl", { account_id = var.account_id })',
          '}',
          'resource "aws_iam_policy" "other" {',
          '  policy = file("../outside.json")',
          '}',
          '',
        ].join('\n'),
      },
    });
    const first = await waitForDiagnostics(published, (p) => p.uri === trust);
    // The placeholder is a deployment-time value; the misspelt action is reported on its line.
    assert.equal(codes(first), '5 INVALID_ACTION');
    // The file outside the workspace is not read: said (information) where main.tf reads it.
    const tf = await waitForDiagnostics(published, (p) => p.uri === main);
    assert.equal(codes(tf), '4 POLICY_NOT_ANALYZED');
    // Fixed on disk: the watched-file event validates it again.
    writeFileSync(join(folder, 'policies', 'trust.json.tpl'), template('sts:AssumeRole'));
    published.length = 0;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: trust, type: 2 }] });
    const fixed = await waitForDiagnostics(published, (p) => p.uri === trust);
    assert.equal(codes(fixed), '');
    assert.equal(await client.shutdown(), 0);
    assert.ok(!published.some((p) => p.uri === outside), 'a file outside the workspace is not read');
  } finally {
    client.process.kill();
    rmSync(work, { recursive: true, force: true });
  }
});
