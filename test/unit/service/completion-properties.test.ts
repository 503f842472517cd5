/**
 * Invariants of completion and hover at every offset of real policies and of randomly mutated
 * ones: never throws, at most 200 items, and every edit range is one line that contains the
 * cursor (VS Code drops items whose range does not), every hover range contains the position.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Position, Range } from 'vscode-languageserver-types';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { makeDocument, parseCaseFile, parseMarkers } from '../../helpers/markers';
import { corpusSlice, effort } from '../../helpers/effort';

const service = getLanguageService({ catalog: getCatalog(), workspaceAccounts: () => [{ accountId: '111122223333', principals: [] }] });

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const contains = (r: Range, p: Position) => before(r.start, p) && before(p, r.end);

/** Checks every invariant at every offset of `text`. */
function checkEveryOffset(text: string): void {
  const doc = makeDocument(text);
  const parsed = service.parse(doc);
  for (let offset = 0; offset <= text.length; offset++) {
    const position = doc.positionAt(offset);
    const list = service.doComplete(doc, parsed, position);
    assert.ok(list.items.length <= 200, `${list.items.length} items at ${offset}`);
    for (const item of list.items) {
      const edit = item.textEdit;
      assert.ok(edit && 'range' in edit, `${item.label}: a replace edit`);
      const where = `${item.label} at ${offset} in ${JSON.stringify(text.slice(Math.max(0, offset - 20), offset + 5))}`;
      assert.equal(edit.range.start.line, edit.range.end.line, `single-line range: ${where}`);
      assert.ok(contains(edit.range, position), `range contains the cursor: ${where}`);
    }
    const hover = service.doHover(doc, parsed, position);
    if (hover?.range) assert.ok(contains(hover.range, position), `hover range contains ${offset}`);
  }
}

function policies(): string[] {
  const examples = join(__dirname, '../../../examples');
  // The policy documents; model files and account details are not policies.
  const files = readdirSync(examples, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json') && !f.endsWith('.iam-model.json') && !f.startsWith('aws/'))
    .map((f) => readFileSync(join(examples, f), 'utf8'));
  const cases = join(__dirname, '../../data/completion');
  const docs = readdirSync(cases).map(
    (f) => parseMarkers(parseCaseFile(readFileSync(join(cases, f), 'utf8')).document.split('\n==>\n')[0]!).text,
  );
  return [...files, ...docs];
}

// A sweep over a corpus: every other document in `npm run test:unit` (each kind of context still
// has cases in it: actions, condition keys and values, principals, resources, statement keys,
// templates, Terraform), every one in `npm run test:corpus`.
test('completion and hover invariants at every offset of the example policies and the completion cases', () => {
  for (const text of corpusSlice(policies(), 2)) checkEveryOffset(text);
});

test('completion and hover invariants on mutated policies', () => {
  const base = readFileSync(join(__dirname, '../../../examples/policies/developers.iam.json'), 'utf8');
  const mutated = fc
    .array(fc.tuple(fc.nat(base.length), fc.nat(3), fc.string({ maxLength: 3, unit: fc.constantFrom(...'{}[]",:\\$*aS3\n '.split('')) })), {
      minLength: 1,
      maxLength: 5,
    })
    .map((edits) => edits.reduce((s, [at, del, ins]) => s.slice(0, at) + ins + s.slice(at + del), base));
  fc.assert(
    fc.property(mutated, (text) => checkEveryOffset(text)),
    { numRuns: effort(15, 150), seed: 6 },
  );
});
