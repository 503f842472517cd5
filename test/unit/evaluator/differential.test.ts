/**
 * Differential check: the evaluator against an independent brute-force reference evaluator
 * (reference/evaluator.ts, written from the AWS pages only) on thousands of random requests over
 * a small universe: two accounts, an IAM user and a role session in one, a user in the other, and
 * anonymous callers; identity policies, resource policies (bucket, queue, table, topic, trust and
 * key policies) with Principal and NotPrincipal (with Deny), permission boundaries, session
 * policies, SCP and RCP levels; actions, wildcards, NotAction, NotResource, policy variables (also
 * before the fifth colon of an ARN), the string, Bool, IpAddress, Null, IfExists and
 * ForAnyValue/ForAllValues operators. It covers the four rules of issue 12: variables before the
 * fifth colon, the RCP service list, sts:GetCallerIdentity and trust/KMS key policies that must
 * allow. Each request also runs through the lean path (`explain: false`, as `evaluate --brief`),
 * which must give the same result but for the explanation.
 *
 * What no AWS page decides is left out of the universe or skipped as undecided (the evaluator's
 * choices, listed in server/src/core/evaluator/README.md): a NotPrincipal naming only some of the
 * caller's account, role/user and session, single-valued operators on multivalued keys, Resource
 * patterns with fewer than six ARN segments, anonymous callers of GetCallerIdentity or under RCPs,
 * KMS requests without a key policy. Every disagreement fails the test with the input that shows it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ReferenceInput } from './reference/evaluator';
import { rng, runDifferential, runPlanDifferential, type Rng } from './reference/differentialRun';
import { CORPUS, LONG, corpusSlice } from '../../helpers/effort';

const A = '111122223333';
const B = '444455556666';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const SESSION = `arn:aws:sts::${A}:assumed-role/app/s1`;
const ROLE = `arn:aws:iam::${A}:role/app`;
const BOB = `arn:aws:iam::${B}:user/bob`;

/** The requests of the universe: an action and the resources it may act on (owner account). */
const TARGETS: ReadonlyArray<{ action: string; resources: ReadonlyArray<[string, string]>; policy: 'often' | 'always' | 'never' }> = [
  {
    action: 's3:GetObject',
    resources: [
      ['arn:aws:s3:::b/home/alice/k', A],
      ['arn:aws:s3:::b/shared/k', A],
      ['arn:aws:s3:::x/home/bob/k', B],
    ],
    policy: 'often',
  },
  {
    action: 's3:PutObject',
    resources: [
      ['arn:aws:s3:::b/home/alice/k', A],
      ['arn:aws:s3:::b/shared/k', A],
    ],
    policy: 'often',
  },
  {
    action: 'sqs:SendMessage',
    resources: [
      [`arn:aws:sqs:us-east-1:${A}:q`, A],
      [`arn:aws:sqs:us-east-1:${B}:q`, B],
    ],
    policy: 'often',
  },
  {
    action: 'sns:Publish',
    resources: [
      [`arn:aws:sns:us-east-1:${A}:t`, A],
      [`arn:aws:sns:us-east-1:${B}:t`, B],
    ],
    policy: 'often',
  },
  { action: 'dynamodb:GetItem', resources: [[`arn:aws:dynamodb:us-east-1:${A}:table/t`, A]], policy: 'often' },
  {
    action: 'kms:Decrypt',
    resources: [
      [`arn:aws:kms:us-east-1:${A}:key/k1`, A],
      [`arn:aws:kms:us-east-1:${B}:key/k2`, B],
    ],
    policy: 'always',
  },
  {
    action: 'sts:AssumeRole',
    resources: [
      [`arn:aws:iam::${A}:role/target`, A],
      [`arn:aws:iam::${B}:role/target`, B],
    ],
    policy: 'always',
  },
  { action: 'sts:GetCallerIdentity', resources: [['*', A]], policy: 'never' },
  { action: 'ec2:DescribeInstances', resources: [['*', A]], policy: 'never' },
];

