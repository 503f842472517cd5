/**
 * Issue 13, items 2–4: a check that throws loses only its own findings; typing `"Effect": {`
 * (prototype-less values from the error-tolerant parser) no longer breaks the redundancy checks;
 * the nesting guard sees brackets after a line break inside a string and inside comments; one
 * broken model does not silence the others.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { runCheckFamilies } from '../../../server/src/core/checks';
import type { CheckFamily } from '../../../server/src/core/checks/types';
import { maxNesting, MAX_NESTING } from '../../../server/src/service/limits';
import { ModelWorkspace } from '../../../server/src/node/modelWorkspace';
import { modelFileDiagnostics } from '../../../server/src/node/modelServer';
import { makeDocument } from '../../helpers/markers';
import { runCliCaptured } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

const catalog = getCatalog();
const service = getLanguageService({ catalog });

async function validate(text: string, uri?: string) {
  const doc = makeDocument(text, uri);
  return service.doValidation(doc, service.parse(doc));
}

test('typing "Effect": { keeps every check running', async () => {
  const text =
    '{ "Version": "2012-10-17", "Statement": [ { "Effect": {\n  "Action": "s3:GetObject", "Resource": "*" }, { "Effect": {, "Action": "s3:GetObject", "Resource": "*" } ] }';
  const diagnostics = await validate(text);
  const codes = new Set(diagnostics.map((d) => String(d.code)));
  assert.ok(codes.has('JSON_SYNTAX_ERROR'), [...codes].join());
  assert.ok(!codes.has('INTERNAL_ERROR'), 'no check fails on a half-typed statement');
});

test('a throwing check reports INTERNAL_ERROR for itself and the others still run', () => {
  const broken: CheckFamily = function brokenChecks(): void {
    throw new TypeError('boom with secret content');
  };
  const working: CheckFamily = function workingChecks(_ctx, _st, out): void {
    out.push({ code: 'X', path: [], target: 'value', message: 'x' });
  };
  const findings = runCheckFamilies({ value: { Statement: [] }, type: 'identity', textLength: 0 }, [broken, working]);
  assert.deepEqual(
    findings.map((f) => f.code),
    ['INTERNAL_ERROR', 'X'],
  );
  assert.match(findings[0]!.message, /broken checks failed/);
  assert.doesNotMatch(findings[0]!.message, /secret/, 'the message never carries data from the failure');
});

test('check on a 20-byte half-typed policy writes SARIF (exit 1, not 2)', async (t) => {
  const dir = tempDir(t, 'iam13-');
  writeFileSync(join(dir, 'p.iam.json'), '{"Statement":{"Effect":{');
  const run = await runCliCaptured(['check', '--format', 'sarif', 'p.iam.json'], { cwd: dir });
  assert.equal(run.code, 1, run.err);
  const sarif = JSON.parse(run.out) as { runs: [{ results: { ruleId: string }[] }] };
  assert.ok(sarif.runs[0].results.some((r) => r.ruleId === 'JSON_SYNTAX_ERROR'));
});

const deep = (open: string) => open.repeat(50_000);

test('the nesting guard sees brackets after a quote and a line break, and in comments', async () => {
  const variants = {
    'quote before a line break': `"\n${deep('[')}`,
    'line comment with a quote': `// "\n${deep('[')}`,
    'block comment with a quote': `/* " */${deep('{"a":')}`,
    'escaped quote': `"\\"\n${deep('[')}`,
    'policy then a broken string': `{"Statement": "x\n${deep('[')}`,
  };
  for (const [name, text] of Object.entries(variants)) {
    assert.ok(maxNesting(text).depth > MAX_NESTING, name);
    const doc = makeDocument(text);
    const parsed = service.parse(doc);
    const diagnostics = await service.doValidation(doc, parsed);
    assert.match(String(diagnostics[0]?.message), /more than \d+ levels deep/, name);
    // Every feature returns on it.
    service.doComplete(doc, parsed, doc.positionAt(text.length));
    service.doHover(doc, parsed, doc.positionAt(text.length - 1));
    service.findDocumentSymbols(doc, parsed);
    service.getFoldingRanges(doc);
    service.format(doc, undefined, { tabSize: 2, insertSpaces: true });
    service.getPolicyType(doc, parsed);
    service.doCodeActions(doc, parsed, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, { diagnostics: [] });
  }
  // Brackets inside a proper string or a comment are still not nesting.
  assert.ok(maxNesting(`{"a": "${'['.repeat(1000)}"} // ${'['.repeat(1000)}`).depth <= MAX_NESTING);
});

test('check skips a deeply nested .json file by content and still reports the others', async (t) => {
  const dir = tempDir(t, 'iam13-');
  writeFileSync(join(dir, 'deep.json'), `{"Statement": [ // "\n${deep('[')}`);
  writeFileSync(
    join(dir, 'ok.json'),
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
  );
  const run = await runCliCaptured(['check', '--format', 'json', '.'], { cwd: dir });
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /ok\.json/);
});

test('a deeply nested model reports itself; the models after it keep their diagnostics', (t) => {
  const dir = tempDir(t, 'iam13-');
  writeFileSync(
    join(dir, 'a.iam-model.json'),
    `{"accounts": [{"id": "111122223333", "users": [{"name": "u", "policies": [{"document": ${deep('[')}${']'.repeat(50_000)}}]}]}]}`,
  );
  writeFileSync(
    join(dir, 'b.iam-model.json'),
    JSON.stringify({
      accounts: [{ id: '111122223333', users: [{ name: 'bob' }] }],
      tests: [{ principal: 'bob', action: 's3:GetObject', resource: '*', expect: 'allow' }],
    }),
  );
  const models = new ModelWorkspace(
    () => undefined,
    () => [],
  );
  models.setRoots([dir]);
  const [a, b] = models.models();
  assert.ok(a && b);
  const da = modelFileDiagnostics(a, models, catalog);
  const db = modelFileDiagnostics(b, models, catalog);
  assert.ok(
    da.some((d) => d.code === 'MODEL_INVALID' && /levels deep/.test(String(d.message))),
    JSON.stringify(da),
  );
  assert.ok(
    db.some((d) => d.code === 'ACCESS_TEST_FAILED'),
    JSON.stringify(db),
  );
});

test('test --format sarif on a model nested too deep reports it on the model file (exit 2)', async (t) => {
  const dir = tempDir(t, 'iam13-');
  writeFileSync(join(dir, 'deep.iam-model.json'), `{"accounts": ${deep('[')}${']'.repeat(50_000)}}`);
  const run = await runCliCaptured(['test', '--format', 'sarif', 'deep.iam-model.json'], { cwd: dir });
  assert.equal(run.code, 2);
  const sarif = JSON.parse(run.out) as { runs: [{ results: { ruleId: string; message: { text: string } }[] }] };
  assert.equal(sarif.runs[0].results[0]?.ruleId, 'MODEL_INVALID');
  assert.match(sarif.runs[0].results[0]!.message.text, /levels deep/);
});
