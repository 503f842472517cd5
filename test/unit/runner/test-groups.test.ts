/**
 * How the unit-test runner splits the test folders between its workers (scripts/test-groups.mjs):
 * each worker gets the folders whose files load the same sources, every file exactly once, the
 * groups' expected times near their shares; a worker whose group is done takes what adds least to
 * what it has loaded. On small made-up import graphs (the runner prints the groups it uses: `--plan`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BALANCE,
  MAX_UNITS,
  PACKAGE_BYTES,
  fileToTake,
  groupFiles,
  sourcesOfFiles,
  type GraphInput,
  type GroupedFile,
} from '../../../scripts/test-groups.mjs';

test('a test file loads what it imports, transitively (cycles too), and the packages by name; not Node’s own modules', () => {
  const graph: Record<string, GraphInput> = {
    't/a.test.ts': { bytes: 10, imports: [{ path: 'src/x.ts' }, { path: 'node:fs', external: true }, { path: 'path', external: true }] },
    'src/x.ts': { bytes: 100, imports: [{ path: 'src/y.ts' }, { path: 'yaml', external: true }] },
    'src/y.ts': { bytes: 1000, imports: [{ path: 'src/x.ts' }, { path: '@scope/pkg/sub/file.js', external: true }] },
    't/b.test.ts': { bytes: 20, imports: [{ path: 'src/y.ts' }] },
    'src/unused.ts': { bytes: 5, imports: [] },
  };
  const { sources, weights } = sourcesOfFiles(graph, ['t/a.test.ts', 't/b.test.ts']);
  const sorted = (key: string) => [...(sources.get(key) ?? [])].sort();
  assert.deepEqual(sorted('t/a.test.ts'), ['package:@scope/pkg', 'package:yaml', 'src/x.ts', 'src/y.ts', 't/a.test.ts']);
  assert.deepEqual(sorted('t/b.test.ts'), ['package:@scope/pkg', 'package:yaml', 'src/x.ts', 'src/y.ts', 't/b.test.ts']);
  assert.equal(weights.get('src/y.ts'), 1000);
  assert.equal(weights.get('package:yaml'), PACKAGE_BYTES);
  assert.equal(weights.has('src/unused.ts'), false);
});

/** Files of made-up folders: `family` names the sources the folder's files load (1,000 bytes each). */
function made(folders: Record<string, { cost: number; family: string[]; files?: number }>): {
  files: GroupedFile[];
  weights: Map<string, number>;
} {
  const weights = new Map<string, number>();
  const files = Object.entries(folders).flatMap(([unit, { cost, family, files = 2 }]) =>
    Array.from({ length: files }, (_, i) => {
      for (const s of family) weights.set(s, 1000);
      return { key: `${unit}/f${i}.test.ts`, unit, cost: cost / files, sources: new Set(family) };
    }),
  );
  return { files, weights };
}

const unitsOf = (groups: { units: string[] }[] | undefined) =>
  groups?.map((g) => [...g.units].sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));

test('two workers: the folders that load the same sources go together, when that keeps the groups balanced', () => {
  const { files, weights } = made({
    // Every split of two folders each is balanced: the sources decide (whatever the folders' order).
    'a-templates': { cost: 1000, family: ['yaml', 'service', 'hosts'], files: 3 },
    'b-evaluator': { cost: 1000, family: ['evaluator', 'catalog'], files: 4 },
    'c-terraform': { cost: 1000, family: ['tree-sitter', 'service', 'hosts'] },
    'd-cli': { cost: 1000, family: ['evaluator', 'catalog', 'cli'] },
  });
  const groups = groupFiles(files, weights, 2);
  assert.deepEqual(unitsOf(groups), [
    ['a-templates', 'c-terraform'],
    ['b-evaluator', 'd-cli'],
  ]);
  // Every file once, each group costliest first.
  assert.deepEqual(groups!.flatMap((g) => g.files.map((f) => f.key)).sort(), files.map((f) => f.key).sort());
  for (const g of groups!)
    assert.deepEqual(
      g.files.map((f) => f.cost),
      [...g.files.map((f) => f.cost)].sort((a, b) => b - a),
    );
});

