/**
 * The condition operators are one list (`CONDITION_OPERATORS`, reference_policies_elements_condition_operators.md):
 * completion offers each of them in a Condition block, with `IfExists` and the set forms where they
 * apply, hover explains each, and nothing else is offered as a base operator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLanguageService } from '../../../server/src/service';
import { CONDITION_OPERATORS } from '../../../server/src/core/policy';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { makeDocument, parseMarkers } from '../../helpers/markers';

const service = getLanguageService({ catalog: getCatalog() });

function at(source: string) {
  const { text, cursor } = parseMarkers(source);
  const document = makeDocument(text);
  return { document, parsed: service.parse(document), position: document.positionAt(cursor ?? 0) };
}

test('completion offers every condition operator, with IfExists and set forms except for Null, and no other', () => {
  const { document, parsed, position } = at('{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"|"}}]}');
  const labels = new Set(service.doComplete(document, parsed, position).items.map((i) => i.label));
  for (const base of CONDITION_OPERATORS) {
    assert.ok(labels.has(base), base);
    const forms = [`${base}IfExists`, `ForAnyValue:${base}`, `ForAllValues:${base}IfExists`];
    for (const form of forms) assert.equal(labels.has(form), base !== 'Null', form);
  }
  const bases = [...labels].filter((l) => !l.includes(':') && !l.endsWith('IfExists'));
  assert.deepEqual(bases.sort(), [...CONDITION_OPERATORS].sort());
});

test('hover explains every condition operator', () => {
  for (const base of CONDITION_OPERATORS) {
    const { document, parsed, position } = at(
      `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"${base}|":{"aws:SourceIp":"x"}}}]}`,
    );
    const hover = service.doHover(document, parsed, position);
    const text = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover);
    assert.match(text, new RegExp(`\\*\\*${base}\\*\\* — `), base);
  }
});
