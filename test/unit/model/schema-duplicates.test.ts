/**
 * Model files in an editor that validates them with the model schema itself (VS Code): the server
 * leaves out our MODEL_INVALID (wrong-typed entry) where the schema validation reports a problem
 * too; everything else of ours stays (server/src/service/modelSchemaDuplicates.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { ModelSchemaValidation, overlaps, withoutSchemaDuplicates } from '../../../server/src/service/modelSchemaDuplicates';
import { modelDiagnostics } from '../../../server/src/service/modelDiagnostics';
import { memoryHost, resolveModel } from '../../../server/src/core/model';

const span = (l1: number, c1: number, l2: number, c2: number): Range => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

test('ranges overlap when they share a character', () => {
  assert.equal(overlaps(span(2, 10, 2, 22), span(2, 12, 2, 14)), true, 'inside');
  assert.equal(overlaps(span(2, 10, 2, 22), span(2, 22, 2, 30)), false, 'touching ends');
  assert.equal(overlaps(span(2, 10, 4, 1), span(3, 0, 3, 5)), true, 'across lines');
  assert.equal(overlaps(span(2, 10, 2, 10), span(2, 8, 2, 12)), true, 'an empty range inside');
  assert.equal(overlaps(span(2, 10, 2, 10), span(2, 10, 2, 10)), true, 'the same point');
  assert.equal(overlaps(span(1, 0, 1, 5), span(2, 0, 2, 5)), false, 'other lines');
});

test('only MODEL_INVALID at a place the schema reports is hidden', () => {
  const ours = [
    { range: span(2, 40, 2, 52), code: 'MODEL_INVALID', message: '"groups" must be an array.' },
    { range: span(2, 40, 2, 52), code: 'UNKNOWN_GROUP', message: 'no group' },
    { range: span(3, 4, 3, 20), code: 'MODEL_INVALID', message: 'an import that is not account details' },
    { range: span(5, 4, 5, 20), code: 'ACCESS_TEST_FAILED', message: 'fails' },
  ];
  const schema = [span(2, 41, 2, 51), span(5, 4, 5, 20)];
  assert.deepEqual(
    withoutSchemaDuplicates(ours, schema).map((d) => d.message),
    ['no group', 'an import that is not account details', 'fails'],
  );
  assert.equal(withoutSchemaDuplicates(ours, []).length, 4, 'nothing hidden when the schema reports nothing');
});

test("the model schema's own validation: a wrong-typed entry is reported once, a broken reference stays", async () => {
  const text = `{
  "accounts": [
    {
      "id": "111122223333",
      "users": { "bob": { "groups": "QA" }, "carol": { "groups": ["Nope"] } }
    }
  ]
}
`;
  const document = TextDocument.create('file:///ws/m.iam-model.json', 'json', 1, text);
  const model = resolveModel(JSON.parse(text), 'm.iam-model.json', memoryHost({}));
  const ours = modelDiagnostics(
    document,
    model.problems.map((p) => ({ code: p.code, severity: p.severity, path: p.path, message: p.message })),
  );
  assert.deepEqual(ours.map((d) => d.code).sort(), ['MODEL_INVALID', 'UNKNOWN_GROUP'], 'both reported for the CLI and other editors');
  const schema = new ModelSchemaValidation();
  assert.ok((await schema.problems(document)).length > 0, 'the schema reports the string where an array belongs');
  assert.deepEqual(
    (await schema.filter(document, ours)).map((d) => d.code),
    ['UNKNOWN_GROUP'],
  );
  const valid = TextDocument.create('file:///ws/n.iam-model.json', 'json', 1, '{ "accounts": [] }');
  assert.deepEqual(await schema.problems(valid), []);
});
