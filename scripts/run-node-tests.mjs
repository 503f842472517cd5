// Runs node:test over every *.test.ts below the given folders (compiled by esbuild, or through tsx).
// Usage: node scripts/run-node-tests.mjs [--isolated] [--long] [--corpus] [--plan] [--write-costs] [--shards N] test/unit [more folders or test files…]
//
// By default the files run in one worker process per core (at most 4; `--shards N` or
// IAM_STUDIO_TEST_SHARDS overrides), each importing test files one at a time (scripts/test-entry.mjs):
// start-up (loading the code, the catalog, the checks) is paid once per worker instead of once per
// file. The files and the sources they import are compiled into one file first
// (scripts/test-bundle.mjs; through tsx with IAM_STUDIO_TEST_TSX=1, or when that fails). Each
// worker has a group of test folders, those whose files load the same sources
// (scripts/test-groups.mjs: a worker then loads, sets up and compiles less of the code), and
// takes its group's files costliest first; a worker whose group is done takes files of the
// group with the most time left, so the workers finish together whatever the machine's load.
// Without groups (through tsx, or with IAM_STUDIO_TEST_GROUPS=0), the workers take the files
// from one queue, costliest first. The cost of a file is the CPU time it took in the last run
// (its import and its tests, measured by the worker; CPU rather than wall time, so a run on a
// busy machine orders the next one as well as an idle one; kept in the temporary folder; where
// it has none, scripts/test-costs.json, which `--write-costs` rewrites from the run; by file size
// where neither knows the file; `--plan` prints the groups and the split these costs give, and
// runs no test). The first worker reports as it runs; the others' reports follow when all have
// finished, then one line per worker (its files, their CPU time, when it finished) and, for a
// worker with failures, the failed tests by file and the command that runs its files again in the
// same order in one process. `--isolated` runs each file in its own process (node --test), for
// suites whose files must not share a process (the protocol tests spawn servers). `--long` sets
// IAM_STUDIO_LONG=1: the property, fuzz and stress tests run their long versions
// (test/helpers/effort.ts; `npm run test:long`, run by CI). `--corpus` sets IAM_STUDIO_CORPUS=1
// and runs only the files that sweep a corpus (those using `corpusSlice` or `CORPUS` of
// test/helpers/effort.ts): over every file of it, where the unit run takes a slice
// (`npm run test:corpus`, part of `npm test`).
//
// The tests (the workers, or the files of an `--isolated` run, and what they start) get a
// temporary folder of their own for the run (TMPDIR, below iam-policy-studio-runs/ in the system's
// temporary folder): a test removes what it makes there (test/helpers/tempDir.ts), and whatever
// is left when the run ends is reported as a failure, by name, then removed. What is kept from run
// to run on purpose stays in the system's temporary folder, passed on as IAM_STUDIO_KEPT_TMPDIR:
// the test bundle and the cost records (made here), the generated test data (here too), tsx's
// compile cache (linked into the run's folder) and caches the tests keep by content hash.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir, userInfo } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ensureTestArtifacts } from './test-artifacts.mjs';
import { bundleTests } from './test-bundle.mjs';
import { fileToTake, groupFiles, sourcesOfFiles } from './test-groups.mjs';

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
  (a, i) =>
    !['--isolated', '--long', '--corpus', '--plan', '--write-costs'].includes(a) &&
    !(shardsAt >= 0 && (i === shardsAt || i === shardsAt + 1)),
);
const sweepsCorpus = (f) => /\bcorpusSlice\(|\bCORPUS\b/.test(readFileSync(f, 'utf8'));
const files = dirs.flatMap((d) => (statSync(d).isDirectory() ? collect(d, []) : [d])).filter((f) => !corpus || sweepsCorpus(f));
if (files.length === 0) {
  console.error(`no *.test.ts files under ${dirs.join(', ')}`);
  process.exit(1);
}

/**
 * A temporary folder for the tests of this run, below iam-policy-studio-runs/ in the system's one
 * (named after the runner's process: a folder whose run has ended without removing it, killed,
 * goes at the next run).
 */
function testTmpdir() {
  const parent = join(tmpdir(), 'iam-policy-studio-runs');
  mkdirSync(parent, { recursive: true });
  for (const name of readdirSync(parent)) {
    try {
      process.kill(Number(name.split('-')[0]), 0);
    } catch (error) {
      if (error?.code === 'ESRCH') rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
  return mkdtempSync(join(parent, `${process.pid}-`));
}
const testTmp = testTmpdir();
/** The test processes running (an interrupted run stops them before it removes their folder). */
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill();
  rmSync(testTmp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
// tsx keeps its compile cache in the temporary folder: each of the tests' folders links to the
// system's one, so the cache is shared as before.
const tsxCache = `tsx-${process.geteuid ? process.geteuid() : userInfo().username}`;
mkdirSync(join(tmpdir(), tsxCache), { recursive: true });

/**
 * The environment of tests whose temporary folder is `name` in the run's folder (each worker has
 * its own: it names the file that left something, scripts/test-entry.mjs), or the run's folder.
 */
function testEnv(name) {
  const dir = name ? join(testTmp, name) : testTmp;
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(tmpdir(), tsxCache), join(dir, tsxCache), 'dir');
  return { ...process.env, TMPDIR: dir, TMP: dir, TEMP: dir, IAM_STUDIO_KEPT_TMPDIR: tmpdir() };
}

/**
 * The exit code of a run whose tests ended with `code`: 1 when they left something in their
 * temporary folders, which is listed.
 */
function leftBehind(code, folders = ['']) {
  const left = folders.flatMap((f) =>
    readdirSync(join(testTmp, f))
      .filter((name) => name !== tsxCache && !folders.includes(name))
      .map((name) => join(f, name)),
  );
  if (left.length === 0) return code;
  const list = left.sort().map((name) => `  ${name}`);
  console.log(
    `\n✖ the tests left ${left.length} ${left.length === 1 ? 'file or folder' : 'files or folders'} in their temporary folder (a test removes what it makes: test/helpers/tempDir.ts):\n${list.join('\n')}`,
  );
  return 1;
}

/** Runs node with `argv`; resolves to its exit code and (when not streamed) its output. */
function run(argv, stream, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'], env });
    running.add(child);
    const chunks = [];
    if (!stream) {
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
    }
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks) });
    });
  });
}