test('two workers: a split that would leave one worker with much more to do is not taken, whatever it saves', () => {
  const { files, weights } = made({
    templates: { cost: 3000, family: ['yaml', 'service'] },
    terraform: { cost: 3000, family: ['tree-sitter', 'service'] },
    evaluator: { cost: 1000, family: ['evaluator'] },
    cli: { cost: 1000, family: ['evaluator', 'cli'] },
  });
  const groups = groupFiles(files, weights, 2);
  const total = files.reduce((s, f) => s + f.cost, 0);
  for (const g of groups!) {
    const cost = g.files.reduce((s, f) => s + f.cost, 0);
    assert.ok(Math.abs(cost - total / 2) <= (BALANCE * total) / 2, `${g.units.join(', ')}: ${cost} of ${total}`);
  }
  // The balanced splits: each service folder with one evaluator folder.
  assert.deepEqual(
    groups!.map((g) => g.units.filter((u) => u === 'templates' || u === 'terraform').length),
    [1, 1],
  );
});

test('four workers: four groups, one family each; one worker, or too many folders to try: no groups', () => {
  const { files, weights } = made({
    a: { cost: 100, family: ['a'] },
    a2: { cost: 100, family: ['a'] },
    b: { cost: 100, family: ['b'] },
    b2: { cost: 100, family: ['b'] },
    c: { cost: 100, family: ['c'] },
    c2: { cost: 100, family: ['c'] },
    d: { cost: 100, family: ['d'] },
    d2: { cost: 100, family: ['d'] },
  });
  assert.deepEqual(unitsOf(groupFiles(files, weights, 4)), [
    ['a', 'a2'],
    ['b', 'b2'],
    ['c', 'c2'],
    ['d', 'd2'],
  ]);
  assert.equal(groupFiles(files, weights, 1), undefined);
  const many = made(Object.fromEntries(Array.from({ length: MAX_UNITS + 1 }, (_, i) => [`u${i}`, { cost: 10, family: [`s${i % 3}`] }])));
  assert.equal(groupFiles(many.files, many.weights, 2), undefined);
});

test('a worker whose group is done takes the file that adds least to what it has loaded, and never one that leaves its group’s worker idle first', () => {
  const weights = new Map([
    ['evaluator', 1000],
    ['cli', 500],
    ['yaml', 3000],
  ]);
  type F = { name: string; cost: number; sources: Set<string> };
  const list: F[] = [
    { name: 'big', cost: 900, sources: new Set(['evaluator']) },
    { name: 'templates', cost: 100, sources: new Set(['yaml']) },
    { name: 'cli', cost: 60, sources: new Set(['evaluator', 'cli']) },
    { name: 'evaluator', cost: 50, sources: new Set(['evaluator']) },
    { name: 'cheapest', cost: 10, sources: new Set(['yaml', 'cli']) },
  ];
  const take = (files: F[], loaded: string[]) =>
    files[
      fileToTake(
        files,
        (f) => f.cost,
        (f) => f.sources,
        new Set(loaded),
        weights,
      )
    ]!.name;
  // Loaded the evaluator already: the evaluator file adds nothing ('big' adds nothing either, but would take more than it leaves).
  assert.equal(take(list, ['evaluator']), 'evaluator');
  // Loaded the YAML parser: the templates file.
  assert.equal(take(list, ['yaml']), 'templates');
  // Nothing loaded: the least added weight (the evaluator file's 1,000; cli's 1,500, templates' 3,000).
  assert.equal(take(list, []), 'evaluator');
  // One file, more than half of what is left whatever it is: the cheapest, that file.
  assert.equal(take([list[0]!], []), 'big');
});
