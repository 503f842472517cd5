/**
 * The checks never throw: on arbitrary JSON, on policy-shaped values with odd element types, and
 * for every policy type; and every finding's path exists in the value it came from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runChecks, type JsonPath } from '../../../server/src/core/checks';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { POLICY_TYPES } from '../../../server/src/core/policyType';

const catalog = getCatalog();
const types = POLICY_TYPES.map((t) => t.type);

const text = fc.oneof(
  fc.constantFrom(
    '*',
    's3:GetObject',
    's3:Get*',
    'arn:aws:s3:::b/*',
    'aws:SourceIp',
    '${aws:username}',
    '10.0.0.0/8',
    'true',
    'iam:PassRole',
    'arn:aws:iam::111122223333:role/x',
  ),
  fc.string(),
);
const leaf = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }));
const conditionBlock = fc.dictionary(
  fc.constantFrom('StringEquals', 'ForAllValues:StringLike', 'NullIfExists', 'Bool', 'IpAddress', 'NumericLessThan', 'DateEquals', 'Bad'),
  fc.dictionary(text, leaf, { maxKeys: 2 }),
  { maxKeys: 2 },
);
const statement = fc.record(
  {
    Sid: fc.option(text, { nil: undefined }),
    Effect: fc.constantFrom('Allow', 'Deny', 'allow', 3),
    Action: fc.option(leaf, { nil: undefined }),
    NotAction: fc.option(leaf, { nil: undefined }),
    Resource: fc.option(leaf, { nil: undefined }),
    NotResource: fc.option(leaf, { nil: undefined }),
    Principal: fc.option(
      fc.oneof(fc.constant('*'), fc.dictionary(fc.constantFrom('AWS', 'Service', 'Federated', 'X'), leaf, { maxKeys: 2 }), leaf),
      { nil: undefined },
    ),
    Condition: fc.option(fc.oneof(conditionBlock, leaf), { nil: undefined }),
  },
  { requiredKeys: [] },
);
const policy = fc.record(
  {
    Version: fc.option(fc.constantFrom('2012-10-17', '2008-10-17', 1), { nil: undefined }),
    Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 }), leaf),
  },
  { requiredKeys: [] },
);

function exists(value: unknown, path: JsonPath): boolean {
  let node: unknown = value;
  for (const p of path) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[p];
    if (node === undefined) return false;
  }
  return true;
}

test('checks never throw and point at existing paths (policy-shaped values)', () => {
  fc.assert(
    fc.property(policy, fc.constantFrom(...types), (value, type) => {
      for (const f of runChecks({ value, type, catalog, textLength: JSON.stringify(value).length })) {
        assert.ok(f.path.length === 0 || exists(value, f.path), `${f.code} at missing path ${JSON.stringify(f.path)}`);
      }
    }),
    { numRuns: 400 },
  );
});

test('checks never throw on arbitrary JSON', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(...types), (value, type) => {
      runChecks({ value, type, catalog, textLength: 10 });
    }),
    { numRuns: 300 },
  );
});