if (isolated) {
  const { code } = await run(['--import', 'tsx', '--test', '--test-reporter=spec', ...files], true, testEnv());
  process.exit(leftBehind(code));
}

const entry = join(import.meta.dirname, 'test-entry.mjs');
const failuresReporter = pathToFileURL(join(import.meta.dirname, 'test-failures.mjs')).href;
const wanted = Number.isInteger(shardsArg) && shardsArg > 0 ? shardsArg : Math.min(4, availableParallelism());

// Each file's CPU time in the last run (ms), by path relative to the repository, in the
// temporary folder (one file per checkout). A missing or broken record only costs balance.
const root = resolve(import.meta.dirname, '..');
// The long and corpus runs cost more per file: each has its own record.
const mode = long ? '-long' : corpus ? '-corpus' : '';
const timesFile = join(tmpdir(), `iam-policy-studio-test-cpu-${createHash('sha256').update(root).digest('hex').slice(0, 12)}${mode}.json`);
// Where the temporary folder has no record (a fresh clone, the first run after a reboot), the
// costs of the unit run kept in the repository (scripts/test-costs.json, `--write-costs` writes
// it from a run) stand in: a file's size says little of its cost (a short file may sweep every
// managed policy), and a costly file handed out last leaves one core idle at the end.
const savedCosts = join(import.meta.dirname, 'test-costs.json');
function readTimes(file) {
  try {
    const times = JSON.parse(readFileSync(file, 'utf8'));
    return times && typeof times === 'object' ? times : {};
  } catch {
    return {};
  }
}
const times = { ...(mode === '' ? readTimes(savedCosts) : {}), ...readTimes(timesFile) };
const key = (f) => relative(root, resolve(f));
const sizes = new Map(files.map((f) => [f, statSync(f).size]));
// A file without a recorded time costs its size at the median time per byte of the others.
const perByte = files
  .filter((f) => typeof times[key(f)] === 'number')
  .map((f) => times[key(f)] / Math.max(1, sizes.get(f)))
  .sort((a, b) => a - b);
const rate = perByte.length > 0 ? perByte[Math.floor(perByte.length / 2)] : 1;
const cost = (f) => (typeof times[key(f)] === 'number' ? times[key(f)] : sizes.get(f) * rate);

// The costliest files first: each worker takes the next file when it is free (scripts/test-entry.mjs),
// so both cores stay busy to the end and the last file to start is a cheap one.
const queue = [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b));
const workers = Math.min(wanted, files.length);

