// Runs node:test over every *.test.ts below the given folders, through tsx.
// Usage: node scripts/run-node-tests.mjs [--isolated] [--long] [--shards N] test/unit [more folders…]
//
// By default the test files are split into one shard per core (at most 4; `--shards N` or
// IAM_STUDIO_TEST_SHARDS overrides), and each shard imports its files into ONE process
// (scripts/test-entry.mjs): start-up (tsx, the catalog, the checks) is paid once per shard
// instead of once per file. The first shard reports as it runs; the others' reports follow in
// order when they finish. `--isolated` runs each file in its own process (node --test), for
// suites whose files must not share a process (the protocol tests spawn servers). `--long` sets
// IAM_STUDIO_LONG=1: the property, fuzz and stress tests run their long versions
// (test/helpers/effort.ts; `npm run test:long`, run by CI).
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ensureTestArtifacts } from './test-artifacts.mjs';

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const isolated = args.includes('--isolated');
if (args.includes('--long')) process.env.IAM_STUDIO_LONG = '1';
const shardsAt = args.indexOf('--shards');
const shardsArg = shardsAt >= 0 ? Number(args[shardsAt + 1]) : Number(process.env.IAM_STUDIO_TEST_SHARDS);
const dirs = args.filter((a, i) => a !== '--isolated' && a !== '--long' && !(shardsAt >= 0 && (i === shardsAt || i === shardsAt + 1)));
const files = dirs.flatMap((d) => collect(d, []));
if (files.length === 0) {
  console.error(`no *.test.ts files under ${dirs.join(', ')}`);
  process.exit(1);
}

/** Runs node with `argv`; resolves to its exit code and (when not streamed) its output. */
function run(argv, stream) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    if (!stream) {
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks) }));
  });
}

if (isolated) {
  const { code } = await run(['--import', 'tsx', '--test', '--test-reporter=spec', ...files], true);
  process.exit(code);
}

// Generate the data once here, not once per shard (scripts/test-artifacts.mjs).
const data = ensureTestArtifacts();
if (data) process.env.IAM_POLICY_STUDIO_DATA_DIR = data;
const entry = join(import.meta.dirname, 'test-entry.mjs');
const wanted = Number.isInteger(shardsArg) && shardsArg > 0 ? shardsArg : Math.min(4, availableParallelism());
// Longest first onto the least-loaded shard, with a file's size as its cost; each shard then
// runs its files in path order.
const shards = Array.from({ length: Math.min(wanted, files.length) }, () => ({ cost: 0, files: [] }));
for (const f of [...files].sort((a, b) => statSync(b).size - statSync(a).size)) {
  const s = shards.reduce((min, x) => (x.cost < min.cost ? x : min));
  s.cost += statSync(f).size;
  s.files.push(f);
}
for (const s of shards) s.files.sort();
const results = await Promise.all(shards.map((s, i) => run(['--import', 'tsx', '--test-reporter=spec', entry, ...s.files], i === 0)));
for (const r of results.slice(1)) process.stdout.write(r.output);
const failed = results.filter((r) => r.code !== 0).length;
if (shards.length > 1) console.log(`\n${shards.length} shards, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
