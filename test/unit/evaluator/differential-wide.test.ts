/**
 * A second, wider differential pass (issue 12, review of 2026-12-03): the evaluator against the
 * reference evaluator (reference/evaluator.ts, written from the AWS pages) over a universe the
 * first pass (differential.test.ts) does not reach: the root user, a service principal, a
 * service-linked role's session, a role session of another account (resource policies naming the
 * role ARN, the session ARN or the account), every condition operator family (String, IgnoreCase,
 * Like, Numeric, Date with ISO and epoch values, Bool, IP, ARN with wildcards in the policy and in
 * the request value, Null), …IfExists and ForAllValues/ForAnyValue (with …IfExists) on missing,
 * empty and present keys, policy variables in Resource, NotResource and condition values with
 * defaults and `${*}`/`${?}`/`${$}`, context keys spelled in other cases and given as JSON booleans
 * and numbers, principal keys the request context carries without the input giving them
 * (`aws:PrincipalArn` of a session is its role's ARN), action and resource wildcards across
 * segments. Each request also runs through the lean path, which must give the same result.
 *
 * What no AWS page decides stays out (see the first pass and the evaluator README): single-valued
 * operators on multivalued keys and set operators on single-valued ones, times without a zone,
 * case in the ARN's service segment, Resource patterns with fewer than six segments.
 */
import { test } from 'node:test';
import { type ReferenceInput } from './reference/evaluator';
import { runDifferential, runPlanDifferential, type Rng } from './reference/differentialRun';
import { CORPUS, LONG, corpusSlice } from '../../helpers/effort';

const A = '111122223333';
const B = '444455556666';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const SESSION = `arn:aws:sts::${A}:assumed-role/app/s1`;
const ROLE = `arn:aws:iam::${A}:role/app`;
const BOB = `arn:aws:iam::${B}:user/bob`;
const SESSION_B = `arn:aws:sts::${B}:assumed-role/app/s1`;
const ROLE_B = `arn:aws:iam::${B}:role/app`;
const ROOT_A = `arn:aws:iam::${A}:root`;
const SERVICE = 'sns.amazonaws.com';
const SLR_ROLE = `arn:aws:iam::${A}:role/aws-service-role/ops.amazonaws.com/AWSServiceRoleForOps`;
const SLR = { type: 'assumed-role', arn: `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForOps/ops`, roleArn: SLR_ROLE };

type Target = { action: string; resources: ReadonlyArray<[string, string]> };
const Q_A = `arn:aws:sqs:us-east-1:${A}:q`;
const TARGETS: readonly Target[] = [
  {
    action: 's3:GetObject',
    resources: [
      ['arn:aws:s3:::b/home/alice/k', A],
      ['arn:aws:s3:::b/shared/k', A],
      ['arn:aws:s3:::b/*/k', A],
      ['arn:aws:s3:::x/home/bob/k', B],
    ],
  },
  { action: 's3:ListBucket', resources: [['arn:aws:s3:::b', A]] },
  {
    action: 'sqs:SendMessage',
    resources: [
      [Q_A, A],
      [`arn:aws:sqs:us-east-1:${B}:q`, B],
    ],
  },
  { action: 'sns:Publish', resources: [[`arn:aws:sns:us-east-1:${A}:t`, A]] },
  { action: 'kms:Decrypt', resources: [[`arn:aws:kms:us-east-1:${A}:key/k1`, A]] },
  { action: 'sts:AssumeRole', resources: [[`arn:aws:iam::${A}:role/target`, A]] },
  { action: 'sts:GetCallerIdentity', resources: [['*', A]] },
  { action: 'iam:GetUser', resources: [[`arn:aws:iam::${A}:user/alice`, A]] },
];
/** What a service principal asks for: resource-policy services. */
const SERVICE_TARGETS = TARGETS.filter((t) => ['s3:GetObject', 'sqs:SendMessage', 'sns:Publish', 'kms:Decrypt'].includes(t.action));

