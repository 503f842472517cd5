import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryPath, parsePolicy } from '../../../server/src/core/policy';
import { buildContext } from '../../../server/src/core/evaluator/context';
import { parseTemplate, resolveTemplate } from '../../../server/src/core/evaluator/variables';

test('parsePolicy normalizes single statements and string elements', () => {
  const { policy, errors } = parsePolicy(
    { Version: '2012-10-17', Statement: { Sid: 'S', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } },
    { id: 'P', source: 'p.json' },
  );
  assert.deepEqual(errors, []);
  assert.equal(policy.statements.length, 1);
  const st = policy.statements[0];
  assert.deepEqual(st?.action, ['s3:GetObject']);
  assert.deepEqual(st?.resource, ['arn:aws:s3:::b/*']);
  assert.deepEqual(st?.path, ['Statement']);
  assert.deepEqual(policy.label, { id: 'P', source: 'p.json' });
});

test('parsePolicy normalizes principals and conditions', () => {
  const { policy, errors } = parsePolicy({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Principal: { AWS: ['111122223333', '*'], Service: 'sns.amazonaws.com' },
        Action: '*',
        Resource: '*',
        Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 1, true] } },
      },
    ],
  });
  assert.deepEqual(errors, []);
  const st = policy.statements[0];
  assert.equal(st?.principal?.wildcard, true);
  assert.deepEqual(st?.principal?.service, ['sns.amazonaws.com']);
  assert.deepEqual(st?.conditions[0], {
    operator: 'ForAnyValue:StringLikeIfExists',
    base: 'StringLike',
    setOperator: 'ForAnyValue',
    ifExists: true,
    key: 'aws:TagKeys',
    values: ['a*', '1', 'true'],
    path: ['Statement', 0, 'Condition', 'ForAnyValue:StringLikeIfExists', 'aws:TagKeys'],
  });
});

test('parsePolicy reports every problem with its JSON path and never throws', () => {
  const { errors, policy } = parsePolicy({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Permit', Action: 3 },
    ],
  });
  assert.deepEqual(
    errors.map((e) => e.path),
    [
      ['Statement', 1, 'Effect'],
      ['Statement', 1, 'Action'],
    ],
  );
  assert.equal(policy.statements.length, 1, 'statements with errors are dropped');
  for (const bad of [null, 42, 'x', [], { Statement: null }, { Statement: [null] }, { Statement: [{ Condition: 'x' }] }]) {
    assert.ok(parsePolicy(bad).errors.length > 0, JSON.stringify(bad));
  }
});

test('missing Version defaults to 2008-10-17', () => {
  const { policy } = parsePolicy({ Statement: [] });
  assert.equal(policy.version, '2008-10-17');
  assert.equal(policy.versionGiven, false);
});

test('policy variables: substitution, defaults, special characters, missing values', () => {
  const ctx = buildContext({ 'aws:username': 'alice', 'aws:TagKeys': ['a', 'b'] });
  const resolve = (s: string, forPattern = false) => resolveTemplate(parseTemplate(s), ctx, forPattern);
  assert.deepEqual(resolve('home/${aws:username}/'), { ok: true, text: 'home/alice/' });
  assert.deepEqual(resolve('${AWS:USERNAME}'), { ok: true, text: 'alice' });
  assert.deepEqual(resolve("${aws:PrincipalTag/team, 'company-wide'}"), { ok: true, text: 'company-wide' });
  assert.deepEqual(resolve('${*}${?}${$}'), { ok: true, text: '*?$' });
  assert.deepEqual(resolve('${aws:PrincipalTag/team}'), { ok: false, missing: 'aws:PrincipalTag/team' });
  // Multivalued keys are not variables, but they are in the request: not reported as missing.
  assert.deepEqual(resolve('${aws:TagKeys}'), { ok: false, missing: undefined }, 'multivalued keys are not variables');
  assert.deepEqual(resolve('no variables ${ here'), { ok: true, text: 'no variables ${ here' });
  assert.deepEqual(
    resolveTemplate(parseTemplate('${aws:PrincipalTag/cost center}'), buildContext({ 'aws:PrincipalTag/cost center': 'x1' }), false),
    { ok: true, text: 'x1' },
  );
  assert.deepEqual(resolve("${ aws:username , 'd' }"), { ok: true, text: 'alice' });
  const pattern = resolve('${*}x', true);
  assert.ok(pattern.ok && pattern.text !== '*x', 'special characters are escaped in patterns');
});

test('entryPath points at list entries whether written as a string or an array', () => {
  const { policy } = parsePolicy({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' }],
  });
  const st = policy.statements[0];
  assert.ok(st);
  assert.deepEqual(entryPath(st, 'Action', 1), ['Statement', 0, 'Action', 1]);
  assert.deepEqual(entryPath(st, 'Resource', 0), ['Statement', 0, 'Resource']);
});
