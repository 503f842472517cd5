// One test worker: imports test files into this process, one at a time, and lets node:test run
// the tests they register (it sets the exit code). Used by scripts/run-node-tests.mjs.
//
// Started by the runner (an IPC channel), the worker asks it for a file, imports it, waits until
// that file's top-level tests have finished, reports the CPU time the file cost (user + system, in
// milliseconds: its import, module-level set-up included, and its tests, garbage collection
// included) and asks for the next one, until the runner has none left. The runner hands out the
// costliest files first, to whichever worker is free: the workers finish together whatever the
// machine's load. Started by hand (`node --import tsx scripts/test-entry.mjs <files…>`), it runs
// the files given, in order.
//
// A file that fails to load becomes one failing test named after it, and the other files still run.
import { readdirSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FILES_OF_TEST } from './test-failures.mjs';

// Started by the runner, the worker finds the generated data made (IAM_POLICY_STUDIO_DATA_DIR
// names their folder, or none when dist/ holds them): its temporary folder is the run's own
// (scripts/run-node-tests.mjs), where they would be made again and not kept.
if (!process.send) {
  const { ensureTestArtifacts } = await import('./test-artifacts.mjs');
  const data = await ensureTestArtifacts();
  if (data) process.env.IAM_POLICY_STUDIO_DATA_DIR = data;
}

/** What the top-level tests registered by the file being run return (node:test: settled when each has run). */
let registered = [];
/** The file being run, relative to the working folder. */
let current;
/** Test name → the files that registered a test of that name, for scripts/test-failures.mjs. */
const filesOfTest = (globalThis[FILES_OF_TEST] = new Map());

// Every test file imports `test` from node:test: wrap it (and so what `import { test }` gives,
// through syncBuiltinESMExports) to learn when a file's tests have run.
const nodeTest = createRequire(import.meta.url)('node:test');
const original = nodeTest.test;
const wrapped = function (...args) {
  const name = typeof args[0] === 'string' ? args[0] : args.find((a) => typeof a === 'function')?.name;
  if (name && current) filesOfTest.set(name, (filesOfTest.get(name) ?? new Set()).add(current));
  const done = original.apply(this, args);
  registered.push(done);
  return done;
};
Object.assign(wrapped, original);
for (const key of ['skip', 'todo', 'only']) if (typeof original[key] === 'function') wrapped[key] = original[key].bind(original);
nodeTest.test = wrapped;
syncBuiltinESMExports();

/** The test files compiled into one (scripts/test-bundle.mjs), when the runner built them: each file's key runs it. */
const bundled = process.env.IAM_STUDIO_TEST_BUNDLE ? createRequire(import.meta.url)(process.env.IAM_STUDIO_TEST_BUNDLE) : undefined;
const root = resolve(import.meta.dirname, '..');

// Under the runner, the worker's temporary folder is its own for the run: what a file's tests
// leave in it (test/helpers/tempDir.ts removes a test's folder when the test ends) fails one test
// named after the file. The runner lists what is left after the run (also by files run otherwise).
const ownTmp = process.send && process.env.IAM_STUDIO_KEPT_TMPDIR ? tmpdir() : undefined;
const listTmp = () => (ownTmp ? readdirSync(ownTmp) : []);
const inTmp = new Set(listTmp());

/** Fails a test named after `current` when its tests left files or folders in the temporary folder. */
async function checkLeftBehind() {
  const left = listTmp().filter((name) => !inTmp.has(name));
  if (left.length === 0) return;
  for (const name of left) inTmp.add(name);
  await wrapped(`${current} removes what it makes in the temporary folder`, () => {
    const error = new Error(`left in ${ownTmp}: ${left.sort().join(', ')}`);
    error.stack = error.message; // where the worker noticed says nothing
    throw error;
  });
}

const cpuMs = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

/** Imports `file` and waits for the tests it registered (also those registered while they ran); its CPU milliseconds. */
async function runFile(file) {
  const start = process.cpuUsage();
  registered = [];
  current = relative(process.cwd(), resolve(file));
  try {
    if (bundled) bundled[relative(root, resolve(file))]();
    else await import(pathToFileURL(resolve(file)).href);
  } catch (error) {
    wrapped(`${current} loads`, () => {
      throw error;
    });
  }
  for (let seen = 0; seen < registered.length;) {
    const batch = registered.slice(seen);
    seen = registered.length;
    await Promise.allSettled(batch);
  }
  await checkLeftBehind();
  return cpuMs(start);
}

if (process.send) {
  // Worker of the runner: { file } to run, { file: null } when there is none left.
  const ask = (report) =>
    new Promise((next) => {
      process.once('message', (m) => next(m.file));
      process.send(report);
    });
  let file = await ask({});
  while (file) {
    const ms = await runFile(file);
    file = await ask({ ran: file, ms });
  }
  // The channel would keep the process alive; node:test reports when the event loop empties.
  process.disconnect();
} else {
  for (const file of process.argv.slice(2)) await runFile(file);
}
