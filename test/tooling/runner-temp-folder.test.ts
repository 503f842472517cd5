/**
 * The test runner (scripts/run-node-tests.mjs) gives the tests a temporary folder of their own for
 * each run: what a test leaves there fails the run, named, and is removed. Runs the runner on two
 * small test files of test/data/runner: one leaves a folder and a file, one removes its folder
 * (test/helpers/tempDir.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { keptDir } from '../helpers/tempDir';

const ROOT = resolve(__dirname, '../..');
const LEAVES = 'test/data/runner/leaves-files.ts';
const REMOVES = 'test/data/runner/removes-its-folder.ts';

/** Runs the runner with `args` as a developer would (the system's temporary folder); its exit code, output and process id. */
function runner(args: string[]): Promise<{ code: number; out: string; pid: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: keptDir() };
  for (const name of ['IAM_STUDIO_KEPT_TMPDIR', 'IAM_STUDIO_TEST_BUNDLE', 'NODE_TEST_CONTEXT']) delete env[name];
  return new Promise((done) => {
    const child = execFile(process.execPath, ['scripts/run-node-tests.mjs', ...args], { cwd: ROOT, env }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code) : 0, out: stdout + stderr, pid: child.pid! }),
    );
  });
}

/** Whether the run of process `pid` still has its temporary folder. */
const runFolderLeft = (pid: number) => {
  const runs = join(keptDir(), 'iam-policy-studio-runs');
  return existsSync(runs) && readdirSync(runs).some((name) => name.startsWith(`${pid}-`));
};

test('a run whose tests leave files in their temporary folder fails, names the files and the test file, and removes them', async () => {
  const run = await runner(['--shards', '1', LEAVES, REMOVES]);
  assert.equal(run.code, 1, run.out);
  // These two only: not the folder that was removed, nor what the run keeps there (tsx's cache).
  assert.match(run.out, /the tests left 2 files or folders in their temporary folder/, run.out);
  assert.match(run.out, /^ {2}worker-1\/left-file\.txt$/m);
  assert.match(run.out, /^ {2}worker-1\/left-folder-\w+$/m);
  assert.doesNotMatch(run.out, /removed-folder-/);
  // The worker names the file that left them, and only that file.
  assert.match(run.out, /leaves-files\.ts removes what it makes in the temporary folder/);
  assert.doesNotMatch(run.out, /removes-its-folder\.ts removes what it makes/);
  assert.equal(runFolderLeft(run.pid), false, 'the run removes its temporary folder');
});

test('an --isolated run (each file in its own process) fails the same way', async () => {
  const leaves = await runner(['--isolated', LEAVES]);
  assert.equal(leaves.code, 1, leaves.out);
  assert.match(leaves.out, /the tests left 2 files or folders in their temporary folder/, leaves.out);
  assert.match(leaves.out, /^ {2}left-file\.txt$/m);
  assert.match(leaves.out, /^ {2}left-folder-\w+$/m);
  assert.equal(runFolderLeft(leaves.pid), false, 'the run removes its temporary folder');
});
