// `npm run package`: production build, then `vsce package --no-dependencies` (the esbuild bundles
// carry their dependencies; package.json's `files` keeps only run-time files, for the .vsix as for
// `npm pack`), then prints the .vsix's
// files (vsce's listing) and size. Usage: node scripts/package.mjs [--out file.vsix]
// vsce runs on a copy of the packaged files: in a shared checkout another build may rewrite
// dist/ meanwhile, and zipping a file that changes size aborts vsce.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeTempDir, repoRoot } from './e2e/lib.mjs';

const pkg = createRequire(import.meta.url)(join(repoRoot, 'package.json'));
const { values } = parseArgs({ options: { out: { type: 'string', default: join(repoRoot, `${pkg.name}-${pkg.version}.vsix`) } } });
const out = resolve(values.out);
// Everything `files` may let through; `files` itself still decides inside the copy.
const packaged = [
  'package.json',
  'LICENSE',
  'README.md',
  'CHANGELOG.md',
  'language-configuration.json',
  'dist',
  'schemas',
  'syntaxes',
  'images',
];

/** Runs a command; exits when it fails. */
function run(cmd, args, cwd = repoRoot) {
  // stdin closed: vsce asks y/N questions (e.g. a missing LICENSE) that must fail, not hang, in CI.
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

/** Copies the packaged files into a fresh folder (source maps left out) and returns it. */
function stage() {
  const dir = makeTempDir('iam-studio-package-');
  for (const name of packaged.filter((n) => existsSync(join(repoRoot, n)))) {
    cpSync(join(repoRoot, name), join(dir, name), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
  return dir;
}

const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
run(process.execPath, ['scripts/build.mjs', '--production']);
const staging = stage();
// Back to the development build (source maps) that tests and debugging in this checkout expect.
run(process.execPath, ['scripts/build.mjs']);
try {
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-unused-files-pattern', '--out', out], staging);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
console.log(`${relative(process.cwd(), out)}: ${(statSync(out).size / 1024 / 1024).toFixed(2)} MiB`);
