/**
 * The language server is a function (README, "State is explicit"): a test starts it in this
 * process over in-memory streams, with no child process and no argv, and talks LSP to it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from '../../server/src/node/languageServer';

test('startLanguageServer serves a connection over in-memory streams', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const argvBefore = [...process.argv];
  startLanguageServer(createConnection(ProposedFeatures.all, toServer, toClient), { bundleDir: join(__dirname, '..', '..', 'dist') });
  assert.deepEqual(process.argv, argvBefore, 'starting the server does not touch process.argv');

  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published = new Promise<PublishDiagnosticsParams>((resolve) =>
    client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => resolve(p)),
  );
  client.listen();
  const init = await client.sendRequest<{ capabilities: { hoverProvider?: boolean } }>('initialize', {
    processId: null,
    rootUri: null,
    capabilities: {},
  });
  assert.equal(init.capabilities.hoverProvider, true);
  await client.sendNotification('initialized', {});
  const uri = 'file:///in-process/example.policy.json';
  const text = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }] }';
  await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'iam-policy', version: 1, text } });
  const diagnostics = await published;
  assert.equal(diagnostics.uri, uri);
  assert.deepEqual(
    diagnostics.diagnostics.map((d) => d.code),
    ['INVALID_ACTION'],
  );
  // Shutdown only: `exit` would end this process, as it must for a real server.
  await client.sendRequest('shutdown');
  client.dispose();
  toServer.end();
  toClient.end();
});
