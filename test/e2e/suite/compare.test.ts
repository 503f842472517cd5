// The "vs HEAD" code lens in a real VS Code: examples/ lives in this repository, so the built-in Git
// extension finds HEAD; an unsaved widening shows "Grants new access vs HEAD" with a counterexample
// that Simulate Access allows, a narrowing shows "No new access vs HEAD".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CompareWithBaseResult } from '../../../server/src/protocol';
import type { SimulateAccessResult } from '../../../server/src/protocol';
import { openPolicy, useExtension, waitFor } from './helpers';

const POLICY = 'policies/developers.iam.json';

/** The "vs HEAD" lens of `uri`, once `accept` holds (git opens the repository in the background). */
async function headLens(uri: vscode.Uri, accept: (title: string) => boolean, timeoutMs = 60_000): Promise<vscode.CodeLens> {
  const deadline = Date.now() + timeoutMs;
  let last = '(none)';
  for (;;) {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const lens = lenses.find((l) => /vs HEAD/.test(l.command?.title ?? ''));
    last = lens?.command?.title ?? '(none)';
    if (lens && accept(last)) return lens;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the vs HEAD lens; last: ${last}`);
    // No event tells when the Git extension has opened the repository: ask again shortly.
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('"vs HEAD" code lens on a modified policy', function () {
  const ext = useExtension();

  it('shows new access with a counterexample that Simulate Access allows, and no new access for a narrowing', async function () {
    this.timeout(180_000);
    // The workspace is examples/, inside the repository: VS Code opens repositories in parent
    // folders only when asked (git.openRepositoryInParentFolders), as a user does from the SCM view.
    // The e2e profile turns Git off (scripts/e2e/lib.mjs): turn it on for this test.
    type GitExtension = {
      readonly enabled: boolean;
      readonly onDidChangeEnablement: vscode.Event<boolean>;
      getAPI(v: 1): { openRepository(root: vscode.Uri): Promise<unknown> };
    };
    const git = vscode.extensions.getExtension<GitExtension>('vscode.git');
    assert.ok(git, 'the built-in Git extension');
    const gitExt = git.isActive ? git.exports : await git.activate();
    await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Global);
    await waitFor(
      gitExt.onDidChangeEnablement,
      () => (gitExt.enabled ? true : undefined),
      () => 'Git to be enabled',
    );
    const api = gitExt.getAPI(1);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    assert.ok(await api.openRepository(vscode.Uri.joinPath(folder, '..')), 'the repository around examples/');
    const doc = await openPolicy(ext.api, POLICY);
    const editor = await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const replaceAll = (text: string) =>
      editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text));
    const value = JSON.parse(original) as { Statement: Record<string, unknown>[] };
    try {
      await replaceAll(
        JSON.stringify(
          { ...value, Statement: [...value.Statement, { Sid: 'PassAnyRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] },
          null,
          2,
        ),
      );
      const lens = await headLens(doc.uri, (t) => t.startsWith('Grants new access vs HEAD'));
      assert.equal(lens.command?.command, 'iamPolicyStudio.showNewAccess');
      const result = lens.command?.arguments?.[1] as CompareWithBaseResult;
      const cx = result.counterexamples[0];
      assert.equal(cx?.request.action, 'iam:PassRole');
      assert.equal(cx?.allowedBy[0]?.sid, 'PassAnyRole');
      assert.match(
        doc.lineAt(cx!.allowedBy[0]!.range.start.line).text + doc.lineAt(cx!.allowedBy[0]!.range.start.line + 1).text,
        /PassAnyRole/,
      );
      // What clicking opens: the request in Simulate Access, with this document as the caller's policy.
      // (client/src/compareLens.ts simulateArgs: an identity policy runs as the caller's only policy.)
      const args = {
        customPolicyUri: doc.uri.toString(),
        action: cx!.request.action,
        resource: cx!.request.resource,
        context: cx!.request.context,
        show: false,
      };
      const simulated = await vscode.commands.executeCommand<SimulateAccessResult>('iamPolicyStudio.simulateAccess', args);
      // The document allows it; the model's SCPs and boundaries may still decide otherwise.
      const entry = simulated.entries[0];
      assert.deepEqual(simulated.errors, []);
      assert.equal(entry?.action, 'iam:PassRole');
      assert.equal(entry?.policies?.find((p) => p.policyType === 'identity')?.allows, true, entry?.summary);

      await replaceAll(JSON.stringify({ ...value, Statement: value.Statement.slice(0, 1) }, null, 2));
      await headLens(doc.uri, (t) => t === 'No new access vs HEAD');
    } finally {
      await replaceAll(original);
      await doc.save();
      await vscode.workspace.getConfiguration('git').update('enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
