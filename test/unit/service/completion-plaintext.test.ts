/**
 * Clients without snippet support get plain-text edits: the same text a user gets by accepting
 * every placeholder's default (checked against the test helper's independent renderer).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InsertTextFormat } from 'vscode-languageserver-types';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { makeDocument, parseMarkers } from '../../helpers/markers';
import { renderSnippet } from '../../helpers/snippets';

const service = getLanguageService({ catalog: getCatalog() });
const DOCS = [
  '{ "Statement": [ { "Effect": "Allow", "Action": "|" } ] }',
  '{ "Statement": [ { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "|" } ] }',
  '{ "Statement": [ { "Effect": "Allow", "Action": "ec2:RunInstances", "Condition": { "StringEquals": { "aws:Req|" } } } ] }',
  '{ "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${|}" } ] }',
  '{ "Statement": [ { | } ] }',
  '|',
];

for (const source of DOCS) {
  test(`plain-text completion: ${source}`, () => {
    const marked = parseMarkers(source);
    const doc = makeDocument(marked.text);
    const parsed = service.parse(doc);
    const at = doc.positionAt(marked.cursor!);
    const snippets = service.doComplete(doc, parsed, at);
    const plain = service.doComplete(doc, parsed, at, { snippetSupport: false });
    assert.ok(snippets.items.length > 0);
    assert.deepEqual(
      plain.items.map((i) => i.label),
      snippets.items.map((i) => i.label),
    );
    plain.items.forEach((item, i) => {
      const snippet = snippets.items[i]!;
      assert.equal(item.insertTextFormat, InsertTextFormat.PlainText);
      const text = item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined;
      const expected = snippet.textEdit && 'newText' in snippet.textEdit ? renderSnippet(snippet.textEdit.newText) : undefined;
      assert.equal(text, expected, String(item.label));
    });
  });
}