const ACTION_PATTERNS = [
  '*',
  's3:*',
  's3:Get*',
  'S3:getobject',
  's3:?etObject',
  'sqs:SendMessage',
  'sns:*',
  'dynamodb:GetItem',
  'kms:*',
  'kms:Decrypt',
  'sts:AssumeRole',
  'sts:*',
  'sts:GetCallerIdentity',
  'ec2:Describe*',
  'iam:*',
];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::*/home/*',
  'arn:aws:s3:::b/home/${aws:username}/*',
  'arn:aws:s3:::b/home/alice/*',
  `arn:aws:sqs:*:${A}:*`,
  'arn:aws:sqs:*:${aws:PrincipalAccount}:*',
  'arn:aws:sns:*:${aws:PrincipalAccount}:*',
  'arn:aws:sns:us-east-1:*:t',
  'arn:aws:dynamodb:*:*:table/t',
  `arn:aws:kms:us-east-1:${A}:key/*`,
  'arn:aws:kms:*:*:key/k?',
  `arn:aws:iam::${A}:role/*`,
  'arn:aws:iam::*:role/target',
  'arn:aws:*:us-east-1:*:*',
  'arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:${aws:PrincipalTag/team}',
];
const NOT_RESOURCE_PATTERNS = ['arn:aws:s3:::b/shared/*', `arn:aws:kms:*:${A}:key/*`, `arn:aws:iam::${B}:role/*`, 'arn:aws:sqs:*:*:*'];
const CONDITIONS: readonly unknown[] = [
  { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': ['red', 'green'] } },
  { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } },
  { StringNotLike: { 'aws:PrincipalArn': `arn:aws:sts::${A}:*` } },
  { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'blue' } },
  { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-corp' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
  { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/28'] } },
  { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { Null: { 'aws:PrincipalTag/team': 'true' } },
  { Null: { 'aws:MultiFactorAuthPresent': 'false' } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'c'] } },
  { 'ForAllValues:StringLike': { 'aws:TagKeys': ['a*', 'b'] } },
  { StringEquals: { 'aws:PrincipalAccount': A }, Bool: { 'aws:SecureTransport': 'true' } },
  { StringEquals: { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' } },
];
const PRINCIPALS: readonly unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: ALICE },
  { AWS: SESSION },
  { AWS: ROLE },
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: B },
  { AWS: BOB },
  { AWS: [ROLE, BOB] },
  { AWS: [`arn:aws:iam::${B}:root`, ALICE] },
];

/**
 * NotPrincipal lists (with Deny) as the NotPrincipal page's examples write them: a user with its
 * account, a session with its role and account; and lists that name only an account.
 */
const NOT_PRINCIPALS: readonly unknown[] = [
  { AWS: [ALICE, `arn:aws:iam::${A}:root`] },
  { AWS: [SESSION, ROLE, `arn:aws:iam::${A}:root`] },
  { AWS: [BOB, B] },
  { AWS: `arn:aws:iam::${B}:root` },
];

function statement(r: Rng, kind: 'identity' | 'resource' | 'rcp', allowBias: number): Record<string, unknown> {
  const st: Record<string, unknown> = { Effect: r.chance(allowBias) ? 'Allow' : 'Deny' };
  if (kind === 'resource') {
    if (st['Effect'] === 'Deny' && r.chance(0.3)) st['NotPrincipal'] = r.pick(NOT_PRINCIPALS);
    else st['Principal'] = r.pick(PRINCIPALS);
  }
  if (kind === 'rcp') st['Principal'] = '*';
  const actions = Array.from({ length: 1 + r.int(2) }, () => r.pick(ACTION_PATTERNS));
  // RCPs support Action only (Organizations, RCP syntax: no NotAction); the draw is kept so the streams stay.
  if (r.chance(0.12) && kind !== 'rcp') st['NotAction'] = actions;
  else st['Action'] = actions.length === 1 ? actions[0] : actions;
  if (r.chance(0.1)) st['NotResource'] = r.pick(NOT_RESOURCE_PATTERNS);
  else st['Resource'] = r.chance(0.25) ? [r.pick(RESOURCE_PATTERNS), r.pick(RESOURCE_PATTERNS)] : r.pick(RESOURCE_PATTERNS);
  if (r.chance(0.4)) st['Condition'] = r.pick(CONDITIONS);
  return st;
}

