/**
 * The policies AWS publishes as examples (test/data/published-examples, sources in sources.json)
 * work as published, so we must report no error on any of them. Warnings are measured by
 * `npx tsx scripts/published-examples.ts`, not asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { EXAMPLES_DIR, checkExamples, readSources } from '../../../scripts/published-examples';

test('every published example has its source and policy type in sources.json', () => {
  const files = readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'sources.json')
    .sort();
  assert.deepEqual(Object.keys(readSources()).sort(), files);
});

test('no error on any policy AWS publishes as an example', async () => {
  const results = await checkExamples();
  assert.ok(results.length >= 20, `only ${results.length} examples`);
  const errors = results.flatMap((r) => r.errors.map((e) => `${r.file}: ${e}`));
  assert.deepEqual(errors, []);
});
