/**
 * `evaluate` reads each distinct policy once and skips scanning lines that repeat a recent policy
 * set. Whatever the shape of a line, its output must be exactly what evaluating the line on its
 * own gives (JSON.parse, parseEvaluationInput, evaluate): every evaluator data case (each file's
 * first half in a unit run, all of them under `npm run test:corpus`), in several spellings, twice
 * through one batch (the second time from the caches), and lines built to trip the scanner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvaluationBatch } from '../../../server/src/cli/evaluateBatch';
import { evaluate, parseEvaluationInput } from '../../../server/src/core/evaluator';
import { parseJsonText } from '../../../server/src/core/json';
import { CORPUS, effort } from '../../helpers/effort';

/** What a line evaluates to on its own: an error, or the evaluation's fields without and with its policies. */
type Alone = { readonly error: Record<string, unknown> } | { readonly rest: Record<string, unknown>; readonly policies: unknown };

/** Each distinct line's {@link Alone}, for both modes and every line number it is given (the evaluation does not depend on them). */
const aloneOutcomes = new Map<string, Alone>();

function aloneOutcome(text: string): Alone {
  const json = parseJsonText(text);
  if (!json.ok) return { error: { error: `Invalid JSON: ${json.message}` } };
  const parsed = parseEvaluationInput(json.value);
  if (!parsed.ok)
    return { error: { error: parsed.errors.map((e) => `${e.path.length ? `${e.path.join('.')}: ` : ''}${e.message}`).join('; ') } };
  const out = evaluate(parsed.request, parsed.policies);
  if (out.decision === 'Error') return { error: { error: out.summary, problems: out.problems } };
  const { policies, ...rest } = out;
  return { rest, policies };
}

/** One line evaluated on its own, as `evaluate` printed it before it had caches. */
function alone(text: string, line: number, brief: boolean): string {
  let outcome = aloneOutcomes.get(text);
  if (!outcome) aloneOutcomes.set(text, (outcome = aloneOutcome(text)));
  if ('error' in outcome) return JSON.stringify({ line, ...outcome.error });
  return JSON.stringify(brief ? { line, ...outcome.rest } : { line, ...outcome.rest, policies: outcome.policies });
}

const expectedOutputs = new Map<string, string>();

/** `alone`, computed once per line, number and mode for the tests below (each checks it twice). */
function expected(text: string, line: number, brief: boolean): string {
  const key = `${brief ? 'brief' : 'explained'} ${line} ${text}`;
  let out = expectedOutputs.get(key);
  if (out === undefined) expectedOutputs.set(key, (out = alone(text, line, brief)));
  return out;
}

function dataLines(): string[] {
  const dir = join(__dirname, '..', '..', 'data', 'evaluator');
  const inputs = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const data = JSON.parse(readFileSync(join(dir, f), 'utf8')) as
        { input: Record<string, unknown> } | { input: Record<string, unknown> }[];
      // Every case in the corpus run; in a unit run each file's first half (neighbouring cases often
      // share a policy set, which the batch's shortcuts are for: the half keeps them neighbours).
      const cases = Array.isArray(data) ? data : [data];
      return (CORPUS ? cases : cases.slice(0, Math.ceil(cases.length / 2))).map((c) => c.input);
    });
  return inputs.flatMap((input) => {
    const { request, ...rest } = input;
    return [
      JSON.stringify(input),
      JSON.stringify({ request, ...rest }), // request first
      JSON.stringify(input, null, 1).replace(/\n/g, ' '), // spaces everywhere
    ];
  });
}

