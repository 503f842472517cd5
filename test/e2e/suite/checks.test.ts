// IAM checks in a real VS Code: a policy with several problems shows them in getDiagnostics (code,
// range, documentation link), a quick fix from the editor's code action provider fixes the text,
// and a per-file policy type changes which checks apply.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PolicyTypeRequest, SetPolicyTypeNotification, type PolicyTypeResult } from '../../../server/src/protocol';
import { diagnosticCode, useExtension, waitForDiagnostics } from './helpers';

const POLICY = `{
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObjet", "s3:ListBucket"], "Resource": "*" },
    { "Sid": "Read", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }
  ]
}
`;

/** The range of the first `needle` in the document. */
function rangeOf(doc: vscode.TextDocument, needle: string): vscode.Range {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not found`);
  return new vscode.Range(doc.positionAt(i), doc.positionAt(i + needle.length));
}

const codeOf = (d: vscode.Diagnostic) => String(diagnosticCode(d));

// Messages go by method name: this suite is bundled separately from the extension, and the
// protocol library's type objects do not match across the two bundles.
describe('IAM checks and quick fixes in the editor', function () {
  const ext = useExtension();

  it('shows several problems at their ranges and fixes one with a quick fix', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'iam-policy', content: POLICY });
    await vscode.window.showTextDocument(doc);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.length >= 4, 'the check diagnostics');
    const found = diags.map((d) => `${codeOf(d)} ${doc.getText(d.range)}`).sort();
    assert.deepEqual(found, [
      'INVALID_ACTION "s3:GetObjet"',
      'MISSING_VERSION "Statement"',
      'PASS_ROLE_WITH_STAR_IN_RESOURCE "iam:PassRole"',
      'UNIQUE_SIDS_REQUIRED "Read"',
    ]);
    const invalid = diags.find((d) => codeOf(d) === 'INVALID_ACTION')!;
    assert.deepEqual(invalid.range, rangeOf(doc, '"s3:GetObjet"'));
    assert.equal(invalid.severity, vscode.DiagnosticSeverity.Error);
    const target = (invalid.code as { target?: vscode.Uri }).target;
    assert.match(String(target), /access-analyzer-reference-policy-checks/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      invalid.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Replace with "s3:GetObject"');
    assert.ok(fix?.edit, `offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(doc.getText().includes('"Action": ["s3:GetObject", "s3:ListBucket"]'));
    await waitForDiagnostics(
      doc.uri,
      (d) => d.length === 3 && !d.some((x) => codeOf(x) === 'INVALID_ACTION'),
      'INVALID_ACTION gone after the fix',
    );
  });

  it('re-checks a file as an SCP when its policy type is set, and shows the type', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'iam-policy',
      // 5,313 characters: over an SCP's 5,120, within an identity policy's 10,240.
      content: JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Action: 's3:GetObject',
              Resource: Array.from({ length: 180 }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, '0')}/*`),
            },
          ],
        },
        null,
        2,
      ),
    });
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(doc.uri, (d) => d.length === 0, 'a clean identity policy');
    const uri = doc.uri.toString();
    assert.equal((await ext.api.client.sendRequest<PolicyTypeResult | null>(PolicyTypeRequest.method, { uri }))?.type, 'identity');
    await ext.api.client.sendNotification(SetPolicyTypeNotification.method, { uri, type: 'scp' });
    const diags = await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'SCP diagnostics');
    assert.deepEqual(diags.map(codeOf), ['POLICY_SIZE_EXCEEDS_SCP_QUOTA']);
    assert.equal(
      (await ext.api.client.sendRequest<PolicyTypeResult | null>(PolicyTypeRequest.method, { uri }))?.label,
      'Service control policy (SCP)',
    );
    assert.ok(
      (await vscode.commands.getCommands(true)).includes('iamPolicyStudio.setPolicyType'),
      'the Set Policy Type command is registered',
    );
    await ext.api.client.sendNotification(SetPolicyTypeNotification.method, { uri, type: null });
    await waitForDiagnostics(doc.uri, (d) => d.length === 0, 'clean again after clearing the type');
  });
});
