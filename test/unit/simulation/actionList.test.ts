/**
 * The Simulate Access pickers' catalog questions (iamPolicy/listActions, iamPolicy/resourceTemplates)
 * against the real catalog: what the user sees in the action list for what they typed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { listActions, resourceTemplates } from '../../../server/src/service/actionList';

const catalog = getCatalog();

test('an empty filter lists one wildcard per service', () => {
  const r = listActions(catalog, '', 10_000);
  assert.equal(r.items.length, catalog.services().length);
  assert.equal(r.total, r.items.length);
  const s3 = r.items.find((i) => i.name === 's3:*');
  assert.ok(s3, 's3:* is offered');
  assert.equal(s3.kind, 'service');
  assert.match(s3.detail, /^Amazon S3: every action \(\d+\)$/);
});

test('typed text offers matching services, then actions starting with it, then actions containing it', () => {
  const names = listActions(catalog, 'getobject').items.map((i) => i.name);
  assert.ok(names.includes('s3:GetObject'));
  assert.ok(names.includes('s3:GetObjectAcl'));
  assert.ok(!names.some((n) => n.endsWith(':*')), 'no service starts with getobject');
  const first = names.indexOf('s3:GetObject');
  const containing = names.findIndex((n) => !/^[^:]+:getobject/i.test(n));
  assert.ok(containing === -1 || first < containing, 'prefix matches come first');
  const s3 = listActions(catalog, 's3').items;
  assert.equal(s3[0]?.name, 's3:*');
  assert.ok(s3.some((i) => i.name === 's3-outposts:*'));
});

test('an action carries its access level', () => {
  const item = listActions(catalog, 's3:getobject').items.find((i) => i.name === 's3:GetObject');
  assert.equal(item?.kind, 'action');
  assert.match(item?.detail ?? '', /^Read · /);
});

test('a pattern is offered as itself with its count, then its actions; the limit caps items, not the total', () => {
  const r = listActions(catalog, 'ec2:Describe*', 20);
  assert.deepEqual(r.items[0], {
    name: 'ec2:Describe*',
    kind: 'pattern',
    detail: `${catalog.countActions('ec2:Describe*')} action(s)`,
    count: catalog.countActions('ec2:Describe*'),
  });
  assert.equal(r.items.length, 20);
  assert.equal(r.total, 1 + catalog.countActions('ec2:Describe*'));
  assert.ok(r.items.slice(1).every((i) => i.kind === 'action' && i.name.startsWith('ec2:Describe')));
});

test('nothing matches nonsense', () => {
  assert.deepEqual(listActions(catalog, 'zzqqxx'), { items: [], total: 0 });
});

test('ARN templates of the chosen actions, required types first, each template once', () => {
  const t = resourceTemplates(catalog, ['s3:GetObject', 's3:PutObject']);
  const templates = t.map((i) => i.template);
  assert.ok(templates.includes('arn:${Partition}:s3:::${BucketName}/${ObjectName}'));
  assert.equal(new Set(templates).size, templates.length);
  const object = t.find((i) => i.template === 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  assert.equal(object?.resourceType, 's3:object');
  assert.equal(object?.required, catalog.action('s3:GetObject')?.resourceTypes.find((r) => r.resourceType.name === 'object')?.required);
  const queue = resourceTemplates(catalog, ['sqs:SendMessage', 's3:GetObject']);
  assert.deepEqual(
    queue.map((i) => i.required),
    [...queue.map((i) => i.required)].sort((a, b) => Number(b) - Number(a)),
    'required first',
  );
  assert.deepEqual(resourceTemplates(catalog, ['ec2:DescribeInstances']), [], 'a wildcard-only action has no ARN');
  assert.ok(resourceTemplates(catalog, ['sqs:Send*']).some((i) => i.resourceType === 'sqs:queue'));
});
