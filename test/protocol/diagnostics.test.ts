/** The bundled server over stdio: initialize, open documents, receive diagnostics, shut down. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { SERVER_PATH, startServer } from '../helpers/lspClient';

test('bundled server publishes grammar diagnostics and exits cleanly', async () => {
  assert.ok(existsSync(SERVER_PATH), `build first: ${SERVER_PATH} is missing (npm run build)`);
  const client = await startServer();
  const broken = await client.openAndWaitForDiagnostics(
    'file:///ws/broken.iam.json',
    '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "allow", "Action": "s3:GetObject", "Resource": "*", }]\n}\n',
  );
  const byCode = broken.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]);
  assert.deepEqual(byCode, [
    ['INVALID_EFFECT', 2, 28],
    ['JSON_SYNTAX_ERROR', 2, 78],
  ]);
  assert.equal(broken.diagnostics[0]?.source, 'iam-policy-studio');
  assert.match(String(broken.diagnostics[0]?.codeDescription?.href), /access-analyzer-reference-policy-checks\.html#.*invalid-effect$/);

  const valid = await client.openAndWaitForDiagnostics(
    'file:///ws/valid.iam.json',
    '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
  );
  assert.deepEqual(valid.diagnostics, []);
  assert.equal(await client.shutdown(), 0);
});
