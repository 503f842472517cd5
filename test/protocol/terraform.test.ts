/**
 * Terraform over the bundled server (the parser loaded from dist/): examples/terraform/main.tf gets
 * its deliberate mistakes at their lines (the line after each `# Mistake:` comment), a quick fix
 * that writes HCL, hover on a value resolved inside the file, and the outline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
