/** Completion, hover, symbols and formatting over stdio against the bundled server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { CompletionList, DocumentSymbol, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { SERVER_PATH, startServer } from '../helpers/lspClient';

const URI = 'file:///ws/completion.iam.json';
const TEXT =
  '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "Read", "Effect": "Allow", "Action": "s3:GetOb", "Resource": "*" }]\n}\n';
const at = (needle: string, delta = 0) => {
  const lines = TEXT.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return { line, character: lines[line]!.indexOf(needle) + delta };
};

test('bundled server: completion, hover, symbols and formatting over stdio', async () => {
  assert.ok(existsSync(SERVER_PATH), `build first: ${SERVER_PATH} is missing (npm run build)`);
  const client = await startServer();
  try {
    const capabilities = client.initializeResult.capabilities;
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['"', ':', '/', '$', '{']);
    assert.equal(capabilities.hoverProvider, true);
    await client.openAndWaitForDiagnostics(URI, TEXT);
    const textDocument = { uri: URI };

    // Cursor after `s3:GetOb` inside the Action string.
    const list = await client.connection.sendRequest<CompletionList>('textDocument/completion', {
      textDocument,
      position: at('s3:GetOb', 8),
    });
    const item = list.items.find((i) => i.label === 's3:GetObject');
    assert.ok(
      item,
      `s3:GetObject offered; got ${list.items
        .slice(0, 10)
        .map((i) => i.label)
        .join(', ')}`,
    );
    assert.equal(item.detail, 'Read');
    assert.ok(list.items.length <= 200);
    assert.deepEqual(item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined, {
      start: at('s3:GetOb'),
      end: at('s3:GetOb', 8),
    });

    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument, position: at('s3:GetOb', 2) });
    assert.equal(hover, null, 'an unknown (half-typed) action has no hover');
    const effect = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument, position: at('"Effect"', 2) });
    assert.match(JSON.stringify(effect.contents), /Allow/);

    const symbols = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['Version', 'Statement'],
    );
    assert.equal(symbols[1]?.children?.[0]?.name, 'Read');

    const edits = await client.connection.sendRequest<TextEdit[]>('textDocument/formatting', {
      textDocument,
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.ok(edits.length > 0, 'the one-line statement gets reformatted');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('bundled server: hover over an action shows its access level and the data version', async () => {
  const client = await startServer();
  try {
    const text = '{ "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }] }';
    await client.openAndWaitForDiagnostics('file:///ws/hover.iam.json', text);
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', {
      textDocument: { uri: 'file:///ws/hover.iam.json' },
      position: { line: 0, character: text.indexOf('PassRole') },
    });
    const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(value, /\*\*iam:PassRole\*\* — access level: \*\*Write\*\*/);
    assert.match(value, /data of \d{4}-\d{2}-\d{2}/);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('bundled server: a client without snippet support gets plain-text edits', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///ws/plain.iam.json';
    const text = '{ "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "" }] }';
    await client.openAndWaitForDiagnostics(uri, text);
    const list = await client.connection.sendRequest<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: text.indexOf('""') + 1 },
    });
    const arn = list.items.find((i) => i.label === 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    assert.ok(arn, `an object ARN template; got ${list.items.map((i) => i.label).join(', ')}`);
    assert.equal(arn.insertTextFormat, 1, 'PlainText: the test client declares no snippetSupport');
    assert.equal(arn.textEdit && 'newText' in arn.textEdit ? arn.textEdit.newText : '', 'arn:aws:s3:::BucketName/ObjectName');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
