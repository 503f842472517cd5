/**
 * Long `Statement` arrays skip json-languageservice for statements that `grammarVerdict`
 * (service/validation.ts) proves free of grammar problems. Its verdict must agree with
 * json-languageservice on every statement it decides: true only when json-languageservice reports
 * no problem, false only when it reports one. Compared here on random statements built from right
 * and wrong values of every element (types, enum values, the `*` pattern of Principal, unknown
 * keys, both of Action and NotAction, conditions with nested values, missing values, repeated keys).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLanguageService as getJsonLs, type JSONSchema } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { grammarVerdict } from '../../../server/src/service/validation';
import { mulberry32 } from '../../helpers/random';
import { effort } from '../../helpers/effort';
import policySchema from '../../../schemas/iam-policy.schema.json';

const schema = policySchema as JSONSchema;
const item = ((schema.properties!['Statement'] as JSONSchema).anyOf![1] as JSONSchema).items as JSONSchema;
const jsonLs = getJsonLs({});
const arraySchema: JSONSchema = { definitions: schema.definitions, type: 'array', items: item };

const STRINGS = ['"s3:GetObject"', '"*"', '"arn:aws:s3:::b/*"', '""'];
const anyValue = (next: () => number, depth = 0): string => {
  const r = next();
  if (r < 0.35 || depth > 2) return STRINGS[Math.floor(next() * STRINGS.length)]!;
  if (r < 0.45) return String(Math.floor(next() * 20) - 5) + (next() < 0.3 ? '.5' : '');
  if (r < 0.5) return next() < 0.5 ? 'true' : 'false';
  if (r < 0.53) return 'null';
  if (r < 0.8) return `[${Array.from({ length: Math.floor(next() * 3) }, () => anyValue(next, depth + 1)).join(', ')}]`;
  return `{ ${Array.from({ length: Math.floor(next() * 3) }, (_, i) => `"${['AWS', 'Service', 'Foo', 'StringEquals', 'aws:x'][Math.floor(next() * 5)]}${next() < 0.2 ? i : ''}": ${anyValue(next, depth + 1)}`).join(', ')} }`;
};
const VALUES: Record<string, readonly string[]> = {
  Sid: ['"S1"', '""', '3'],
  Effect: ['"Allow"', '"Deny"', '"allow"', '1', 'null'],
  Principal: [
    '"*"',
    '"* "',
    '"arn:aws:iam::1:root"',
    '{ "AWS": "*" }',
    '{ "AWS": ["a", "b"] }',
    '{ "Service": 5 }',
    '{ "Foo": "x" }',
    '{}',
  ],
  Condition: [
    '{ "StringEquals": { "aws:RequestedRegion": "eu-west-1" } }',
    '{ "NumericLessThan": { "aws:x": [1, true, "2"] } }',
    '{ "StringEquals": { "aws:x": { "a": 1 } } }',
    '{ "StringEquals": { "aws:x": [[1]] } }',
    '{ "StringEquals": { "aws:x": null } }',
    '{ "StringEquals": "x" }',
    '"x"',
    '{}',
  ],
};
const KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Foo'];

function statement(next: () => number): string {
  if (next() < 0.03) return anyValue(next);
  const parts: string[] = [];
  for (const key of KEYS) {
    const p = key === 'Effect' || key === 'Action' || key === 'Resource' ? 0.85 : key === 'Foo' ? 0.05 : 0.2;
    if (next() >= p) continue;
    const pool = VALUES[key === 'NotPrincipal' ? 'Principal' : key];
    const good = key.endsWith('Action') || key.endsWith('Resource') ? ['"s3:GetObject"', '["a", "b"]', '[]'] : undefined;
    const value = next() < 0.8 && (pool ?? good) ? (pool ?? good)![Math.floor(next() * (pool ?? good)!.length)]! : anyValue(next);
    parts.push(`"${key}": ${value}`);
    if (next() < 0.02) parts.push(`"${key}": ${value}`);
  }
  if (next() < 0.02) parts.push('"Sid":');
  return `{ ${parts.join(', ')} }`;
}

test('grammarVerdict agrees with json-languageservice on every statement it decides', async () => {
  const next = mulberry32(1331);
  const decided = { clean: 0, problems: 0, undecided: 0 };
  for (let n = 0; n < effort(1500, 30000); n++) {
    const text = `[${statement(next)}]`;
    const document = TextDocument.create(`file:///s${n}.json`, 'json', 1, text);
    const json = jsonLs.parseJSONDocument(document);
    const node = json.root?.type === 'array' ? json.root.items[0] : undefined;
    if (!node || (json as { syntaxErrors?: readonly unknown[] }).syntaxErrors?.length) {
      decided.undecided++;
      continue;
    }
    const verdict = grammarVerdict(node, item, schema);
    if (verdict === undefined) {
      decided.undecided++;
      continue;
    }
    const problems = await jsonLs.doValidation(document, json, { schemaValidation: 'error', schemaRequest: 'ignore' }, arraySchema);
    assert.equal(verdict, problems.length === 0, `${text}: ${problems.map((p) => p.message).join('; ')}`);
    decided[verdict ? 'clean' : 'problems']++;
  }
  // Both verdicts are exercised, and most statements are decided.
  assert.ok(decided.clean > 100 && decided.problems > 100, JSON.stringify(decided));
  assert.ok(decided.undecided < (decided.clean + decided.problems) / 4, JSON.stringify(decided));
});

test('grammarVerdict decides the plain statements of a long policy as clean', () => {
  const document = TextDocument.create(
    'file:///p.json',
    'json',
    1,
    '[{ "Sid": "S1", "Effect": "Allow", "Action": ["s3:GetObject", "s3:Put*"], "Resource": "arn:aws:s3:::b/*", "Condition": { "StringEquals": { "aws:RequestedRegion": "eu-west-1" } } }]',
  );
  const json = jsonLs.parseJSONDocument(document);
  assert.equal(json.root?.type, 'array');
  assert.equal(grammarVerdict(json.root.type === 'array' ? json.root.items[0]! : json.root, item, schema), true);
});
