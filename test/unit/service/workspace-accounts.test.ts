/** The workspace model as completion sees it: accounts with their users' and roles' ARNs, used in Principal and Resource completion. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { getLanguageService, workspaceAccountsOf } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { loadModelFile } from '../../../server/src/node/workspaceModel';
import { makeDocument, parseMarkers } from '../../helpers/markers';

const loaded = loadModelFile(join(__dirname, '../../../examples/organization.iam-model.json'));
assert.ok(loaded.ok, 'the example model loads');
const model = loaded.model;

test('workspaceAccountsOf: every account of the example model with its roles and users, cached per model', () => {
  const accounts = workspaceAccountsOf(model);
  assert.equal(accounts.length, model.accounts.size);
  const roles = [...model.accounts.values()].flatMap((a) => [...a.roles.values()].map((r) => r.arn)).sort();
  assert.ok(roles.length > 0, 'the example has roles');
  assert.deepEqual(accounts.flatMap((a) => a.principals.filter((p) => p.kind === 'role').map((p) => p.arn)).sort(), roles);
  assert.equal(workspaceAccountsOf(model), accounts, 'same array for the same model');
});

test('Principal completion offers the model\'s role ARNs', () => {
  const service = getLanguageService({ catalog: getCatalog(), workspaceAccounts: () => workspaceAccountsOf(model) });
  const marked = parseMarkers('{ "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "|" }, "Action": "sts:AssumeRole" } ] }');
  const doc = makeDocument(marked.text);
  const labels = service.doComplete(doc, service.parse(doc), doc.positionAt(marked.cursor!)).items.map((i) => i.label);
  const role = workspaceAccountsOf(model).flatMap((a) => a.principals).find((p) => p.kind === 'role');
  assert.ok(role && labels.includes(role.arn), `${role?.arn} offered; got ${labels.join(', ')}`);
});
