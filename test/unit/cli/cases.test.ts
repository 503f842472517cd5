/**
 * Data-driven CLI cases: each test/data/cli/cases/*.txt names a working folder, a command line, the
 * exit code and the exact standard output and error (the folder's absolute path written `<cwd>`).
 *
 *   # what the case shows
 *   cwd: examples
 *   run: check mistakes
 *   exit: 1
 *   stdout:
 *   …lines…
 *   stderr:
 *   …lines…
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCliCaptured } from '../../helpers/cli';

const ROOT = resolve(__dirname, '../../..');
const CASES = join(ROOT, 'test/data/cli/cases');

interface CliCase {
  readonly cwd: string;
  readonly args: string[];
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
}

function parseCase(text: string): CliCase {
  const header = (key: string) => new RegExp(`^${key}: (.*)$`, 'm').exec(text)?.[1] ?? '';
  const lines = text.split('\n');
  const outAt = lines.indexOf('stdout:');
  const errAt = lines.indexOf('stderr:');
  // Each section is its lines, each ending with a newline (as printed); an empty section is ''.
  const section = (from: number, to: number) =>
    from < 0
      ? ''
      : lines
          .slice(from + 1, to)
          .map((l) => `${l}\n`)
          .join('');
  const end = lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  return {
    cwd: join(ROOT, header('cwd')),
    args: splitArgs(header('run')),
    exit: Number(header('exit')),
    stdout: section(outAt, errAt < 0 ? end : errAt),
    stderr: errAt < 0 ? '' : section(errAt, end),
  };
}

/** Splits a command line on spaces; single quotes group (as a shell would). */
function splitArgs(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

for (const name of readdirSync(CASES)
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  test(`cli case ${name}`, async () => {
    const c = parseCase(readFileSync(join(CASES, name), 'utf8'));
    const r = await runCliCaptured(c.args, { cwd: c.cwd });
    const clean = (s: string) => s.split(c.cwd).join('<cwd>');
    assert.equal(clean(r.out), c.stdout, 'stdout');
    assert.equal(clean(r.err), c.stderr, 'stderr');
    assert.equal(r.code, c.exit, 'exit code');
  });
}
