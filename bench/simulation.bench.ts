/**
 * Simulation benchmark. `npm run bench simulation` (or `node --import tsx bench/simulation.bench.ts`
 * after `node scripts/build.mjs`).
 *
 * Every action of `ec2` (expanded from `ec2:*` through the catalog) against every principal of a
 * generated 100-principal model (3 accounts in an organization with SCPs; 70 users in 7 groups
 * with attached, inline and AWS-managed-style policies, conditions and tags, some with boundaries;
 * 30 roles as sessions), on one instance ARN. Target: ≤ 1 s for the whole matrix, brief results
 * (decision, summary, deciding statements located in files; no per-statement explanation).
 * Wall and CPU time are both printed: under load from other processes only the CPU time is telling.
 * Also: resolving the model, and the same matrix with full explanations. Figures only; nothing asserted.
 */
import { performance } from 'node:perf_hooks';
import { allPrincipals, describePrincipal, memoryHost, resolveModel, Runner, type Model } from '../server/src/core/model';
import { expandActions } from '../server/src/core/model/simulate';
import { getCatalog } from '../server/src/node/catalogFile';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const TEAMS = ['web', 'data', 'ops', 'qa', 'db', 'ml', 'sec'];

function files(): Record<string, string> {
  const out: Record<string, string> = {};
  const doc = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  out['p/ec2-read.json'] = doc([{ Sid: 'Describe', Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:Get*'], Resource: '*' }]);
  out['p/ec2-team.json'] = doc([
    {
      Sid: 'TeamInstances',
      Effect: 'Allow',
      Action: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:RebootInstances'],
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
    },
    {
      Sid: 'NoBigInstances',
      Effect: 'Deny',
      Action: 'ec2:RunInstances',
      Resource: '*',
      Condition: { 'ForAnyValue:StringNotLike': { 'ec2:InstanceType': ['t3.*', 't4g.*'] } },
    },
  ]);
  out['p/power.json'] = doc([{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }]);
  out['p/boundary.json'] = doc([
    { Sid: 'Cap', Effect: 'Allow', Action: ['ec2:Describe*', 's3:Get*', 'ec2:StartInstances'], Resource: '*' },
  ]);
  out['p/mfa.json'] = doc([
    {
      Sid: 'MfaForWrites',
      Effect: 'Deny',
      Action: ['ec2:Terminate*', 'ec2:Delete*'],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ]);
  out['p/trust.json'] = doc([
    { Effect: 'Allow', Principal: { AWS: ACCOUNTS.map((a) => `arn:aws:iam::${a}:root`) }, Action: 'sts:AssumeRole' },
  ]);
  out['scp/regions.json'] = doc([
    {
      Sid: 'Regions',
      Effect: 'Deny',
      NotAction: ['iam:*', 'sts:*'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
    },
  ]);
  out['scp/no-vpc-changes.json'] = doc([
    { Sid: 'NoVpc', Effect: 'Deny', Action: ['ec2:CreateVpc', 'ec2:DeleteVpc', 'ec2:*VpcPeering*'], Resource: '*' },
  ]);
  out['m.iam-model.json'] = JSON.stringify(model());
  return out;
}

function model(): unknown {
  const account = (id: string, a: number) => {
    const groups: Record<string, unknown> = {};
    TEAMS.forEach(
      (t, i) =>
        (groups[t] = {
          policies: i % 2 === 0 ? ['Ec2Read', 'Ec2Team'] : ['Ec2Read', 'Power', 'Mfa'],
          inlinePolicies: {
            [`${t}-inline`]: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `ec2:*${t.slice(0, 2)}*`, Resource: '*' }] },
          },
        }),
    );
    const users: Record<string, unknown> = {};
    const roles: Record<string, unknown> = {};
    const userCount = a === 0 ? 24 : 23;
    for (let u = 0; u < userCount; u++) {
      const team = TEAMS[u % TEAMS.length] as string;
      users[`user-${a}-${u}`] = {
        groups: [team, TEAMS[(u + 3) % TEAMS.length]],
        tags: { team },
        mfa: u % 3 === 0,
        ...(u % 4 === 0 ? { permissionsBoundary: 'Boundary' } : {}),
      };
    }
    for (let r = 0; r < 10; r++)
      roles[`role-${a}-${r}`] = {
        trustPolicy: 'p/trust.json',
        policies: r % 2 ? ['Power'] : ['Ec2Read', 'Ec2Team'],
        tags: { team: TEAMS[r % TEAMS.length] },
      };
    return {
      id,
      ou: a === 2 ? 'Sandbox' : 'Workloads',
      policies: {
        Ec2Read: 'p/ec2-read.json',
        Ec2Team: 'p/ec2-team.json',
        Power: 'p/power.json',
        Boundary: 'p/boundary.json',
        Mfa: 'p/mfa.json',
      },
      groups,
      users,
      roles,
    };
  };
  return {
    organization: {
      id: 'o-benchmark01',
      root: { id: 'r-bench', scps: ['FullAWSAccess', 'scp/regions.json'] },
      ous: { Workloads: { scps: ['FullAWSAccess', 'scp/no-vpc-changes.json'] }, Sandbox: {} },
    },
    accounts: ACCOUNTS.map(account),
  };
}

function run(m: Model, actions: readonly string[], brief: boolean): { ms: number; cpuMs: number; requests: number; allowed: number } {
  const principals = allPrincipals(m).filter((p) => p.kind !== 'root');
  const resource = 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0123456789abcdef0';
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let requests = 0;
  let allowed = 0;
  for (const p of principals) {
    const runner = new Runner(m, p, undefined, { context: { 'aws:SourceIp': '10.1.2.3' } }, { brief });
    for (const a of actions) {
      requests++;
      if (runner.run(a, resource).decision === 'Allowed') allowed++;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, requests, allowed };
}

const catalog = getCatalog();
const all = files();
let t = performance.now();
const m = resolveModel(JSON.parse(all['m.iam-model.json'] as string), 'm.iam-model.json', memoryHost(all));
const resolveMs = performance.now() - t;
if (m.problems.length > 0) throw new Error(`benchmark model has problems: ${m.problems.map((p) => p.message).join('; ')}`);
t = performance.now();
const { actions } = expandActions(['ec2:*'], catalog);
const expandMs = performance.now() - t;
const principals = allPrincipals(m).filter((p) => p.kind !== 'root');
console.log(
  `model: ${principals.length} principals (${principals.filter((p) => p.kind === 'user').length} users, ${principals.filter((p) => p.kind === 'role').length} role sessions), resolved in ${resolveMs.toFixed(1)} ms; e.g. ${describePrincipal(principals[0]!)}`,
);
console.log(`ec2:* expands to ${actions.length} actions in ${expandMs.toFixed(1)} ms`);
run(m, actions.slice(0, 50), true); // warm-up
for (const brief of [true, false]) {
  const r = run(m, actions, brief);
  const label = brief ? 'brief (decision + located deciding statements)' : 'full explanation (per policy, per statement)';
  // CPU time next to wall time: on a shared machine the wall clock also counts other processes.
  console.log(
    `${label}: ${r.requests} requests in ${r.ms.toFixed(0)} ms wall (${r.cpuMs.toFixed(0)} ms CPU) = ${Math.round(r.requests / (r.ms / 1000)).toLocaleString('en-US')}/s, ${r.allowed} allowed; target ≤ 1000 ms: ${r.ms <= 1000 ? 'met' : 'NOT met'}`,
  );
}
