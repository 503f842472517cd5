/**
 * Issue 13, item 1: wildcard matching never backtracks and never tries every start position. The
 * long-segment matcher (several machine words per segment) agrees with a reference matcher, and
 * the hostile inputs of the audit return (the test's timeout is a hang guard, not a speed bound:
 * the quadratic matcher needed minutes for them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, globMatch } from '../../../server/src/core/wildcard';

/** A slow but obviously correct matcher (dynamic programming over pattern × text). */
function reference(p: string, t: string): boolean {
  let row = new Array<boolean>(t.length + 1).fill(false);
  row[0] = true;
  for (const c of p) {
    const next = new Array<boolean>(t.length + 1).fill(false);
    if (c === '*') {
      let any = false;
      for (let j = 0; j <= t.length; j++) next[j] = any = any || row[j]!;
    } else {
      for (let j = 1; j <= t.length; j++) next[j] = row[j - 1]! && (c === '?' || c === t[j - 1]);
    }
    row = next;
  }
  return row[t.length]!;
}

test('segments longer than a machine word match like the reference', () => {
  let seed = 13;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const pick = (alphabet: string, len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let i = 0; i < 400; i++) {
    // Segments of 20–120 characters around one or two stars: one to four 32-bit words.
    const seg = pick('ab?', 20 + rnd(100));
    const p = rnd(2) === 0 ? `*${seg}*` : `${pick('a?', rnd(3))}*${seg}*${pick('ab?', rnd(40))}*${pick('b?', rnd(3))}`;
    const t =
      rnd(3) === 0
        ? pick('ab', 200 + rnd(200))
        : `${pick('ab', rnd(100))}${seg.replace(/\?/g, () => pick('ab', 1))}${pick('ab', rnd(100))}`;
    assert.equal(globMatch(p, t), reference(p, t), `${p} ~ ${t}`);
  }
});

test('a segment is found at its leftmost match across word boundaries', () => {
  const seg = `${'?'.repeat(40)}x${'?'.repeat(40)}`;
  const glob = compileGlob(`*${seg}*y`);
  assert.equal(glob.matches(`${'a'.repeat(100)}x${'a'.repeat(40)}y`), true);
  assert.equal(glob.matches(`${'a'.repeat(100)}x${'a'.repeat(39)}y`), false);
  assert.equal(compileGlob('*?*?*?*').matches('ab'), false);
  assert.equal(compileGlob('*?*?*?*').matches('abc'), true);
});

test("the audit's hostile patterns return", { timeout: 20_000 }, () => {
  // An 8,000-character segment of `a?` pairs in a 400,000-character text of `a`: every start
  // position matches all but the last character, so trying positions one by one costs 3·10^9
  // steps (about 40 s); the automaton scans the text once.
  const seg = `${'a?'.repeat(4_000)}b`;
  const text = 'a'.repeat(400_000);
  assert.equal(compileGlob(`*${seg}*`).matches(text), false);
  assert.equal(compileGlob(`*${seg}*`).matches(`${text}b`), true);
  // Many stars and question marks against a long action name.
  assert.equal(globMatch(`${'*?'.repeat(50_000)}z`, 'x'.repeat(200_000), { ignoreCase: true }), false);
});
