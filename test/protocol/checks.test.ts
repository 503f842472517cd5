/**
 * IAM checks over stdio with the bundled server: check diagnostics, a quick fix through
 * textDocument/codeAction, the policy type request and the user's policy type notification,
 * and severities from initializationOptions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer } from '../helpers/lspClient';
import { PolicyTypeRequest, SetPolicyTypeNotification } from '../../server/src/protocol';

const TEXT = '{\n  "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObjet", "Resource": "*" }]\n}\n';

test('check diagnostics, quick fixes and policy types over stdio', async () => {
  const client = await startServer({ severity: { MISSING_VERSION: 'off' } });
  try {
    const uri = 'file:///ws/app.policy.json';
    const published = await client.openAndWaitForDiagnostics(uri, TEXT);
    const codes = published.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['INVALID_ACTION']);
    const [diagnostic] = published.diagnostics;
    assert.ok(diagnostic);

    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((a) => a.title === 'Replace with "s3:GetObject"');
    assert.ok(fix?.edit?.changes?.[uri], `offered: ${actions.map((a) => a.title).join(', ')}`);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'iam-policy', 1, TEXT), fix.edit.changes[uri]);
    assert.match(fixed, /"Action": "s3:GetObject"/);

    assert.deepEqual(await client.connection.sendRequest(PolicyTypeRequest.type, { uri }), {
      type: 'resource',
      source: 'content',
      label: 'Resource-based policy',
    });
    const next = new Promise<PublishDiagnosticsParams>((resolve) => {
      const sub = client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.uri !== uri) return;
        sub.dispose();
        resolve(p);
      });
    });
    await client.connection.sendNotification(SetPolicyTypeNotification.type, { uri, type: 'identity' });
    const retyped = await next;
    assert.ok(
      retyped.diagnostics.some((d) => d.code === 'UNSUPPORTED_PRINCIPAL'),
      'an identity policy must not have a Principal',
    );
    assert.equal((await client.connection.sendRequest(PolicyTypeRequest.type, { uri }))?.source, 'override');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
