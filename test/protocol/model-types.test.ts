/**
 * A policy's type comes from the workspace model that uses it. When the model file changes on
 * disk (not open in the editor) and a policy's type changes with it, the server publishes that
 * policy's diagnostics again for its new type, without the policy being edited.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_PATH, startServer, waitForDiagnostics } from '../helpers/lspClient';
import { PolicyTypeRequest } from '../../server/src/protocol';

const trustShaped = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
  null,
  2,
);
const asIdentity = { accounts: [{ id: '111122223333', policies: { P: 'p.json' }, users: { u: { policies: ['P'] } } }] };
const asTrust = { accounts: [{ id: '111122223333', roles: { r: { trustPolicy: 'p.json' } } }] };

test("a model change on disk that changes a policy's type re-publishes that policy's diagnostics", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-ws-'));
  const modelFile = join(dir, 'types.iam-model.json');
  writeFileSync(modelFile, JSON.stringify(asIdentity, null, 2));
  writeFileSync(join(dir, 'p.json'), trustShaped);
  const policyUri = URI.file(join(dir, 'p.json')).toString();
  const client = await startServer({}, [SERVER_PATH, '--stdio'], URI.file(dir).toString());
  const published: PublishDiagnosticsParams[] = [];
  client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  try {
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: policyUri, languageId: 'iam-policy', version: 1, text: trustShaped },
    });
    const first = await waitForDiagnostics(published, (p) => p.uri === policyUri);
    assert.equal((await client.connection.sendRequest(PolicyTypeRequest.type, { uri: policyUri }))?.type, 'identity');
    assert.ok(first.diagnostics.length > 0, 'a Principal is a mistake in an identity policy');

    published.length = 0;
    writeFileSync(modelFile, JSON.stringify(asTrust, null, 2));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: URI.file(modelFile).toString(), type: 2 }],
    });
    const again = await waitForDiagnostics(published, (p) => p.uri === policyUri);
    assert.equal((await client.connection.sendRequest(PolicyTypeRequest.type, { uri: policyUri }))?.type, 'trust');
    assert.deepEqual(
      again.diagnostics.filter((d) => d.severity === 1).map((d) => d.code),
      [],
      "as the role's trust policy, the same text has no errors",
    );
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});
