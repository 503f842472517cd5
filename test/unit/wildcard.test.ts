import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch } from '../../server/src/core/wildcard';

const cases: Array<[pattern: string, text: string, ignoreCase: boolean, expected: boolean]> = [
  ['s3:Get*', 's3:GetObject', false, true],
  ['s3:get*', 's3:GetObject', true, true],
  ['s3:get*', 's3:GetObject', false, false],
  ['ec2:?escribe*', 'ec2:DescribeInstances', true, true],
  ['ec2:?escribe*', 'ec2:Describe', true, true],
  ['ec2:?escribe*', 'ec2:escribe', true, false],
  ['*', '', false, true],
  ['*', 'anything', false, true],
  ['', '', false, true],
  ['', 'x', false, false],
  ['a*b*c', 'abc', false, true],
  ['a*b*c', 'aXbYc', false, true],
  ['a*b*c', 'acb', false, false],
  ['a*bc', 'abcbc', false, true],
  ['*a*', 'bab', false, true],
  ['?', '', false, false],
  ['??', 'ab', false, true],
  ['a?c*d', 'abcXXd', false, true],
  ['a*?', 'a', false, false],
  ['a*?', 'ab', false, true],
  ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/', false, true],
  ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false, false],
  ['*ab*ab*', 'ab', false, false],
  ['*ab*ab*', 'abab', false, true],
];

test('globMatch follows * and ? semantics', () => {
  for (const [pattern, text, ignoreCase, expected] of cases) {
    assert.equal(globMatch(pattern, text, { ignoreCase }), expected, `${pattern} ~ ${text}`);
  }
});

test('globMatch agrees with a reference matcher on random inputs', () => {
  // A slow but obviously correct recursive matcher over a tiny alphabet.
  const ref = (p: string, t: string): boolean => {
    if (p === '') return t === '';
    if (p[0] === '*') return ref(p.slice(1), t) || (t !== '' && ref(p, t.slice(1)));
    return t !== '' && (p[0] === '?' || p[0] === t[0]) && ref(p.slice(1), t.slice(1));
  };
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const pick = (alphabet: string, len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let i = 0; i < 5000; i++) {
    const p = pick('ab*?', rnd(7));
    const t = pick('ab', rnd(8));
    assert.equal(globMatch(p, t), ref(p, t), `${p} ~ ${t}`);
  }
});
