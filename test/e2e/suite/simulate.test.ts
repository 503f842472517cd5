// "IAM: Simulate Access…" and the model file in a real VS Code, on examples/: the command run with
// arguments returns the decisions and opens the result view; access-test code lenses, go to
// definition and completion in organization.iam-model.json through the editor's provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulateAccessResult } from '../../../server/src/protocol';
import { activateExtension, diagnosticCode, openPolicy, useExtension, waitFor, workspaceUri } from './helpers';

const MODEL = 'organization.iam-model.json';
const REPORT = 'arn:aws:s3:::example-reports/2024/q1.csv';

function simulate(args: Record<string, unknown>): Thenable<SimulateAccessResult> {
  return vscode.commands.executeCommand<SimulateAccessResult>('iamPolicyStudio.simulateAccess', args);
}

/** The position inside the first match of `needle`, `delta` characters after its start. */
function positionIn(doc: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not found in ${doc.uri.path}`);
  return doc.positionAt(i + delta);
}

/** The access-test lenses of a model (the server's who-can and escalation lenses left out). */
async function testLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.filter((l) => /^[✓✗]/.test(l.command?.title ?? ''));
}

function simulationTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('iamPolicyStudio.simulation'));
}

describe('Simulate Access and the workspace model', function () {
  useExtension();

  it('returns the decisions for a principal, actions and resources given as arguments, and shows the result view', async () => {
    const result = await simulate({ principal: 'alice', actions: ['s3:GetObject', 's3:PutObject'], resources: [REPORT] });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.entries.map((e) => [e.action, e.resource, e.decision]),
      [
        ['s3:GetObject', REPORT, 'Allowed'],
        ['s3:PutObject', REPORT, 'ImplicitDeny'],
      ],
    );
    assert.equal(result.principal, 'arn:aws:iam::111122223333:user/alice');
    await waitFor(
      vscode.window.tabGroups.onDidChangeTabs,
      () => (simulationTabs().length === 1 ? true : undefined),
      () => 'the result view tab',
    );
    assert.equal(simulationTabs()[0]?.label, 'IAM Access Simulation');
  });

  it('links the deciding statement to its file and range, with context supplied as an argument', async () => {
    const result = await simulate({
      principal: 'alice',
      action: 's3:GetObject',
      resource: REPORT,
      context: { 'aws:SecureTransport': 'false' },
      show: false,
    });
    const entry = result.entries[0];
    assert.equal(entry?.decision, 'ExplicitDeny');
    const link = entry.decidedBy[0];
    assert.equal(link?.sid, 'DenyInsecureTransport');
    assert.equal(link.location?.uri, workspaceUri('policies/reports-bucket-policy.json').toString());
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(link.location.uri));
    const start = link.location.range.start;
    assert.match(doc.lineAt(start.line).text.slice(start.character), /^\{/, 'the range starts at the statement object');
  });

  it('simulates the policy in an editor as a custom policy', async () => {
    const doc = await openPolicy(await activateExtension(), 'policies/qa.iam.json');
    const result = await simulate({
      customPolicyUri: doc.uri.toString(),
      customPolicyAccount: '111122223333',
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::example-qa-artifacts/build-42.zip', REPORT],
      show: false,
    });
    assert.equal(result.principal, 'arn:aws:iam::111122223333:user/custom-policy-user');
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.entries.map((e) => e.decision),
      ['Allowed', 'ImplicitDeny'],
    );
  });

  it('simulates through a role chain given as an argument', async () => {
    const result = await simulate({
      principal: 'dave',
      via: ['arn:aws:iam::111122223333:role/break-glass'],
      actions: ['iam:CreateUser', 'cloudtrail:StopLogging'],
      show: false,
    });
    assert.deepEqual(
      result.chain?.map((c) => [c.role, c.decision]),
      [['arn:aws:iam::111122223333:role/break-glass', 'Allowed']],
    );
    assert.equal(result.principal, 'arn:aws:sts::111122223333:assumed-role/break-glass/iam-policy-studio');
    assert.deepEqual(
      result.entries.map((e) => e.decision),
      ['Allowed', 'ExplicitDeny'],
    );
  });

  it('simulates a SAM template principal of a model that imports the template, linking the deciding statement to its YAML line', async () => {
    const modelUri = workspaceUri('serverless/orders.iam-model.json').toString();
    const result = await simulate({
      modelUri,
      principal: 'OrdersFunctionRole',
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resources: ['arn:aws:s3:::example-orders/orders/1001.json'],
      show: false,
    });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.entries.map((e) => e.decision),
      ['Allowed', 'ExplicitDeny'],
    );
    assert.equal(result.principal, 'arn:aws:sts::555566667777:assumed-role/OrdersFunctionRole/iam-policy-studio');
    const link = result.entries[0]?.decidedBy[0];
    assert.equal(link?.location?.uri, workspaceUri('serverless/template.yaml').toString());
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(link.location.uri));
    assert.match(
      doc.lineAt(link.location.range.start.line).text,
      /Sid: WriteOrders/,
      'the statement of the function policy in the template',
    );
    assert.equal(result.entries[1]?.decidedBy[0]?.policyName, 'ProtectOrders', 'the SCP of the OU blocks the template role');
    // The model's access tests show as code lenses on the model file, all passing.
    const model = await vscode.workspace.openTextDocument(vscode.Uri.parse(modelUri));
    await vscode.window.showTextDocument(model);
    const lenses = await testLenses(model.uri);
    assert.equal(lenses.length, 6);
    assert.deepEqual([...new Set(lenses.map((l) => l.command?.title))], ['✓ passes']);
  });

  it('simulates a principal of an open CloudFormation template that no model imports, on its own, linking the deciding statement to its YAML line', async () => {
    const templateUri = workspaceUri('cloudformation/app.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(templateUri));
    const result = await simulate({
      modelUri: templateUri.toString(),
      principal: 'WorkerRole',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: ['arn:aws:s3:::example-reports/results/1.csv'],
      show: false,
    });
    assert.deepEqual(result.errors, []);
    assert.equal(result.modelUri, templateUri.toString());
    // No parameter names the account: the stand-in account of ${AWS::AccountId}.
    assert.equal(result.principal, 'arn:aws:sts::000000000000:assumed-role/WorkerRole/iam-policy-studio');
    assert.deepEqual(
      result.entries.map((e) => e.decision),
      ['ImplicitDeny', 'Allowed'],
      's3:GetObject is granted on the bucket ARN only (the mistake the template shows), s3:PutObject on results/*',
    );
    const link = result.entries[1]?.decidedBy[0];
    assert.equal(link?.location?.uri, templateUri.toString());
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(link.location.uri));
    assert.match(doc.lineAt(link.location.range.start.line).text, /Sid: WriteResults/);
  });

  it('shows a code lens with the current result on every access test of the model', async () => {
    const uri = workspaceUri(MODEL);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lenses = await testLenses(uri);
    const tests = (doc.getText().match(/"expect":/g) ?? []).length;
    assert.equal(lenses.length, tests);
    assert.deepEqual([...new Set(lenses.map((l) => l.command?.title))], ['✓ passes']);
    const first = lenses.sort((a, b) => a.range.start.line - b.range.start.line)[0];
    assert.match(doc.lineAt(first!.range.start.line).text, /"developers read reports"/);
    assert.equal(first?.command?.command, 'iamPolicyStudio.simulateAccess');
    assert.deepEqual(first?.command?.arguments?.[0], {
      modelUri: uri.toString(),
      principal: 'alice',
      actions: ['s3:GetObject'],
      resources: [REPORT],
    });
  });

  it('gives the new answer after a policy is edited, in the result and in the code lenses', async () => {
    const uri = workspaceUri(MODEL);
    const model = await vscode.workspace.openTextDocument(uri);
    const policy = await openPolicy(await activateExtension(), 'policies/developers.iam.json');
    const before = await simulate({ principal: 'alice', action: 's3:GetObject', resource: REPORT, show: false });
    assert.equal(before.entries[0]?.decision, 'Allowed');
    const editor = await vscode.window.showTextDocument(policy);
    const whole = new vscode.Range(policy.positionAt(0), policy.positionAt(policy.getText().length));
    const original = policy.getText();
    // Unsaved: only the DescribeInstances statement is left, so the Developers lose S3 read.
    const edited = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Sid: 'DescribeInstances', Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }] },
      null,
      2,
    );
    try {
      await editor.edit((b) => b.replace(whole, edited));
      const failing = () => testLenses(uri).then((ls) => ls.filter((l) => l.command?.title.startsWith('✗')));
      // The server re-runs the tests after a short pause and republishes the model's diagnostics.
      await waitFor(
        vscode.languages.onDidChangeDiagnostics,
        () => (vscode.languages.getDiagnostics(uri).some((d) => diagnosticCode(d) === 'ACCESS_TEST_FAILED') ? true : undefined),
        () => 'a failing access test on the model',
      );
      const lenses = await failing();
      assert.deepEqual(
        lenses.map((l) => model.lineAt(l.range.start.line).text.match(/"name": "([^"]+)"/)?.[1]),
        ['developers read reports', 'bob kept developer access after the move'],
      );
      assert.match(lenses[0]!.command!.title, /^✗ fails: /);
      const after = await simulate({ principal: 'alice', action: 's3:GetObject', resource: REPORT, show: false });
      assert.equal(after.entries[0]?.decision, 'ImplicitDeny');
    } finally {
      await editor.edit((b) => b.replace(new vscode.Range(policy.positionAt(0), policy.positionAt(policy.getText().length)), original));
      await policy.save();
    }
  });

  it('goes from a policy file path to the file and from a group name to the group entry', async () => {
    const uri = workspaceUri(MODEL);
    const doc = await vscode.workspace.openTextDocument(uri);
    const toFile = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeDefinitionProvider',
      uri,
      positionIn(doc, '"policies/qa.iam.json"', 3),
    );
    assert.deepEqual(
      toFile.map((l) => l.uri.toString()),
      [workspaceUri('policies/qa.iam.json').toString()],
    );
    const alice = doc.getText().indexOf('"alice"');
    const ref = doc.getText().indexOf('"Developers"', alice);
    const toGroup = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeDefinitionProvider',
      uri,
      doc.positionAt(ref + 2),
    );
    assert.equal(toGroup.length, 1);
    assert.equal(doc.getText(toGroup[0]!.range), '"Developers"');
    assert.match(doc.lineAt(toGroup[0]!.range.start.line).text, /"Developers": \{ "policies"/);
  });

  it('completes policy files relative to the model and goes from a test principal to the user', async () => {
    const uri = workspaceUri(MODEL);
    const doc = await vscode.workspace.openTextDocument(uri);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      positionIn(doc, '"policies/qa.iam.json"', 1),
    );
    const files = list.items
      .filter((i) => i.kind === vscode.CompletionItemKind.File)
      .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(
      files.includes('policies/developers.iam.json') && files.includes('aws/tools-account-authorization-details.json'),
      files.join(', '),
    );
    assert.ok(!files.some((f) => f.endsWith('.iam-model.json')), 'model files are not policies');
    const carol = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeDefinitionProvider',
      uri,
      positionIn(doc, '"principal": "carol"', '"principal": "c'.length),
    );
    assert.equal(carol.length, 1);
    assert.match(doc.lineAt(carol[0]!.range.start.line).text, /^\s*"carol": \{/);
  });

  it('completes group names of the account in a user entry', async () => {
    const uri = workspaceUri(MODEL);
    const doc = await vscode.workspace.openTextDocument(uri);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      positionIn(doc, '"groups": ["QA"]', '"groups": ["'.length),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const g of ['Developers', 'QA', 'Database']) assert.ok(labels.includes(g), `${g} offered; got ${labels.slice(0, 20).join(', ')}`);
  });
});
