/**
 * Policy documents written as JSON strings in templates (test/data/templates/json-strings.yaml
 * and json-strings-json.template; diagnostics and their exact text are checked by
 * templates.test.ts): quick fixes edit inside the string so that the template still reads as the
 * corrected policy, no fix is offered where the string cannot be mapped character by character
 * (a folded block), hover and the outline see the string's JSON, `${…}` of an `Fn::Sub` is a
 * deployment-time value, and completion runs in the string: as JSON text in a literal block, on
 * the string's value in a quoted string (items written escaped).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-types';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';

const DIR = join(__dirname, '../../data/templates');
const service = getLanguageService({ catalog: getCatalog() });

function open(name: string, text = readFileSync(join(DIR, name), 'utf8'), version = 1): TextDocument {
  return TextDocument.create(`file:///t/${name}`, name.endsWith('.template') ? 'json' : 'yaml', version, text);
}

const key = (d: Diagnostic) => `${d.range.start.line + 1} ${String(d.code)}`;

for (const name of ['json-strings.yaml', 'json-strings-json.template']) {
  test(`${name}: each quick fix inside a JSON string removes its problem and leaves the rest as it was`, async () => {
    const document = open(name);
    const parsed = service.parse(document);
    const before = await service.doValidation(document, parsed);
    let fixed = 0;
    for (const d of before) {
      for (const action of service.doCodeActions(document, parsed, d.range, { diagnostics: [d] })) {
        const edits = action.edit?.changes?.[document.uri];
        assert.ok(edits?.length, action.title);
        const after = open(name, TextDocument.applyEdits(document, edits), 2);
        const diagnostics = await service.doValidation(after, service.parse(after));
        const others = before.filter((x) => x !== d).map(key);
        assert.deepEqual(diagnostics.map(key).sort(), others.sort(), `${action.title}: ${JSON.stringify(edits)}`);
        fixed++;
      }
    }
    assert.ok(fixed >= 1, 'fixes offered');
  });
}

test('a folded block (its characters not mapped one by one) gets its diagnostic on the scalar and no fix', async () => {
  const document = open('json-strings.yaml');
  const parsed = service.parse(document);
  const folded = (await service.doValidation(document, parsed)).find((d) => String(d.message).includes('s3:DeleteBuckett'));
  assert.ok(folded);
  assert.equal(document.getText(folded.range).trimEnd().split('\n')[0], '>');
  assert.deepEqual(service.doCodeActions(document, parsed, folded.range, { diagnostics: [folded] }), []);
});

function positionOf(document: TextDocument, text: string, after = ''): { line: number; character: number } {
  const all = document.getText();
  const at = all.indexOf(text, after ? all.indexOf(after) : 0);
  assert.ok(at >= 0, text);
  return document.positionAt(at + 1);
}

test('hover inside a JSON string: the action, and a ${…} of Fn::Sub as a deployment-time value', () => {
  const document = open('json-strings.yaml');
  const parsed = service.parse(document);
  const action = service.doHover(document, parsed, positionOf(document, 's3:GetObject', 'DenyScp'));
  assert.match((action?.contents as MarkupContent).value, /GetObject/);
  const sub = service.doHover(document, parsed, positionOf(document, 'arn:${AWS::Partition}:logs', 'Route53Logs'));
  const value = (sub?.contents as MarkupContent).value;
  assert.match(value, /Known at deployment/);
  assert.match(value, /\$\{AWS::Region\}/);
});

test('the outline shows a JSON string policy with its statements', () => {
  const document = open('json-strings.yaml');
  const symbols = service.findDocumentSymbols(document, service.parse(document));
  const scp = symbols.find((s) => s.name === 'DenyScp.Properties.Content');
  assert.ok(scp, symbols.map((s) => s.name).join(', '));
  assert.ok(scp.children?.some((c) => c.name === 'Statement'));
  assert.equal(service.getPolicyType(document, service.parse(document), positionOf(document, '"Effect"', 'DenyScp')).type, 'scp');
  assert.equal(service.getPolicyType(document, service.parse(document), positionOf(document, '"Effect"', 'Route53Logs')).type, 'resource');
});

test('completion inside a JSON string: in a literal block as JSON text; in a quoted string on its value, written escaped', async () => {
  const document = open('json-strings.yaml');
  const parsed = service.parse(document);
  const block = positionOf(document, 'GetObject"]', 'DenyScp');
  const items = service.doComplete(document, parsed, { line: block.line, character: block.character + 4 }, {});
  assert.ok(
    items.items.some((i) => i.label === 's3:GetObject' || i.label === 'GetObject'),
    items.items
      .slice(0, 10)
      .map((i) => i.label)
      .join(', '),
  );
  const before = (await service.doValidation(document, parsed)).map(key);
  // A YAML double-quoted scalar (`\"s3:GetObjekt\"`) and a single-quoted one: the item replaces
  // the action where it is written, and the template then reads as the corrected policy.
  for (const [word, resource, label, line] of [
    ['GetObjekt', 'DataRcp', 's3:GetObject', 34],
    ['PutLogEvnts', 'Route53Logs', 'logs:PutLogEvents', 39],
  ] as const) {
    const at = positionOf(document, word, resource);
    const item = service
      .doComplete(document, parsed, { line: at.line, character: at.character + 3 }, {})
      .items.find((i) => i.label === label);
    assert.ok(item?.textEdit && 'range' in item.textEdit, `${label} offered in ${resource}`);
    const after = open('json-strings.yaml', TextDocument.applyEdits(document, [item.textEdit]), 2);
    const diagnostics = (await service.doValidation(after, service.parse(after))).map(key);
    assert.deepEqual(diagnostics.sort(), before.filter((k) => k !== `${line} INVALID_ACTION`).sort(), label);
  }
  // Inside an escape sequence (between `\` and `"`) nothing is offered.
  const quote = positionOf(document, '\\"Statement', 'DataRcp');
  assert.deepEqual(service.doComplete(document, parsed, quote, {}).items, []);
});
