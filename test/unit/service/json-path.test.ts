/**
 * `nodeAt` (service/jsonPath.ts) searches a node's children by halves instead of in order; it must
 * find the node json-languageservice's own `getNodeFromOffset(offset, true)` finds, at every offset
 * of the example policies and of broken texts (adjacent values, missing commas and brackets).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeAt } from '../../../server/src/service/jsonPath';

const jsonLs = getLanguageService({});
const examples = join(__dirname, '../../../examples/policies');

const BROKEN = [
  '{"Statement": [{"Effect": "Allow"}{"Effect": "Deny"}]}',
  '["a""b" "c",, 1 2 true]',
  '{"a": {"b": [1, {"c": }], "d" "e"}, "f":',
  '{"Version": "2012-10-17", "Statement": [ {"Action": ["s3:Get*", "s3:List*"], "Resource": "*"',
  '',
  '   ',
  '{}',
  '[[[]]]',
];

test('nodeAt finds the node getNodeFromOffset finds, at every offset', () => {
  const texts = [...readdirSync(examples).map((f) => readFileSync(join(examples, f), 'utf8')), ...BROKEN];
  let offsets = 0;
  for (const text of texts) {
    const doc = jsonLs.parseJSONDocument(TextDocument.create('file:///x.json', 'json', 1, text));
    for (let offset = -1; offset <= text.length + 1; offset++, offsets++)
      assert.equal(nodeAt(doc, offset), doc.getNodeFromOffset(offset, true), `offset ${offset} of ${JSON.stringify(text.slice(0, 60))}`);
  }
  assert.ok(offsets > 4000, `${offsets} offsets`);
});
