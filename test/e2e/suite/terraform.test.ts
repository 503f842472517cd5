// Policies inside a Terraform file in a real VS Code: examples/terraform/main.tf (with no Terraform
// extension installed) gets the policy diagnostics at its lines, a quick fix that edits the HCL
// list, completion of an action inside a `data "aws_iam_policy_document"`, and hover.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, nextPublish, useExtension, waitForDiagnostics, workspaceUri } from './helpers';

const FILE = 'terraform/main.tf';

const ours = (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.filter((d) => d.source === 'iam-policy-studio');
/** `line CODE text` with a 1-based line and the text the range covers. */
const shown = (doc: vscode.TextDocument, d: vscode.Diagnostic) =>
  `${d.range.start.line + 1} ${String(diagnosticCode(d))} ${doc.getText(d.range)}`;

/** The 0-based line of the first line containing `needle`. */
function lineOf(doc: vscode.TextDocument, needle: string): number {
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not found`);
  return line;
}

/** Opens the file and waits for the server's diagnostics (the parser is WebAssembly, loaded once). */
async function openFile(api: Parameters<typeof nextPublish>[0]): Promise<vscode.TextDocument> {
  const uri = workspaceUri(FILE);
  const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  const published = open ? undefined : nextPublish(api, uri);
  const editor = await vscode.window.showTextDocument(uri);
  await published;
  return editor.document;
}

/** Undoes the test's edits without saving (the example file on disk is never changed). */
async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(doc.isDirty, false);
}

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
      await revert(doc);
    }
  });

  it('completes an action inside a data "aws_iam_policy_document"', async () => {
    const doc = await openFile(ext.api);
    try {
      const line = lineOf(doc, '"sqs:ReceiveMessage"');
      const start = doc.lineAt(line).text.indexOf('sqs:ReceiveMessage');
      const typed = new vscode.Range(line, start, line, start + 'sqs:ReceiveMessage'.length);
      const published = nextPublish(ext.api, doc.uri);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, typed, 'sqs:ReceiveMes');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await published;
      const cursor = new vscode.Position(line, start + 'sqs:ReceiveMes'.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, cursor);
      const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
      const item = list.items.find((i) => label(i) === 'sqs:ReceiveMessage');
      assert.ok(item, `sqs:ReceiveMessage offered; got ${list.items.slice(0, 20).map(label).join(', ')}`);
      assert.ok(
        list.items.every((i) => !label(i).startsWith('s3:')),
        'only sqs actions after "sqs:"',
      );
      // The item replaces the string's content between its quotes.
      const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
      assert.deepEqual(range, new vscode.Range(line, start, line, start + 'sqs:ReceiveMes'.length));
      const insert = typeof item.insertText === 'string' ? item.insertText : item.insertText?.value;
      assert.equal(insert, 'sqs:ReceiveMessage');
    } finally {
      await revert(doc);
    }
  });
});
