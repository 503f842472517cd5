/**
 * A third differential pass (issue 12, review of 2026-12-04): the evaluator against the reference
 * evaluator (reference/evaluator.ts, written from the AWS pages) over what the first two universes
 * (differential.test.ts, differential-wide.test.ts) do not reach:
 * - callers: a federated user session (GetFederationToken) with and without a session policy,
 *   against resource policies naming its session ARN, the IAM user who federated, or the account;
 *   web identity (an OIDC provider ARN, `cognito-identity.amazonaws.com`) and SAML callers of
 *   `sts:AssumeRoleWithWebIdentity` / `sts:AssumeRoleWithSAML`; the root user asking for a role;
 * - every trust action (`sts:AssumeRole`, `…WithWebIdentity`, `…WithSAML`, `sts:TagSession`,
 *   `sts:SetSourceIdentity`) on roles of the caller's account and of another one, with trust
 *   policies naming users, roles, sessions, accounts, providers and services, and conditions on
 *   `sts:` and provider keys (`token.actions.githubusercontent.com:sub`, `SAML:aud`, …);
 * - KMS key policies granting the account (delegation), a user, a role, a session, another
 *   account, with `kms:` condition keys; `kms:` actions by wildcard (`kms:?ncrypt`);
 * - Resource entries whose `*` ends one of the first five segments and reaches over colons
 *   (`arn:aws:lambda:*:function:f`, current Resource element page), against ARNs with colons in
 *   their resource part (Lambda qualifiers, log streams), and `*`/`?` that stay inside a segment;
 * - STS and IAM requests of a federated user session, which AWS refuses.
 * Each request also runs through the lean path, which must give the same result.
 */
import { test } from 'node:test';
import { type ReferenceInput } from './reference/evaluator';
import { runDifferential, runPlanDifferential, type Rng } from './reference/differentialRun';
import { CORPUS, LONG, corpusSlice } from '../../helpers/effort';

const A = '111122223333';
const B = '444455556666';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const FED_ARN = `arn:aws:sts::${A}:federated-user/alice-fed`;
const FED = { type: 'federated-user', arn: FED_ARN, userArn: ALICE };
const SESSION = `arn:aws:sts::${A}:assumed-role/app/s1`;
const ROLE = `arn:aws:iam::${A}:role/app`;
const BOB = `arn:aws:iam::${B}:user/bob`;
const SESSION_B = `arn:aws:sts::${B}:assumed-role/app/s1`;
const ROLE_B = `arn:aws:iam::${B}:role/app`;
const ROOT_A = `arn:aws:iam::${A}:root`;
const OIDC = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
const COGNITO = 'cognito-identity.amazonaws.com';
const SAML = `arn:aws:iam::${A}:saml-provider/Okta`;
const WEB = { type: 'web-identity', provider: OIDC };
const WEB_COGNITO = { type: 'web-identity', provider: COGNITO };
const SAML_CALLER = { type: 'saml', provider: SAML };

const ROLE_T = `arn:aws:iam::${A}:role/target`;
const ROLE_P = `arn:aws:iam::${B}:role/partner`;
const KEY_A = `arn:aws:kms:us-east-1:${A}:key/k1`;
const KEY_B = `arn:aws:kms:us-east-1:${B}:key/k2`;

type Target = { action: string; resources: ReadonlyArray<[string, string]>; resourcePolicy: number };
const TRUST: Target[] = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'].map((action) => ({
  action,
  resources: [
    [ROLE_T, A],
    [ROLE_P, B],
  ],
  resourcePolicy: 1,
}));
const KMS: Target[] = ['kms:Decrypt', 'kms:Encrypt', 'kms:CreateGrant'].map((action) => ({
  action,
  resources: [
    [KEY_A, A],
    [KEY_B, B],
  ],
  resourcePolicy: 1,
}));
const OTHER: Target[] = [
  {
    action: 'lambda:InvokeFunction',
    resources: [
      [`arn:aws:lambda:us-east-1:${A}:function:f`, A],
      [`arn:aws:lambda:us-east-1:${A}:function:f:prod`, A],
      [`arn:aws:lambda:eu-west-1:${B}:function:f`, B],
    ],
    resourcePolicy: 0.5,
  },
  { action: 'logs:PutLogEvents', resources: [[`arn:aws:logs:us-east-1:${A}:log-group:g:log-stream:s`, A]], resourcePolicy: 0 },
  {
    action: 'dynamodb:GetItem',
    resources: [
      [`arn:aws:dynamodb:us-east-1:${A}:table/t`, A],
      [`arn:aws:dynamodb:us-east-1:${B}:table/t`, B],
    ],
    resourcePolicy: 0.6,
  },
  { action: 'iam:ListUsers', resources: [['*', A]], resourcePolicy: 0 },
  { action: 'sts:GetSessionToken', resources: [['*', A]], resourcePolicy: 0 },
  { action: 'sts:GetCallerIdentity', resources: [['*', A]], resourcePolicy: 0 },
];
const WEB_TARGETS: Target[] = [{ action: 'sts:AssumeRoleWithWebIdentity', resources: [[ROLE_T, A]], resourcePolicy: 1 }];
const SAML_TARGETS: Target[] = [{ action: 'sts:AssumeRoleWithSAML', resources: [[ROLE_T, A]], resourcePolicy: 1 }];

