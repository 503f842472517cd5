/** Policy type detection: override, workspace model, file-name convention, content. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPolicyType, policyTypeFromContent, policyTypeFromFileName } from '../../../server/src/core/policyType';

test('file-name convention', () => {
  const cases: Array<[string, string | undefined]> = [
    ['ci.trust.json', 'trust'],
    ['org/deny-regions.scp.json', 'scp'],
    ['guard.rcp.json', 'rcp'],
    ['dev.boundary.json', 'boundary'],
    ['s.session.json', 'session'],
    ['e.vpce.json', 'vpc-endpoint'],
    ['e.endpoint.json', 'vpc-endpoint'],
    ['logs.bucket.json', 'resource'],
    ['k.key.json', 'resource'],
    ['app.trust.policy.json', 'trust'],
    ['APP.SCP.IAM.JSON', 'scp'],
    ['C:\\work\\x.trust.json', 'trust'],
    ['policy.json', undefined],
    ['x.iam.json', undefined],
    ['trust.json', undefined],
    ['a.trust.yaml', undefined],
  ];
  for (const [name, type] of cases) assert.equal(policyTypeFromFileName(name), type, name);
});

test('content: Principal makes a resource policy, sts:AssumeRole* a trust policy', () => {
  const st = (s: object) => ({ Version: '2012-10-17', Statement: [s] });
  assert.equal(policyTypeFromContent(st({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })), 'identity');
  assert.equal(policyTypeFromContent(st({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' })), 'resource');
  assert.equal(
    policyTypeFromContent(st({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })),
    'trust',
  );
  assert.equal(
    policyTypeFromContent(st({ Effect: 'Allow', Principal: { AWS: '1' }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] })),
    'trust',
  );
  assert.equal(
    policyTypeFromContent(st({ Effect: 'Allow', Principal: { AWS: '1' }, Action: ['sts:AssumeRole', 's3:GetObject'] })),
    'resource',
  );
  assert.equal(policyTypeFromContent('not a policy'), 'identity');
});

test('precedence: override, then workspace, then file name, then content', () => {
  const value = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] };
  assert.deepEqual(detectPolicyType('a.trust.json', value, 'scp', 'rcp'), { type: 'scp', source: 'override' });
  assert.deepEqual(detectPolicyType('a.trust.json', value, undefined, 'rcp'), { type: 'rcp', source: 'workspace' });
  assert.deepEqual(detectPolicyType('a.trust.json', value), { type: 'trust', source: 'file name' });
  assert.deepEqual(detectPolicyType('a.json', value), { type: 'resource', source: 'content' });
});

test('a resource policy file name says which service its resource belongs to', () => {
  const value = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] };
  assert.deepEqual(detectPolicyType('logs.bucket.json', value), { type: 'resource', source: 'file name', resourceService: 's3' });
  assert.deepEqual(detectPolicyType('app.key.policy.json', value, 'resource'), {
    type: 'resource',
    source: 'override',
    resourceService: 'kms',
  });
  assert.deepEqual(detectPolicyType('app.key.json', value, 'identity'), { type: 'identity', source: 'override' });
  assert.deepEqual(detectPolicyType('x.resource.json', value), { type: 'resource', source: 'file name' });
});