const policy = { Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const request = { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
const tricky = [
  JSON.stringify({ identityPolicies: [policy], request }),
  JSON.stringify({ identityPolicies: [policy], request: { ...request, action: 's3:PutObject' } }),
  `${JSON.stringify({ identityPolicies: [policy], request }).slice(0, -1)}, "request": ${JSON.stringify({ ...request, principal: '*' })}}`, // repeated key: the last counts
  `${JSON.stringify({ identityPolicies: [policy] }).slice(0, -1)}, "request": {"principal": 1}, "extra": 2}`,
  JSON.stringify({ identityPolicies: [policy], request }).replace('"request":{', '"request":{ "x": [ }'), // broken request after a known prefix
  JSON.stringify({ identityPolicies: [policy], request }).replace('"s3:GetObject","Resource"', '"s3:GetObject" "Resource"'), // broken policy
  JSON.stringify({ identityPolicies: [{ ...policy, Statement: [{ ...policy.Statement[0], Sid: 'q"]}[{\\' }] }], request }),
  JSON.stringify({ identityPolicies: [{ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }], request }),
  JSON.stringify({ identityPolicies: [{ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }], request }),
  JSON.stringify({ identityPolicies: [{ id: 'x', source: 'x.json', document: policy }], scps: [[policy], []], request }),
  JSON.stringify({ identityPolicies: [{ id: 'y', source: 'x.json', document: policy }], scps: [[policy], []], request }),
  JSON.stringify({ identityPolicies: policy, request }),
  JSON.stringify({ identityPolicies: [1, 'x', null], resourcePolicy: 'no', scps: [policy], request }),
  JSON.stringify({ identityPolicies: [policy], request: 'alice' }),
  '{"__proto__": {"request": 1}, "identityPolicies": [], "request": {"principal": "*", "action": "s3:GetObject", "resource": "*"}}',
  '{"identityPolicies": [], "identityPolicies": [' + JSON.stringify(policy) + '], "request": ' + JSON.stringify(request) + '}',
  '{"identityPolicies":[' + JSON.stringify(policy) + '],"request":' + JSON.stringify(request) + '} trailing',
  '[1, 2]',
  '{}',
  '"text"',
  '{"request": ' + JSON.stringify({ ...request, context: { 'aws:username': 'ünïcødé "q" \\ }' } }) + '}',
  JSON.stringify({ identityPolicies: [policy], request }),
  `\ufeff${JSON.stringify({ identityPolicies: [policy], request })}`, // a byte-order mark
  JSON.stringify({ identityPolicies: [policy], request: { ...request, context: { deep: '' } } }).replace(
    '"deep":""',
    `"deep":${'['.repeat(300)}${']'.repeat(300)}`,
  ),
  JSON.stringify({ identityPolicies: [policy], request: { ...request, context: { deep: '' } } }).replace(
    '"deep":""',
    `"deep":${'['.repeat(253)}${']'.repeat(253)}`,
  ),
  JSON.stringify({ identityPolicies: [{ ...policy, Id: 'deep' }], request }).replace(
    '"Id":"deep"',
    `"Id":${'['.repeat(300)}${']'.repeat(300)}`,
  ),
];

for (const brief of [true, false]) {
  test(`every line gives what it gives on its own (${brief ? '--brief' : 'explained'}), from the caches too`, () => {
    const lines = [...dataLines(), ...tricky];
    const batch = new EvaluationBatch(brief);
    for (let pass = 0; pass < 2; pass++) {
      lines.forEach((text, i) =>
        assert.equal(
          batch.evaluateLine(text, i + 1),
          expected(text, i + 1, brief),
          `line ${i + 1} (pass ${pass + 1}): ${text.slice(0, 200)}`,
        ),
      );
    }
    assert.ok(lines.length > 600, `${lines.length} lines`);
  });

  test(`every line read as bytes gives what it gives on its own (${brief ? '--brief' : 'explained'})`, () => {
    // As the CLI reads them: bytes compared with the recent policy sets first, else decoded.
    const lines = [...dataLines(), ...tricky, '{"request": {"principal": "*", "action": "s3:GetObject", "resource": "ü"}}'];
    const batch = new EvaluationBatch(brief);
    let fromBytes = 0;
    for (let pass = 0; pass < 2; pass++) {
      lines.forEach((text, i) => {
        // Surrounding bytes, as in a chunk of a file.
        const bytes = Buffer.concat([Buffer.from('x\n'), Buffer.from(text), Buffer.from('\ny')]);
        const end = bytes.length - 2;
        const fast = batch.evaluateRecentBytes(bytes, 2, end, i + 1);
        if (fast !== undefined) fromBytes++;
        const out = fast ?? batch.evaluateLine(bytes.toString('utf8', 2, end), i + 1);
        assert.equal(out, expected(text, i + 1, brief), `line ${i + 1} (pass ${pass + 1}): ${text.slice(0, 200)}`);
      });
    }
    assert.ok(fromBytes > lines.length / 4, `${fromBytes} of ${lines.length * 2} from bytes`);
  });
}

test('a batch keeps one parsed copy per distinct policy text and set', () => {
  const batch = new EvaluationBatch(true);
  for (let i = 0; i < 50; i++)
    batch.evaluateLine(
      JSON.stringify({ identityPolicies: [policy], scps: [[policy]], request: { ...request, resource: `arn:aws:s3:::b/${i}` } }),
      i + 1,
    );
  assert.deepEqual(batch.cached, { documents: 1, sets: 1 });
});

/** Deterministic pseudo-random numbers (mulberry32), so the test reads the same lines every run. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

test('explanations shared between requests give each line what it gives on its own', () => {
  // The core hands out a recent explanation object again when its parts are the same objects, and
  // the explained output writes each such object's text once: many requests against few sets, from
  // small pools of values (so explanations repeat, and more than a few distinct ones alternate at
  // each place), over statements of every kind of element and condition.
  const identity = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Home', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/home/${aws:username}/*' },
      {
        Sid: 'List',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::b',
        Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*', 'shared/*'] } },
      },
      { Sid: 'NotAct', Effect: 'Allow', NotAction: ['iam:*', 's3:Delete*'], NotResource: 'arn:aws:s3:::secret*' },
      {
        Sid: 'Team',
        Effect: 'Allow',
        Action: 'sqs:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } },
      },
      {
        Sid: 'Net',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, BoolIfExists: { 'aws:ViaAWSService': 'false' } },
      },
      {
        Sid: 'Tags',
        Effect: 'Deny',
        Action: 'ec2:*',
        Resource: '*',
        Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
      },
      { Sid: 'Null', Effect: 'Deny', Action: 'kms:*', Resource: '*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } } },
    ],
  };
  const resourcePolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Acct',
        Effect: 'Allow',
        Principal: { AWS: ['444455556666', 'arn:aws:iam::111122223333:user/bob'] },
        Action: 's3:*',
        Resource: '*',
      },
      {
        Sid: 'Any',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'Not',
        Effect: 'Deny',
        NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/alice' },
        Action: 's3:DeleteObject',
        Resource: '*',
      },
    ],
  };
  const scp = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } },
    ],
  };
  const sets = [
    { identityPolicies: [identity], resourcePolicy, scps: [[scp]] },
    { identityPolicies: [identity, scp], resourcePolicy, permissionBoundaries: [scp], rcps: [[resourcePolicy]] },
  ];
  const r = rng(12);
  const pick = <T>(values: readonly T[]): T => values[r(values.length)] as T;
  const actions = [
    's3:GetObject',
    's3:PutObject',
    's3:ListBucket',
    's3:DeleteObject',
    'sqs:SendMessage',
    'ec2:RunInstances',
    'kms:Decrypt',
    'iam:PassRole',
  ];
  const users = ['alice', 'bob', 'carol'];
  const lines: string[] = [];
  // 500 requests by default (each of the 2 sets still sees every action, user and pool value many
  // times over); the long run (test/helpers/effort.ts) keeps 1,500.
  for (let i = 0, n = effort(500, 1500); i < n; i++) {
    const user = pick(users);
    const account = pick(['111122223333', '111122223333', '444455556666']);
    const context: Record<string, string | string[]> = {};
    if (r(4) > 0) context['aws:username'] = user;
    if (r(3) > 0) context['aws:PrincipalTag/team'] = pick(['red', 'blue', 'green']);
    if (r(5) > 0) context['aws:SourceIp'] = r(3) === 0 ? `198.51.100.${r(20)}` : `10.0.0.${r(20)}`;
    if (r(4) === 0) context['aws:ViaAWSService'] = pick(['true', 'false']);
    if (r(3) === 0) context['aws:TagKeys'] = pick([[], ['a'], ['a', 'c'], ['b', 'a']]);
    if (r(3) === 0) context['aws:MultiFactorAuthAge'] = pick(['', '30']);
    if (r(4) > 0) context['aws:SecureTransport'] = pick(['true', 'false']);
    if (r(4) > 0) context['aws:RequestedRegion'] = pick(['us-east-1', 'eu-west-1', 'ap-south-1']);
    if (r(3) === 0) context['s3:prefix'] = pick([`home/${user}/x`, 'shared/y', 'other/z']);
    const request = {
      principal: `arn:aws:iam::${account}:user/${user}`,
      action: pick(actions),
      resource: pick(['arn:aws:s3:::b', `arn:aws:s3:::b/home/${pick(users)}/f${r(12)}`, 'arn:aws:s3:::secret/k', '*']),
      context,
    };
    lines.push(JSON.stringify({ ...pick(sets), request }));
  }
  for (const brief of [false, true]) {
    const batch = new EvaluationBatch(brief);
    lines.forEach((text, i) => {
      const bytes = Buffer.from(text);
      const out = batch.evaluateRecentBytes(bytes, 0, bytes.length, i + 1) ?? batch.evaluateLine(text, i + 1);
      assert.equal(out, expected(text, i + 1, brief), `line ${i + 1} (${brief ? '--brief' : 'explained'}): ${text.slice(-400)}`);
    });
  }
});