const ACTION_PATTERNS = [
  '*',
  'sts:AssumeRole',
  'sts:AssumeRole*',
  'STS:assumerolewith*',
  'sts:TagSession',
  'sts:*Session',
  'sts:SetSourceIdentity',
  'sts:*',
  'sts:Get*',
  'kms:*',
  'kms:Decrypt',
  'kms:?ncrypt',
  'KMS:Create*',
  'lambda:Invoke*',
  'logs:*',
  'dynamodb:Get*',
  'iam:List*',
];
const RESOURCE_PATTERNS = [
  '*',
  `arn:aws:iam::${A}:role/*`,
  'arn:aws:iam::*:role/t*',
  `arn:aws:iam::${B}:role/partner`,
  `arn:aws:kms:*:${A}:key/*`,
  'arn:aws:kms:us-east-1:*:key/k?',
  // A `*` ending a segment reaches over colons (Resource element page, current version):
  'arn:aws:lambda:*:function:f',
  'arn:aws:lambda:us-east-1:*:function:f:*',
  'arn:aws:lambda:*:*:function:f',
  'arn:aws:logs:us-east-1:*:log-stream:s',
  'arn:aws:logs:*:log-group:g:*',
  'arn:aws:dynamodb:*:table/t',
  // … and other wildcards stay inside their segment.
  'arn:aws:lambda:us-*-1:function:f',
  'arn:aws:dynamodb:us-east-?:*:table/t',
  `arn:aws:dynamodb:*:${A}:table/*`,
];

