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

interface Explained {
  readonly errors: ReadonlyArray<{ file: string; code: string; count: number; verdict: string; reason: string }>;
}

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

test('on policies AWS publishes as examples, only the errors judged in explained.json', async () => {
  const results = await checkExamples();
  assert.ok(results.length >= 100, `only ${results.length} examples`);
  const count = new Map<string, number>();
  for (const r of results.filter((x) => x.publisher === 'aws')) {
    for (const e of r.errors) {
      const key = `${r.file} | ${e.slice(0, e.indexOf(':'))}`;
      count.set(key, (count.get(key) ?? 0) + 1);
    }
  }
  const explained = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'explained.json'), 'utf8')) as Explained;
  const expected = new Map(explained.errors.map((e) => [`${e.file} | ${e.code}`, e.count]));
  for (const e of explained.errors) assert.ok(e.reason.length > 20 && ['true', 'unverified'].includes(e.verdict), e.file);
  assert.deepEqual(Object.fromEntries([...count].sort()), Object.fromEntries([...expected].sort()));
});
