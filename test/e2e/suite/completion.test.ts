// Completion and hover in a real VS Code, through the editor's own provider commands: what the
// suggest widget and the hover would show.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IamPolicyStudioApi } from '../../../client/src/extension';
import { nextPublish, useExtension, workspaceUri } from './helpers';

const VALID = 'policies/developers.iam.json';

/** The position just after the first match of `needle` (plus `delta` characters). */
function positionAfter(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not found in ${doc.uri.toString()}`);
  return doc.positionAt(i + needle.length + delta);
}

/** An item's label text (a label with details is an object). */
function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Opens `content` as an untitled policy, waits for the server to validate it, and completes just after `after`. */
async function completeIn(api: IamPolicyStudioApi, content: string, after: string): Promise<vscode.CompletionList> {
  const doc = await vscode.workspace.openTextDocument({ language: 'iam-policy', content });
  const published = nextPublish(api, doc.uri);
  await vscode.window.showTextDocument(doc);
  await published;
  return vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, positionAfter(doc, after));
}

/** Plain text of hover contents (markdown strings or MarkdownString objects). */
function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('Completion and hover in the editor', function () {
  const ext = useExtension();

  it('completes catalog actions inside an Action string', async () => {
    const list = await completeIn(
      ext.api,
      '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetOb", "Resource": "*" }]\n}\n',
      '"s3:GetOb',
    );
    const labels = list.items.map(labelOf);
    assert.ok(labels.includes('s3:GetObject'), `s3:GetObject offered; got ${labels.slice(0, 20).join(', ')}`);
    const item = list.items.find((i) => labelOf(i) === 's3:GetObject');
    assert.equal(item?.detail, 'Read');
    // The list row itself shows the access level (labelDetails reach VS Code as a label object).
    assert.equal(typeof item?.label === 'object' ? item.label.description : undefined, 'Read');
    assert.ok(
      labels.every((l) => !l.startsWith('ec2:')),
      'only s3 actions after "s3:"',
    );
  });

  it('completes service prefixes in an empty Action string', async () => {
    const list = await completeIn(
      ext.api,
      '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "", "Resource": "*" }] }',
      '"Action": "',
    );
    const labels = list.items.map(labelOf);
    for (const expected of ['s3', 'ec2', 'iam', '*'])
      assert.ok(labels.includes(expected), `${expected} offered; got ${labels.slice(0, 20).join(', ')}`);
    assert.ok(list.items.length <= 200, `at most 200 items, got ${list.items.length}`);
  });

  it('shows the access level when hovering over an action', async () => {
    const uri = workspaceUri(VALID);
    const wasOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    const published = wasOpen ? undefined : nextPublish(ext.api, uri);
    const doc = (await vscode.window.showTextDocument(uri)).document;
    await published;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      positionAfter(doc, '"ec2:Describe', -3),
    );
    const text = hoverText(hovers);
    assert.match(text, /\*\*ec2:DescribeInstances\*\* — access level: \*\*List\*\*/, text);
    assert.match(text, /data of \d{4}-\d{2}-\d{2}/);
  });
});
