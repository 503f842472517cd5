/**
 * Issue 13: the fuzz run's protocol variant — the bundled server over stdio gets random and
 * adversarial edits (seeded, a fixed number of them) with every feature's request after each:
 * every request is answered (no error response), the server stays up, and the last version's
 * diagnostics arrive with no INTERNAL_ERROR. The service-level run with more rounds is
 * test/unit/hostile/fuzz.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer } from '../helpers/lspClient';
import { mulberry32 } from '../helpers/random';

const SEED = Number(process.env.FUZZ_SEED ?? 0x13);

const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '\\',
  '*',
  '?',
  '${',
  '\n',
  '\u0000',
  '\u2028',
  '\ud800',
  '\ufeff',
  '"Effect": {',
  '"Action": "s3:',
  '"Condition": { "',
  '['.repeat(200),
  '?'.repeat(30),
  '<img src=x>',
];

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

test(`protocol fuzz: random edits with every request in between (seed ${SEED})`, { timeout: 120_000 }, async () => {
  const rnd = mulberry32(SEED);
  const client = await startServer();
  const uri = 'file:///ws/fuzz.iam.json';
  let text =
    '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["s3:GetObject", "s3:G?t*"], "Resource": "arn:aws:s3:::b/${aws:username}/*", "Condition": { "StringLike": { "aws:PrincipalTag/t": "*" } } } ] }';
  await client.openAndWaitForDiagnostics(uri, text);
  const diagnostics: PublishDiagnosticsParams[] = [];
  client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void diagnostics.push(p));
  let version = 1;
  for (let i = 0; i < 40; i++) {
    const start = Math.floor(rnd() * (text.length + 1));
    const end = Math.min(text.length, start + Math.floor(rnd() * 6));
    const insert = rnd() < 0.75 ? FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)]! : '';
    const range = { start: positionAt(text, start), end: positionAt(text, end) };
    text = text.slice(0, start) + insert + text.slice(end);
    version++;
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text: insert }],
    });
    const at = positionAt(text, Math.floor(rnd() * (text.length + 1)));
    const doc = { textDocument: { uri } };
    const whole = { start: { line: 0, character: 0 }, end: positionAt(text, text.length) };
    await Promise.all([
      client.connection.sendRequest('textDocument/completion', { ...doc, position: at }),
      client.connection.sendRequest('textDocument/hover', { ...doc, position: at }),
      client.connection.sendRequest('textDocument/documentSymbol', doc),
      client.connection.sendRequest('textDocument/foldingRange', doc),
      client.connection.sendRequest('textDocument/formatting', { ...doc, options: { tabSize: 2, insertSpaces: true } }),
      client.connection.sendRequest('textDocument/codeAction', { ...doc, range: whole, context: { diagnostics: [] } }),
    ]);
  }
  // The last version is validated after the pause; every request above was answered.
  const last = await new Promise<PublishDiagnosticsParams>((resolve) => {
    const check = () => {
      const found = diagnostics.find((d) => d.version === version);
      if (found) resolve(found);
      else setTimeout(check, 50);
    };
    check();
  });
  assert.ok(
    !last.diagnostics.some((d) => d.code === 'INTERNAL_ERROR'),
    JSON.stringify(last.diagnostics.filter((d) => d.code === 'INTERNAL_ERROR')),
  );
  assert.equal(await client.shutdown(), 0);
});
