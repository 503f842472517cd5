// Policies inside a CloudFormation template in a real VS Code: examples/cloudformation/app.yaml
// (a YAML file VS Code opens as `yaml`) gets the policy diagnostics at the template's lines, a
// quick fix that edits the YAML, completion of an action inside a policy, and hover.
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

const TEMPLATE = 'cloudformation/app.yaml';

/** Opens the template (as VS Code does: language `yaml`) and waits for the server's diagnostics. */
async function openTemplate(api: Parameters<typeof openExample>[0]): Promise<vscode.TextDocument> {
  const doc = await openExample(api, TEMPLATE);
  assert.equal(doc.languageId, 'yaml', 'the template stays a YAML document');
  return doc;
}

describe('Policies in a CloudFormation template', function () {
  const ext = useExtension();

  it('shows the policy diagnostics on the template lines and fixes the YAML with a quick fix', async () => {
    const doc = await openTemplate(ext.api);
    try {
      const diags = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).length >= 3, 'the three deliberate mistakes'));
      assert.deepEqual(
        diags.map((d) => shown(doc, d)).sort(),
        [
          `${lineOf(doc, 'getobjectversion') + 1} ACTION_CASE_MISMATCH s3:getobjectversion`,
          `${lineOf(doc, 'Resource: !GetAtt ReportsBucket.Arn') + 1} RESOURCE_MISMATCH ReportsBucket.Arn`,
          `${lineOf(doc, 'sqs:DeleteMesage') + 1} INVALID_ACTION sqs:DeleteMesage`,
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
      // The plain YAML scalar is replaced in place: same indentation, still a block sequence item.
      assert.equal(doc.lineAt(invalid.range.start.line).text, '                  - sqs:DeleteMessage');
      await waitForDiagnostics(
        doc.uri,
        (d) => ours(d).length === 2 && !d.some((x) => diagnosticCode(x) === 'INVALID_ACTION'),
        'INVALID_ACTION gone after the fix',
      );

      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(lineOf(doc, 'sqs:ReceiveMessage'), 24),
      );
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /sqs:ReceiveMessage/);
    } finally {
      await revertExample(doc);
    }
  });

  it('completes an action inside a policy of the template', async () => {
    const doc = await openTemplate(ext.api);
    try {
      await assertActionCompletion(ext.api, doc, lineOf(doc, 'sqs:ReceiveMessage'));
    } finally {
      await revertExample(doc);
    }
  });
});