const ACTION_PATTERNS = [
  '*',
  's3:*',
  'S3:GETOBJECT',
  's3:List*',
  'sqs:send*',
  'SQS:*Message',
  'sns:Pub?ish',
  'kms:*crypt',
  'sts:AssumeRole',
  'sts:*',
  '*:Get*',
  'iam:*',
];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b',
  'arn:aws:s3:::B/*',
  'arn:aws:s3:::b/home/${aws:username}/*',
  "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*",
  'arn:aws:s3:::b/${*}/k',
  'arn:aws:s3:::b/?/k',
  'arn:aws:s3:::*/home/*/k',
  `arn:aws:s*:us-east-1:${A}:*`,
  'arn:aws:sqs:us-east-1:1111*:q',
  'arn:aws:*:*:*:*',
  `arn:aws:sns:us-east-1:${A}:${'${aws:PrincipalTag/topic}'}`,
  'arn:aws:kms:*:*:key/*',
  `arn:aws:iam::${A}:role/*`,
];
const NOT_RESOURCE_PATTERNS = [
  'arn:aws:s3:::b/home/${aws:username}/*',
  'arn:aws:s3:::b/shared/*',
  `arn:aws:sqs:*:${B}:*`,
  'arn:aws:kms:*:*:key/k?',
];

