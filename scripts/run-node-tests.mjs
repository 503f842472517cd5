// Runs node:test over every *.test.ts below the given folders, through tsx.
// Usage: node scripts/run-node-tests.mjs [--isolated] [--long] [--corpus] [--plan] [--shards N] test/unit [more folders or test files…]
//
// By default the test files are split into one shard per core (at most 4; `--shards N` or
// IAM_STUDIO_TEST_SHARDS overrides), and each shard imports its files into ONE process
// (scripts/test-entry.mjs): start-up (tsx, the catalog, the checks) is paid once per shard
// instead of once per file. The shards are balanced by the CPU time each file cost in the last
// run (its import and its tests, measured by scripts/test-entry.mjs; CPU rather than wall time, so
// a run on a busy machine balances the next one as well as an idle one; kept in the temporary
// folder, by file size where unknown; `--plan` prints the split and runs nothing). The first shard reports as it runs; the others' reports follow in order when they
// finish. `--isolated` runs each file in its own process (node --test), for
// suites whose files must not share a process (the protocol tests spawn servers). `--long` sets
// IAM_STUDIO_LONG=1: the property, fuzz and stress tests run their long versions
// (test/helpers/effort.ts; `npm run test:long`, run by CI). `--corpus` sets IAM_STUDIO_CORPUS=1
// and runs only the files that sweep a corpus (those using `corpusSlice` or `CORPUS` of
// test/helpers/effort.ts): over every file of it, where the unit run takes a slice
// (`npm run test:corpus`, part of `npm test`).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
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
const long = args.includes('--long');
const corpus = args.includes('--corpus');
if (long) process.env.IAM_STUDIO_LONG = '1';
if (corpus) process.env.IAM_STUDIO_CORPUS = '1';
const shardsAt = args.indexOf('--shards');
const shardsArg = shardsAt >= 0 ? Number(args[shardsAt + 1]) : Number(process.env.IAM_STUDIO_TEST_SHARDS);
const dirs = args.filter(
  (a, i) => !['--isolated', '--long', '--corpus', '--plan'].includes(a) && !(shardsAt >= 0 && (i === shardsAt || i === shardsAt + 1)),
);
const sweepsCorpus = (f) => /\bcorpusSlice\(|\bCORPUS\b/.test(readFileSync(f, 'utf8'));
const files = dirs.flatMap((d) => (statSync(d).isDirectory() ? collect(d, []) : [d])).filter((f) => !corpus || sweepsCorpus(f));
if (files.length === 0) {
  console.error(`no *.test.ts files under ${dirs.join(', ')}`);
  process.exit(1);
}

/** Runs node with `argv`; resolves to its exit code and (when not streamed) its output. */
function run(argv, stream, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'], env });
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

// Each file's CPU time in the last run (ms), by path relative to the repository, in the
// temporary folder (one file per checkout). A missing or broken record only costs balance.
const root = resolve(import.meta.dirname, '..');
// The long and corpus runs cost more per file: each has its own record.
const mode = long ? '-long' : corpus ? '-corpus' : '';
const timesFile = join(tmpdir(), `iam-policy-studio-test-cpu-${createHash('sha256').update(root).digest('hex').slice(0, 12)}${mode}.json`);
function readTimes() {
  try {
    const times = JSON.parse(readFileSync(timesFile, 'utf8'));
    return times && typeof times === 'object' ? times : {};
  } catch {
    return {};
  }
}
const times = readTimes();
const key = (f) => relative(root, resolve(f));
const sizes = new Map(files.map((f) => [f, statSync(f).size]));
// A file without a recorded time costs its size at the median time per byte of the others.
const perByte = files
  .filter((f) => typeof times[key(f)] === 'number')
  .map((f) => times[key(f)] / Math.max(1, sizes.get(f)))
  .sort((a, b) => a - b);
const rate = perByte.length > 0 ? perByte[Math.floor(perByte.length / 2)] : 1;
const cost = (f) => (typeof times[key(f)] === 'number' ? times[key(f)] : sizes.get(f) * rate);

// Longest first onto the least-loaded shard; each shard then runs its files in path order.
const shards = Array.from({ length: Math.min(wanted, files.length) }, () => ({ cost: 0, files: [] }));
for (const f of [...files].sort((a, b) => cost(b) - cost(a))) {
  const s = shards.reduce((min, x) => (x.cost < min.cost ? x : min));
  s.cost += cost(f);
  s.files.push(f);
}
for (const s of shards) s.files.sort();
if (args.includes('--plan')) {
  // What each shard would run, with its expected time (from the last run's record).
  for (const [i, s] of shards.entries())
    console.log(`shard ${i + 1}: ${s.files.length} files, ~${(s.cost / 1000).toFixed(3)} s\n  ${s.files.join('\n  ')}`);
  process.exit(0);
}
const shardTimes = shards.map((_, i) => `${timesFile}.${process.pid}.${i}`);
const results = await Promise.all(
  shards.map((s, i) =>
    // A 32 MB young generation (V8's default is 16): fewer scavenges of the tests' short-lived
    // garbage; measured on the whole suite in one process, 2 runs each at load 7–10: 57.2 and
    // 58.6 s of CPU against 61.7 and 63.0 s with the default (64 MB: 64.2 and 61.6 s).
    run(['--max-semi-space-size=32', '--import', 'tsx', '--test-reporter=spec', entry, ...s.files], i === 0, {
      ...process.env,
      IAM_STUDIO_TEST_CPU_FILE: shardTimes[i],
    }),
  ),
);
for (const r of results.slice(1)) process.stdout.write(r.output);
const measured = {};
for (const f of shardTimes) {
  try {
    for (const [file, ms] of Object.entries(JSON.parse(readFileSync(f, 'utf8')))) measured[key(file)] = ms;
  } catch {
    // A shard that died wrote no times: the next run balances with the older ones.
  }
  rmSync(f, { force: true });
}
const known = new Set(files.map(key));
const next = Object.fromEntries(
  Object.entries({ ...times, ...measured }).filter(([file]) => known.has(file) || !dirs.some((d) => file.startsWith(key(d)))),
);
writeFileSync(`${timesFile}.${process.pid}`, JSON.stringify(next));
renameSync(`${timesFile}.${process.pid}`, timesFile);
const failed = results.filter((r) => r.code !== 0).length;
if (shards.length > 1) console.log(`\n${shards.length} shards, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
