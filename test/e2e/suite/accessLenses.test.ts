// The model code lenses in a real VS Code, on examples/organization.iam-model.json: the server's
// lenses ("N principals can read · M can write" on each resource, "can become admin" on each
// principal) show on the model file, and clicking one opens the access view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AccessViewRequest, SHOW_ACCESS_COMMAND, type AccessViewParams, type AccessViewResult } from '../../../server/src/protocol';
import { useExtension, waitFor, workspaceUri } from './helpers';

function accessTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('iamPolicyStudio.access'));
}

describe('Model code lenses: who can, escalation paths', function () {
  const ext = useExtension();

  it('shows who can read and write a resource and a principal escalation path as code lenses, and opens the view', async () => {
    const uri = workspaceUri('organization.iam-model.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    // Resolved lenses (the server computes a lens's counts when the editor resolves it).
    let lenses: vscode.CodeLens[] = [];
    for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 500))) {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 200);
      lenses = all.filter((l) => l.command?.command === SHOW_ACCESS_COMMAND);
      // Five resources, six users and four roles in the model file.
      if (lenses.length === 15) break;
    }
    assert.equal(lenses.length, 15, 'the access code lenses of the model');
    const line = (l: vscode.CodeLens) => doc.lineAt(l.range.start.line).text;
    const reports = lenses.find((l) => line(l).includes('"arn": "arn:aws:s3:::example-reports"'));
    assert.ok(reports, lenses.map((l) => `${l.range.start.line}: ${l.command?.title}`).join('\n'));
    const m = /^(\d+) principals? can read · (\d+) can write$/.exec(reports.command!.title);
    assert.ok(m, reports.command!.title);
    const args = reports.command!.arguments![0] as AccessViewParams;
    const view = await ext.api.client.sendRequest<AccessViewResult>(AccessViewRequest.method, args);
    assert.equal(Number(m[1]), view.resource?.levels.find((l) => l.level === 'Read')?.principals.length);
    assert.ok(view.resource?.levels.find((l) => l.level === 'Read')?.principals.some((p) => p.principal.endsWith(':user/alice')));
    const frank = lenses.find((l) => /"frank": \{/.test(line(l)));
    assert.equal(frank?.command?.title, 'can become admin: 1 path');

    // Clicking the lens runs its command: the access view opens.
    await vscode.commands.executeCommand(reports.command!.command, ...reports.command!.arguments!);
    await waitFor(
      vscode.window.tabGroups.onDidChangeTabs,
      () => (accessTabs().length === 1 ? true : undefined),
      () => 'the access view tab',
    );
    assert.equal(accessTabs()[0]?.label, 'IAM: Who Can');
    await vscode.commands.executeCommand(frank!.command!.command, ...frank!.command!.arguments!);
    await waitFor(
      vscode.window.tabGroups.onDidChangeTabs,
      () => (accessTabs()[0]?.label === 'IAM: Escalation Paths' ? true : undefined),
      () => 'the access view showing escalation paths',
    );
  });
});
