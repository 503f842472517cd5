/**
 * Properties of the whole decision flow on random requests (fast-check), over more kinds of
 * principal and policy than the differential universe: IAM users, role sessions, roles,
 * federated-user sessions, the root user, service-linked role sessions, a service principal and
 * anonymous callers, in the resource's account or another; identity policies, resource policies
 * (with Principal, and NotPrincipal with Deny), trust and key policies, permissions boundaries,
 * session policies, SCP and RCP levels and VPC endpoint policies.
 *
 * Each property follows from the AWS pages without computing any decision:
 * - adding an Allow statement to a policy never turns Allowed into a denial (policies only grant
 *   or cap: reference_policies_evaluation-logic.md);
 * - a Deny of everything in an applicable policy always gives ExplicitDeny ("An explicit deny in
 *   any policy overrides any allows"), except `sts:GetCallerIdentity` for a signed request (STS API
 *   Reference, GetCallerIdentity: "you can still perform this operation");
 * - adding a permissions boundary, a session policy to a role session, an SCP or RCP level or a
 *   VPC endpoint policy never turns a denial into Allowed (they "set the maximum permissions");
 * - `sts:GetCallerIdentity` is Allowed for every signed principal whatever the policies;
 * - the order of statements and of policies within a type does not change the decision.
 * A fresh run: PROPERTY_SEED=<n> PROPERTY_RUNS=<n> node scripts/run-node-tests.mjs <this file>.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate, parseEvaluationInput } from '../../../server/src/core/evaluator';
import { effort } from '../../helpers/effort';

const A = '111122223333';
const B = '444455556666';
const SEED = Number(process.env['PROPERTY_SEED'] ?? 1203);
// 50 random requests per property by default, 400 with IAM_STUDIO_LONG=1 (test/helpers/effort.ts).
const RUNS = { numRuns: Number(process.env['PROPERTY_RUNS'] ?? effort(50, 400)), seed: SEED };

type Json = Record<string, unknown>;

const PRINCIPALS: readonly (string | Json)[] = [
  `arn:aws:iam::${A}:user/alice`,
  `arn:aws:sts::${A}:assumed-role/app/s1`,
  `arn:aws:iam::${A}:role/app`,
  { type: 'federated-user', arn: `arn:aws:sts::${A}:federated-user/fed`, userArn: `arn:aws:iam::${A}:user/alice` },
  `arn:aws:iam::${A}:root`,
  {
    type: 'assumed-role',
    arn: `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForX/s`,
    roleArn: `arn:aws:iam::${A}:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX`,
  },
  `arn:aws:iam::${B}:user/bob`,
  `arn:aws:sts::${B}:assumed-role/partner/s2`,
  `arn:aws:iam::${B}:root`,
  'cloudtrail.amazonaws.com',
  '*',
];
const SIGNED = PRINCIPALS.filter((p) => p !== '*');
/** Principals identity-based policies (and so SCPs) apply to. */
function iamPrincipal(p: string | Json): boolean {
  if (typeof p !== 'string') return true;
  return /:(user|role|assumed-role)\//.test(p);
}
function serviceLinked(p: string | Json): boolean {
  return typeof p !== 'string' && String(p['roleArn']).includes('/aws-service-role/');
}

const TARGETS: readonly [string, string][] = [
  ['s3:GetObject', 'arn:aws:s3:::b/home/alice/k'],
  ['s3:PutObject', 'arn:aws:s3:::b/shared/k'],
  ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:q`],
  ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${B}:q`],
  ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/t`],
  ['kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/k1`],
  ['sts:AssumeRole', `arn:aws:iam::${A}:role/target`],
  ['sts:AssumeRole', `arn:aws:iam::${B}:role/target`],
  ['sts:GetCallerIdentity', '*'],
  ['ec2:DescribeInstances', '*'],
];

