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
import { startServer } from '../helpers/lspClient';

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
