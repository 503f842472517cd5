/**
 * Malformed input of any kind must never crash or hang the service: random text, mutated
 * policies, binary junk, deep nesting, huge strings and a 1 MB document (10 MB with
 * IAM_STUDIO_LONG=1, test/helpers/effort.ts). Every call must return, and every diagnostic must lie
 * inside the document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { makeDocument } from '../../helpers/markers';
import { effort, LONG } from '../../helpers/effort';

const service = getLanguageService({ catalog: getCatalog() });

const VALID = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "A1", "Effect": "Allow", "Action": ["s3:GetObject", "ec2:Describe*"], "Resource": "arn:aws:s3:::b/\${aws:username}/*",
      "Condition": { "StringEquals": { "aws:PrincipalTag/team": "x" }, "IpAddress": { "aws:SourceIp": "10.0.0.0/8" } } },
    { "Effect": "Deny", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "NotAction": "iam:*", "NotResource": "*" }
  ]
}`;

async function exercise(text: string): Promise<void> {
  const doc = makeDocument(text);
  const parsed = service.parse(doc);
  const diagnostics = await service.doValidation(doc, parsed);
  const end = doc.positionAt(text.length);
  for (const d of diagnostics) {
    assert.ok(d.range.start.line <= end.line && d.range.end.line <= end.line, 'diagnostic outside the document');
    assert.equal(typeof d.message, 'string');
  }
  // Further features (completion, hover, ...) are exercised at a few positions when present.
  const features = service as unknown as Record<string, unknown>;
  for (const name of ['doComplete', 'doHover']) {
    const fn = features[name];
    if (typeof fn !== 'function') continue;
    for (const offset of [0, Math.floor(text.length / 2), text.length]) {
      await (fn as (...a: unknown[]) => unknown).call(service, doc, parsed, doc.positionAt(offset));
    }
  }
}

/** Replaces, inserts or deletes characters of `base` at random places. */
const mutated = fc
  .array(fc.tuple(fc.nat(VALID.length), fc.nat(4), fc.string({ maxLength: 4, unit: 'binary' })), { minLength: 1, maxLength: 8 })
  .map((edits) => edits.reduce((s, [at, del, ins]) => s.slice(0, at) + ins + s.slice(at + del), VALID));

const jsonish = fc.string({ maxLength: 200, unit: fc.constantFrom(...'{}[]",:0123456789tfn \n\\aA*?$/.-'.split('')) });

test('random and mutated documents never crash the service', async () => {
  await fc.assert(fc.asyncProperty(fc.oneof(mutated, jsonish, fc.string({ unit: 'binary', maxLength: 300 })), exercise), {
    numRuns: effort(120, 1500),
    seed: 20261128,
  });
});

test('random JSON values as policies never crash the service', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), (v) => exercise(JSON.stringify(v))),
    { numRuns: effort(40, 500), seed: 7 },
  );
});

test('deep nesting is reported, not parsed', async () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const doc = makeDocument(deep);
  const diagnostics = await service.doValidation(doc, service.parse(doc));
  assert.equal(diagnostics.length, 1);
  assert.match(String(diagnostics[0]!.message), /nests objects and arrays more than \d+ levels deep/);
  await exercise('{"Statement": ' + '{"a":'.repeat(50_000));
});

test(`huge strings, binary junk and a ${LONG ? 10 : 1} MB document return`, async () => {
  await exercise(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "${'a'.repeat(2_000_000)}", "Resource": "*"}]}`);
  await exercise(Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)).toString('latin1'));
  const statement = '{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket/*"}';
  const statements = effort(10_000, 100_000);
  const big = `{"Version": "2012-10-17", "Statement": [${Array.from({ length: statements }, () => statement).join(',')}]}`;
  assert.ok(big.length > statements * 100);
  await exercise(big);
});
