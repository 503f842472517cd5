/**
 * `check --fix` and `--fix-dry-run`: cases in test/data/cli/fix/cases.json (input file, the text
 * after the fix or null for unchanged, how many problems are fixed, which codes remain).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCliCaptured } from '../../helpers/cli';

interface FixCase {
  name: string;
  file: string;
  input: string;
  output: string | null;
  fixes: number;
  remaining: string[];
  /** `check --fix`'s exit code: the problems that remain decide it. */
  exit: number;
}

const cases = JSON.parse(readFileSync(resolve(__dirname, '../../data/cli/fix/cases.json'), 'utf8')) as FixCase[];

function workspace(c: FixCase): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-studio-fix-'));
  writeFileSync(join(dir, c.file), c.input);
  return dir;
}

for (const c of cases) {
  test(`--fix: ${c.name}`, async () => {
    const dir = workspace(c);
    try {
      const r = await runCliCaptured(['check', '--fix', '--format', 'json', c.file], { cwd: dir });
      assert.equal(readFileSync(join(dir, c.file), 'utf8'), c.output ?? c.input);
      const report = JSON.parse(r.out) as { files: { diagnostics: { code: string }[] }[] };
      const codes = report.files.flatMap((f) => f.diagnostics.map((d) => d.code));
      assert.deepEqual([...new Set(codes)].sort(), [...c.remaining].sort(), 'problems that remain are reported');
      if (c.fixes > 0) assert.match(r.err, new RegExp(`fixed ${c.fixes} problems? in 1 file`));
      if (c.remaining.includes('JSON_SYNTAX_ERROR')) assert.match(r.err, /has syntax errors; not fixed/);
      assert.equal(r.code, c.exit);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`--fix-dry-run: ${c.name}`, async () => {
    const dir = workspace(c);
    try {
      const r = await runCliCaptured(['check', '--fix-dry-run', c.file], { cwd: dir });
      assert.equal(readFileSync(join(dir, c.file), 'utf8'), c.input, 'nothing is written');
      if (c.output === null) {
        assert.doesNotMatch(r.out, /^--- a\//m);
        return;
      }
      assert.match(r.out, new RegExp(`^--- a/${c.file.replace(/\./g, '\\.')}\\n\\+\\+\\+ b/`, 'm'));
      const removed = c.input.split('\n').filter((l) => !c.output!.split('\n').includes(l));
      const added = c.output.split('\n').filter((l) => !c.input.split('\n').includes(l));
      for (const l of removed) assert.ok(r.out.includes(`\n-${l}\n`), `diff removes ${l}`);
      for (const l of added) assert.ok(r.out.includes(`\n+${l}\n`), `diff adds ${l}`);
      assert.match(r.err, new RegExp(`${c.fixes} problems? in 1 file would be fixed`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('--fix-dry-run with a machine-readable format needs --output (the diff owns standard output)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-studio-fix-'));
  try {
    const r = await runCliCaptured(['check', '--fix-dry-run', '--format', 'sarif'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.err, /--output/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
