/**
 * The checks through the language service: severities and overrides, policy type overrides and
 * the workspace hook, snippet edits, and the per-parse cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service';
import { severityOf } from '../../../server/src/service/severity';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { makeDocument } from '../../helpers/markers';

const catalog = getCatalog();
const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObjet', 'iam:PassRole'], Resource: '*' }] });

async function codes(service: ReturnType<typeof getLanguageService>, uri = 'file:///s/a.json', body = text) {
  const doc = makeDocument(body, uri);
  return (await service.doValidation(doc, service.parse(doc))).map((d) => `${d.code}:${d.severity}`).sort();
}

test('severity follows the Access Analyzer category', async () => {
  const service = getLanguageService({ catalog });
  assert.deepEqual(await codes(service), [
    `INVALID_ACTION:${DiagnosticSeverity.Error}`,
    `MISSING_VERSION:${DiagnosticSeverity.Warning}`,
    `PASS_ROLE_WITH_STAR_IN_RESOURCE:${DiagnosticSeverity.Warning}`,
  ]);
});

test('user severities: a level per code, off drops it, grammar codes too', async () => {
  const service = getLanguageService({ catalog });
  service.setSeverityOverrides({
    MISSING_VERSION: 'off',
    INVALID_ACTION: 'hint',
    PASS_ROLE_WITH_STAR_IN_RESOURCE: 'error',
    JSON_SYNTAX_ERROR: 'off',
    X: 'loud',
  });
  assert.deepEqual(await codes(service), [
    `INVALID_ACTION:${DiagnosticSeverity.Hint}`,
    `PASS_ROLE_WITH_STAR_IN_RESOURCE:${DiagnosticSeverity.Error}`,
  ]);
  assert.deepEqual(await codes(service, 'file:///s/b.json', '{"Statement": [}'), []);
  service.setSeverityOverrides({});
  assert.equal((await codes(service)).length, 3);
});

test('user severities: any case and info are read; a name of an Object member is no severity', async () => {
  const service = getLanguageService({ catalog });
  service.setSeverityOverrides({ INVALID_ACTION: 'INFO', MISSING_VERSION: 'constructor', PASS_ROLE_WITH_STAR_IN_RESOURCE: '__proto__' });
  assert.deepEqual(await codes(service), [
    `INVALID_ACTION:${DiagnosticSeverity.Information}`,
    `MISSING_VERSION:${DiagnosticSeverity.Warning}`,
    `PASS_ROLE_WITH_STAR_IN_RESOURCE:${DiagnosticSeverity.Warning}`,
  ]);
});

test('a code outside the registry is a warning (our bug must not fail a CI run), and user severities apply to it', () => {
  assert.equal(severityOf('NOT_A_CHECK_CODE', {}), DiagnosticSeverity.Warning);
  assert.equal(severityOf('NOT_A_CHECK_CODE', { NOT_A_CHECK_CODE: 'hint' }), DiagnosticSeverity.Hint);
  assert.equal(severityOf('NOT_A_CHECK_CODE', { NOT_A_CHECK_CODE: 'off' }), undefined);
  assert.equal(severityOf('INVALID_ACTION', {}), DiagnosticSeverity.Error);
});

test('policy type: the file name, the workspace hook, then the user override win in turn', async () => {
  const model: { type?: 'scp' } = {};
  const service = getLanguageService({ catalog, policyTypeOf: () => model.type });
  const doc = makeDocument(
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}',
    'file:///w/logs.bucket.json',
  );
  assert.deepEqual(service.getPolicyType(doc, service.parse(doc)), { type: 'resource', source: 'file name', resourceService: 's3' });
  model.type = 'scp';
  const parsed = service.parse(doc);
  assert.deepEqual(service.getPolicyType(doc, parsed), { type: 'scp', source: 'workspace' });
  assert.ok((await service.doValidation(doc, parsed)).some((d) => d.code === 'SCP_SYNTAX_ERROR_PRINCIPAL'));
  service.setPolicyTypeOverride(doc.uri, 'identity');
  assert.deepEqual(service.getPolicyType(doc, parsed), { type: 'identity', source: 'override' });
  assert.ok((await service.doValidation(doc, parsed)).some((d) => d.code === 'UNSUPPORTED_PRINCIPAL'));
});

test('an unchanged document is checked once', async () => {
  const service = getLanguageService({ catalog });
  const doc = makeDocument(text, 'file:///s/cache.json');
  const parsed = service.parse(doc);
  const runs = service.checkStats.runs;
  const first = await service.doValidation(doc, parsed);
  const second = await service.doValidation(doc, parsed);
  assert.equal(service.checkStats.runs, runs + 1);
  assert.deepEqual(second, first);
});

test('snippet edits when the client supports them', () => {
  const service = getLanguageService({ catalog });
  const body = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}';
  const doc = makeDocument(body, 'file:///s/snippet.json');
  const at = doc.positionAt(body.indexOf('"*"') + 1);
  const [action] = service
    .doCodeActions(doc, service.parse(doc), { start: at, end: at }, { diagnostics: [] }, { snippetEdits: true })
    .filter((a) => a.kind === 'refactor.rewrite');
  const change = action?.edit?.documentChanges?.[0];
  assert.ok(change && 'edits' in change);
  const edit = change.edits[0];
  assert.ok(edit && 'snippet' in edit);
  assert.equal(
    edit.snippet.value,
    '["arn:${1:aws}:s3:${2:Region}:${3:Account}:accesspoint/${4:AccessPointName}", "arn:${5:aws}:s3:::${6:BucketName}"]',
  );
});

test('code actions honour context.only', () => {
  const service = getLanguageService({ catalog });
  // The PassRole finding is on the action (its two quick fixes), the rewrite on the "*" where the range starts.
  const body = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*","Action":"iam:PassRole"}]}';
  const doc = makeDocument(body, 'file:///s/only.json');
  const parsed = service.parse(doc);
  const range = { start: doc.positionAt(body.indexOf('"*"') + 1), end: doc.positionAt(body.indexOf('iam:PassRole') + 1) };
  const kinds = (only?: string[]) =>
    service
      .doCodeActions(doc, parsed, range, { diagnostics: [], ...(only ? { only } : {}) })
      .map((a) => a.kind)
      .sort();
  assert.deepEqual(kinds(), ['quickfix', 'quickfix', 'refactor.rewrite']);
  assert.deepEqual(kinds(['quickfix']), ['quickfix', 'quickfix']);
  assert.deepEqual(kinds(['refactor']), ['refactor.rewrite']);
});

test('fix all: every preferred plain fix, without overlapping edits, only when asked for', async () => {
  const service = getLanguageService({ catalog });
  const body =
    '{"Statement":[{"Effect":"Allow","Action":["s3:getobject","s3:GetObjet","s3:Get*"],"Resource":"*","Condition":{"NullIfExists":{"aws:TagKeys":"true"}}}]}';
  const doc = makeDocument(body, 'file:///s/fixall.json');
  const parsed = service.parse(doc);
  const all = { start: doc.positionAt(0), end: doc.positionAt(body.length) };
  assert.equal(service.doCodeActions(doc, parsed, all, { diagnostics: [] }).filter((a) => a.kind?.startsWith('source')).length, 0);
  const [fixAll] = service.doCodeActions(doc, parsed, all, { diagnostics: [], only: ['source.fixAll'] });
  assert.equal(fixAll?.kind, 'source.fixAll.iamPolicyStudio');
  const fixed = TextDocument.applyEdits(doc, fixAll.edit!.changes![doc.uri]!);
  const after = makeDocument(fixed, 'file:///s/fixall-after.json');
  const left = (await service.doValidation(after, service.parse(after))).map((d) => String(d.code)).sort();
  // Version added, case fixed, typo replaced, NullIfExists renamed; the redundant entries then remain for a second pass.
  assert.ok(fixed.startsWith('{"Version": "2012-10-17", "Statement"'), fixed);
  assert.match(fixed, /"Null":/);
  assert.ok(
    !left.includes('INVALID_ACTION') && !left.includes('MISSING_VERSION') && !left.includes('NULL_WITH_IF_EXISTS'),
    left.join(', '),
  );
});

test('INVALID_ACTION suggests only actions of the same service (no iot:Receive for sns:Receive)', async () => {
  const service = getLanguageService({ catalog });
  const doc = makeDocument(
    '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": ["sns:Receive", "lambda:Invoke"], "Resource": "*" }] }',
    'file:///s/suggest.json',
  );
  const diags = (await service.doValidation(doc, service.parse(doc))).filter((d) => d.code === 'INVALID_ACTION');
  assert.deepEqual(
    diags.map((d) => d.message),
    ['The action "sns:Receive" does not exist.', 'The action "lambda:Invoke" does not exist.'],
  );
  const actions = service.doCodeActions(doc, service.parse(doc), diags[0]!.range, { diagnostics: diags });
  assert.ok(!actions.some((a) => a.title.includes('iot:')), actions.map((a) => a.title).join(' | '));
});
