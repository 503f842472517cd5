/**
 * The language server is a function (README, "State is explicit"): a test starts it in this
 * process over in-memory streams, with no child process and no argv, and talks LSP to it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from '../../server/src/node/languageServer';
import { AgentToolRequest, type AgentToolResult } from '../../server/src/protocol';

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
  // Shutdown only: `exit`, or the end of the server's input stream, would end this process (with
  // status 0, hiding the tests after this one), as they must for a real server.
  await client.sendRequest('shutdown');
  client.dispose();
});

/** A language server started in this process, initialized with `root` as its workspace folder. */
async function inProcessServer(root: string) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startLanguageServer(createConnection(ProposedFeatures.all, toServer, toClient), { bundleDir: join(__dirname, '..', '..', 'dist') });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.listen();
  const uri = pathToFileURL(root).toString();
  await client.sendRequest('initialize', {
    processId: null,
    rootUri: uri,
    workspaceFolders: [{ uri, name: 'examples' }],
    capabilities: {},
  });
  await client.sendNotification('initialized', {});
  return {
    client,
    /** Shutdown only, as above. */
    async close() {
      await client.sendRequest('shutdown');
      client.dispose();
    },
  };
}

test('two language servers in one process each run the agent tools (iamPolicy/agentTool) with state of their own', async () => {
  const examples = join(__dirname, '..', '..', 'examples');
  const servers = [await inProcessServer(examples), await inProcessServer(examples)];
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObjekt'], Resource: '*' }] };
  const types = ['trust', 'identity'];
  // Both servers at once (overlapping checks on one state: test/unit/agents/tool-state.test.ts).
  const results = await Promise.all(
    servers.flatMap(({ client }) =>
      types.map((policyType) => client.sendRequest(AgentToolRequest.type, { name: 'validate_policy', input: { policy, policyType } })),
    ),
  );
  assert.deepEqual(
    results.map((r: AgentToolResult) => [r.isError ?? false, r.structured.policyType]),
    [...types, ...types].map((t) => [false, t]),
  );
  for (const r of results)
    assert.ok(
      (r.structured.findings as { code: string }[]).some((f) => f.code === 'INVALID_ACTION'),
      JSON.stringify(r.structured),
    );
  for (const s of servers) await s.close();
});