// The generated data (scripts/test-artifacts.mjs), made here once for all workers when dist/ has
// none, while the files and what they import are compiled into one file (scripts/test-bundle.mjs;
// through tsx when that fails, a file that does not compile then failing alone, or with
// IAM_STUDIO_TEST_TSX=1).
const artifacts = ensureTestArtifacts();
const bundling =
  process.env.IAM_STUDIO_TEST_TSX === '1'
    ? undefined
    : bundleTests(root, files).catch((error) => {
        console.log(`(the test files could not be bundled, they run through tsx: ${String(error?.message ?? error).split('\n')[0]})`);
        return undefined;
      });
const [data, built] = await Promise.all([artifacts, bundling]);
if (data) process.env.IAM_POLICY_STUDIO_DATA_DIR = data;
const bundle = built?.bundle;
const loader = bundle ? ['--enable-source-maps'] : ['--import', 'tsx'];

// One group of test folders per worker, the folders whose files load the same sources together
// (scripts/test-groups.mjs): a worker takes its own group's files, costliest first, then, its
// group done, a file of the group with the most expected time left (the one that adds least to
// what it has loaded, fileToTake). Without the bundle's import graph (the files run through
// tsx), every worker takes from the one queue.
/** The unit a file is grouped by: the first folder below the given folder that holds it, or the file itself. */
function unitOf(f) {
  const k = key(f);
  for (const d of dirs.map(key)) {
    if (!k.startsWith(`${d}/`)) continue;
    const rest = k.slice(d.length + 1);
    return rest.includes('/') ? `${d}/${rest.split('/')[0]}` : k;
  }
  return k;
}
const byKey = new Map(files.map((f) => [key(f), f]));
const graph = built && sourcesOfFiles(built.graph, [...byKey.keys()]);
const sourcesOf = (f) => graph?.sources.get(key(f)) ?? new Set();
const groups =
  graph && process.env.IAM_STUDIO_TEST_GROUPS !== '0'
    ? groupFiles(
        files.map((f) => ({ key: key(f), unit: unitOf(f), cost: cost(f), sources: sourcesOf(f) })),
        graph.weights,
        workers,
      )?.map((g) => ({ units: g.units, files: g.files.map((d) => byKey.get(d.key)) }))
    : undefined;
/** The sources each worker has loaded (the files it was given). */
const loaded = Array.from({ length: workers }, () => new Set());
/** The next file for worker `index` (undefined when none is left); the group it came from. */
function nextFile(index) {
  if (!groups) return { file: queue.shift() };
  let from = index;
  if (groups[index].files.length === 0) {
    const left = (g) => g.files.reduce((sum, f) => sum + cost(f), 0);
    from = groups.indexOf(groups.reduce((a, b) => (left(b) > left(a) ? b : a)));
  }
  const list = groups[from].files;
  const at =
    from === index
      ? 0
      : fileToTake(
          list,
          (f) => cost(f),
          (f) => sourcesOf(f),
          loaded[index],
          graph.weights,
        );
  const [file] = list.splice(at, 1);
  if (file) for (const s of sourcesOf(file)) loaded[index].add(s);
  return { file, from };
}
const groupName = (index) =>
  groups ? ` (${groups[index].units.map((u) => relative(dirs.length === 1 ? key(dirs[0]) : '.', u) || u).join(', ')})` : '';

if (args.includes('--plan')) {
  // The split the expected costs give: the worker that is free first takes its next file.
  const plan = Array.from({ length: workers }, (_, i) => ({ name: groupName(i), cost: 0, files: [] }));
  for (;;) {
    const w = plan.reduce((min, x) => (x.cost < min.cost ? x : min));
    const { file } = nextFile(plan.indexOf(w));
    if (!file) break;
    w.cost += cost(file);
    w.files.push(`${file} ~${(cost(file) / 1000).toFixed(3)} s`);
  }
  for (const [i, w] of plan.entries())
    console.log(`worker ${i + 1}${w.name}: ${w.files.length} files, ~${(w.cost / 1000).toFixed(3)} s\n  ${w.files.join('\n  ')}`);
  process.exit(0);
}

