/**
 * Walks test/data/catalog/cases/*.json: each file holds one kind of case, run against the
 * fixture catalog.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../../../server/src/core/catalog';
import { casesDir, fixtureCatalog } from './fixture';

type Case = Record<string, unknown>;
type Runner = (catalog: Catalog, c: Case) => void;

const actionsOf = (catalog: Catalog, names: unknown): NonNullable<ReturnType<Catalog['action']>>[] =>
  (names as string[]).map((n) => {
    const a = catalog.action(n);
    assert.ok(a, `fixture action ${n}`);
    return a;
  });

const runners: Record<string, Runner> = {
  expand(catalog, c) {
    const pattern = c.pattern as string;
    if (c.expected !== undefined) assert.deepEqual(catalog.expandActions(pattern), c.expected, pattern);
    const count = (c.count as number | undefined) ?? (c.expected as unknown[]).length;
    assert.equal(catalog.countActions(pattern), count, `count ${pattern}`);
    assert.equal(catalog.actionsMatching(pattern).length, count, `infos ${pattern}`);
  },
  arn(catalog, c) {
    const [action] = actionsOf(catalog, [c.action]);
    const got = catalog.actionResourceTypesForArn(action!, c.arn as string).map((r) => r.resourceType.name);
    assert.deepEqual(got, c.expected, `${String(c.action)} on ${String(c.arn)}`);
  },
  keys(catalog, c) {
    const info = catalog.conditionKey(c.name as string);
    assert.equal(info?.key ?? null, c.key, `key ${String(c.name)}`);
    for (const field of ['type', 'global', 'multiValued'] as const) {
      if (c[field] !== undefined) assert.equal(info?.[field], c[field], `${field} of ${String(c.name)}`);
    }
  },
  support(catalog, c) {
    const key = c.key as string;
    if (c.actions !== undefined) {
      const support = catalog.conditionKeySupport(key, actionsOf(catalog, c.actions));
      assert.equal(support.supported, c.supported, `${key} with ${String(c.actions)}`);
      if (c.known !== undefined) assert.equal(support.definition !== undefined, c.known);
    }
    // The pattern form answers the same from raw data (names are patterns without wildcards).
    const patterns = (c.patterns ?? c.actions) as string[];
    const byPattern = catalog.conditionKeySupportForPatterns(key, patterns);
    assert.equal(byPattern.supported, c.supported, `${key} with patterns ${String(patterns)}`);
  },
  suggest(catalog, c) {
    const name = c.name as string;
    const got =
      c.kind === 'action'
        ? catalog.suggestActions(name)
        : c.kind === 'service'
          ? catalog.suggestServices(name).map((s) => s.prefix)
          : catalog.suggestConditionKeys(name).map((k) => k.key);
    assert.equal(got[0] ?? null, c.first, `${String(c.kind)} ${name}: ${got.join(', ')}`);
  },
};

for (const file of readdirSync(casesDir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const kind = file.replace(/\.json$/, '');
  const runner = runners[kind];
  test(`catalog cases: ${file}`, () => {
    assert.ok(runner, `no runner for ${file}`);
    const { cases } = JSON.parse(readFileSync(join(casesDir, file), 'utf8')) as { cases: Case[] };
    assert.ok(cases.length > 0);
    const catalog = fixtureCatalog();
    for (const c of cases) runner(catalog, c);
  });
}
