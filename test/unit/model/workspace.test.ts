/**
 * The server's view of the workspace models (ModelWorkspace): discovery of *.iam-model.json files,
 * what each policy file is used as (the language service's policyTypeOf hook), accounts for
 * completion, and re-resolution after an edit of a referenced file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { findModelFiles, ModelWorkspace } from '../../../server/src/node/modelWorkspace';
import { loadTerraformImports } from '../../../server/src/node/terraformModels';

const EXAMPLES = join(__dirname, '../../../examples');
const uri = (rel: string) => URI.file(join(EXAMPLES, rel)).toString();

test('workspace: finds the example model and types the policy files by their use', () => {
  assert.deepEqual(
    findModelFiles(EXAMPLES).map((f) => f.slice(EXAMPLES.length + 1)),
    ['organization.iam-model.json', 'serverless/orders.iam-model.json', 'terraform-app/exports.iam-model.json'],
  );
  const ws = new ModelWorkspace(
    () => undefined,
    () => [],
  );
  ws.setRoots([EXAMPLES]);
  assert.deepEqual(
    [
      'policies/developers.iam.json',
      'policies/developer-boundary.iam.json',
      'policies/ec2-trust.iam.json',
      'policies/reports-bucket-policy.json',
      'policies/protect-audit.scp.iam.json',
      'mistakes/effect-and-syntax.iam.json',
    ].map((f) => ws.policyTypeOf(uri(f))),
    ['identity', 'boundary', 'trust', 'resource', 'scp', undefined],
  );
  // Without the HCL parser, terraform-app's import is not read: its account is not there.
  const accounts = ws.accounts();
  assert.deepEqual(
    accounts.map((a) => [a.accountId, a.name]),
    [
      ['444455556666', 'tools'],
      ['111122223333', 'prod'],
      ['555566667777', 'orders-prod'],
    ],
  );
  assert.ok(accounts[1]?.principals.some((p) => p.kind === 'role' && p.arn === 'arn:aws:iam::111122223333:role/break-glass'));
});

test('workspace: Terraform imports are read once this workspace is given the HCL parser, and only by it', async () => {
  const parse = await loadTerraformImports([]);
  assert.ok(parse, 'the parser loads from the installed packages');
  const given = new ModelWorkspace(
    () => undefined,
    () => [],
  );
  given.setRoots([EXAMPLES]);
  given.useTerraformParser(parse);
  const other = new ModelWorkspace(
    () => undefined,
    () => [],
  );
  other.setRoots([EXAMPLES]);
  const ids = (ws: ModelWorkspace) => ws.accounts().map((a) => a.accountId);
  assert.ok(ids(given).includes('666677778888'), "terraform-app's account");
  assert.ok(!ids(other).includes('666677778888'), 'another workspace of the same process does not read Terraform');
  const exporter = 'arn:aws:iam::666677778888:role/exporter-prod';
  assert.ok(
    given.accounts().some((a) => a.principals.some((p) => p.arn === exporter)),
    JSON.stringify(given.accounts()),
  );
});

test('workspace: an unsaved edit of a referenced policy is used after touch(); unrelated files do not re-resolve', () => {
  const open = new Map<string, string>();
  const ws = new ModelWorkspace(
    (u) => open.get(u),
    () => [...open.keys()],
  );
  ws.setRoots([EXAMPLES]);
  const before = ws.models()[0];
  assert.equal(ws.touch(uri('mistakes/effect-and-syntax.iam.json')), false);
  assert.equal(ws.models()[0], before);
  open.set(uri('policies/qa.iam.json'), '{ "Version": "2012-10-17", "Statement": [] }');
  assert.equal(ws.touch(uri('policies/qa.iam.json')), true);
  const qa = ws.models()[0]?.model.accounts.get('111122223333')?.groups.get('QA')?.policies[0];
  assert.deepEqual(qa?.policy.statements, []);
});
