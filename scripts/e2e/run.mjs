// `npm run test:e2e [-- --dev-only | --vsix-only]`: builds the extension, bundles the e2e suite
// and its runner into out/e2e/, and runs, in a real VS Code:
//   1. the mocha suite (test/e2e/suite) with the repository as development extension;
//   2. the Playwright UI checks (test/e2e/ui/*.ui.mjs: Problems panel, hover, status bar);
//   3. the .vsix (production build) installed as a user would, with the same mocha suite.
// test/e2e/runTest.ts picks desktop VS Code or code-server (scripts/e2e/code).
// Env: IAM_STUDIO_E2E_GREP (mocha grep), IAM_STUDIO_E2E_TIMEOUT_MS, IAM_STUDIO_E2E_VERBOSE=1,
// IAM_STUDIO_E2E_SCREENSHOT_DIR (PNG of each failing mocha test), IAM_STUDIO_E2E_HOME.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './lib.mjs';

const suiteDir = join(repoRoot, 'test', 'e2e', 'suite');
const outDir = join(repoRoot, 'out', 'e2e');

/** Every file under examples/ (the e2e workspace) with its bytes. */
function readExamples(dir = join(repoRoot, 'examples'), out = new Map()) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readExamples(path, out);
    else out.set(path, readFileSync(path));
  }
  return out;
}
const examples = readExamples();

/**
 * The tests edit the example files and must leave them as they were (a user's files are never
 * written without the user's action): a changed or new file fails the run, and is put back.
 */
function assertExamplesUnchanged(what) {
  const now = readExamples();
  const changed = [...new Set([...examples.keys(), ...now.keys()])].filter(
    (f) => !examples.get(f)?.equals(now.get(f) ?? Buffer.alloc(0)) || !now.has(f),
  );
  if (changed.length === 0) return;
  for (const f of changed) {
    if (examples.has(f)) writeFileSync(f, examples.get(f));
    else rmSync(f, { force: true });
  }
  console.error(`[e2e] ${what} changed files of the e2e workspace on disk (now restored): ${changed.join(', ')}`);
  process.exit(1);
}

/** Runs a command in the repository root and stops the run when it fails. */
function step(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  assertExamplesUnchanged(
    `${cmd.split('/').pop()} ${args
      .filter((a) => !a.startsWith('--'))
      .map((a) => a.split('/').pop())
      .join(' ')}`,
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Bundles index.ts, every *.test.ts and runTest.ts; mocha and @vscode/test-electron load from node_modules. */
async function bundleSuite() {
  const tests = readdirSync(suiteDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  // Drop bundles of deleted tests only; emptying out/e2e would break a concurrent run's VS Code.
  const bundled = join(outDir, 'suite');
  for (const f of existsSync(bundled) ? readdirSync(bundled) : []) {
    if (f.endsWith('.test.js') && !tests.includes(f.replace(/\.js$/, '.ts'))) rmSync(join(bundled, f));
  }
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', logLevel: 'warning' };
  await esbuild.build({
    ...common,
    entryPoints: tests.map((f) => join(suiteDir, f)),
    outdir: join(outDir, 'suite'),
    external: ['vscode', 'mocha'],
  });
  await esbuild.build({
    ...common,
    entryPoints: [join(repoRoot, 'test', 'e2e', 'runTest.ts')],
    outfile: join(outDir, 'runTest.js'),
    packages: 'external',
  });
}

const devRun = !process.argv.includes('--vsix-only');
const vsixRun = !process.argv.includes('--dev-only');
step(process.execPath, ['scripts/build.mjs']);
await bundleSuite();
if (devRun) {
  step(process.execPath, [join(outDir, 'runTest.js')]);
  // UI checks through the page (Problems panel, hover, status bar): always in code-server.
  const uiDir = join(repoRoot, 'test', 'e2e', 'ui');
  const uiTests = readdirSync(uiDir)
    .filter((f) => f.endsWith('.ui.mjs'))
    .map((f) => join(uiDir, f));
  step(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...uiTests]);
}
if (vsixRun) {
  const vsix = join(outDir, `iam-policy-studio-e2e-${process.pid}.vsix`);
  step(process.execPath, ['scripts/package.mjs', '--out', vsix]);
  step(process.execPath, [join(outDir, 'runTest.js'), '--vsix', vsix]);
  rmSync(vsix, { force: true });
}
