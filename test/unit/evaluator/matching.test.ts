import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { accepts, arnLanguage } from '../../../server/src/core/reasoning/languages';
import { arnMatches, parseArn } from '../../../server/src/core/evaluator/arn';
import { cidrContains, parseCidr, parseIp } from '../../../server/src/core/evaluator/ip';
import { compilePattern, escapeLiteral } from '../../../server/src/core/evaluator/pattern';
import { decodeBase64, parseDate, parseNumber } from '../../../server/src/core/evaluator/values';

test('parseArn splits six segments and keeps colons in the resource', () => {
  assert.deepEqual(parseArn('arn:aws:logs:us-east-1:111122223333:log-group:app:*'), {
    partition: 'aws',
    service: 'logs',
    region: 'us-east-1',
    account: '111122223333',
    resource: 'log-group:app:*',
  });
  assert.equal(parseArn('arn:aws:s3'), undefined);
  assert.equal(parseArn('urn:aws:s3:::b'), undefined);
});

test('ARN patterns match segment by segment', () => {
  const cases: Array<[string, string, boolean]> = [
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    ['arn:aws:sqs:*:*:q', 'arn:aws:sqs:us-east-1:111122223333:q', true],
    // A `*` ending a segment "can expand to match beyond the colon boundaries" (Resource element,
    // current page read 2026-12-04); other wildcards of the first five segments stay inside them.
    ['arn:aws:logs:*:log-group:app', 'arn:aws:logs:us-east-1:111122223333:log-group:app', true],
    ['arn:aws:logs:us-*-1:log-group:app', 'arn:aws:logs:us-east-1:111122223333:log-group:app', false],
    ['arn:aws:logs:*:log-group:other', 'arn:aws:logs:us-east-1:111122223333:log-group:app', false],
    ['arn:aws:logs:us-east-?:log-group:app', 'arn:aws:logs:us-east-1:111122223333:log-group:app', false],
    ['arn:aws:iam::???????????3:user/*', 'arn:aws:iam::111122223333:user/x', true],
    ['arn:aws:iam::??????????3:user/*', 'arn:aws:iam::111122223333:user/x', false],
    ['arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket', false],
    ['*', 'anything at all', true],
  ];
  for (const [p, t, want] of cases) assert.equal(arnMatches(p, t), want, `${p} ~ ${t}`);
});

test('ignoreCasePrefix relaxes partition, service and region but never the resource', () => {
  assert.equal(arnMatches('arn:aws:S3:::b', 'arn:aws:s3:::b', { ignoreCasePrefix: true }), true);
  assert.equal(arnMatches('arn:aws:s3:::B', 'arn:aws:s3:::b', { ignoreCasePrefix: true }), false);
  // The request's ARN in other case (segments compared in place, then in lower case).
  assert.equal(arnMatches('arn:aws:s3:us-east-1::b', 'arn:AWS:S3:US-East-1::b', { ignoreCasePrefix: true }), true);
  assert.equal(arnMatches('arn:aws:s3:us-east-1::b', 'arn:AWS:S3:US-East-1::b'), false);
  assert.equal(arnMatches('arn:aws:iam::111122223333:root', 'arn:aws:iam::1111222233334:root', { ignoreCasePrefix: true }), false);
  assert.equal(arnMatches('arn:aws:iam::111122223333:root', 'arn:aws:iam::11112222333:root', { ignoreCasePrefix: true }), false);
  assert.equal(arnMatches('arn:aws:iam::111122223333:root', 'arn:aws:iam:111122223333:root', { ignoreCasePrefix: true }), false);
});

test('ARN condition operators keep each of the six segments apart', () => {
  // "Each of the six colon-delimited components of the ARN is checked separately" (condition operators page).
  const within = { segmentEndStar: 'within' } as const;
  assert.equal(arnMatches('arn:aws:logs:*:log-group:app', 'arn:aws:logs:us-east-1:111122223333:log-group:app', within), false);
  assert.equal(arnMatches('arn:aws:logs:*:*:log-group:app', 'arn:aws:logs:us-east-1:111122223333:log-group:app', within), true);
});

test('short patterns: whole-string glob for Resource, no match for ARN operators', () => {
  assert.equal(arnMatches('arn:aws:s3:*', 'arn:aws:s3:::b/k'), true);
  assert.equal(arnMatches('arn:aws:s3:*', 'arn:aws:s3:::b/k', { shortPattern: 'never' }), false);
});

test('escaped literals in patterns are not wildcards', () => {
  const m = compilePattern(`a${escapeLiteral('*')}b*`);
  assert.equal(m.matches('a*bXYZ'), true);
  assert.equal(m.matches('aXbXYZ'), false);
  const q = compilePattern(`x${escapeLiteral('?')}`);
  assert.equal(q.matches('x?'), true);
  assert.equal(q.matches('xy'), false);
});

