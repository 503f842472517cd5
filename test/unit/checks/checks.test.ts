/**
 * Every IAM check, data-driven: test/data/checks/<CODE>.txt holds positive cases (the code at
 * each «…» range, nowhere else) and near misses (the code must stay silent). Only diagnostics
 * with the file's code are compared, so other checks may fire on the same document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { allChecks } from '../../../server/src/core/checks';
import { isPolicyType } from '../../../server/src/core/policyType';
import { makeDocument, parseMarkers } from '../../helpers/markers';
import { GRAMMAR_CODES, parseCheckCases } from '../../helpers/checkCases';

const dir = join(__dirname, '../../data/checks');
const service = getLanguageService({ catalog: getCatalog() });
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const HOST = new Set(['TEMPLATE_SYNTAX_ERROR', 'TEMPLATE_DUPLICATE_KEY', 'POLICY_NOT_ANALYZED']);
let counter = 0;

for (const file of files) {
  const code = file.slice(0, -4);
  const cases = parseCheckCases(readFileSync(join(dir, file), 'utf8'));
  for (const c of cases) {
    test(`${code}: ${c.title}`, async () => {
      const marked = parseMarkers(c.document);
      const uri = `file:///checks/${++counter}/${c.fileName ?? 'case.json'}`;
      if (c.type) {
        assert.ok(isPolicyType(c.type), `unknown policy type ${c.type}`);
        service.setPolicyTypeOverride(uri, c.type);
      }
      const doc = makeDocument(marked.text, uri);
      const all = await service.doValidation(doc, service.parse(doc));
      const mine = all
        .filter((d) => d.code === code)
        .map((d) => ({
          message: String(d.message),
          start: doc.offsetAt(d.range.start),
          end: doc.offsetAt(d.range.end),
          href: d.codeDescription?.href,
        }))
        .sort((a, b) => a.start - b.start || a.end - b.end);
      const rendered = mine.map((a) => `${code} at ${JSON.stringify(marked.text.slice(a.start, a.end))}: ${a.message}`);
      if (!c.positive) {
        assert.deepEqual(rendered, [], 'a near miss must stay silent');
        return;
      }
      assert.ok(c.expectations.length > 0, 'a positive case needs expect lines');
      assert.equal(mine.length, c.expectations.length, `expected ${c.expectations.length} ${code}, got:\n${rendered.join('\n')}`);
      c.expectations.forEach((line, i) => {
        const m = /^expect ([A-Z_0-9]+)(?::\s*(.*))?$/.exec(line);
        assert.ok(m && m[1] === code, `bad expectation line: ${line}`);
        const a = mine[i]!;
        const range = marked.ranges[i];
        assert.ok(range, `no «» range for expectation ${i + 1}`);
        if (m[2]) assert.ok(a.message.includes(m[2]), `message of ${rendered[i]} should include: ${m[2]}`);
        assert.deepEqual([a.start, a.end], [range.start, range.end], `range of ${rendered[i]}`);
        assert.match(a.href ?? '', /^https:\/\/docs\.aws\.amazon\.com\//, 'every diagnostic links its documentation');
      });
    });
  }
}

test('every registered check has a case file with a positive case and a near miss', () => {
  const missing: string[] = [];
  for (const info of allChecks()) {
    if (GRAMMAR_CODES.has(info.code)) continue; // test/data/validation covers the grammar codes
    if (HOST.has(info.code)) continue; // test/data/templates covers the codes about templates
    if (info.code === 'INTERNAL_ERROR') continue; // no policy makes a check fail: test/unit/hostile/isolation.test.ts injects one
    const file = `${info.code}.txt`;
    if (!files.includes(file)) {
      missing.push(`${info.code} (no file)`);
      continue;
    }
    const cases = parseCheckCases(readFileSync(join(dir, file), 'utf8'));
    if (!cases.some((c) => c.positive)) missing.push(`${info.code} (no positive case)`);
    if (!cases.some((c) => !c.positive)) missing.push(`${info.code} (no near miss)`);
  }
  assert.deepEqual(missing, []);
});
