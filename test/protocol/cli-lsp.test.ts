/** `iam-policy-studio lsp --stdio` (the bundled CLI) is the same server: diagnostics, clean exit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_PATH, startServer } from '../helpers/lspClient';
import { PolicyTypeRequest } from '../../server/src/protocol';

test('the CLI lsp subcommand serves diagnostics over stdio and exits cleanly', async () => {
  assert.ok(existsSync(CLI_PATH), `build first: ${CLI_PATH} is missing (npm run build)`);
  const client = await startServer({}, [CLI_PATH, 'lsp', '--stdio']);
  const broken = await client.openAndWaitForDiagnostics(
    'file:///ws/broken.iam.json',
    '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "allow", "Action": "s3:GetObject", "Resource": "*", }]\n}\n',
  );
  assert.deepEqual(
    broken.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.source]),
    [
      ['INVALID_EFFECT', 2, 28, 'iam-policy-studio'],
      ['JSON_SYNTAX_ERROR', 2, 78, 'iam-policy-studio'],
    ],
  );
  const valid = await client.openAndWaitForDiagnostics(
    'file:///ws/valid.iam.json',
    '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
  );
  assert.deepEqual(valid.diagnostics, []);
  assert.equal(await client.shutdown(), 0);
});

test('the CLI lsp subcommand also starts without --stdio (stdio is the default)', async () => {
  const client = await startServer({}, [CLI_PATH, 'lsp']);
  const published = await client.openAndWaitForDiagnostics('file:///ws/x.iam.json', '{ "Statement": [] ');
  assert.ok(published.diagnostics.some((d) => d.code === 'JSON_SYNTAX_ERROR'));
  assert.equal(await client.shutdown(), 0);
});

test('an editor without configuration pull sets severities through initializationOptions', async () => {
  const client = await startServer({ severity: { INVALID_EFFECT: 'warning', JSON_SYNTAX_ERROR: 'off' } }, [CLI_PATH, 'lsp', '--stdio']);
  const published = await client.openAndWaitForDiagnostics(
    'file:///ws/broken.iam.json',
    '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "allow", "Action": "s3:GetObject", "Resource": "*", }]\n}\n',
  );
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.severity]),
    [['INVALID_EFFECT', 2]],
  );
  assert.equal(await client.shutdown(), 0);
});

test('lsp --stdio finds the workspace model under rootUri and checks a policy as the SCP the model makes it', async () => {
  const root = join(__dirname, '../data/cli/ws-model');
  const client = await startServer({}, [CLI_PATH, 'lsp', '--stdio'], pathToFileURL(root).href);
  const open = (name: string) =>
    client.openAndWaitForDiagnostics(pathToFileURL(join(root, 'policies', name)).href, readFileSync(join(root, 'policies', name), 'utf8'));
  // SCPs take the full policy language since September 2025, so the guardrail is clean as an SCP too.
  assert.deepEqual((await open('guardrail.iam.json')).diagnostics, []);
  const guardrail = pathToFileURL(join(root, 'policies', 'guardrail.iam.json')).href;
  assert.deepEqual(await client.connection.sendRequest(PolicyTypeRequest.type, { uri: guardrail }), {
    type: 'scp',
    source: 'workspace',
    label: 'Service control policy (SCP)',
  });
  assert.deepEqual((await open('readers.iam.json')).diagnostics, []);
  assert.equal(await client.shutdown(), 0);
});
