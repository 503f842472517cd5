/** Path and glob expansion for `check` (Node 20 has no fs.globSync). */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expandPaths, staticPrefix } from '../../../server/src/cli/files';
import { compilePathGlob } from '../../../server/src/cli/glob';
import { tempDir } from '../../helpers/tempDir';

test('compilePathGlob: * and ? stay in a segment, ** spans segments, {a,b} alternates, [..] classes', () => {
  const cases: [string, string, boolean][] = [
    ['*.json', 'a.json', true],
    ['*.json', 'dir/a.json', false],
    ['**/*.json', 'a.json', true],
    ['**/*.json', 'x/y/a.json', true],
    ['a/**/b.json', 'a/b.json', true],
    ['a/**/b.json', 'a/x/y/b.json', true],
    ['a/**', 'a/x/y', true],
    ['p?.json', 'p1.json', true],
    ['p?.json', 'p/.json', false],
    ['*.{iam,policy}.json', 'x.policy.json', true],
    ['*.{iam,policy}.json', 'x.other.json', false],
    ['[ab].json', 'b.json', true],
    ['[!ab].json', 'b.json', false],
    ['a+b(1).json', 'a+b(1).json', true],
    ['a.json', 'aXjson', false],
    ['[a-c]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[!a]', '/', false],
    ['**/b.json', 'b.json', true],
    ['**/b.json', 'xb.json', false],
    ['a/**', 'a', false],
    ['x{a,{b,c}d}y', 'xcdy', true],
    ['x{a,{b,c}d}y', 'xcy', false],
    ['x{a,b', 'x{a,b', true],
    ['x{}y', 'xy', true],
    ['{,a}b', 'b', true],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
  ];
  for (const [glob, path, expected] of cases) assert.equal(compilePathGlob(glob)(path), expected, `${glob} vs ${path}`);
});

// Issue 13: globs come from the repository's config file (`exclude`); compiled to a RegExp, each
// `*a` multiplied the backtracking: this one took longer than the age of the universe on the
// names below (C(80, 40) splits), and `check` hung. Now it costs pattern × path steps.
test('a pathological exclude glob is matched without backtracking', (t) => {
  const glob = `**/${'*a'.repeat(40)}*b.json`;
  const name = `${'a'.repeat(80)}.json`;
  assert.equal(compilePathGlob(glob)(`x/${name}`), false);
  assert.equal(compilePathGlob(glob)(`x/${'a'.repeat(80)}b.json`), true);
  assert.equal(compilePathGlob(`{${'{a,'.repeat(30)}${'}'.repeat(30)}*b`)('a'.repeat(60)), false);
  const dir = workspace(t, [name, 'keep.json']);
  assert.deepEqual(rel(dir, expandPaths(['.'], dir, [glob, `${'*a'.repeat(40)}*c`]).files), [name, 'keep.json']);
});

test('staticPrefix stops at the first segment with glob characters', () => {
  assert.equal(staticPrefix('/w/policies/**/*.json'), '/w/policies');
  assert.equal(staticPrefix('/w/p*/x.json'), '/w');
  assert.equal(staticPrefix('/w/a.json'), '/w/a.json');
});

function workspace(t: TestContext, files: string[]): string {
  const dir = tempDir(t, 'iam-files-');
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), '{}');
  }
  return dir;
}

const rel = (dir: string, files: string[]) => files.map((f) => relative(dir, f).split('\\').join('/'));

test('a folder stands for its .json files; node_modules and hidden folders are skipped', (t) => {
  const dir = workspace(t, [
    'a.iam.json',
    'notes.txt',
    'sub/b.json',
    'node_modules/x/c.iam.json',
    '.git/d.json',
    '.vscode/settings.json',
    'sub/.hidden.json',
  ]);
  assert.deepEqual(rel(dir, expandPaths(['.'], dir).files), ['a.iam.json', 'sub/b.json']);
});

test('explicit files are taken as given (even hidden ones); duplicates collapse; output is sorted', (t) => {
  const dir = workspace(t, ['z.json', '.vscode/p.iam.json', 'a/b.json']);
  const r = expandPaths(['z.json', '.vscode/p.iam.json', 'a', 'a/b.json'], dir);
  assert.deepEqual(rel(dir, r.files), ['.vscode/p.iam.json', 'a/b.json', 'z.json']);
  assert.deepEqual(r.unmatched, []);
});

test('globs are relative to the working folder; unmatched arguments are reported', (t) => {
  const dir = workspace(t, ['policies/a.iam.json', 'policies/deep/b.policy.json', 'policies/c.json', 'other/d.iam.json']);
  const r = expandPaths(['policies/**/*.{iam,policy}.json', 'missing.json', 'none/**/*.json'], dir);
  assert.deepEqual(rel(dir, r.files), ['policies/a.iam.json', 'policies/deep/b.policy.json']);
  assert.deepEqual(r.unmatched, ['missing.json', 'none/**/*.json']);
});

test('exclude: a bare name matches at any depth (files or folders), a path glob from the root', (t) => {
  const dir = workspace(t, ['keep/a.iam.json', 'generated/b.iam.json', 'x/generated/c.iam.json', 'x/d.tmp.json', 'cdk.out/e.json']);
  assert.deepEqual(rel(dir, expandPaths(['.'], dir, ['generated', '*.tmp.json', 'cdk.out/**']).files), ['keep/a.iam.json']);
  assert.deepEqual(rel(dir, expandPaths(['.'], dir, ['x/generated']).files), [
    'cdk.out/e.json',
    'generated/b.iam.json',
    'keep/a.iam.json',
    'x/d.tmp.json',
  ]);
});

test('globs and folders stand for JSON files only; an explicit file is taken as named', (t) => {
  const dir = workspace(t, ['README.md', 'p.iam.json', 'sub/notes.txt', 'sub/q.json']);
  assert.deepEqual(rel(dir, expandPaths(['**'], dir).files), ['p.iam.json', 'sub/q.json']);
  assert.deepEqual(rel(dir, expandPaths(['sub/*'], dir).files), ['sub/q.json']);
  assert.deepEqual(rel(dir, expandPaths(['README.md'], dir).files), ['README.md']);
});

test('an argument whose files are all excluded counts as unmatched', (t) => {
  const dir = workspace(t, ['gen/a.iam.json']);
  assert.deepEqual(expandPaths(['gen'], dir, ['gen']).unmatched, ['gen']);
});
