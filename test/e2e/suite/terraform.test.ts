// Policies inside a Terraform file in a real VS Code: examples/terraform/main.tf (with no Terraform
// extension installed) gets the policy diagnostics at its lines, a quick fix that edits the HCL
// list, completion of an action inside a `data "aws_iam_policy_document"`, and hover.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  assertActionCompletion,
  diagnosticCode,
  lineOf,
  openExample,
  ours,
  revertExample,
  shown,
  useExtension,
  waitForDiagnostics,
} from './helpers';

const FILE = 'terraform/main.tf';

/** Opens the file and waits for the server's diagnostics (the parser is WebAssembly, loaded once). */
const openFile = (api: Parameters<typeof openExample>[0]): Promise<vscode.TextDocument> => openExample(api, FILE);

describe('Policies in a Terraform file', function () {
  const ext = useExtension();

  it('shows the policy diagnostics on the .tf lines and fixes the HCL list with a quick fix', async () => {
    const doc = await openFile(ext.api);
    try {
      const diags = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).length >= 3, 'the three deliberate mistakes'));
      assert.deepEqual(
        diags.map((d) => shown(doc, d)).sort(),
        [
          `${lineOf(doc, 'resources = [aws_s3_bucket.reports.arn]') + 1} RESOURCE_MISMATCH aws_s3_bucket.reports.arn`,
          `${lineOf(doc, 'sqs:DeleteMesage') + 1} INVALID_ACTION "sqs:DeleteMesage"`,
          `${lineOf(doc, 'Effect    = "allow"') + 1} INVALID_EFFECT "allow"`,
        ].sort(),
      );

      const invalid = diags.find((d) => diagnosticCode(d) === 'INVALID_ACTION')!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        invalid.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find((a) => a.title === 'Replace with "sqs:DeleteMessage"');
      assert.ok(fix?.edit, `offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      // The HCL string in the list is replaced in place, still double-quoted.
      assert.equal(doc.lineAt(invalid.range.start.line).text, '    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]');
      await waitForDiagnostics(
        doc.uri,
        (d) => ours(d).length === 2 && !d.some((x) => diagnosticCode(x) === 'INVALID_ACTION'),
        'INVALID_ACTION gone after the fix',
      );

      const line = lineOf(doc, '"sqs:ReceiveMessage"');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(line, doc.lineAt(line).text.indexOf('sqs:ReceiveMessage') + 5),
      );
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /sqs:ReceiveMessage/);
    } finally {
      await revertExample(doc);
    }
  });

  it('completes an action inside a data "aws_iam_policy_document"', async () => {
    const doc = await openFile(ext.api);
    try {
      await assertActionCompletion(ext.api, doc, lineOf(doc, '"sqs:ReceiveMessage"'));
    } finally {
      await revertExample(doc);
    }
  });
});
