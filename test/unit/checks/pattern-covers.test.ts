/**
 * `patternCovers`, which decides REDUNDANT_ACTION and REDUNDANT_RESOURCE groups, computes only the
 * band of its table that can be live: it must answer as the whole |p| × |q| table does, written
 * here plainly (a `*` of p matches any run, a `?` one character but not a wildcard of q, any
 * other character itself).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { patternCovers } from '../../../server/src/core/checks/redundancy';

function wholeTable(p: string, q: string): boolean {
  // cell[i][j]: p's first i characters cover q's first j.
  const cell = Array.from({ length: p.length + 1 }, () => new Array<boolean>(q.length + 1).fill(false));
  cell[0]![0] = true;
  for (let i = 1; i <= p.length; i++) {
    const c = p[i - 1];
    for (let j = 0; j <= q.length; j++) {
      if (c === '*') cell[i]![j] = cell[i - 1]![j]! || (j > 0 && cell[i]![j - 1]!);
      else if (j === 0) cell[i]![j] = false;
      else if (c === '?') cell[i]![j] = q[j - 1] !== '*' && cell[i - 1]![j - 1]!;
      else cell[i]![j] = c === q[j - 1] && cell[i - 1]![j - 1]!;
    }
  }
  return cell[p.length]![q.length]!;
}

const pattern = (max: number) => fc.array(fc.constantFrom('a', 'b', 'A', ':', '*', '?'), { maxLength: max }).map((a) => a.join(''));

/** `q` with one to three characters replaced by, or written before, `*` or `?`, or removed: often a pattern covering it. */
const widened = pattern(12).chain((q) =>
  fc.array(fc.tuple(fc.nat(), fc.constantFrom('*', '?', '*+', '')), { minLength: 1, maxLength: 3 }).map((edits) => {
    const chars = [...q];
    for (const [at, edit] of edits) {
      const i = at % (chars.length + 1);
      if (edit === '*+') chars.splice(i, 0, '*');
      else chars.splice(i, 1, ...(edit ? [edit] : []));
    }
    return [chars.join(''), q] as const;
  }),
);

test('patternCovers answers as the whole table does', () => {
  let covered = 0;
  let pairs = 0;
  const check = (p: string, q: string): void => {
    pairs++;
    const expected = wholeTable(p, q);
    if (expected) covered++;
    assert.equal(patternCovers(p, q), expected, `${JSON.stringify(p)} covers ${JSON.stringify(q)}`);
  };
  for (const [p, q] of fc.sample(fc.tuple(pattern(8), pattern(10)), { numRuns: 1500, seed: 14 })) check(p, q);
  for (const [p, q] of fc.sample(widened, { numRuns: 1500, seed: 15 })) {
    check(p, q);
    check(q, p);
  }
  assert.ok(covered > pairs / 10, `only ${covered} of ${pairs} pairs covered`);
});
