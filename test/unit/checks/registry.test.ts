/**
 * The check registry is an explicit value: the same list whatever was imported before, each code
 * once, and every code a check reports is in it (an unlisted code would lose its severity class
 * and its documentation link).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckRegistry, defineCheck } from '../../../server/src/core/checks/registry';
import { CHECKS, runChecks } from '../../../server/src/core/checks';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { isPolicyType } from '../../../server/src/core/policyType';
import { parseJsonText } from '../../../server/src/core/json';
import { parseMarkers } from '../../helpers/markers';
import { parseCheckCases } from '../../helpers/checkCases';

test('a registry refuses a code defined twice', () => {
  const a = defineCheck('SOME_CODE', 'warning', 'Some code');
  assert.throws(() => new CheckRegistry([[a], [defineCheck('SOME_CODE', 'error', 'Other')]]), /SOME_CODE is defined twice/);
  assert.deepEqual(
    new CheckRegistry([[a]]).all().map((c) => c.code),
    ['SOME_CODE'],
  );
});

test('defining a check registers nothing by itself', () => {
  const before = CHECKS.all().length;
  defineCheck('NOT_REGISTERED_ANYWHERE', 'error', 'Not registered');
  assert.equal(CHECKS.all().length, before);
  assert.equal(CHECKS.info('NOT_REGISTERED_ANYWHERE'), undefined);
});

test('every code the checks report on the check cases is in CHECKS', () => {
  const catalog = getCatalog();
  const dir = join(__dirname, '../../data/checks');
  const unlisted = new Set<string>();
  let findings = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    for (const c of parseCheckCases(readFileSync(join(dir, file), 'utf8'))) {
      const text = parseMarkers(c.document).text;
      const parsed = parseJsonText(text);
      if (!parsed.ok) continue;
      const type = c.type && isPolicyType(c.type) ? c.type : 'identity';
      for (const f of runChecks({ value: parsed.value, type, catalog, textLength: text.length })) {
        findings++;
        if (!CHECKS.info(f.code)) unlisted.add(f.code);
      }
    }
  }
  assert.ok(findings > 200, `the cases produce findings (${findings})`);
  assert.deepEqual([...unlisted], []);
});