/** Conditions on single-valued keys (single-valued operators) and on aws:TagKeys (set operators, Null). */
const CONDITIONS: readonly unknown[] = [
  { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'RED' } },
  { StringNotEqualsIgnoreCase: { 'aws:principaltag/TEAM': ['red', 'Blue'] } },
  { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } },
  { StringNotEquals: { 'aws:ResourceTag/owner': '${aws:username}' } },
  { StringLike: { 's3:prefix': 'home/${aws:username}/*' } },
  { StringEquals: { 'aws:PrincipalTag/team': "${aws:PrincipalTag/default, 'red'}" } },
  { StringLike: { 'aws:ResourceTag/owner': 'a${*}' } },
  { StringEquals: { 'aws:ResourceTag/owner': '${$}${?}' } },
  { StringNotLike: { 'aws:ResourceTag/owner': ['a*', '${aws:PrincipalTag/team}'] } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } },
  { ArnEquals: { 'aws:PrincipalArn': ROLE } },
  { ArnNotEquals: { 'aws:PrincipalArn': [ALICE, ROLE_B] } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:sts::*:assumed-role/*' } },
  { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${A}:*` } },
  { ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:*:t' } },
  { ArnLikeIfExists: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:t` } },
  { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:${aws:PrincipalAccount}:t' } },
  { NumericLessThan: { 's3:max-keys': '10' } },
  { NumericGreaterThanEquals: { 's3:max-keys': ['5.5', '100'] } },
  { NumericEqualsIfExists: { 's3:max-keys': '3' } },
  { NumericNotEquals: { 's3:max-keys': '3' } },
  { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } },
  { DateLessThan: { 'aws:CurrentTime': '1735689600' } },
  { DateEquals: { 'aws:CurrentTime': '2025-01-01' } },
  { DateNotEquals: { 'aws:CurrentTime': '2024-06-29T22:00:00Z' } },
  { DateGreaterThanIfExists: { 'aws:TokenIssueTime': '2024-06-30T00:00:00+02:00' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'TRUE' } },
  { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
  { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' }, StringNotEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } },
  { StringEquals: { 'aws:PrincipalServiceName': SERVICE } },
  { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
  { NotIpAddressIfExists: { 'aws:SourceIp': '192.0.2.0/24' } },
  { Null: { 'aws:TagKeys': 'true' } },
  { Null: { 'aws:ResourceTag/owner': 'false' } },
  { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['a'] } },
  { 'ForAllValues:StringEqualsIfExists': { 'aws:TagKeys': ['a', 'b'] } },
  { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': 'a' } },
  { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'c*' } },
  { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': 'B' } },
  { 'ForAllValues:StringLike': { 'aws:TagKeys': ['${aws:username}', 'a'] } },
  { StringEquals: { 'AWS:PRINCIPALACCOUNT': A } },
  { StringNotEquals: { 'aws:PrincipalAccount': A } },
  { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } },
  { StringEquals: { 'aws:username': 'alice' } },
  { StringEqualsIfExists: { 'aws:username': 'bob' } },
  { StringEquals: { 'aws:userid': [A, 'anonymous'] } },
  { StringNotEquals: { 'aws:ResourceAccount': A } },
  { StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } },
  { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
  { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
];
const PRINCIPALS: readonly unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: ALICE },
  { AWS: SESSION },
  { AWS: ROLE },
  { AWS: A },
  { AWS: ROOT_A },
  { AWS: B },
  { AWS: ROLE_B },
  { AWS: SESSION_B },
  { AWS: [`arn:aws:iam::${B}:root`, ALICE] },
  { AWS: SLR_ROLE },
  { Service: SERVICE },
  { Service: 'SNS.amazonaws.com' },
  { Service: ['sqs.amazonaws.com', SERVICE], AWS: BOB },
];
const NOT_PRINCIPALS: readonly unknown[] = [
  { AWS: [ALICE, ROOT_A] },
  { AWS: [SESSION, ROLE, ROOT_A] },
  { AWS: [SESSION_B, ROLE_B, B] },
  { AWS: A },
  { AWS: `arn:aws:iam::${B}:root` },
];

function statement(r: Rng, kind: 'identity' | 'resource' | 'rcp', allowBias: number): Record<string, unknown> {
  const st: Record<string, unknown> = { Effect: r.chance(allowBias) ? 'Allow' : 'Deny' };
  if (kind === 'resource') {
    if (st['Effect'] === 'Deny' && r.chance(0.25)) st['NotPrincipal'] = r.pick(NOT_PRINCIPALS);
    else st['Principal'] = r.pick(PRINCIPALS);
  }
  if (kind === 'rcp') st['Principal'] = '*';
  const actions = Array.from({ length: 1 + r.int(2) }, () => r.pick(ACTION_PATTERNS));
  // RCPs support Action only (Organizations, RCP syntax: no NotAction); the draw is kept so the streams stay.
  if (r.chance(0.15) && kind !== 'rcp') st['NotAction'] = actions;
  else st['Action'] = actions.length === 1 ? actions[0] : actions;
  if (r.chance(0.15)) st['NotResource'] = r.pick(NOT_RESOURCE_PATTERNS);
  else st['Resource'] = r.chance(0.25) ? [r.pick(RESOURCE_PATTERNS), r.pick(RESOURCE_PATTERNS)] : r.pick(RESOURCE_PATTERNS);
  if (r.chance(0.55)) {
    const c = { ...(r.pick(CONDITIONS) as Record<string, unknown>) };
    if (r.chance(0.25)) Object.assign(c, r.pick(CONDITIONS));
    st['Condition'] = c;
  }
  return st;
}

function policy(r: Rng, kind: 'identity' | 'resource' | 'rcp', allowBias: number): Record<string, unknown> {
  return {
    Version: r.chance(0.92) ? '2012-10-17' : '2008-10-17',
    Statement: Array.from({ length: 1 + r.int(3) }, () => statement(r, kind, allowBias)),
  };
}

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

type Who = 'alice' | 'session' | 'bob' | 'sessionB' | 'root' | 'service' | 'slr' | 'anonymous';

function context(r: Rng, who: Who): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  // Principal keys are left to the request context most of the time (the evaluator must derive
  // them), and sometimes given, in another spelling.
  if (r.chance(0.15) && who !== 'anonymous' && who !== 'service')
    c[r.pick(['aws:PrincipalAccount', 'AWS:principalaccount'])] = who === 'bob' || who === 'sessionB' ? B : A;
  if (r.chance(0.6)) c['aws:SecureTransport'] = r.pick(['true', 'false', true, false, 'TRUE']);
  if (r.chance(0.2)) c['aws:RequestedRegion'] = r.pick(['us-east-1', 'eu-west-1']);
  if (r.chance(0.5)) c[r.pick(['aws:PrincipalTag/team', 'aws:principaltag/team'])] = r.pick(['red', 'RED', 'blue', 'shared']);
  if (r.chance(0.3)) c['aws:PrincipalTag/topic'] = r.pick(['t', 'u']);
  if (r.chance(0.5)) c['aws:ResourceTag/owner'] = r.pick(['alice', 'bob', 'a*', 'ab', '$?', '']);
  if (r.chance(0.4)) c['s3:prefix'] = r.pick(['home/alice/x', 'home/bob/x', 'home/s1/']);
  if (r.chance(0.5)) c['s3:max-keys'] = r.pick(['5', '10', '7.5', '3', 'x', 3, 100, '-1']);
  if (r.chance(0.6))
    c['aws:CurrentTime'] = r.pick([
      '2023-06-30T12:00:00Z',
      '2024-06-29T22:00:00Z',
      '2024-06-30T00:00:00+02:00',
      '1700000000',
      1800000000,
      '2025-01-01',
      '2025-01-01T00:00:00Z',
      'soon',
    ]);
  if (r.chance(0.3)) c['aws:TokenIssueTime'] = r.pick(['2024-06-29T21:00:00Z', '2024-06-29T23:00:00Z']);
  if (r.chance(0.4)) c['aws:MultiFactorAuthPresent'] = r.pick(['true', 'false', true]);
  if (r.chance(0.5))
    c['aws:SourceArn'] = r.pick([
      `arn:aws:sns:us-east-1:${A}:t`,
      'arn:aws:sns:us-east-1:*:t',
      `arn:aws:sns:us-east-1:${B}:t`,
      'arn:aws:sns:us-east-1',
      'not-an-arn',
    ]);
  if (r.chance(0.3)) c['aws:SourceVpc'] = r.pick(['vpc-1', 'vpc-2']);
  if (r.chance(0.6)) c['aws:SourceIp'] = r.pick(['10.1.2.3', '192.0.2.7', '2001:db8::1', '198.51.100.1']);
  if (r.chance(0.5)) c['aws:TagKeys'] = r.pick([[], ['a'], ['a', 'b'], ['B'], ['c', 'a'], [''], ['alice']]);
  return c;
}

function input(r: Rng): ReferenceInput {
  const who = r.pick<Who>(['alice', 'alice', 'session', 'session', 'bob', 'sessionB', 'sessionB', 'root', 'service', 'slr', 'anonymous']);
  const principal = {
    alice: ALICE,
    session: SESSION,
    bob: BOB,
    sessionB: SESSION_B,
    root: ROOT_A,
    service: SERVICE,
    slr: SLR,
    anonymous: '*',
  }[who];
  const target = r.pick(who === 'service' || who === 'anonymous' ? SERVICE_TARGETS : TARGETS);
  const [resource, resourceAccount] = r.pick(target.resources);
  const out: Record<string, unknown> = {};
  const iam = who === 'alice' || who === 'session' || who === 'bob' || who === 'sessionB' || who === 'slr';
  if (iam) out['identityPolicies'] = Array.from({ length: r.int(3) }, () => (r.chance(0.15) ? ALLOW_ALL : policy(r, 'identity', 0.75)));
  if (r.chance(target.action === 'kms:Decrypt' || target.action === 'sts:AssumeRole' ? 1 : 0.7))
    out['resourcePolicy'] = policy(r, 'resource', 0.7);
  if (iam && who !== 'slr' && r.chance(0.3)) out['permissionBoundaries'] = [r.chance(0.4) ? ALLOW_ALL : policy(r, 'identity', 0.85)];
  if ((who === 'session' || who === 'sessionB') && r.chance(0.3))
    out['sessionPolicy'] = r.chance(0.4) ? ALLOW_ALL : policy(r, 'identity', 0.85);
  if (who !== 'anonymous' && r.chance(0.35))
    out['scps'] = Array.from({ length: 1 + r.int(3) }, () => [r.chance(0.6) ? ALLOW_ALL : policy(r, 'identity', 0.8)]);
  if (who !== 'anonymous' && r.chance(0.3)) out['rcps'] = Array.from({ length: 1 + r.int(2) }, () => [policy(r, 'rcp', 0.3)]);
  return {
    ...out,
    request: { principal, action: target.action, resource, resourceAccount, context: context(r, who) },
  } as unknown as ReferenceInput;
}

/**
 * Seeds and requests per seed (defaults: the first seed with 500 requests in `npm run test:unit`;
 * both with 1,000 in `npm run test:corpus`, which `npm test` runs after the unit run, so the unit
 * run's requests are the first half of its first seed's; 3,000 in the long run). A fresh set:
 * `DIFFERENTIAL_SEEDS=… DIFFERENTIAL_REQUESTS=10000 node --import tsx --test test/unit/evaluator/differential-wide.test.ts`.
 */
const SEEDS = process.env.DIFFERENTIAL_SEEDS ? process.env.DIFFERENTIAL_SEEDS.split(',').map(Number) : corpusSlice([77, 1212], 2);
const REQUESTS = Number(process.env.DIFFERENTIAL_REQUESTS ?? (LONG ? 3000 : CORPUS ? 1000 : 500));
// The plan comparison evaluates each request against seven policy sets, twice each way: the unit
// run takes the first 250 requests of its seed (the corpus and long runs, all of theirs).
const PLAN_REQUESTS = Number(process.env.DIFFERENTIAL_REQUESTS ?? (LONG ? 3000 : CORPUS ? 1000 : 250));

for (const seed of SEEDS) {
  test(`wide universe: the evaluator agrees with the reference evaluator on ${REQUESTS.toLocaleString('en-US')} random requests (seed ${seed})`, (t) =>
    runDifferential(t, seed, REQUESTS, input, 1 / 10));
}

for (const seed of SEEDS) {
  test(`wide universe: decision plans give the general evaluator's result on ${PLAN_REQUESTS.toLocaleString('en-US')} random requests against shared policy sets (seed ${seed})`, (t) =>
    t.diagnostic(`${runPlanDifferential(seed, PLAN_REQUESTS, input)} comparisons`));
}
