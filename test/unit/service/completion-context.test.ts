/**
 * The cursor context behind completion: which element is typed, what was typed, whether the
 * cursor is inside a string, and what an item replaces (the `«…»` range in each case).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorContext } from '../../../server/src/service/completion/context';
import { parseMarkers } from '../../helpers/markers';

interface Case {
  readonly doc: string;
  /** `kind` plus the fields that matter for it, e.g. `action typed="s3:Ge" inString`, or `none`. */
  readonly expect: string;
}

const S = (inner: string) => `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", ${inner} } ] }`;

const CASES: Case[] = [
  { doc: S('"Action": "«s3:Ge|»"'), expect: 'action typed="s3:Ge" inString' },
  { doc: S('"Action": "«s3:Ge|tObject»"'), expect: 'action typed="s3:Ge" inString' },
  { doc: '{ "Statement": [ { "Action": "«s3:Ge|»\n  ] }', expect: 'action typed="s3:Ge" inString' },
  { doc: S('"Action": «|»'), expect: 'action typed=""' },
  { doc: S('"Action": [«|»]'), expect: 'action typed=""' },
  { doc: S('"Action": ["a:b", «|»]'), expect: 'action typed=""' },
  { doc: S('"Action": [«s3|»]'), expect: 'action typed="s3"' },
  { doc: S('"NotAction": ["«|»"]'), expect: 'action typed="" inString' },
  { doc: S('"Action": "s3:GetObject"|'), expect: 'none' },
  { doc: S('"Action": 4|2'), expect: 'none' },
  {
    doc: '{ "Statement": { "Resource": "«arn:aws:s3:::b/\\"x|»" } }',
    expect: `resource typed=${JSON.stringify('arn:aws:s3:::b/\\"x')} inString`,
  },
  { doc: S('"«Re|»"'), expect: 'statementKey typed="Re" inString' },
  { doc: S('"«Re|»": "*"'), expect: 'statementKey typed="Re" inString colon' },
  { doc: S('«|»'), expect: 'statementKey typed=""' },
  { doc: '{ "Statement": [ «|» ] }', expect: 'statementSlot typed=""' },
  { doc: '{ "Statement": «|» }', expect: 'statements typed=""' },
  { doc: S('"Condition": «|»'), expect: 'condition typed=""' },
  { doc: '{ "«V|»" }', expect: 'topKey typed="V" inString' },
  { doc: '{ "Version": "«2012|»" }', expect: 'version typed="2012" inString' },
  { doc: S('"Effect": "«|»"').replace('"Effect": "Allow", ', ''), expect: 'effect typed="" inString' },
  { doc: S('"Principal": «|»'), expect: 'principal typed=""' },
  { doc: S('"Principal": { "«A|»" }'), expect: 'principalKey typed="A" inString' },
  { doc: S('"NotPrincipal": { "Service": "«l|»" }'), expect: 'principalValue typed="l" inString form=Service' },
  { doc: S('"Principal": { "AWS": ["x", "«arn|»"] }'), expect: 'principalValue typed="arn" inString form=AWS' },
  { doc: S('"Condition": { "«Str|»" }'), expect: 'conditionOperator typed="Str" inString' },
  { doc: S('"Condition": { "Bool": { "«aws:|»" } }'), expect: 'conditionKey typed="aws:" inString operator=Bool' },
  {
    doc: S('"Condition": { "Bool": { "aws:SecureTransport": "«t|»" } }'),
    expect: 'conditionValue typed="t" inString operator=Bool key=aws:SecureTransport',
  },
  {
    doc: S('"Condition": { "StringEquals": { "aws:PrincipalType": [«|»] } }'),
    expect: 'conditionValue typed="" operator=StringEquals key=aws:PrincipalType',
  },
  { doc: S('"Condition": { "StringEquals": { "k": { "deeper": "|" } } }'), expect: 'none' },
  { doc: '{ "Other": { "Action": "s3|" } }', expect: 'none' },
  { doc: S('"Sid": "a|"'), expect: 'none' },
];

function describe(text: string, offset: number): { line: string; range?: [number, number] } {
  const ctx = cursorContext(text, offset);
  if (!ctx) return { line: 'none' };
  const parts = [ctx.kind, `typed=${JSON.stringify(ctx.typed)}`];
  if (ctx.inString) parts.push('inString');
  if (ctx.hasColon) parts.push('colon');
  if ('form' in ctx) parts.push(`form=${ctx.form}`);
  if ('operator' in ctx) parts.push(`operator=${ctx.operator}`);
  if ('key' in ctx) parts.push(`key=${ctx.key}`);
  return { line: parts.join(' '), range: [ctx.replace.start, ctx.replace.end] };
}

for (const c of CASES) {
  test(`cursor context: ${c.doc.replace(/\n/g, '⏎')}`, () => {
    const marked = parseMarkers(c.doc);
    const { line, range } = describe(marked.text, marked.cursor!);
    assert.equal(line, c.expect);
    const expected = marked.ranges[0];
    if (expected) assert.deepEqual(range, [expected.start, expected.end], 'replace range');
  });
}

test('cursor context: statement path of an array statement and a single statement', () => {
  const a = parseMarkers(S('"Action": "|"'));
  assert.deepEqual(cursorContext(a.text, a.cursor!)?.statementPath, ['Statement', 0]);
  const b = parseMarkers('{ "Statement": { "Action": "|" } }');
  assert.deepEqual(cursorContext(b.text, b.cursor!)?.statementPath, ['Statement']);
});

test('cursor context: an unterminated string does not reach the next line, a string broken by `\\⏎` is not completed', () => {
  const a = parseMarkers('{ "Statement": [ { "Action": "s3\n    |  ] }');
  assert.equal(cursorContext(a.text, a.cursor!), undefined);
  const b = parseMarkers('{ "Statement": [ { "Effect": "Allow", "\\\nAc|tion": "x" } ] }');
  assert.equal(cursorContext(b.text, b.cursor!), undefined);
});
