// `npm run package`: production build, then `vsce package --no-dependencies` (the esbuild bundles
// carry their dependencies; .vscodeignore keeps only run-time files), then prints the .vsix's
// files (vsce's listing) and size. Usage: node scripts/package.mjs [--out file.vsix]
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './e2e/lib.mjs';

const pkg = createRequire(import.meta.url)(join(repoRoot, 'package.json'));
const { values } = parseArgs({ options: { out: { type: 'string', default: join(repoRoot, `${pkg.name}-${pkg.version}.vsix`) } } });

/** Runs a command in the repository root; exits when it fails. */
function run(cmd, args) {
  // stdin closed: vsce asks y/N questions (e.g. a missing LICENSE) that must fail, not hang, in CI.
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
run(process.execPath, ['scripts/build.mjs', '--production']);
run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', values.out]);
console.log(`${relative(process.cwd(), values.out)}: ${(statSync(values.out).size / 1024 / 1024).toFixed(2)} MiB`);