function policy(r: Rng, kind: 'identity' | 'resource' | 'rcp', allowBias: number): Record<string, unknown> {
  // A Version 2008-10-17 policy substitutes no variables (reference_policies_elements_version.md).
  return {
    Version: r.chance(0.9) ? '2012-10-17' : '2008-10-17',
    Statement: Array.from({ length: 1 + r.int(3) }, () => statement(r, kind, allowBias)),
  };
}

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const RCP_ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

/** What an anonymous caller (`*`) asks for: public-access style requests on resource policies. */
const ANONYMOUS_TARGETS = TARGETS.filter((t) => t.policy === 'often');

function request(r: Rng): ReferenceInput['request'] {
  const principal = r.pick([ALICE, ALICE, SESSION, SESSION, BOB, '*']);
  if (principal === '*') {
    const target = r.pick(ANONYMOUS_TARGETS);
    const [resource, resourceAccount] = r.pick(target.resources);
    const context: Record<string, string | string[]> = { 'aws:SecureTransport': r.pick(['true', 'false']) };
    if (r.chance(0.8)) context['aws:SourceIp'] = r.pick(['10.1.2.3', '192.0.2.7', '198.51.100.1']);
    return { principal, action: target.action, resource, resourceAccount, context };
  }
  const target = r.pick(TARGETS);
  const [resource, resourceAccount] = r.pick(target.resources);
  const account = principal.split(':')[4] as string;
  const context: Record<string, string | string[]> = {
    'aws:PrincipalArn': principal === SESSION ? ROLE : principal,
    'aws:PrincipalAccount': account,
    'aws:SecureTransport': r.pick(['true', 'false']),
  };
  if (principal !== SESSION) context['aws:username'] = principal.split('/').pop() as string;
  if (r.chance(0.6)) context['aws:PrincipalTag/team'] = r.pick(['red', 'blue', 'q']);
  if (r.chance(0.8)) context['aws:SourceIp'] = r.pick(['10.1.2.3', '192.0.2.7', '192.0.2.99', '198.51.100.1']);
  if (r.chance(0.5)) context['aws:MultiFactorAuthPresent'] = r.pick(['true', 'false']);
  if (r.chance(0.5)) context['aws:TagKeys'] = r.pick([[], ['a'], ['a', 'b'], ['b', 'c'], ['']]);
  if (r.chance(0.5)) context['aws:PrincipalOrgID'] = r.pick(['o-corp', 'o-other']);
  return { principal, action: target.action, resource, resourceAccount, context };
}

function input(r: Rng): ReferenceInput {
  const req = request(r);
  const target = TARGETS.find((t) => t.action === req.action)!;
  if (req.principal === '*') {
    // An anonymous caller has no identity policies, boundaries or session policies; SCPs (which
    // do not restrict it) may be there; RCPs are left out (no page says whether they reach it).
    const anonymous: Record<string, unknown> = { identityPolicies: [] };
    if (r.chance(0.8)) anonymous['resourcePolicy'] = policy(r, 'resource', 0.75);
    if (r.chance(0.3)) anonymous['scps'] = [[policy(r, 'identity', 0.5)]];
    return { ...anonymous, request: req } as unknown as ReferenceInput;
  }
  const out: Record<string, unknown> = {
    identityPolicies: Array.from({ length: r.int(3) }, () => policy(r, 'identity', 0.75)),
  };
  if (target.policy === 'always' || (target.policy === 'often' && r.chance(0.6))) out['resourcePolicy'] = policy(r, 'resource', 0.75);
  if (r.chance(0.3)) out['permissionBoundaries'] = [r.chance(0.5) ? ALLOW_ALL : policy(r, 'identity', 0.85)];
  if (r.chance(0.3)) out['sessionPolicy'] = r.chance(0.4) ? ALLOW_ALL : policy(r, 'identity', 0.85);
  if (r.chance(0.4)) out['scps'] = Array.from({ length: 1 + r.int(2) }, () => [r.chance(0.6) ? ALLOW_ALL : policy(r, 'identity', 0.8)]);
  if (r.chance(0.3)) out['rcps'] = [[r.chance(0.5) ? RCP_ALLOW_ALL : policy(r, 'rcp', 0.7)]];
  return { ...out, request: req } as unknown as ReferenceInput;
}

