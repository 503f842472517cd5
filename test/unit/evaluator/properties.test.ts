/**
 * Properties of the decision flow on generated policies and requests (fast-check):
 * explicit deny always wins, guardrails only remove access, statement order never matters,
 * and arbitrary JSON never makes the evaluator throw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate, parseEvaluationInput } from '../../../server/src/core/evaluator';
import { effort } from '../../helpers/effort';

const A = '111122223333';
const action = fc.constantFrom('s3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'ec2:DescribeInstances', 'iam:CreateUser');
const actionPattern = fc.constantFrom('*', 's3:*', 's3:Get*', 'sqs:SendMessage', 'ec2:Describe*', 'iam:*', '*:*Object');
const resource = fc.constantFrom('arn:aws:s3:::b/k', 'arn:aws:s3:::b', `arn:aws:sqs:us-east-1:${A}:q`, '*');
const resourcePattern = fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::*', `arn:aws:sqs:*:${A}:*`);
const condition = fc.option(
  fc.constantFrom(
    { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
    { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } },
    { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    { 'ForAllValues:StringLike': { 'aws:TagKeys': ['a*'] } },
    { BoolIfExists: { 'aws:SecureTransport': 'true' } },
  ),
  { nil: undefined },
);
const statement = fc
  .record({ Effect: fc.constantFrom('Allow', 'Deny'), Action: actionPattern, Resource: resourcePattern, Condition: condition })
  .map((s) => (s.Condition === undefined ? { Effect: s.Effect, Action: s.Action, Resource: s.Resource } : s));
const policy = fc.array(statement, { minLength: 1, maxLength: 4 }).map((Statement) => ({ Version: '2012-10-17', Statement }));
const context = fc.record(
  {
    'aws:PrincipalTag/team': fc.constantFrom('red', 'blue'),
    'aws:RequestedRegion': fc.constantFrom('us-east-1', 'eu-west-1'),
    'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.0.2.1'),
    'aws:TagKeys': fc.constantFrom(['ab'], ['ab', 'cd'], []),
  },
  { requiredKeys: [] },
);
const principal = fc.constantFrom(`arn:aws:iam::${A}:user/alice`, `arn:aws:sts::${A}:assumed-role/app/s`);
const input = fc.record({
  identityPolicies: fc.array(policy, { maxLength: 3 }),
  permissionBoundaries: fc.array(policy, { maxLength: 1 }),
  scps: fc.array(fc.array(policy, { minLength: 1, maxLength: 2 }), { maxLength: 2 }),
  request: fc.record({ principal, action, resource, context }),
});

function decide(value: unknown): string {
  const parsed = parseEvaluationInput(value);
  if (!parsed.ok) return `error: ${parsed.errors[0]?.message}`;
  return evaluate(parsed.request, parsed.policies).decision;
}

// 100 generated inputs per property in the unit run, 300 in the long run (test/helpers/effort.ts).
const RUNS = { numRuns: effort(100, 300), seed: 4242 };

test('an identity Deny that matches everything always gives ExplicitDeny', () => {
  fc.assert(
    fc.property(input, (i) => {
      const denyAll = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
      assert.equal(decide({ ...i, identityPolicies: [...i.identityPolicies, denyAll] }), 'ExplicitDeny');
    }),
    RUNS,
  );
});

test('adding a permissions boundary or an SCP level never turns a denial into Allowed', () => {
  fc.assert(
    fc.property(input, policy, (i, extra) => {
      const before = decide(i);
      if (before === 'Allowed') return;
      assert.notEqual(decide({ ...i, permissionBoundaries: [...i.permissionBoundaries, extra] }), 'Allowed');
      assert.notEqual(decide({ ...i, scps: [...i.scps, [extra]] }), 'Allowed');
    }),
    RUNS,
  );
});

test('the order of statements and policies does not change the decision', () => {
  fc.assert(
    fc.property(input, (i) => {
      const reversed = {
        ...i,
        identityPolicies: [...i.identityPolicies].reverse().map((p) => ({ ...p, Statement: [...p.Statement].reverse() })),
      };
      assert.equal(decide(reversed), decide(i));
    }),
    RUNS,
  );
});

test('arbitrary JSON never makes parsing or evaluation throw', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      decide(v);
      decide({ identityPolicies: [v], request: { principal: `arn:aws:iam::${A}:user/a`, action: 's3:GetObject', resource: '*' } });
      decide({
        identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: v }] }],
        request: { principal: `arn:aws:iam::${A}:user/a`, action: 's3:GetObject', resource: '*', context: { k: 'v' } },
      });
    }),
    { numRuns: effort(150, 500), seed: 7 },
  );
});
