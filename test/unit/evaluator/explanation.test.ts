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

// The lean path (explain: false) keeps a policy's run per set of applied statements (bits of an
// integer, up to 30 statements; larger policies are run statement by statement) and per place in
// the set: the same decision and deciding statements at both sides of that limit, for a policy
// that sits in two places, and for repeated requests that reuse the kept runs.
test('explain: false decides like the explanation for large policies, repeated requests and a policy in two places', () => {
  const statements = (n: number, allowAt: number, denyAt?: number) =>
    Array.from({ length: n }, (_, i) => ({
      Sid: `S${i}`,
      Effect: i === denyAt ? 'Deny' : 'Allow',
      Action: i === allowAt || i === denyAt ? 's3:GetObject' : `ec2:Op${i}`,
      Resource: '*',
    }));
  const request = { principal: alice as NonNullable<typeof alice>, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
  const sets = [29, 30, 31, 34, 45].flatMap((n) => [
    { identityPolicies: [parsePolicy({ Version: '2012-10-17', Statement: statements(n, n - 1) }, { id: `p${n}` }).policy] },
    { identityPolicies: [parsePolicy({ Version: '2012-10-17', Statement: statements(n, 0, n - 1) }, { id: `d${n}` }).policy] },
  ]);
  const shared = parsePolicy({ Version: '2012-10-17', Statement: statements(3, 2) }, { id: 'both' }).policy;
  const none = parsePolicy({ Version: '2012-10-17', Statement: statements(2, 9) }, { id: 'none' }).policy;
  sets.push({ identityPolicies: [none, shared], permissionBoundaries: [shared] } as never);
  sets.push({ identityPolicies: [shared], permissionBoundaries: [none] } as never);
  const other = { ...request, action: 'ec2:Op1' };
  for (const set of sets) {
    for (let round = 0; round < 3; round++) {
      for (const r of [request, other]) {
        const full = evaluate(r, set);
        const lean = evaluate(r, set, { explain: false });
        assert.ok(isResult(full) && isResult(lean));
        assert.deepEqual(
          { ...lean, policies: undefined },
          { ...full, policies: undefined },
          `${r.action} ${JSON.stringify(set).slice(0, 80)}`,
        );
      }
    }
  }
  const decided = (set: (typeof sets)[number]) => {
    const out = evaluate(request, set, { explain: false });
    return isResult(out) ? `${out.decision} ${out.decidedBy.map((s) => `${s.policyType}:${s.sid}`).join(',')}` : 'Error';
  };
  assert.equal(decided(sets[2] as (typeof sets)[number]), 'Allowed identity:S29');
  assert.equal(decided(sets[3] as (typeof sets)[number]), 'ExplicitDeny identity:S29');
  assert.equal(decided(sets[5] as (typeof sets)[number]), 'ExplicitDeny identity:S30');
  assert.equal(decided(sets[6] as (typeof sets)[number]), 'Allowed identity:S33');
  assert.equal(decided(sets[10] as (typeof sets)[number]), 'Allowed identity:S2');
  assert.match(decided(sets[11] as (typeof sets)[number]), /^ImplicitDeny/);
});

// A statement whose Action element does not list the action is explained by one object kept per
// place in the set (nothing past the Action element is evaluated for it); NotAction keeps its own.
test('a statement that does not list the action is explained the same way for every request, NotAction says which entry', () => {
  const { policy } = parsePolicy({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Ec2', Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Sid: 'NotS3', Effect: 'Deny', NotAction: 's3:*', Resource: '*' },
    ],
  });
  const set = { identityPolicies: [policy], permissionBoundaries: [policy] };
  const explain = (resource: string, context: Record<string, string>) => {
    const out = evaluate({ principal: alice as NonNullable<typeof alice>, action: 's3:GetObject', resource, context }, set);
    assert.ok(isResult(out));
    return out.policies.map((p) => p.statements);
  };
  const first = explain('arn:aws:s3:::b/k', {});
  const second = explain('arn:aws:s3:::other/k', { 'aws:SecureTransport': 'false' });
  assert.deepEqual(second, first);
  for (const [ec2, notS3] of first) {
    assert.deepEqual(
      { ...ec2, path: undefined, label: undefined },
      {
        policyType: ec2?.policyType,
        policyIndex: 0,
        level: undefined,
        label: undefined,
        statementIndex: 0,
        sid: 'Ec2',
        effect: 'Allow',
        path: undefined,
        applies: false,
        action: { matched: false },
        resource: undefined,
        principal: undefined,
        conditions: undefined,
      },
    );
    assert.deepEqual(notS3?.action, { matched: false, by: 'NotAction lists s3:*' });
  }
  assert.deepEqual(
    first.map(([ec2]) => ec2?.policyType),
    ['identity', 'permissions-boundary'],
  );
});
