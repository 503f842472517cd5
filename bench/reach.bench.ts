/**
 * Reachability benchmark: `npm run bench reach` (or `node --import tsx bench/reach.bench.ts` after
 * `node scripts/build.mjs`).
 *
 * A generated get-account-authorization-details export of one account with 1,000 principals (600
 * users in 30 groups, 400 roles: service roles trusting Lambda/EC2/CodeBuild, roles trusting the
 * account, a few administrators), customer managed policies with conditions and resource scopes,
 * planted escalation methods (access keys, PassRole, policy writes, AddUserToGroup) and near misses.
 * Printed: who-can for one request on a fresh model (the reachability view is built then: every
 * principal evaluated, plus the AssumeRole edges for role chains) — target ≤ 500 ms; the same
 * question again (cached view); all escalation paths of the account on a fresh model — target
 * ≤ 2 s. Figures only; nothing asserted.
 */
import { performance } from 'node:perf_hooks';
import { escalationPaths, memoryHost, resolveModel, whoCan, type Model } from '../server/src/core/model';
import { getCatalog } from '../server/src/node/catalogFile';

const ACCOUNT = '123456789012';
const doc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;

function policy(name: string, statements: unknown[]) {
  return {
    PolicyName: name,
    Arn: arn('policy', name),
    DefaultVersionId: 'v1',
    PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc(statements) }],
  };
}

function details(): unknown {
  const policies = [
    policy('Admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
    policy('ReadData', [
      {
        Sid: 'Read',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::data-*', 'arn:aws:s3:::data-*/*'],
      },
    ]),
    policy('TeamEc2', [
      {
        Effect: 'Allow',
        Action: ['ec2:StartInstances', 'ec2:StopInstances'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
      },
    ]),
    policy('Assume', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role', 'app-*') }]),
    policy('Power', [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }]),
    policy('KeysForInterns', [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: arn('user', 'intern-*') }]),
    policy('PassLambda', [
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: arn('role', 'svc-*'),
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      },
      { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
    ]),
    policy('SelfService', [
      { Effect: 'Allow', Action: ['iam:PutUserPolicy', 'iam:AttachUserPolicy'], Resource: arn('user', '${aws:username}') },
    ]),
    policy('Boundary', [{ Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*', 'iam:Get*'], Resource: '*' }]),
    policy('JoinTeams', [{ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: arn('group', 'team-*') }]),
  ];
  const attached = (names: string[]) => names.map((n) => ({ PolicyName: n, PolicyArn: arn('policy', n) }));
  const groups = Array.from({ length: 30 }, (_, g) => ({
    GroupName: `team-${g}`,
    Path: '/',
    Arn: arn('group', `team-${g}`),
    GroupPolicyList: [],
    AttachedManagedPolicies: attached(
      g === 29 ? ['Admin'] : g % 3 === 0 ? ['ReadData', 'TeamEc2'] : g % 3 === 1 ? ['ReadData', 'Assume'] : ['Power'],
    ),
  }));
  const users = Array.from({ length: 600 }, (_, u) => {
    const name = u < 20 ? `intern-${u}` : `user-${u}`;
    const extra =
      u % 97 === 0
        ? ['KeysForInterns']
        : u % 89 === 0
          ? ['PassLambda']
          : u % 83 === 0
            ? ['SelfService']
            : u % 79 === 0
              ? ['JoinTeams']
              : [];
    return {
      UserName: name,
      Path: '/',
      Arn: arn('user', name),
      UserId: `AIDA${String(u).padStart(17, '0')}`,
      GroupList: [`team-${u % 29}`],
      AttachedManagedPolicies: attached(extra),
      UserPolicyList: [],
      Tags: [{ Key: 'team', Value: `t${u % 7}` }],
      ...(u % 83 === 0 && u % 2 === 0
        ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn('policy', 'Boundary') } }
        : {}),
    };
  });
  const trust = (principal: unknown) => doc([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]);
  const roles = Array.from({ length: 400 }, (_, r) => {
    const kind = r % 4;
    const name = kind === 0 ? `svc-${r}` : kind === 1 ? `app-${r}` : kind === 2 ? `ec2-${r}` : `build-${r}`;
    const principal =
      kind === 0
        ? { Service: 'lambda.amazonaws.com' }
        : kind === 1
          ? { AWS: `arn:aws:iam::${ACCOUNT}:root` }
          : kind === 2
            ? { Service: 'ec2.amazonaws.com' }
            : { Service: 'codebuild.amazonaws.com' };
    return {
      RoleName: name,
      Path: '/',
      Arn: arn('role', name),
      RoleId: `AROA${String(r).padStart(17, '0')}`,
      AssumeRolePolicyDocument: trust(principal),
      RolePolicyList: [],
      AttachedManagedPolicies: attached(r % 50 === 0 ? ['Admin'] : kind === 1 ? ['ReadData'] : ['TeamEc2']),
      InstanceProfileList: kind === 2 ? [{ InstanceProfileName: name, Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${name}` }] : [],
      Tags: [{ Key: 'team', Value: `t${r % 7}` }],
    };
  });
  return { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies };
}

function fresh(text: string): Model {
  return resolveModel(JSON.parse(text), 'account.json', memoryHost({ 'account.json': text }));
}

function time<T>(label: string, fn: () => T): T {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(cpu);
  console.log(`${label.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms wall  ${((c.user + c.system) / 1000).toFixed(0).padStart(6)} ms cpu`);
  return out;
}

const catalog = getCatalog();
const text = JSON.stringify(details());
const principals = time('resolve the 1,000-principal export', () => fresh(text));
console.log(`principals: ${[...principals.accounts.values()].reduce((n, a) => n + a.users.size + a.roles.size, 0)}`);
const question = { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data-lake/k'] };
const m1 = fresh(text);
const first = time('who-can s3:GetObject (fresh model: view + edges built)', () => whoCan(m1, question, { catalog }));
time('who-can s3:GetObject again (cached view)', () => whoCan(m1, question, { catalog }));
time('who-can sts:AssumeRole on one role (cached view)', () =>
  whoCan(m1, { actions: ['sts:AssumeRole'], resources: [arn('role', 'app-1')] }, { catalog }),
);
console.log(
  `who-can answers: ${first.entries.length} principal(s), ${first.entries.filter((e) => e.via.length > 0).length} through role chains`,
);
const m2 = fresh(text);
const all = time('all escalation paths to admin (fresh model)', () => escalationPaths(m2, {}, { catalog }));
const methods = new Map<string, number>();
for (const p of all.paths) for (const id of p.methods) methods.set(id, (methods.get(id) ?? 0) + 1);
console.log(`paths: ${all.paths.length}; methods: ${[...methods].map(([k, v]) => `${k}×${v}`).join(', ')}`);
