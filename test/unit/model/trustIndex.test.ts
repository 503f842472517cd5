/**
 * The assumable-roles search (issue 13: 1,000 roles took ~50 s, a million evaluations) evaluates a
 * session only against the roles whose trust policy could let it in. These tests check that the
 * index never drops a role the evaluator would allow (random models against the exhaustive
 * search), and that a session meets only the roles that name it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canAssume,
  findPrincipal,
  memoryHost,
  reachableRoles,
  resolveModel,
  type Model,
  type ModelPrincipal,
  type ModelRole,
} from '../../../server/src/core/model';
import { TrustIndex } from '../../../server/src/core/model/trust';
import { mulberry32 } from '../../helpers/random';
import { effort } from '../../helpers/effort';

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const arn = (account: string, kind: string, name: string) => `arn:aws:iam::${account}:${kind}/${name}`;

const doc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

/** An account-details export: alice, then `n` roles with random trust and identity policies. */
function randomModel(seed: number, n: number): Model {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const principals = (r: number): unknown => {
    const other = Math.floor(rnd() * n);
    return pick([
      { AWS: arn(ACCOUNT, 'user', 'alice') },
      { AWS: arn(ACCOUNT, 'role', `r${other}`) },
      { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      { AWS: ACCOUNT },
      { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/r${other}/iam-policy-studio` },
      { AWS: `AROA${String(other).padStart(17, '0')}` },
      { AWS: `arn:aws:iam::${OTHER}:root` },
      { Service: 'ec2.amazonaws.com' },
      '*',
      { AWS: [arn(ACCOUNT, 'role', `R${other}`), arn(ACCOUNT, 'user', 'bob')] },
      { AWS: arn(ACCOUNT, 'role', `r${r}`) },
    ]);
  };
  const trust = (r: number) =>
    doc([
      rnd() < 0.1
        ? { Effect: 'Allow', NotPrincipal: { AWS: arn(ACCOUNT, 'user', 'bob') }, Action: 'sts:AssumeRole' }
        : { Effect: rnd() < 0.85 ? 'Allow' : 'Deny', Principal: principals(r), Action: pick(['sts:AssumeRole', 'sts:*', 's3:GetObject']) },
    ]);
  const identity = () =>
    rnd() < 0.5
      ? []
      : [
          {
            PolicyName: 'p',
            PolicyDocument: doc([
              pick([
                { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn(ACCOUNT, 'role', `r${Math.floor(rnd() * n)}`) },
                { Effect: 'Allow', Action: 'sts:Assume*', Resource: '*' },
                { Effect: 'Allow', NotAction: 's3:*', Resource: '*' },
                { Effect: 'Allow', NotAction: 'sts:*', Resource: '*' },
                { Effect: 'Allow', Action: 's3:*', Resource: '*' },
              ]),
            ]),
          },
        ];
  const details = {
    UserDetailList: [
      {
        UserName: 'alice',
        Path: '/',
        Arn: arn(ACCOUNT, 'user', 'alice'),
        UserId: 'AIDA00000000000000001',
        GroupList: [],
        AttachedManagedPolicies: [],
        UserPolicyList: identity(),
      },
    ],
    GroupDetailList: [],
    RoleDetailList: Array.from({ length: n }, (_, r) => ({
      RoleName: `r${r}`,
      Path: '/',
      Arn: arn(ACCOUNT, 'role', `r${r}`),
      RoleId: `AROA${String(r).padStart(17, '0')}`,
      AssumeRolePolicyDocument: trust(r),
      RolePolicyList: identity(),
      AttachedManagedPolicies: [],
    })),
    Policies: [],
  };
  const text = JSON.stringify(details);
  return resolveModel(JSON.parse(text), 'account.json', memoryHost({ 'account.json': text }));
}

const principal = (model: Model, name: string): ModelPrincipal => {
  const found = findPrincipal(model, name);
  if (!found.ok) throw new Error(found.message);
  return found.principal;
};

/** The search without the index: every session against every role not yet reached. */
function exhaustive(model: Model, from: ModelPrincipal, maxDepth = 4) {
  const all = [...model.accounts.values()].flatMap((a) => [...a.roles.values()]);
  const seen = new Set<string>(from.kind === 'role' ? [from.role.arn] : []);
  const out: { role: string; chain: string[] }[] = [];
  let frontier: { p: ModelPrincipal; chain: string[] }[] = [{ p: from, chain: [] }];
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const { p, chain } of frontier)
      for (const role of all) {
        if (seen.has(role.arn) || (p.kind === 'role' && p.role === role)) continue;
        if (canAssume(model, p, role).decision !== 'Allowed') continue;
        seen.add(role.arn);
        out.push({ role: role.arn, chain: [...chain, role.arn] });
        next.push({ p: { kind: 'role', role, sessionName: 'iam-policy-studio' }, chain: [...chain, role.arn] });
      }
    frontier = next;
  }
  return out;
}

test('the indexed search finds exactly the roles and chains of the exhaustive one (random trust and identity policies)', () => {
  let reachedSome = 0;
  const seeds = effort(8, 40);
  for (let seed = 1; seed <= seeds; seed++) {
    const model = randomModel(seed, 12);
    for (const name of ['alice', 'role/r0', 'role/r5']) {
      const from = principal(model, name);
      const want = exhaustive(model, from);
      assert.deepEqual(reachableRoles(model, from), want, `seed ${seed}, from ${name}`);
      if (want.length > 0) reachedSome++;
    }
  }
  assert.ok(reachedSome > (seeds * 3) / 4, `the random models reach roles (${reachedSome} searches did)`);
});

test('a session meets only the roles whose trust policy could let it in', () => {
  // r_i trusts r_(i-1) only; alice's identity policy allows every sts:AssumeRole, roles have none.
  const n = 1000;
  const details = {
    UserDetailList: [
      {
        UserName: 'alice',
        Path: '/',
        Arn: arn(ACCOUNT, 'user', 'alice'),
        GroupList: [],
        AttachedManagedPolicies: [],
        UserPolicyList: [{ PolicyName: 'a', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]) }],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: Array.from({ length: n }, (_, r) => ({
      RoleName: `r${r}`,
      Path: '/',
      Arn: arn(ACCOUNT, 'role', `r${r}`),
      AssumeRolePolicyDocument: doc([
        {
          Effect: 'Allow',
          Principal: { AWS: r === 0 ? arn(ACCOUNT, 'user', 'alice') : r % 2 ? arn(ACCOUNT, 'role', `r${r - 1}`) : ACCOUNT },
          Action: 'sts:AssumeRole',
        },
      ]),
      RolePolicyList: [],
      AttachedManagedPolicies: [],
    })),
    Policies: [],
  };
  const text = JSON.stringify(details);
  const model = resolveModel(JSON.parse(text), 'account.json', memoryHost({ 'account.json': text }));
  const index = new TrustIndex(model);
  const names = (roles: ModelRole[]) => roles.map((r) => r.name);
  // alice may pass every account-trusting role (her policy allows sts:AssumeRole: the even ones),
  // and r0 names her.
  assert.equal(index.candidates(principal(model, 'alice')).length, n / 2);
  // A session of r0 has no identity policy: only r1, which names r0, can let it in.
  assert.deepEqual(names(index.candidates(principal(model, 'role/r0'))), ['r1']);
  assert.deepEqual(names(index.candidates(principal(model, 'role/r7'))), []);
  assert.deepEqual(names(index.candidates(principal(model, 'role/r8'))), ['r9']);
  // Every role is reachable: the even ones from alice, each odd one from the role before it.
  const reached = reachableRoles(model, principal(model, 'alice'));
  assert.equal(reached.length, n);
  assert.deepEqual(reached.find((r) => r.role.endsWith('/r7'))?.chain, [arn(ACCOUNT, 'role', 'r6'), arn(ACCOUNT, 'role', 'r7')]);
});