/** Conditions any signed request may meet. */
const COMMON: readonly unknown[] = [
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { DateLessThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
  { StringEqualsIgnoreCase: { 'aws:RequestTag/team': 'RED' } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'project'] } },
  { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'pro*' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:user/*` } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:sts::${A}:federated-user/*` } },
  { StringEquals: { 'aws:PrincipalType': 'FederatedUser' } },
  { StringEquals: { 'aws:PrincipalAccount': A } },
  { StringEquals: { 'aws:userid': `${A}:alice-fed` } },
  { StringNotEquals: { 'aws:PrincipalAccount': B } },
];
/** Conditions of trust policies and of policies on trust actions. */
const TRUST_CONDITIONS: readonly unknown[] = [
  { StringEquals: { 'sts:RoleSessionName': '${aws:username}' } },
  { StringLike: { 'sts:SourceIdentity': 'admin-*' } },
  { StringEquals: { 'sts:ExternalId': 'x1' } },
  { StringEquals: { 'aws:RequestTag/project': 'p' } },
  { 'ForAllValues:StringEquals': { 'sts:TransitiveTagKeys': ['team'] } },
  { Null: { 'sts:SourceIdentity': 'false' } },
];
/** Conditions of web identity and SAML trust policies (on keys their requests carry). */
const WEB_CONDITIONS: readonly unknown[] = [
  { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:*' } },
  { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:ref:refs/heads/main' } },
  { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
  { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool' } },
  { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
  { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
  { StringNotEquals: { 'SAML:sub_type': 'transient' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
];
const KMS_CONDITIONS: readonly unknown[] = [
  { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
  { StringEquals: { 'kms:CallerAccount': A } },
  { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  { StringEquals: { 'kms:EncryptionContext:dept': 'x' } },
  { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] } },
  { Null: { 'kms:EncryptionContextKeys': 'false' } },
];

const PRINCIPALS: readonly unknown[] = [
  '*',
  { AWS: ALICE },
  { AWS: FED_ARN },
  { AWS: SESSION },
  { AWS: ROLE },
  { AWS: A },
  { AWS: ROOT_A },
  { AWS: B },
  { AWS: [ROLE_B, SESSION_B] },
  { AWS: BOB },
  { Federated: OIDC },
  { Federated: COGNITO },
  { Federated: SAML },
  { Service: 'lambda.amazonaws.com' },
  { AWS: `arn:aws:iam::${B}:root`, Federated: OIDC },
];

type Who = 'alice' | 'fed' | 'session' | 'bob' | 'sessionB' | 'root' | 'web' | 'cognito' | 'saml';

function conditions(r: Rng, who: Who, target: Target): Record<string, unknown> | undefined {
  if (!r.chance(0.55)) return undefined;
  const web = who === 'web' || who === 'cognito' || who === 'saml';
  const pool = web
    ? WEB_CONDITIONS
    : target.action.startsWith('kms:')
      ? [...COMMON, ...KMS_CONDITIONS]
      : target.action.startsWith('sts:')
        ? [...COMMON, ...TRUST_CONDITIONS]
        : COMMON;
  const c = { ...(r.pick(pool) as Record<string, unknown>) };
  if (r.chance(0.2)) Object.assign(c, r.pick(pool));
  return c;
}

function statement(r: Rng, who: Who, target: Target, kind: 'identity' | 'resource' | 'rcp', allowBias: number): Record<string, unknown> {
  const st: Record<string, unknown> = { Effect: r.chance(allowBias) ? 'Allow' : 'Deny' };
  if (kind === 'resource') st['Principal'] = r.pick(PRINCIPALS);
  if (kind === 'rcp') st['Principal'] = '*';
  // Mostly actions that can match the request, so statements apply often.
  const action = () => (r.chance(0.5) ? target.action : r.pick(ACTION_PATTERNS));
  const actions = Array.from({ length: 1 + r.int(2) }, action);
  // RCPs support Action only (Organizations, RCP syntax: no NotAction); the draw is kept so the streams stay.
  if (r.chance(0.1) && kind !== 'rcp') st['NotAction'] = r.pick(ACTION_PATTERNS);
  else st['Action'] = actions.length === 1 ? actions[0] : actions;
  // Trust and key policies usually leave the resource out or write `*`; identity policies name it.
  if (kind === 'resource' && r.chance(0.6)) st['Resource'] = '*';
  else if (r.chance(0.1)) st['NotResource'] = r.pick(RESOURCE_PATTERNS);
  else st['Resource'] = r.chance(0.2) ? [r.pick(RESOURCE_PATTERNS), r.pick(RESOURCE_PATTERNS)] : r.pick(RESOURCE_PATTERNS);
  const c = conditions(r, who, target);
  if (c) st['Condition'] = c;
  return st;
}

function policy(r: Rng, who: Who, target: Target, kind: 'identity' | 'resource' | 'rcp', allowBias: number): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: Array.from({ length: 1 + r.int(3) }, () => statement(r, who, target, kind, allowBias)),
  };
}

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function context(r: Rng, who: Who): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  if (r.chance(0.6)) c['aws:SourceIp'] = r.pick(['10.1.2.3', '192.0.2.7']);
  if (who === 'web' || who === 'cognito' || who === 'saml') {
    if (r.chance(0.7))
      c['token.actions.githubusercontent.com:sub'] = r.pick([
        'repo:o/r:ref:refs/heads/main',
        'repo:o/r:pull_request',
        'repo:x/y:ref:refs/heads/main',
      ]);
    if (r.chance(0.6)) c['token.actions.githubusercontent.com:aud'] = r.pick(['sts.amazonaws.com', 'other']);
    if (r.chance(0.5)) c['cognito-identity.amazonaws.com:aud'] = r.pick(['us-east-1:pool', 'us-east-1:other']);
    if (r.chance(0.5)) c['cognito-identity.amazonaws.com:amr'] = r.pick([['authenticated', 'graph.facebook.com'], ['unauthenticated'], []]);
    if (r.chance(0.6)) c['SAML:aud'] = r.pick(['https://signin.aws.amazon.com/saml', 'https://example.com']);
    if (r.chance(0.5)) c['SAML:sub_type'] = r.pick(['persistent', 'transient']);
    return c;
  }
  if (r.chance(0.5)) c['aws:SecureTransport'] = r.pick(['true', 'false']);
  if (r.chance(0.5)) c['aws:CurrentTime'] = r.pick(['2024-06-30T12:00:00Z', '2025-06-30T12:00:00Z']);
  if (r.chance(0.5)) c['aws:PrincipalTag/team'] = r.pick(['red', 'blue']);
  if (r.chance(0.5)) c['aws:RequestTag/team'] = r.pick(['red', 'Red', 'blue']);
  if (r.chance(0.4)) c['aws:RequestTag/project'] = r.pick(['p', 'q']);
  if (r.chance(0.5)) c['aws:TagKeys'] = r.pick([['team'], ['team', 'project'], ['project', 'cost'], []]);
  if (r.chance(0.5)) c['sts:RoleSessionName'] = r.pick(['alice', 'bob', 's1']);
  if (r.chance(0.4)) c['sts:SourceIdentity'] = r.pick(['admin-alice', 'dev-bob', '']);
  if (r.chance(0.4)) c['sts:ExternalId'] = r.pick(['x1', 'x2']);
  if (r.chance(0.3)) c['sts:TransitiveTagKeys'] = r.pick([['team'], ['team', 'project']]);
  if (r.chance(0.5)) c['kms:ViaService'] = r.pick(['s3.us-east-1.amazonaws.com', 'ebs.us-east-1.amazonaws.com']);
  if (r.chance(0.4)) c['kms:CallerAccount'] = r.pick([A, B]);
  if (r.chance(0.4)) c['kms:GrantIsForAWSResource'] = r.pick(['true', 'false']);
  if (r.chance(0.4)) c['kms:EncryptionContext:dept'] = r.pick(['x', 'y']);
  if (r.chance(0.4)) c['kms:GrantOperations'] = r.pick([['Decrypt'], ['Decrypt', 'ReEncryptFrom'], []]);
  if (r.chance(0.3)) c['kms:EncryptionContextKeys'] = r.pick([['dept'], []]);
  return c;
}

function input(r: Rng): ReferenceInput {
  const who = r.pick<Who>(['alice', 'fed', 'fed', 'session', 'bob', 'sessionB', 'root', 'web', 'cognito', 'saml']);
  const principal = {
    alice: ALICE,
    fed: FED,
    session: SESSION,
    bob: BOB,
    sessionB: SESSION_B,
    root: ROOT_A,
    web: WEB,
    cognito: WEB_COGNITO,
    saml: SAML_CALLER,
  }[who];
  const targets = who === 'web' || who === 'cognito' ? WEB_TARGETS : who === 'saml' ? SAML_TARGETS : r.pick([TRUST, KMS, OTHER]);
  const target = r.pick(targets);
  const [resource, resourceAccount] = r.pick(target.resources);
  const out: Record<string, unknown> = {};
  const iam = who === 'alice' || who === 'fed' || who === 'session' || who === 'bob' || who === 'sessionB';
  if (iam)
    out['identityPolicies'] = Array.from({ length: r.int(3) }, () =>
      r.chance(0.15) ? ALLOW_ALL : policy(r, who, target, 'identity', 0.8),
    );
  if (r.chance(target.resourcePolicy)) out['resourcePolicy'] = policy(r, who, target, 'resource', 0.75);
  if (iam && r.chance(0.25)) out['permissionBoundaries'] = [r.chance(0.4) ? ALLOW_ALL : policy(r, who, target, 'identity', 0.85)];
  if ((who === 'fed' ? r.chance(0.7) : who === 'session' || who === 'sessionB') && r.chance(who === 'fed' ? 1 : 0.3))
    out['sessionPolicy'] = r.chance(0.4) ? ALLOW_ALL : policy(r, who, target, 'identity', 0.85);
  if ((iam || who === 'root') && r.chance(0.3))
    out['scps'] = Array.from({ length: 1 + r.int(2) }, () => [r.chance(0.6) ? ALLOW_ALL : policy(r, who, target, 'identity', 0.8)]);
  if (r.chance(0.25)) out['rcps'] = [[policy(r, who, target, 'rcp', 0.3)]];
  return {
    ...out,
    request: { principal, action: target.action, resource, resourceAccount, context: context(r, who) },
  } as unknown as ReferenceInput;
}

/**
 * Seeds and requests per seed (defaults: the first seed with 500 requests in `npm run test:unit`;
 * both with 1,000 in `npm run test:corpus`, which `npm test` runs after the unit run, so the unit
 * run's requests are the first half of its first seed's; 3,000 in the long run). A fresh set:
 * `DIFFERENTIAL_SEEDS=… DIFFERENTIAL_REQUESTS=10000 node --import tsx --test test/unit/evaluator/differential-fresh.test.ts`.
 */
const SEEDS = process.env.DIFFERENTIAL_SEEDS ? process.env.DIFFERENTIAL_SEEDS.split(',').map(Number) : corpusSlice([2604, 1204], 2);
const REQUESTS = Number(process.env.DIFFERENTIAL_REQUESTS ?? (LONG ? 3000 : CORPUS ? 1000 : 500));
// The plan comparison evaluates each request against seven policy sets, twice each way: the unit
// run takes the first 250 requests of its seed (the corpus and long runs, all of theirs).
const PLAN_REQUESTS = Number(process.env.DIFFERENTIAL_REQUESTS ?? (LONG ? 3000 : CORPUS ? 1000 : 250));

for (const seed of SEEDS) {
  test(`fresh universe: the evaluator agrees with the reference evaluator on ${REQUESTS.toLocaleString('en-US')} random requests (seed ${seed})`, (t) =>
    runDifferential(t, seed, REQUESTS, input, 1 / 10));
}

for (const seed of SEEDS) {
  test(`fresh universe: decision plans give the general evaluator's result on ${PLAN_REQUESTS.toLocaleString('en-US')} random requests against shared policy sets (seed ${seed})`, (t) =>
    t.diagnostic(`${runPlanDifferential(seed, PLAN_REQUESTS, input)} comparisons`));
}
