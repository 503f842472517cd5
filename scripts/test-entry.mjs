// Imports the given test files into this process, in order; node:test runs the tests they
// register and sets the exit code. A file that fails to load becomes one failing test named
// after it, and the other files still run. Used by scripts/run-node-tests.mjs.
//
// With IAM_STUDIO_TEST_CPU_FILE set, it also writes there, as JSON, the CPU time (user + system,
// in milliseconds) each file cost this process: its import (module-level set-up) and its top-level
// tests. The tests of one process run one at a time, so the CPU spent while a test runs is that
// test's, garbage collection included. The runner balances its shards with these figures, which
// unlike wall time do not depend on the machine's load.
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureTestArtifacts } from './test-artifacts.mjs';

const data = ensureTestArtifacts();
if (data) process.env.IAM_POLICY_STUDIO_DATA_DIR = data;

const cpuFile = process.env.IAM_STUDIO_TEST_CPU_FILE;
/** CPU milliseconds by test file. */
const cpu = {};
/** CPU milliseconds counted inside tests so far (to take out of the import windows). */
let inTests = 0;
let loading;

const used = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

/** `fn` counting the CPU of each run to `file`. node:test reads `fn.length` (a `done` callback), so it is kept. */
function counted(fn, file) {
  const add = (start) => {
    const ms = used(start);
    inTests += ms;
    cpu[file] = (cpu[file] ?? 0) + ms;
  };
  if (fn.length >= 2)
    return function (t, done) {
      const start = process.cpuUsage();
      return fn.call(this, t, (...args) => {
        add(start);
        done(...args);
      });
    };
  return async function (...args) {
    const start = process.cpuUsage();
    try {
      return await fn.apply(this, args);
    } finally {
      add(start);
    }
  };
}

if (cpuFile) {
  // Every test file imports `test` from node:test: wrap it (and so what `import { test }` gives,
  // through syncBuiltinESMExports) so that each top-level test's function counts its CPU.
  const nodeTest = createRequire(import.meta.url)('node:test');
  const original = nodeTest.test;
  const wrapped = function (...args) {
    const at = args.findLastIndex((a) => typeof a === 'function');
    if (at >= 0 && loading) args[at] = counted(args[at], loading);
    return original.apply(this, args);
  };
  Object.assign(wrapped, original);
  for (const key of ['skip', 'todo', 'only']) if (typeof original[key] === 'function') wrapped[key] = original[key].bind(original);
  nodeTest.test = wrapped;
  syncBuiltinESMExports();
  process.on('exit', () => writeFileSync(cpuFile, JSON.stringify(cpu)));
}

for (const file of process.argv.slice(2)) {
  const key = relative(process.cwd(), resolve(file));
  loading = key;
  const start = process.cpuUsage();
  const before = inTests;
  try {
    await import(pathToFileURL(resolve(file)).href);
  } catch (error) {
    test(`${key} loads`, () => {
      throw error;
    });
  }
  // The import's own CPU: what the earlier files' tests spent meanwhile is theirs.
  cpu[key] = (cpu[key] ?? 0) + Math.max(0, used(start) - (inTests - before));
}
