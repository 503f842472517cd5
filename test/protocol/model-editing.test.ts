/**
 * Editing a model file with any LSP client (not only VS Code): the bundled server answers
 * textDocument/completion and textDocument/definition in `*.iam-model.json` over stdio, with the
 * workspace read from the folder the client announces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { CompletionItem, CompletionList, Location, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_PATH, startServer, waitForDiagnostics } from '../helpers/lspClient';

const MODEL = `{
  "accounts": [
    {
      "id": "111122223333",
      "policies": { "Dev": "policies/dev.iam.json" },
      "groups": { "Developers": { "policies": ["Dev"] }, "QA": {} },
      "users": { "alice": { "groups": ["QA"] } }
    }
  ],
  "tests": [{ "principal": "alice", "action": "s3:GetObject", "resource": "*", "expect": "deny" }]
}
`;
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

test('completion and go to definition in a model file over LSP', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-model-edit-'));
  mkdirSync(join(dir, 'policies'));
  writeFileSync(join(dir, 'policies', 'dev.iam.json'), POLICY);
  writeFileSync(join(dir, 'org.iam-model.json'), MODEL);
  const uri = URI.file(join(dir, 'org.iam-model.json')).toString();
  const client = await startServer({}, [SERVER_PATH, '--stdio'], URI.file(dir).toString());
  const at = (needle: string, delta: number) => {
    const offset = MODEL.indexOf(needle) + delta;
    const before = MODEL.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };
  const textDocument = { uri };
  try {
    assert.equal(client.initializeResult.capabilities.definitionProvider, true);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'json', version: 1, text: MODEL },
    });

    const groups = await client.connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', {
      textDocument,
      position: at('"groups": ["QA"]', '"groups": ["'.length),
    });
    const items = Array.isArray(groups) ? groups : (groups?.items ?? []);
    assert.deepEqual(
      items.map((i) => i.label),
      ['Developers', 'QA'],
    );

    const policies = await client.connection.sendRequest<CompletionItem[] | null>('textDocument/completion', {
      textDocument,
      position: at('"policies": ["Dev"]', '"policies": ["'.length),
    });
    assert.deepEqual(
      (policies ?? []).map((i) => i.label),
      ['Dev', 'policies/dev.iam.json'],
      'the policy of the account, then the policy files of the workspace (the model left out)',
    );

    const principals = await client.connection.sendRequest<CompletionItem[] | null>('textDocument/completion', {
      textDocument,
      position: at('"principal": "alice"', '"principal": "a'.length),
    });
    assert.deepEqual(
      (principals ?? []).map((i) => [i.label, i.detail]),
      [
        ['111122223333:root', 'root · arn:aws:iam::111122223333:root'],
        ['alice', 'user · arn:aws:iam::111122223333:user/alice'],
      ],
    );

    const toFile = await client.connection.sendRequest<Location | null>('textDocument/definition', {
      textDocument,
      position: at('"policies/dev.iam.json"', 3),
    });
    assert.equal(toFile?.uri, URI.file(join(dir, 'policies', 'dev.iam.json')).toString());

    const toGroup = await client.connection.sendRequest<Location | null>('textDocument/definition', {
      textDocument,
      position: at('["QA"]', 3),
    });
    assert.equal(toGroup?.uri, uri);
    assert.deepEqual(toGroup?.range.start, at('"QA": {}', 0));

    const toUser = await client.connection.sendRequest<Location | null>('textDocument/definition', {
      textDocument,
      position: at('"principal": "alice"', '"principal": "al'.length),
    });
    assert.deepEqual(toUser?.range.start, at('"alice": {', 0));
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('MODEL_INVALID problems the client’s own schema validation reports are left out only for such a client', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-model-schema-'));
  const text = '{ "accounts": [ { "id": "111122223333", "users": { "bob": { "groups": "QA" }, "carol": { "groups": ["Nope"] } } } ] }\n';
  writeFileSync(join(dir, 'm.iam-model.json'), text);
  const uri = URI.file(join(dir, 'm.iam-model.json')).toString();
  try {
    for (const [options, expected] of [
      [{}, ['MODEL_INVALID', 'UNKNOWN_GROUP']],
      [{ modelSchemaValidation: true }, ['UNKNOWN_GROUP']],
    ] as const) {
      const client = await startServer(options, [SERVER_PATH, '--stdio'], URI.file(dir).toString());
      const published: PublishDiagnosticsParams[] = [];
      client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        published.push(p);
      });
      try {
        const got = await waitForDiagnostics(published, (p) => p.uri === uri);
        assert.deepEqual(got.diagnostics.map((d) => d.code).sort(), expected, JSON.stringify(options));
      } finally {
        await client.shutdown();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
