/**
 * A long `Statement` array is validated against the schema in slices (service/validation.ts
 * `grammarProblems`) so that requests run between them, and statements proven free of grammar
 * problems skip json-languageservice. The slices must give exactly what one json-languageservice
 * validation of the whole document gives, in the same order, with pauses and without: compared
 * here on long policies with random grammar problems in statements (wrong types and values,
 * unknown and missing elements), at the root (unknown keys, a bad Version) and in the syntax
 * (duplicate keys, trailing commas, comments). The diagnostics are made from that list
 * (`validateGrammar`); the IAM checks in slices are compared in checks/slices.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, policyGrammar } from '../../../server/src/service';
import { parseDocument } from '../../../server/src/service/parse';
import { GRAMMAR_SETTINGS, grammarProblems, SCHEMA_STATEMENTS_PER_SLICE } from '../../../server/src/service/validation';
import { mulberry32 } from '../../helpers/random';
import { effort } from '../../helpers/effort';

// No catalog: the IAM checks are not what is compared.
const service = getLanguageService({});
const { jsonLs, schema } = policyGrammar();

const STATEMENT_PROBLEMS: readonly ((i: number) => string)[] = [
  (i) => `{ "Sid": "S${i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }`,
  (i) => `{ "Sid": "S${i}", "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" }`,
  () => `{ "Effect": "Deny", "Action": 5, "Resource": ["*", 7] }`,
  () => `{ "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Foo": true }`,
  () => `{ "Action": "s3:*", "Resource": "*" }`,
  () => `{ "Effect": "Allow", "Action": "s3:*", "NotAction": "ec2:*", "Resource": "*" }`,
  () => `{ "Effect": "Allow", "Principal": { "AWS": 12 }, "Action": "sts:AssumeRole" }`,
  () => `{ "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": "x" }`,
  () => `{ "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": { "StringEquals": { "aws:x": { "a": 1 } } } }`,
  () => `{ "Effect": "Allow", "Effect": "Deny", "Action": "s3:*", "Resource": "*" }`,
  () => `"not a statement"`,
  () => `[]`,
  () => `{ "Sid": 3, "Effect": "Allow", "Action": [], "Resource": "*", }`,
  () => `{ "Effect": "Allow" /* note */, "Action": "s3:*", "Resource": "*" }`,
];

const ROOT_PROBLEMS: readonly string[] = [
  '',
  '"Version": "2020-01-01",',
  '"Extra": 1,',
  '"Id": 5,',
  '"$schema": "http://example.com/x.json",',
];

function policy(next: () => number, statements: number): string {
  const items: string[] = [];
  for (let i = 0; i < statements; i++) {
    const broken = next() < 0.2;
    const make = broken ? STATEMENT_PROBLEMS[Math.floor(next() * STATEMENT_PROBLEMS.length)]! : STATEMENT_PROBLEMS[0]!;
    items.push(make(i));
  }
  const before = ROOT_PROBLEMS[Math.floor(next() * ROOT_PROBLEMS.length)]!;
  const after = ROOT_PROBLEMS[Math.floor(next() * ROOT_PROBLEMS.length)]!.replace(/,$/, '');
  return `{ ${before} "Version": "2012-10-17", "Statement": [\n${items.join(',\n')}\n]${after ? `, ${after}` : ''} }`;
}

test('grammar problems in slices equal those of one validation, in order, with pauses and without', async () => {
  const next = mulberry32(1313);
  for (let n = 0; n < effort(2, 6); n++) {
    const text = policy(next, SCHEMA_STATEMENTS_PER_SLICE * 2 + Math.floor(next() * SCHEMA_STATEMENTS_PER_SLICE));
    const document = TextDocument.create(`file:///policy${n}.iam.json`, 'iam-policy', 1, text);
    const { json } = parseDocument(jsonLs, document);
    // The reference: json-languageservice over the whole document at once.
    const expected = await jsonLs.doValidation(document, json, GRAMMAR_SETTINGS, schema);
    let pauses = 0;
    const paused = await grammarProblems(jsonLs, schema, document, json, () => Promise.resolve(++pauses > 0));
    assert.ok(expected.length > 50, `${expected.length} problems`);
    assert.ok(pauses > 1, 'the statements were validated in slices');
    assert.deepEqual(paused, expected);
    assert.deepEqual(await grammarProblems(jsonLs, schema, document, json), expected);
  }
});

test('a validation in slices stops between statement slices when its version is stale', async () => {
  const text = policy(mulberry32(7), SCHEMA_STATEMENTS_PER_SLICE * 3);
  const document = TextDocument.create('file:///stale.iam.json', 'iam-policy', 1, text);
  let pauses = 0;
  // Before the grammar, after the parse, then the first statement slice: stale at the second.
  await assert.rejects(
    service.doValidation(document, service.parse(document), { pause: () => Promise.resolve(++pauses < 4) }),
    /validation cancelled/,
  );
  assert.equal(pauses, 4);
});
