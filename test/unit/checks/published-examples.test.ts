/**
 * The policies AWS and others publish as examples (test/data/published-examples: hand-picked files
 * with sources in sources.json, and the corpus/ files with repository, path and commit per policy).
 * AWS's own examples work as published, so the errors we report on them must be exactly the ones
 * judged in explained.json (each with its reason). Warnings are measured by
 * `npx tsx scripts/published-examples.ts`, not asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR, checkExamples, readCorpus, readSources } from '../../../scripts/published-examples';

type Judged = ReadonlyArray<{ file: string; code: string; count: number; verdict: string; reason: string }>;
interface Explained {
  readonly errors: Judged;
  readonly warnings: Judged;
}

/** `file | CODE` → how many, over AWS-published examples, for one severity. */
function counted(results: ReadonlyArray<{ file: string; publisher: string }>, pick: (r: never) => readonly string[]) {
  const count = new Map<string, number>();
  for (const r of results.filter((x) => x.publisher === 'aws')) {
    for (const e of pick(r as never)) {
      const key = `${r.file} | ${e.slice(0, e.indexOf(':'))}`;
      count.set(key, (count.get(key) ?? 0) + 1);
    }
  }
  return Object.fromEntries([...count].sort());
}

const judged = (list: Judged) => Object.fromEntries(list.map((e) => [`${e.file} | ${e.code}`, e.count] as const).sort());

test('every published example has its source and policy type in sources.json', () => {
  const files = readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'sources.json' && f !== 'explained.json')
    .sort();
  assert.deepEqual(Object.keys(readSources()).sort(), files);
});

test('every corpus policy names its repository and path, and a commit where it comes from a repository', () => {
  for (const { name, corpus } of readCorpus()) {
    assert.ok(corpus.repo && corpus.license && ['aws', 'third-party'].includes(corpus.publisher), name);
    for (const p of corpus.policies) {
      assert.ok(p.path, `${name}: a policy without path`);
      if (!corpus.retrieved) assert.match(p.commit ?? '', /^[0-9a-f]{40}$/, `${name} › ${p.path}`);
    }
  }
});

test('on policies AWS publishes as examples, only the errors and warnings judged in explained.json', async () => {
  const results = await checkExamples();
  assert.ok(results.length >= 200, `only ${results.length} examples`);
  const explained = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'explained.json'), 'utf8')) as Explained;
  for (const e of explained.errors) assert.ok(e.reason.length > 20 && ['true', 'unverified'].includes(e.verdict), e.file);
  for (const e of explained.warnings) assert.ok(e.reason.length > 20 && ['defensible', 'false'].includes(e.verdict), e.file);
  assert.deepEqual(
    counted(results, (r: { errors: readonly string[] }) => r.errors),
    judged(explained.errors),
  );
  assert.deepEqual(
    counted(results, (r: { warnings: readonly string[] }) => r.warnings),
    judged(explained.warnings),
  );
});