const actionPattern = fc.constantFrom(
  '*',
  's3:*',
  's3:Get*',
  'S3:GETOBJECT',
  '*Object',
  'sqs:*',
  'dynamodb:*',
  'kms:*',
  'sts:*',
  'sts:AssumeRole',
  'sts:GetCallerIdentity',
  'ec2:Describe*',
);
const resourcePattern = fc.constantFrom(
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/home/${aws:username}/*',
  `arn:aws:sqs:*:${A}:*`,
  'arn:aws:sqs:*:*:q',
  `arn:aws:kms:*:${A}:key/*`,
  'arn:aws:iam::*:role/target',
  `arn:aws:dynamodb:us-east-1:${A}:table/${'${aws:PrincipalTag/team}'}`,
);
const condition = fc.option(
  fc.constantFrom(
    { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
    { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } },
    { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } },
    { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } },
    { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
    { Bool: { 'aws:SecureTransport': 'true' } },
    { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } },
    { 'ForAllValues:StringLike': { 'aws:TagKeys': ['a*'] } },
    { Null: { 'aws:PrincipalTag/team': 'true' } },
    { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } },
  ),
  { nil: undefined },
);
const principalEntry = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: `arn:aws:iam::${A}:user/alice` },
  { AWS: `arn:aws:iam::${A}:role/app` },
  { AWS: `arn:aws:sts::${A}:assumed-role/app/s1` },
  { AWS: `arn:aws:sts::${A}:federated-user/fed` },
  { AWS: B },
  { AWS: [`arn:aws:iam::${B}:user/bob`, `arn:aws:sts::${B}:assumed-role/partner/s2`] },
  { Service: 'cloudtrail.amazonaws.com' },
);
const notPrincipalEntry = fc.constantFrom<unknown>(
  { AWS: [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:root`] },
  { AWS: [`arn:aws:sts::${A}:assumed-role/app/s1`, `arn:aws:iam::${A}:role/app`, `arn:aws:iam::${A}:root`] },
  { AWS: `arn:aws:iam::${B}:root` },
  { Service: 'cloudtrail.amazonaws.com' },
);

function withCondition(st: Json, c: unknown): Json {
  return c === undefined ? st : { ...st, Condition: c };
}
const identityStatement = fc
  .record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: actionPattern,
    Resource: resourcePattern,
    notResource: fc.boolean(),
    c: condition,
  })
  .map(({ notResource, c, ...st }) =>
    withCondition(
      notResource
        ? { Effect: st.Effect, Action: st.Action, NotResource: st.Resource }
        : { Effect: st.Effect, Action: st.Action, Resource: st.Resource },
      c,
    ),
  );
const resourceStatement = fc
  .record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: actionPattern,
    p: principalEntry,
    np: fc.option(notPrincipalEntry, { nil: undefined }),
    c: condition,
  })
  .map(({ Effect, Action, p, np, c }) =>
    withCondition(
      Effect === 'Deny' && np !== undefined
        ? { Effect, NotPrincipal: np, Action, Resource: '*' }
        : { Effect, Principal: p, Action, Resource: '*' },
      c,
    ),
  );
const rcpStatement = fc
  .record({ Effect: fc.constantFrom('Allow', 'Deny'), Action: actionPattern, c: condition })
  .map(({ c, ...st }) => withCondition({ ...st, Principal: '*', Resource: '*' }, c));
const doc = (st: fc.Arbitrary<Json>, min = 1) =>
  fc.array(st, { minLength: min, maxLength: 3 }).map((Statement) => ({ Version: '2012-10-17', Statement }));
const allowAllDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const rcpFull = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

const context = fc.record(
  {
    'aws:username': fc.constantFrom('alice', 'bob'),
    'aws:PrincipalTag/team': fc.constantFrom('red', 'blue'),
    'aws:PrincipalOrgID': fc.constantFrom('o-1', 'o-2'),
    'aws:PrincipalIsAWSService': fc.constantFrom('true', 'false'),
    'aws:SecureTransport': fc.constantFrom('true', 'false'),
    'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.0.2.1'),
    'aws:TagKeys': fc.constantFrom(['a'], ['a', 'b'], [], ['']),
    'aws:PrincipalArn': fc.constantFrom(`arn:aws:iam::${A}:role/app`, `arn:aws:iam::${A}:user/alice`),
  },
  { requiredKeys: [] },
);

const input = fc
  .record({
    principal: fc.constantFrom(...PRINCIPALS),
    target: fc.constantFrom(...TARGETS),
    context,
    identityPolicies: fc.array(fc.oneof(doc(identityStatement), fc.constant(allowAllDoc)), { maxLength: 2 }),
    resourcePolicy: fc.option(doc(resourceStatement), { nil: undefined }),
    permissionBoundaries: fc.array(doc(identityStatement), { maxLength: 1 }),
    sessionPolicy: fc.option(doc(identityStatement), { nil: undefined }),
    scps: fc.array(fc.array(fc.oneof(doc(identityStatement), fc.constant(allowAllDoc)), { minLength: 1, maxLength: 2 }), { maxLength: 2 }),
    rcps: fc.array(fc.array(fc.oneof(doc(rcpStatement), fc.constant(rcpFull)), { minLength: 1, maxLength: 2 }), { maxLength: 1 }),
  })
  .map(({ principal, target, context, resourcePolicy, sessionPolicy, ...policies }): Input => ({
    ...policies,
    ...(resourcePolicy ? { resourcePolicy } : {}),
    ...(sessionPolicy ? { sessionPolicy } : {}),
    request: { principal, action: target[0], resource: target[1], context },
  }));
interface Input {
  identityPolicies: Json[];
  resourcePolicy?: Json;
  permissionBoundaries: Json[];
  sessionPolicy?: Json;
  scps: Json[][];
  rcps: Json[][];
  vpcEndpointPolicies?: Json[];
  request: { principal: string | Json; action: string; resource: string; context: Json };
}

function decide(value: unknown): string {
  const parsed = parseEvaluationInput(value);
  assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.errors));
  const out = evaluate(parsed.request, parsed.policies);
  assert.notEqual(out.decision, 'Error', out.summary);
  return out.decision;
}

const denyAll = { Effect: 'Deny', Action: '*', Resource: '*' };
const addStatement = (d: Json, st: Json): Json => ({ ...d, Statement: [...(d['Statement'] as Json[]), st] });

test('adding an Allow statement to any policy never turns Allowed into a denial', () => {
  const allow = fc.record({ i: identityStatement, r: resourceStatement, q: rcpStatement, which: fc.nat(6) });
  fc.assert(
    fc.property(input, allow, (i: Input, { i: idSt, r: resSt, q: rcpSt, which }) => {
      if (decide(i) !== 'Allowed') return;
      const grant = (st: Json): Json => ({ ...st, Effect: 'Allow' });
      const widened: Input[] = [];
      if (i.identityPolicies[0])
        widened.push({ ...i, identityPolicies: [addStatement(i.identityPolicies[0], grant(idSt)), ...i.identityPolicies.slice(1)] });
      widened.push({ ...i, identityPolicies: [...i.identityPolicies, { Version: '2012-10-17', Statement: [grant(idSt)] }] });
      if (i.resourcePolicy && !('NotPrincipal' in resSt))
        widened.push({ ...i, resourcePolicy: addStatement(i.resourcePolicy, grant(resSt)) });
      if (i.permissionBoundaries[0]) widened.push({ ...i, permissionBoundaries: [addStatement(i.permissionBoundaries[0], grant(idSt))] });
      if (i.sessionPolicy) widened.push({ ...i, sessionPolicy: addStatement(i.sessionPolicy, grant(idSt)) });
      const level = i.scps[which % Math.max(1, i.scps.length)];
      if (level?.[0])
        widened.push({ ...i, scps: i.scps.map((l) => (l === level ? [addStatement(l[0] as Json, grant(idSt)), ...l.slice(1)] : l)) });
      const rlevel = i.rcps[0];
      if (rlevel?.[0]) widened.push({ ...i, rcps: [[addStatement(rlevel[0], grant(rcpSt)), ...rlevel.slice(1)]] });
      for (const w of widened) assert.equal(decide(w), 'Allowed', JSON.stringify(w));
    }),
    RUNS,
  );
});

test('a Deny of everything in an applicable policy always wins, except sts:GetCallerIdentity for a signed request', () => {
  fc.assert(
    fc.property(input, (i: Input) => {
      const p = i.request.principal;
      const callerIdentity = i.request.action === 'sts:GetCallerIdentity' && p !== '*';
      const want = callerIdentity ? 'Allowed' : 'ExplicitDeny';
      const resourceDeny = { ...denyAll, Principal: '*' };
      const resourcePolicy = i.resourcePolicy
        ? addStatement(i.resourcePolicy, resourceDeny)
        : { Version: '2012-10-17', Statement: [resourceDeny] };
      assert.equal(decide({ ...i, resourcePolicy }), want, 'resource policy');
      if (iamPrincipal(p)) {
        assert.equal(
          decide({ ...i, identityPolicies: [...i.identityPolicies, { Version: '2012-10-17', Statement: [denyAll] }] }),
          want,
          'identity',
        );
        assert.equal(
          decide({ ...i, permissionBoundaries: [...i.permissionBoundaries, { Version: '2012-10-17', Statement: [denyAll] }] }),
          want,
          'boundary',
        );
      }
      if ((iamPrincipal(p) || /:root$/.test(String(p))) && !serviceLinked(p))
        assert.equal(decide({ ...i, scps: [...i.scps, [{ Version: '2012-10-17', Statement: [denyAll] }]] }), want, 'SCP');
      assert.equal(decide({ ...i, vpcEndpointPolicies: [{ Version: '2012-10-17', Statement: [resourceDeny] }] }), want, 'VPC endpoint');
    }),
    RUNS,
  );
});

test('a permissions boundary, a session policy, an SCP or RCP level or a VPC endpoint policy never turns a denial into Allowed', () => {
  fc.assert(
    fc.property(input, doc(identityStatement), doc(rcpStatement), doc(resourceStatement), (i: Input, extra, rcpExtra, vpce) => {
      if (decide(i) === 'Allowed') return;
      assert.notEqual(decide({ ...i, permissionBoundaries: [...i.permissionBoundaries, extra] }), 'Allowed', 'boundary');
      assert.notEqual(decide({ ...i, scps: [...i.scps, [extra]] }), 'Allowed', 'SCP');
      assert.notEqual(decide({ ...i, rcps: [...i.rcps, [rcpExtra]] }), 'Allowed', 'RCP');
      assert.notEqual(decide({ ...i, vpcEndpointPolicies: [vpce] }), 'Allowed', 'VPC endpoint');
      // A federated-user session gets its identity permissions only through a session policy, so
      // the session policy caps only role sessions that had none.
      const p = i.request.principal;
      if (!i.sessionPolicy && typeof p === 'string' && p.includes(':assumed-role/'))
        assert.notEqual(decide({ ...i, sessionPolicy: extra }), 'Allowed', 'session policy');
    }),
    RUNS,
  );
});

test('sts:GetCallerIdentity is Allowed for every signed principal whatever the policies', () => {
  fc.assert(
    fc.property(input, fc.constantFrom(...SIGNED), (i: Input, principal) => {
      assert.equal(decide({ ...i, request: { ...i.request, principal, action: 'sts:GetCallerIdentity', resource: '*' } }), 'Allowed');
    }),
    RUNS,
  );
});

test('the order of statements and of policies of one type does not change the decision', () => {
  const reverse = (d: Json): Json => ({ ...d, Statement: [...(d['Statement'] as Json[])].reverse() });
  fc.assert(
    fc.property(input, (i: Input) => {
      const reversed = {
        ...i,
        identityPolicies: [...i.identityPolicies].reverse().map(reverse),
        ...(i.resourcePolicy ? { resourcePolicy: reverse(i.resourcePolicy) } : {}),
        permissionBoundaries: i.permissionBoundaries.map(reverse),
        ...(i.sessionPolicy ? { sessionPolicy: reverse(i.sessionPolicy) } : {}),
        scps: i.scps.map((l) => [...l].reverse().map(reverse)),
        rcps: i.rcps.map((l) => [...l].reverse().map(reverse)),
      };
      assert.equal(decide(reversed), decide(i));
    }),
    RUNS,
  );
});
