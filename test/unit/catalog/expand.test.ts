/**
 * Wildcard expansion narrows the scan to the pattern's literal prefix and matches lower-cased
 * names; check it against the obvious full scan with the shared glob matcher.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileGlob } from '../../../server/src/core/wildcard';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { fixtureCatalog } from './fixture';
import type { Catalog } from '../../../server/src/core/catalog';
import { effort } from '../../helpers/effort';

function allNames(c: Catalog): string[] {
  return c.services().flatMap((s) => c.actionsOf(s.prefix).map((a) => a.fullName));
}

function checkAgainstFullScan(c: Catalog, names: readonly string[], pattern: string): void {
  // The matcher compiled once for the scan (globMatch compiles it for every name).
  const glob = compileGlob(pattern, { ignoreCase: true });
  const expected = names.filter((n) => glob.matches(n));
  const got = c.expandActions(pattern);
  assert.deepEqual([...got].sort(), [...expected].sort(), pattern);
  assert.equal(c.countActions(pattern), expected.length, pattern);
}

/** Patterns built from pieces of real names, wildcards and case changes. */
function patternArb(names: readonly string[]): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom('*', '?', ':', '*:', ':*'),
    fc.integer({ min: 0, max: names.length - 1 }).chain((i) => {
      const n = names[i]!;
      return fc
        .tuple(fc.integer({ min: 0, max: n.length }), fc.integer({ min: 0, max: 6 }), fc.boolean())
        .map(([from, len, upper]) => (upper ? n.slice(from, from + len).toUpperCase() : n.slice(from, from + len)));
    }),
  );
  return fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => p.join(''));
}

test('expansion equals a full scan (fixture catalog)', () => {
  const c = fixtureCatalog();
  const names = allNames(c);
  fc.assert(
    fc.property(patternArb(names), (p) => checkAgainstFullScan(c, names, p)),
    { numRuns: 500 },
  );
});

test('expansion equals a full scan (real catalog, sampled)', () => {
  const c = getCatalog();
  const names = allNames(c);
  for (const p of ['*', 's3:Get*', '*:Describe*', 'ec2:?escribe*', 'a*a*a*a*a*a*b', 'S3:*', 'iam:*Role*', '?3:*']) {
    checkAgainstFullScan(c, names, p);
  }
  fc.assert(
    fc.property(patternArb(names), (p) => checkAgainstFullScan(c, names, p)),
    { numRuns: effort(15, 100) },
  );
});
