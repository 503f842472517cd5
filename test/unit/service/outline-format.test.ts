/** Document symbols, folding and formatting: what the outline shows, and formatting that keeps order and leaves broken files alone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { getLanguageService } from '../../../server/src/service';
import { makeDocument } from '../../helpers/markers';

const service = getLanguageService();
const POLICY = `{"Version":"2012-10-17","Statement":[{"Sid":"ReadReports","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket","s3:GetObjectTagging"],"Resource":"*"},
{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}]}`;

/** `name (detail)` per symbol, children indented. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`,
    ...outline(s.children ?? [], depth + 1),
  ]);
}

test('outline: statements by Sid or index, elements with summaries', () => {
  const doc = makeDocument(POLICY);
  assert.deepEqual(outline(service.findDocumentSymbols(doc, service.parse(doc))), [
    'Version (2012-10-17)',
    'Statement (2 statements)',
    '  ReadReports (Allow s3:GetObject, s3:ListBucket (+1))',
    '    Sid (ReadReports)',
    '    Effect (Allow)',
    '    Action (s3:GetObject, s3:ListBucket (+1))',
    '    Resource (*)',
    '  Statement 1 (Deny iam:*)',
    '    Effect (Deny)',
    '    NotAction (iam:*)',
    '    Resource (*)',
  ]);
});

test('outline: a single statement object and a half-typed document', () => {
  const doc = makeDocument('{ "Statement": { "Effect": "Allow", "Action": "s3:Get');
  const names = outline(service.findDocumentSymbols(doc, service.parse(doc)));
  assert.deepEqual(names.slice(0, 2), ['Statement (1 statement)', '  Statement 0 (Allow s3:Get)']);
});

test('formatting keeps key order and content, only whitespace changes', () => {
  const doc = makeDocument(POLICY);
  const formatted = TextDocument.applyEdits(doc, service.format(doc, undefined, { tabSize: 2, insertSpaces: true }));
  assert.equal(formatted.replace(/\s+/g, ''), POLICY.replace(/\s+/g, ''));
  assert.deepEqual(Object.keys(JSON.parse(formatted).Statement[0]), ['Sid', 'Effect', 'Action', 'Resource']);
  assert.match(formatted, /^\{\n {2}"Version": "2012-10-17",\n {2}"Statement": \[\n {4}\{\n {6}"Sid": "ReadReports",/);
});

test('formatting returns no edits for a document with syntax errors (missing comma, comment, trailing comma)', () => {
  for (const text of ['{ "Version": "2012-10-17" "Statement": [] }', '{ // c\n"Statement": [] }', '{ "Statement": [], }']) {
    const doc = makeDocument(text);
    assert.deepEqual(service.format(doc, undefined, { tabSize: 2, insertSpaces: true }), [], text);
  }
});

test('range formatting touches only the range', () => {
  const text = '{"Version":"2012-10-17",\n"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
  const doc = makeDocument(text);
  const edits = service.format(
    doc,
    { start: { line: 1, character: 0 }, end: { line: 1, character: 60 } },
    { tabSize: 2, insertSpaces: true },
  );
  assert.ok(edits.length > 0);
  assert.ok(
    edits.every((e) => e.range.start.line >= 1),
    'no edit on line 0',
  );
});

test('folding: one range per multi-line object or array', () => {
  const doc = makeDocument('{\n  "Statement": [\n    {\n      "Effect": "Allow"\n    }\n  ]\n}');
  const ranges = service
    .getFoldingRanges(doc)
    .map((r) => [r.startLine, r.endLine])
    .sort((a, b) => a[0]! - b[0]!);
  assert.deepEqual(ranges, [
    [0, 5],
    [1, 4],
    [2, 3],
  ]);
});

test('hostile nesting: every feature returns without overflowing the stack', () => {
  const doc = makeDocument(`{"Statement": ${'{"a":'.repeat(50_000)}`);
  const parsed = service.parse(doc);
  const end = doc.positionAt(doc.getText().length);
  assert.deepEqual(service.doComplete(doc, parsed, end).items, []);
  assert.equal(service.doHover(doc, parsed, end), null);
  assert.deepEqual(service.format(doc, undefined, { tabSize: 2, insertSpaces: true }), []);
  assert.deepEqual(service.findDocumentSymbols(doc, parsed), []);
  assert.ok(Array.isArray(service.getFoldingRanges(doc)));
});
