import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCatalog, normalizeKeyName } from '../../../scripts/catalog/compile';
import { readIamData } from '../../../scripts/build-catalog';
import { artifactActionNames, serviceActions, type CatalogArtifact } from '../../../server/src/core/catalog/format';
import { fixtureArtifact, fixtureRoot } from './fixture';

/** Index of an action within its service's tuples. */
function localIndex(artifact: CatalogArtifact, name: string): number {
  const prefix = name.slice(0, name.indexOf(':'));
  return artifactActionNames(artifact)
    .filter((n) => n.startsWith(`${prefix}:`))
    .indexOf(name);
}

test('the fixture compiles without warnings', () => {
  assert.deepEqual(fixtureArtifact().warnings, []);
});

test('actions are globally sorted by lower-cased service:action (binary search relies on it)', () => {
  const { artifact } = fixtureArtifact();
  const names = artifactActionNames(artifact).map((n) => n.toLowerCase());
  const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.deepEqual(names, sorted);
  assert.deepEqual(
    artifact.services.map((s) => s[0]),
    ['apigateway', 'apprunner', 'ec2', 'iam', 'kms', 's3-outposts', 's3', 'ssm', 'states', 'sts'],
  );
});

test('global keys: tag-key spelled ${TagKey}, descriptions filled in, flagged global', () => {
  assert.equal(normalizeKeyName('aws:PrincipalTag/tag-key'), 'aws:PrincipalTag/${TagKey}');
  assert.equal(normalizeKeyName('aws:SourceIp'), 'aws:SourceIp');
  assert.equal(normalizeKeyName('secretsmanager:ResourceTag/tag-key'), 'secretsmanager:ResourceTag/${TagKey}');
  const { artifact } = fixtureArtifact();
  const globals = artifact.globalKeys.map((i) => artifact.conditionKeys[i]!);
  assert.ok(globals.some(([key]) => key === 'aws:PrincipalTag/${TagKey}'));
  assert.ok(globals.every(([, , description]) => description.length > 10));
  // The service files' aws:RequestTag/${TagKey} is the same entry as the global one.
  assert.equal(artifact.conditionKeys.filter(([k]) => k.toLowerCase() === 'aws:requesttag/${tagkey}').length, 1);
});

test("a key defined by several services takes its owning service's type", () => {
  const { artifact } = fixtureArtifact();
  const entry = artifact.conditionKeys.find(([k]) => k === 'iam:PassedToService');
  assert.ok(entry);
  assert.equal(artifact.keyTypes[entry[1]], 'String');
});

test('the generic OIDC claim keys are added to sts:AssumeRoleWithWebIdentity', () => {
  const { artifact } = fixtureArtifact();
  const sts = artifact.services.find((s) => s[0] === 'sts')!;
  const web = serviceActions(sts)[localIndex(artifact, 'sts:AssumeRoleWithWebIdentity')]!;
  const keys = web[3].map((i) => artifact.conditionKeys[i]![0]);
  assert.ok(keys.includes('${OidcProvider}:sub'));
  assert.ok(keys.includes('accounts.google.com:aud'));
});

test('broken references are reported, not fatal', () => {
  const src = readIamData(fixtureRoot);
  const s3 = src.actions.s3!;
  src.actions.s3 = {
    ...s3,
    broken: {
      name: 'Broken',
      description: '',
      accessLevel: 'Read',
      resourceTypes: [{ name: 'nosuchtype', required: true, conditionKeys: [] }],
      conditionKeys: ['s3:NoSuchKey'],
    },
  };
  const { artifact, warnings } = compileCatalog(src, 'now');
  assert.deepEqual(warnings.sort(), [
    's3:Broken references undefined condition key s3:NoSuchKey',
    's3:Broken references unknown resource type nosuchtype',
  ]);
  const s3Compiled = artifact.services.find((s) => s[0] === 's3')!;
  const broken = serviceActions(s3Compiled)[localIndex(artifact, 's3:Broken')]!;
  assert.deepEqual(broken[2], []);
  assert.equal(artifact.conditionKeys[broken[3][0]!]![0], 's3:NoSuchKey');
});
