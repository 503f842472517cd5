/**
 * The comparison the decision-plan tests use (test/helpers/sameData.ts) gives `isDeepStrictEqual`'s
 * answer: otherwise a plan that answers differently from the general evaluator could pass them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { sameData } from '../../helpers/sameData';

/** A copy of `v` with one change somewhere, picked by `seed`. */
function changed(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) {
    if (v.length === 0 || seed % 5 === 0) return [...v, null];
    const i = seed % v.length;
    return v.map((x, j) => (j === i ? changed(x, Math.floor(seed / 7)) : x));
  }
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0 || seed % 5 === 0) return { ...v, extra: undefined };
    const k = keys[seed % keys.length]!;
    if (seed % 3 === 0) {
      const { [k]: _gone, ...rest } = v as Record<string, unknown>;
      return rest;
    }
    return { ...v, [k]: changed((v as Record<string, unknown>)[k], Math.floor(seed / 7)) };
  }
  const others = [0, -0, 1, '', '0', 'a', null, undefined, false, true, Number.NaN, [], {}];
  return others.find((o, i) => i >= seed % others.length && !Object.is(o, v)) ?? 'other';
}

const copy = (v: unknown): unknown => structuredClone(v);

/** `[<hole>, 1]`. */
function holeThenOne(): unknown[] {
  const a: unknown[] = [];
  a[1] = 1;
  return a;
}

test('sameData agrees with isDeepStrictEqual on copies and one-change variants of random data', () => {
  let differing = 0;
  fc.assert(
    fc.property(fc.anything({ maxDepth: 4, withNullPrototype: true }), fc.nat(), (v, seed) => {
      for (const w of [v, copy(v), changed(v, seed), changed(copy(v), seed + 1)]) {
        const expected = isDeepStrictEqual(v, w);
        if (!expected) differing++;
        if (sameData(v, w) !== expected || sameData(w, v) !== expected) assert.fail(`${inspect(v)} / ${inspect(w)}: not ${expected}`);
      }
    }),
    { numRuns: 300, seed: 14 },
  );
  assert.ok(differing > 300, `only ${differing} pairs differed`);
});

test('sameData tells apart what is easy to miss: -0, NaN, holes, undefined members, key order, prototypes', () => {
  const cases: [unknown, unknown, boolean][] = [
    [0, -0, false],
    [Number.NaN, Number.NaN, true],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: undefined }, {}, false],
    [{ a: undefined }, { b: undefined }, false],
    [[undefined], new Array(1), false],
    [holeThenOne(), holeThenOne(), true],
    [holeThenOne(), [undefined, 1], false],
    [Object.create(null) as object, {}, false],
    [new Map([[1, 2]]), new Map([[1, 3]]), false],
    [new Date(1), new Date(1), true],
    [{ [Symbol.for('s')]: 1 }, {}, false],
    [[1, [2, { c: [3] }]], [1, [2, { c: [3] }]], true],
    [[1, [2, { c: [3] }]], [1, [2, { c: ['3'] }]], false],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(isDeepStrictEqual(a, b), expected, 'the case itself');
    assert.equal(sameData(a, b), expected);
    assert.equal(sameData(b, a), expected);
  }
});