test('a pathological pattern on a 4 KB string completes with the right answer', () => {
  const text = 'a'.repeat(4096);
  const pattern = `${'a*'.repeat(40)}b`;
  assert.equal(compilePattern(pattern).matches(text), false);
  assert.equal(compilePattern(`${'a*'.repeat(40)}a`).matches(text), true);
  const arn = `arn:aws:s3:::${'a'.repeat(4096)}`;
  assert.equal(arnMatches(`arn:aws:s3:::${'*a'.repeat(50)}*b`, arn), false);
  assert.equal(arnMatches(`arn:aws:s3:::${'*?'.repeat(50)}*`, arn), true);
});

test('IPv4 and IPv6 parsing and CIDR containment', () => {
  const inRange = (cidr: string, ip: string) => {
    const r = parseCidr(cidr);
    const a = parseIp(ip);
    return r !== undefined && a !== undefined && cidrContains(r, a);
  };
  assert.equal(inRange('10.0.0.0/8', '10.255.1.2'), true);
  assert.equal(inRange('10.0.0.0/8', '11.0.0.1'), false);
  assert.equal(inRange('192.0.2.128/25', '192.0.2.127'), false);
  assert.equal(inRange('0.0.0.0/0', '1.2.3.4'), true);
  assert.equal(inRange('2001:db8::/32', '2001:0db8:ffff::1'), true);
  assert.equal(inRange('2001:db8::/32', '2001:db9::1'), false);
  assert.equal(inRange('::1', '0:0:0:0:0:0:0:1'), true);
  assert.equal(inRange('fe80::/10', 'febf::1'), true);
  assert.equal(inRange('fe80::/10', 'fec0::1'), false);
  assert.equal(parseIp('256.1.1.1'), undefined);
  assert.equal(parseIp('1.2.3'), undefined);
  assert.equal(parseIp('1::2::3'), undefined);
  assert.equal(parseIp('1:2:3:4:5:6:7:8:9'), undefined);
  assert.equal(parseCidr('10.0.0.0/33'), undefined);
  assert.equal(parseCidr('::/129'), undefined);
});

test('dates: ISO 8601 forms and epoch seconds agree', () => {
  const t = Date.UTC(2024, 0, 1);
  assert.equal(parseDate('2024-01-01'), t);
  assert.equal(parseDate('2024-01-01T00:00:00Z'), t);
  assert.equal(parseDate('2024-01-01T00:00:00'), t, 'no zone means UTC, not local time');
  assert.equal(parseDate('2024-01-01T02:00:00+02:00'), t);
  assert.equal(parseDate('2023-12-31T19:00:00-0500'), t);
  assert.equal(parseDate('2024-01-01T00:00:00.000Z'), t);
  assert.equal(parseDate('1704067200'), t);
  assert.equal(parseDate('2024-02-30'), undefined);
  assert.equal(parseDate('tomorrow'), undefined);
});

test('numbers and base64', () => {
  assert.equal(parseNumber('10'), 10);
  assert.equal(parseNumber('-1.5e2'), -150);
  assert.equal(parseNumber(''), undefined);
  assert.equal(parseNumber('0x10'), undefined);
  assert.deepEqual(decodeBase64('aGk='), [104, 105]);
  assert.equal(decodeBase64('a*=='), undefined);
});

test('worst-case middle segments on a 4 KB string give the right answers', () => {
  const text = 'a'.repeat(4096);
  assert.equal(compilePattern(`${'*a'.repeat(30)}*b*`).matches(text), false);
  assert.equal(compilePattern(`*${'a'.repeat(20)}b*a`).matches(text), false);
  assert.equal(compilePattern(`*${'a'.repeat(20)}*a`).matches(text), true);
  assert.equal(compilePattern(`${'?'.repeat(4096)}`).matches(text), true);
  assert.equal(compilePattern(`${'?'.repeat(4097)}`).matches(text), false);
});

test('the reasoning automata of ARN patterns accept exactly what the evaluator matches', () => {
  // The checks reason over the same patterns (core/reasoning/languages.ts): both must follow the
  // Resource element's rule for a `*` ending a segment, and the ARN operators' segment-by-segment one.
  // A small alphabet, so that patterns and texts meet often.
  const part = fc.constantFrom('', 'a', 'b', '*', '?', 'a*', '*b', 'a?', '?*');
  const pattern = fc.array(part, { minLength: 4, maxLength: 7 }).map((ps) => ps.join(':'));
  const text = fc.array(fc.constantFrom('', 'a', 'b', 'ab'), { minLength: 4, maxLength: 9 }).map((ps) => ps.join(':'));
  fc.assert(
    fc.property(pattern, text, fc.constantFrom('spans', 'within'), (p, t, segmentEndStar) => {
      const shortPattern = segmentEndStar === 'spans' ? 'glob' : 'never';
      const lang = arnLanguage(p, { segmentEndStar, shortPattern });
      assert.equal(accepts(lang, t), arnMatches(p, t, { segmentEndStar, shortPattern }), `${p} ~ ${t} (${segmentEndStar})`);
    }),
    { numRuns: 3000, seed: 12 },
  );
});