const started = performance.now();
/** Where worker `index` lists its failed tests (scripts/test-failures.mjs), in the run's folder. */
const failuresFile = (index) => join(testTmp, `failures-${index + 1}.txt`);
function takeFailures(index) {
  try {
    return readFileSync(failuresFile(index), 'utf8');
  } catch {
    return '';
  } finally {
    rmSync(failuresFile(index), { force: true });
  }
}
/** The temporary folder of worker `index`, in the run's. */
const workerTmp = (index) => `worker-${index + 1}`;
/** Each file's CPU milliseconds in this run. */
const measured = {};
/** Runs one worker; resolves to its exit code, its buffered output (the first streams), what it ran and when it ended. */
function worker(index) {
  return new Promise((done) => {
    const stream = index === 0;
    // A 32 MB young generation (V8's default is 16): fewer scavenges of the tests' short-lived
    // garbage; measured on the whole suite in one process, 2 runs each at load 7–10: 57.2 and
    // 58.6 s of CPU against 61.7 and 63.0 s with the default (64 MB: 64.2 and 61.6 s).
    // --single-threaded: V8 compiles and collects garbage on the worker's own thread. The workers
    // already keep every core busy, so V8's helper threads only add CPU time: idle, the unit run
    // took 36.6–37.4 s of CPU and 18.6–19.1 s against 39.2–39.9 s and 20.2–20.4 s with them.
    const flags = ['--max-semi-space-size=32', ...(workers >= availableParallelism() ? ['--single-threaded'] : [])];
    const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
    reporters.push(`--test-reporter=${failuresReporter}`, `--test-reporter-destination=${failuresFile(index)}`);
    const child = spawn(process.execPath, [...flags, ...loader, ...reporters, entry], {
      stdio: stream ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'pipe', 'ipc'],
      env: bundle ? { ...testEnv(workerTmp(index)), IAM_STUDIO_TEST_BUNDLE: bundle } : testEnv(workerTmp(index)),
    });
    running.add(child);
    const chunks = [];
    if (!stream) {
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
    }
    const ran = [];
    /** How many of its files came from another worker's group. */
    let taken = 0;
    let cpu = 0;
    /** The file the worker holds (it has not reported it finished). */
    let holding;
    child.on('message', (m) => {
      if (m.ran) {
        measured[key(m.ran)] = m.ms;
        cpu += m.ms;
        holding = undefined;
      }
      const { file = null, from } = nextFile(index);
      if (file) {
        ran.push(file);
        holding = file;
        if (from !== undefined && from !== index) taken++;
      }
      child.send({ file });
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      done({
        failures:
          takeFailures(index) +
          (holding ? `  ${holding}: the worker ended (${signal ?? `exit code ${code}`}) before its tests finished\n` : ''),
        code: holding ? 1 : (code ?? (signal ? 1 : 0)),
        output: Buffer.concat(chunks),
        ran,
        taken,
        cpu,
        ended: (performance.now() - started) / 1000,
      });
    });
  });
}
const results = await Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
for (const r of results.slice(1)) process.stdout.write(r.output);

const known = new Set(files.map(key));
const next = Object.fromEntries(
  Object.entries({ ...times, ...measured }).filter(([file]) => known.has(file) || !dirs.some((d) => file.startsWith(key(d)))),
);
writeFileSync(`${timesFile}.${process.pid}`, JSON.stringify(next));
renameSync(`${timesFile}.${process.pid}`, timesFile);
if (args.includes('--write-costs') && mode === '') {
  // Tens of milliseconds are enough to order the files; sorted, so a rewrite shows what moved.
  const all = { ...readTimes(savedCosts), ...measured };
  const costs = Object.fromEntries(
    Object.keys(all)
      .filter((f) => existsSync(join(root, f)))
      .sort()
      .map((f) => [f, Math.round(all[f] / 10) * 10]),
  );
  writeFileSync(savedCosts, `${JSON.stringify(costs, null, 2)}\n`);
}
console.log('');
for (const [i, r] of results.entries())
  console.log(
    `worker ${i + 1}${groupName(i)}: ${r.ran.length} files${r.taken > 0 ? ` (${r.taken} of another group)` : ''}, ${(r.cpu / 1000).toFixed(1)} s CPU in them, done at ${r.ended.toFixed(1)} s${r.code === 0 ? '' : ' (failed)'}`,
  );
const failed = results.filter((r) => r.code !== 0);
for (const r of failed) {
  // The failures, and the files the worker ran in its order: a failure that depends on what ran
  // before it in the process comes back with the same command.
  console.log(`\n✖ failed in worker ${results.indexOf(r) + 1}:\n${r.failures || '  (see its report above)\n'}`);
  console.log(
    `  the same files in the same process: node --import tsx scripts/test-entry.mjs ${r.ran.map((f) => relative(process.cwd(), f)).join(' ')}`,
  );
}
process.exit(leftBehind(failed.length === 0 ? 0 : 1, ['', ...results.map((_, i) => workerTmp(i))]));
