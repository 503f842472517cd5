import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance } from '../../../server/src/core/catalog/suggest';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { effort } from '../../helpers/effort';
import { mulberry32 } from '../../helpers/random';

/** Optimal string alignment distance, the textbook full table (the reference for the banded one). */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

test('the "did you mean" distance is the optimal-string-alignment distance up to its budget, and budget + 1 beyond it', () => {
  const rand = mulberry32(4242);
  const word = (n: number) => Array.from({ length: n }, () => 'abcde'[Math.floor(rand() * 5)]).join('');
  const runs = effort(3000, 60000);
  for (let k = 0; k < runs; k++) {
    const a = word(Math.floor(rand() * 14));
    // b: a few random edits of a (near), or an unrelated word (far).
    let b = rand() < 0.3 ? word(Math.floor(rand() * 14)) : a;
    for (let e = Math.floor(rand() * 5); e > 0; e--) {
      const at = Math.floor(rand() * (b.length + 1));
      const r = rand();
      b =
        r < 0.3
          ? b.slice(0, at) + word(1) + b.slice(at)
          : r < 0.6
            ? b.slice(0, at) + b.slice(at + 1)
            : r < 0.8
              ? b.slice(0, at) + word(1) + b.slice(at + 1)
              : b.slice(0, at) + b.slice(at + 1, at + 2) + b.slice(at, at + 1) + b.slice(at + 2);
    }
    const max = Math.floor(rand() * 5);
    const want = osa(a, b);
    assert.equal(editDistance(a, b, max), want <= max ? want : max + 1, `${JSON.stringify(a)} ${JSON.stringify(b)} max ${max}`);
  }
});

test('an unknown action gets the nearest names of its service, or the same name in other services', () => {
  const catalog = getCatalog();
  assert.ok(catalog.suggestActions('s3:GetObjet').includes('s3:GetObject'));
  const elsewhere = catalog.suggestActions('s3:DescribeInstances');
  assert.ok(elsewhere.includes('ec2:DescribeInstances'), elsewhere.join(', '));
  assert.ok(elsewhere.every((n) => n.toLowerCase().endsWith(':describeinstances')));
});
