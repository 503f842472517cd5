// What a user sees when opening policy files from examples/ in a real VS Code: the language mode,
// the squiggles (diagnostics) with their exact ranges and messages, and a clean valid policy.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  describeDiagnostics,
  diagnosticCode,
  formatDiagnostic,
  openPolicy,
  useExtension,
  waitForDiagnostics,
  waitForLanguage,
  workspaceUri,
} from './helpers';

const SOURCE = 'iam-policy-studio';
const BROKEN = 'mistakes/effect-and-syntax.iam.json';
const VALID = 'policies/developers.iam.json';
const DETECTED = 'policies/reports-bucket-policy.json';

/** The range of the `occurrence`-th match of `needle` in the document (a marker-free way to name text). */
function rangeOf(doc: vscode.TextDocument, needle: RegExp): vscode.Range {
  const m = needle.exec(doc.getText());
  assert.ok(m, `${needle} not found in ${doc.uri.path}`);
  const start = m.index + (m[1] !== undefined ? m[0].indexOf(m[1]) : 0);
  return new vscode.Range(doc.positionAt(start), doc.positionAt(start + (m[1] ?? m[0]).length));
}

describe('IAM policy files in the editor', function () {
  const ext = useExtension();

  it('shows the lowercase Effect and the trailing comma as errors at their exact ranges', async () => {
    const uri = workspaceUri(BROKEN);
    const doc = await vscode.window.showTextDocument(uri).then((e) => e.document);
    assert.equal(doc.languageId, 'iam-policy');
    const diags = await waitForDiagnostics(uri, (d) => d.length >= 2, 'two diagnostics');
    const actual = diags.map(formatDiagnostic).sort();
    const effect = rangeOf(doc, /"Effect":\s*("allow")/);
    const comma = rangeOf(doc, /"arn:aws:s3:::example-reports\/\*"(,)\s*\}/);
    const expected = [
      { range: effect, code: 'INVALID_EFFECT', message: '`Effect` must be "Allow" or "Deny", found "allow".' },
      { range: comma, code: 'JSON_SYNTAX_ERROR', message: 'Trailing comma: AWS accepts strict JSON only.' },
    ].map((e) =>
      formatDiagnostic(
        Object.assign(new vscode.Diagnostic(e.range, e.message, vscode.DiagnosticSeverity.Error), { source: SOURCE, code: e.code }),
      ),
    );
    assert.deepEqual(actual, expected.sort());
  });

  it('leaves a valid *.iam.json policy without any diagnostics', async () => {
    const doc = await openPolicy(ext.api, VALID);
    assert.equal(doc.languageId, 'iam-policy');
    assert.equal(describeDiagnostics(vscode.languages.getDiagnostics(doc.uri)), '(none)');
  });

  it('switches a plain .json policy to iam-policy by its content and validates it cleanly', async () => {
    // Only content detection can make a plain .json file iam-policy (no filename pattern matches).
    const doc = await openPolicy(ext.api, DETECTED);
    assert.equal(doc.languageId, 'iam-policy');
    assert.equal(describeDiagnostics(vscode.languages.getDiagnostics(doc.uri)), '(none)');
  });

  it('keeps other JSON as json while detecting a policy typed into an untitled editor', async () => {
    const other = await vscode.workspace.openTextDocument({ language: 'json', content: '{ "name": "not-a-policy", "Statement": "x" }' });
    const policyText = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }';
    const policy = await vscode.workspace.openTextDocument({ language: 'json', content: policyText });
    // Detection of `other` ran (synchronously up to its decision) before `policy` was opened.
    await waitForLanguage(policy.uri, 'iam-policy');
    assert.equal(other.languageId, 'json');
  });

  it('reports a mistake as it is typed and clears it when undone', async () => {
    const doc = await openPolicy(ext.api, VALID);
    assert.equal(describeDiagnostics(vscode.languages.getDiagnostics(doc.uri)), '(none)');
    const editor = await vscode.window.showTextDocument(doc);
    try {
      const allow = rangeOf(doc, /"Effect":\s*"(Allow)"/);
      await editor.edit((b) => b.replace(allow, 'allow'));
      const diags = await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'a diagnostic after typing');
      assert.deepEqual(
        diags.map((d) => [diagnosticCode(d), doc.getText(d.range)]),
        [['INVALID_EFFECT', '"allow"']],
      );
      await vscode.commands.executeCommand('undo');
      await waitForDiagnostics(doc.uri, (d) => d.length === 0, 'no diagnostics after undo');
      assert.equal(doc.isDirty, false);
    } finally {
      // Never leave the example modified (and never let a save dialog block the run).
      if (doc.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
