/**
 * Issue 13: `nodeAt` and `pathOf` (service/jsonPath.ts) find a node by binary search over its
 * parent's children instead of a scan, so that one grammar message per item of a 20,000-item array
 * (a template's `Action: [*x, *x, …]` of aliases, a policy's list of numbers) is no longer
 * quadratic. They must answer exactly as json-languageservice's scan does: compared at every
 * offset of random, often broken, JSON texts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLanguageService, type ASTNode } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeAt, nodeAtPath, pathOf } from '../../../server/src/service/jsonPath';
import { mulberry32 } from '../../helpers/random';
import { effort } from '../../helpers/effort';

const jsonLs = getLanguageService({});

/** The path as json-languageservice's tree gives it, with a scan for array indexes. */
function scannedPath(node: ASTNode): (string | number)[] {
  const path: (string | number)[] = [];
  let child: ASTNode = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'property') path.unshift(parent.keyNode.value);
    else if (parent.type === 'array') path.unshift(parent.items.indexOf(child));
  }
  return path;
}

test('nodeAt and pathOf answer as json-languageservice at every offset of random JSON texts, broken ones included', () => {
  const rnd = mulberry32(0x13a7);
  const pieces = [
    '{',
    '}',
    '[',
    ']',
    '"a"',
    '"b"',
    ':',
    ',',
    ' ',
    '\n',
    '1',
    'true',
    'null',
    '"',
    '"x',
    '//c\n',
    '/*',
    '*/',
    '[]',
    '{}',
    '"k": [1, 2]',
  ];
  const rounds = effort(600, 6000);
  let checked = 0;
  for (let round = 0; round < rounds; round++) {
    const n = 1 + Math.floor(rnd() * 40);
    let text = '';
    for (let i = 0; i < n; i++) text += pieces[Math.floor(rnd() * pieces.length)];
    const doc = jsonLs.parseJSONDocument(TextDocument.create('file:///t.json', 'json', 1, text));
    for (let offset = -1; offset <= text.length + 1; offset++) {
      const expected = doc.getNodeFromOffset(offset, true);
      const actual = nodeAt(doc, offset);
      assert.equal(actual, expected, `offset ${offset} of ${JSON.stringify(text)}`);
      if (actual) assert.deepEqual(pathOf(actual), scannedPath(actual), JSON.stringify(text));
      checked++;
    }
  }
  assert.ok(checked > rounds * 10);
});

test('nodeAtPath finds the first property of a key in objects of any size, repeated keys included', () => {
  const rnd = mulberry32(0x13f0);
  for (let round = 0; round < effort(200, 2000); round++) {
    const n = Math.floor(rnd() * 60);
    const keys = Array.from({ length: n }, () => `k${Math.floor(rnd() * 40)}`);
    const text = `{"o": {${keys.map((k, i) => `"${k}": ${i}`).join(', ')}}}`;
    const doc = jsonLs.parseJSONDocument(TextDocument.create('file:///p.json', 'json', 1, text));
    for (let k = 0; k < 42; k++) {
      const key = `k${k}`;
      const first = keys.indexOf(key);
      const node = nodeAtPath(doc, ['o', key]);
      // The reference: the value of the first property so named (its value is its position).
      assert.equal(node?.type === 'number' ? node.value : undefined, first < 0 ? undefined : first, `${text} ${key}`);
    }
  }
});