/**
 * Seeds and requests per seed. The defaults: the first seed with 500 requests in `npm run
 * test:unit`; every seed with 1,000 in `npm run test:corpus` (which `npm test` runs after the unit
 * run: the unit run's requests are the first half of its first seed's) and 3,000 in the long run; a
 * fresh set runs with e.g.
 * `DIFFERENTIAL_SEEDS=101,202,303 DIFFERENTIAL_REQUESTS=10000 node --import tsx --test test/unit/evaluator/differential.test.ts`.
 */
const SEEDS = process.env.DIFFERENTIAL_SEEDS ? process.env.DIFFERENTIAL_SEEDS.split(',').map(Number) : corpusSlice([12, 2026], 2);
const REQUESTS = Number(process.env.DIFFERENTIAL_REQUESTS ?? (LONG ? 3000 : CORPUS ? 1000 : 500));
// The plan comparison evaluates each request against seven policy sets, twice each way: the unit
// run takes the first 250 requests of its seed (the corpus and long runs, all of theirs).
const PLAN_REQUESTS = Number(process.env.DIFFERENTIAL_REQUESTS ?? (LONG ? 3000 : CORPUS ? 1000 : 250));

for (const seed of SEEDS) {
  test(`the evaluator agrees with the reference evaluator on ${REQUESTS.toLocaleString('en-US')} random requests (seed ${seed})`, (t) =>
    runDifferential(t, seed, REQUESTS, input, 1 / 20));
}

for (const seed of SEEDS) {
  test(`decision plans give the general evaluator's result on ${PLAN_REQUESTS.toLocaleString('en-US')} random requests against shared policy sets (seed ${seed})`, (t) =>
    t.diagnostic(`${runPlanDifferential(seed, PLAN_REQUESTS, input)} comparisons`));
}

test('the universe exercises the four rules of issue 12, NotPrincipal and anonymous callers', () => {
  // Each rule decides some requests of the universe differently from the plain flow; this keeps
  // the generator from drifting away from them.
  const r = rng(12);
  const seen = { callerIdentity: 0, mustAllow: 0, rcpSkipped: 0, variableHead: 0, notPrincipal: 0, anonymous: 0 };
  for (let i = 0; i < 3000; i++) {
    const v = input(r);
    const a = v.request.action;
    if (a === 'sts:GetCallerIdentity') seen.callerIdentity++;
    if ((a === 'sts:AssumeRole' || a === 'kms:Decrypt') && v.request.resourceAccount === A) seen.mustAllow++;
    if ((a === 'sns:Publish' || a === 'ec2:DescribeInstances') && v.rcps) seen.rcpSkipped++;
    if (JSON.stringify(v).includes(':${aws:PrincipalAccount}:')) seen.variableHead++;
    if (JSON.stringify(v.resourcePolicy ?? {}).includes('NotPrincipal')) seen.notPrincipal++;
    if (v.request.principal === '*') seen.anonymous++;
  }
  for (const [k, n] of Object.entries(seen)) assert.ok(n >= 50, `${k}: ${n}`);
});
