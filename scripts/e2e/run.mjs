// `npm run test:e2e [-- --dev-only | --vsix-only]`: builds the extension, bundles the e2e suite and
// its runner into out/e2e/, runs the suite inside a real VS Code with the repository as development
// extension, then packages the .vsix (production build), installs it as a user would and runs the
// same suite against it. test/e2e/runTest.ts picks desktop VS Code or code-server.
// Env: IAM_STUDIO_E2E_GREP (mocha grep), IAM_STUDIO_E2E_TIMEOUT_MS, IAM_STUDIO_E2E_VERBOSE=1.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './lib.mjs';

const suiteDir = join(repoRoot, 'test', 'e2e', 'suite');
const outDir = join(repoRoot, 'out', 'e2e');

/** Runs a command in the repository root and stops the run when it fails. */
function step(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Bundles index.ts, every *.test.ts and runTest.ts; mocha and @vscode/test-electron load from node_modules. */
async function bundleSuite() {
  rmSync(outDir, { recursive: true, force: true });
  const tests = readdirSync(suiteDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', logLevel: 'warning' };
  await esbuild.build({
    ...common, entryPoints: tests.map((f) => join(suiteDir, f)), outdir: join(outDir, 'suite'),
    external: ['vscode', 'mocha'],
  });
  await esbuild.build({
    ...common, entryPoints: [join(repoRoot, 'test', 'e2e', 'runTest.ts')], outfile: join(outDir, 'runTest.js'),
    packages: 'external',
  });
}

const devRun = !process.argv.includes('--vsix-only');
const vsixRun = !process.argv.includes('--dev-only');
step(process.execPath, ['scripts/build.mjs']);
await bundleSuite();
if (devRun) step(process.execPath, [join(outDir, 'runTest.js')]);
if (vsixRun) {
  const vsix = join(outDir, 'iam-policy-studio-e2e.vsix');
  step(process.execPath, ['scripts/package.mjs', '--out', vsix]);
  step(process.execPath, [join(outDir, 'runTest.js'), '--vsix', vsix]);
}
