/**
 * Comparison benchmark. `npm run bench compare` (after `node scripts/build.mjs`).
 *
 * Every AWS managed policy (dist/managed-policies.jsonl) compared with itself, and with a
 * one-statement mutation (deterministic per policy: an action widened to its service's `*`, a
 * condition dropped, a resource widened to `*`, or a Deny dropped). Targets: median ≤ 100 ms and
 * p95 ≤ 1 s per pair. Also one `node dist/cli.js compare` run end to end.
 * Prints figures only; targets are shown for reading, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePolicy } from '../server/src/core/policy';
import { catalogMultiValued, catalogUniverse, comparePolicies, type CompareResult } from '../server/src/core/reasoning';
import { getCatalog } from '../server/src/node/catalogFile';

type Doc = { Version?: string; Statement: Record<string, unknown>[] | Record<string, unknown> };

function statements(doc: Doc): Record<string, unknown>[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** One statement changed, the kind chosen by the policy's position in the list. */
function mutate(doc: Doc, i: number): Doc {
  const list = statements(doc).map((s) => ({ ...s }));
  const st = list[i % list.length] as Record<string, unknown>;
  const kind = i % 4;
  const actions = st.Action === undefined ? undefined : ([] as unknown[]).concat(st.Action);
  if (kind === 0 && actions && typeof actions[0] === 'string') {
    const first = actions[0];
    st.Action = [`${first.split(':')[0]}:*`, ...actions.slice(1)];
  } else if (kind === 1 && st.Condition) {
    delete st.Condition;
  } else if (kind === 2 && st.Resource !== undefined) {
    st.Resource = '*';
  } else if (st.Effect === 'Deny') {
    list.splice(i % list.length, 1);
  } else {
    st.Action = [...(actions ?? []), 'iam:PassRole'];
  }
  return { ...doc, Statement: list };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

function main(): void {
  const catalog = getCatalog();
  const options = { type: 'identity' as const, universe: catalogUniverse(catalog), multiValued: catalogMultiValued(catalog) };
  const lines = readFileSync(join(__dirname, '..', 'dist', 'managed-policies.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const docs = lines.map((l) => JSON.parse(l) as { name: string; document: Doc });
  console.log(`${docs.length} AWS managed policies; actions of ${catalog.versionLabel}`);
  for (const label of ['itself', 'one-statement mutation']) {
    const times: number[] = [];
    const verdicts: Record<string, number> = {};
    let slowest = { ms: 0, name: '', verdict: '' };
    docs.forEach(({ name, document }, i) => {
      const prev = parsePolicy(document).policy;
      const next = label === 'itself' ? parsePolicy(document).policy : parsePolicy(mutate(document, i)).policy;
      const t0 = performance.now();
      const r: CompareResult = comparePolicies(prev, next, options);
      const ms = performance.now() - t0;
      times.push(ms);
      verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
      if (ms > slowest.ms) slowest = { ms, name, verdict: r.verdict };
    });
    times.sort((a, b) => a - b);
    console.log(
      `vs ${label}: median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms, max ${slowest.ms.toFixed(0)} ms (${slowest.name}, ${slowest.verdict}) — targets: median ≤ 100 ms, p95 ≤ 1000 ms`,
    );
    console.log(
      `  verdicts: ${Object.entries(verdicts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'compare-bench-'));
  const first = docs.find((d) => d.name === 'ReadOnlyAccess') ?? docs[0];
  if (!first) return;
  writeFileSync(join(dir, 'old.json'), JSON.stringify(first.document));
  writeFileSync(join(dir, 'new.json'), JSON.stringify(mutate(first.document, 0)));
  const t0 = performance.now();
  const run = spawnSync(
    process.execPath,
    [join(__dirname, '..', 'dist', 'cli.js'), 'compare', 'old.json', 'new.json', '--format', 'json'],
    { cwd: dir, encoding: 'utf8' },
  );
  console.log(
    `node dist/cli.js compare (${first.name} vs a mutation): ${(performance.now() - t0).toFixed(0)} ms end to end, exit ${run.status}`,
  );
}

main();
