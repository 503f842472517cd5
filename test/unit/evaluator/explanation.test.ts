/** What a person reading an explanation sees: per statement matches, condition values, labels. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, isResult, principalFromArn, type EvaluationResult } from '../../../server/src/core/evaluator';
import { parsePolicy } from '../../../server/src/core/policy';

const alice = principalFromArn('arn:aws:iam::111122223333:user/alice');
assert.ok(alice);

function run(
  doc: unknown,
  context: Record<string, string | string[]>,
  label = { id: 'Ops', source: 'policies/ops.json' },
): EvaluationResult {
  const { policy, errors } = parsePolicy(doc, label);
  assert.deepEqual(errors, []);
  const out = evaluate(
    { principal: alice as NonNullable<typeof alice>, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context },
    { identityPolicies: [policy] },
  );
  assert.ok(isResult(out));
  return out;
}

const doc = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Ec2', Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
    {
      Sid: 'Office',
      Effect: 'Allow',
      Action: 's3:Get*',
      Resource: 'arn:aws:s3:::b/*',
      Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' }, StringEquals: { 'aws:PrincipalTag/team': 'ops' } },
    },
  ],
};

test('each statement shows whether action and resource matched and by which entry', () => {
  const out = run(doc, { 'aws:SourceIp': '198.51.100.7' });
  const [ec2, office] = out.policies[0]?.statements ?? [];
  assert.deepEqual(ec2?.action, { matched: false });
  assert.equal(ec2?.resource, undefined, 'not evaluated once the action does not match');
  assert.deepEqual(office?.action, { matched: true, by: 's3:Get*' });
  assert.equal(office?.resource?.by, 'arn:aws:s3:::b/*');
  assert.equal(office?.applies, false);
});

test('each condition shows the failing request value and the missing keys', () => {
  const out = run(doc, { 'aws:SourceIp': '198.51.100.7' });
  const conditions = out.policies[0]?.statements[1]?.conditions ?? [];
  assert.equal(conditions.length, 2);
  assert.equal(conditions[0]?.operator, 'IpAddress');
  assert.equal(conditions[0]?.result, false);
  assert.deepEqual(conditions[0]?.requestValues, ['198.51.100.7']);
  assert.match(conditions[0]?.reason ?? '', /198\.51\.100\.7/);
  assert.equal(conditions[1]?.result, false);
  assert.equal(conditions[1]?.requestValues, undefined);
  assert.match(conditions[1]?.reason ?? '', /not present/);
  assert.deepEqual(out.missingContextKeys, ['aws:PrincipalTag/team']);
  assert.equal(out.decision, 'ImplicitDeny');
});

test('deciding statements carry the policy label, Sid and JSON path for linking to the file', () => {
  const out = run(doc, { 'aws:SourceIp': '192.0.2.9', 'aws:PrincipalTag/team': 'ops' });
  assert.equal(out.decision, 'Allowed');
  assert.deepEqual(
    out.decidedBy.map((r) => ({ label: r.label, sid: r.sid, path: r.path })),
    [{ label: { id: 'Ops', source: 'policies/ops.json' }, sid: 'Office', path: ['Statement', 1] }],
  );
  assert.equal(out.summary, "Allowed by identity policy 'Ops' statement 'Office'.");
});
