/**
 * The comparison's verdict against brute force: over a small universe (a handful of actions,
 * resources, principals and context values), every request is evaluated by the evaluator under
 * both versions. A request allowed by the new version and not by the old must make the verdict
 * `new-access`; a `new-access` verdict must come with a counterexample the evaluator confirms;
 * `no-new-access` must mean brute force finds nothing. Tens of random pairs (fast-check, seeded);
 * thousands with IAM_STUDIO_LONG=1 (test/helpers/effort.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePolicy } from '../../../server/src/core/policy/parse';
import { comparePolicies, documentVerdict, type ActionUniverse } from '../../../server/src/core/reasoning';
import { principalFromArn, type RequestPrincipal } from '../../../server/src/core/evaluator';
import { globMatch } from '../../../server/src/core/wildcard';
import type { PolicyType } from '../../../server/src/core/policyType';
import { effort } from '../../helpers/effort';

const ACTIONS = ['s3:GetObject', 's3:GetObjectAcl', 's3:PutObject', 'sqs:SendMessage', 'iam:CreateUser'];
const universe: ActionUniverse = {
  expand: (p) => ACTIONS.filter((a) => globMatch(p, a, { ignoreCase: true })),
  all: () => ACTIONS,
};
const A = '111122223333';
const B = '444455556666';

const actionPattern = fc.constantFrom('*', 's3:*', 's3:Get*', 's3:GetObject', 's3:GetObject?cl', 'sqs:SendMessage', 'iam:*', '*:*Object');
const resourcePattern = fc.constantFrom(
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/k',
  'arn:aws:s3:::b/k*',
  'arn:aws:s3:::*',
  'arn:aws:s3:::b/?',
  `arn:aws:sqs:*:${A}:q`,
);
const RESOURCES = [
  'arn:aws:s3:::b/k',
  'arn:aws:s3:::b/ka',
  'arn:aws:s3:::b/x',
  'arn:aws:s3:::b/xy',
  'arn:aws:s3:::c',
  `arn:aws:sqs:us-east-1:${A}:q`,
  `arn:aws:sqs:us-east-1:${B}:q`,
  '*',
];

const condition = fc.constantFrom(
  { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
  { StringLike: { 'aws:PrincipalTag/team': 'r*' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } },
  { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'blue' } },
  { Null: { 'aws:PrincipalTag/team': 'true' } },
  { NumericLessThan: { 's3:max-keys': '10' } },
  { NumericGreaterThanEquals: { 's3:max-keys': '5' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { BoolIfExists: { 'aws:SecureTransport': 'false' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' } },
  { 'ForAllValues:StringLike': { 'aws:TagKeys': ['a*'] } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['ab', 'cd'] } },
  { 'ForAnyValue:StringNotLike': { 'aws:TagKeys': 'a*' } },
);
const CONTEXT_VALUES: Record<string, (string | string[] | undefined)[]> = {
  'aws:PrincipalTag/team': [undefined, 'red', 'blue', 'rose', 'green', ''],
  's3:max-keys': [undefined, '3', '5', '7', '10', '12'],
  'aws:SecureTransport': [undefined, 'true', 'false'],
  'aws:SourceIp': [undefined, '10.1.2.3', '10.2.0.1', '192.0.2.1'],
  'aws:TagKeys': [undefined, [], ['ab'], ['cd'], ['ab', 'cd'], ['x'], ['ab', 'x'], ['']],
};

const principalBlock = fc.constantFrom<unknown>(
  '*',
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:role/r` },
  { AWS: [B, `arn:aws:iam::${A}:user/u`] },
  { Service: 'sqs.amazonaws.com' },
);
const PRINCIPALS: RequestPrincipal[] = [
  principalFromArn(`arn:aws:iam::${A}:user/u`) as RequestPrincipal,
  principalFromArn(`arn:aws:iam::${A}:user/other`) as RequestPrincipal,
  principalFromArn(`arn:aws:iam::${A}:role/r`) as RequestPrincipal,
  principalFromArn(`arn:aws:sts::${A}:assumed-role/r/s`) as RequestPrincipal,
  principalFromArn(`arn:aws:iam::${B}:user/v`) as RequestPrincipal,
  principalFromArn(`arn:aws:iam::${B}:root`) as RequestPrincipal,
  principalFromArn('arn:aws:iam::777788889999:user/w') as RequestPrincipal,
  { type: 'service', service: 'sqs.amazonaws.com' },
  { type: 'anonymous' },
];

function statementArb(withPrincipal: boolean) {
  return fc
    .record({
      Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      act: fc.constantFrom('Action', 'Action', 'Action', 'NotAction'),
      Action: fc.array(actionPattern, { minLength: 1, maxLength: 2 }),
      res: fc.constantFrom('Resource', 'Resource', 'Resource', 'NotResource'),
      Resource: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
      prin: fc.constantFrom('Principal', 'Principal', 'Principal', 'NotPrincipal'),
      Principal: principalBlock,
      Condition: fc.array(condition, { maxLength: 1 }),
    })
    .map((s) => {
      const out: Record<string, unknown> = { Effect: s.Effect, [s.act]: s.Action, [s.res]: s.Resource };
      if (withPrincipal)
        out[s.prin === 'NotPrincipal' && s.Effect === 'Deny' ? 'NotPrincipal' : 'Principal'] =
          s.Principal === '*' && s.prin === 'NotPrincipal' ? { AWS: A } : s.Principal;
      if (s.Condition.length > 0) out.Condition = Object.assign({}, ...s.Condition.map((c) => ({ ...c })));
      return out;
    });
}

function policyArb(withPrincipal: boolean) {
  return fc.array(statementArb(withPrincipal), { minLength: 0, maxLength: 3 }).map((Statement) => ({ Version: '2012-10-17', Statement }));
}

function* contexts(keys: readonly string[]): Generator<Record<string, string | string[]>> {
  if (keys.length === 0) {
    yield {};
    return;
  }
  const [k, ...rest] = keys as [string, ...string[]];
  for (const v of CONTEXT_VALUES[k] ?? [undefined]) {
    for (const ctx of contexts(rest)) yield v === undefined ? ctx : { ...ctx, [k]: v };
  }
}

function keysOf(doc: { Statement: Record<string, unknown>[] }): string[] {
  const keys = new Set<string>();
  for (const s of doc.Statement)
    for (const block of Object.values((s.Condition ?? {}) as Record<string, Record<string, unknown>>))
      for (const k of Object.keys(block)) keys.add(k);
  return [...keys];
}

function allowed(doc: ReturnType<typeof parsePolicy>['policy'], type: PolicyType, request: Parameters<typeof documentVerdict>[0]): boolean {
  const e = documentVerdict(request, doc, type);
  return e !== undefined && e.applicable && e.allows && !e.denies;
}

function check(type: PolicyType, withPrincipal: boolean, runs: number): void {
  fc.assert(
    fc.property(policyArb(withPrincipal), policyArb(withPrincipal), (oldDoc, newDoc) => {
      const prev = parsePolicy(oldDoc).policy;
      const next = parsePolicy(newDoc).policy;
      const result = comparePolicies(prev, next, { type, universe });
      assert.notEqual(result.verdict, 'unknown', `unknown: ${result.reason}`);
      for (const cx of result.counterexamples) {
        const principal =
          typeof cx.request.principal === 'string' ? (principalFromArn(cx.request.principal) as RequestPrincipal) : cx.request.principal;
        const request = { ...cx.request, principal };
        assert.ok(
          allowed(next, type, request) && !allowed(prev, type, request),
          `counterexample does not hold: ${JSON.stringify(cx.request)}`,
        );
      }
      const keys = [...new Set([...keysOf(oldDoc), ...keysOf(newDoc)])];
      // Keep brute force affordable: enumerate pairs over at most two condition keys.
      if (keys.length > 2) return;
      const principals = withPrincipal ? PRINCIPALS : [principalFromArn(`arn:aws:iam::${A}:user/u`) as RequestPrincipal];
      let bruteNew: unknown;
      outer: for (const action of ACTIONS) {
        for (const resource of RESOURCES) {
          for (const principal of principals) {
            for (const context of contexts(keys)) {
              const request = { principal, action, resource, context };
              if (allowed(next, type, request) && !allowed(prev, type, request)) {
                bruteNew = { ...request, principal: principal.arn ?? principal.type };
                break outer;
              }
            }
          }
        }
      }
      if (bruteNew !== undefined) assert.equal(result.verdict, 'new-access', `brute force found ${JSON.stringify(bruteNew)}`);
      if (result.verdict === 'new-access') assert.ok(result.counterexamples.length > 0);
    }),
    { numRuns: runs, seed: 16 },
  );
}

test('identity policies: the verdict agrees with brute-force enumeration', () => {
  check('identity', false, effort(60, 2000));
});

test('resource policies (Principal/NotPrincipal): the verdict agrees with brute-force enumeration', () => {
  check('resource', true, effort(20, 600));
});
