/**
 * Syntax and grammar diagnostics, data-driven: each file in test/data/validation has `expect CODE:
 * message` lines (message optional), `---`, and a document whose «…» markers are the expected
 * ranges, in the same order. A file with no expectations must produce no diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLanguageService } from '../../../server/src/service';
import { makeDocument, parseCaseFile, parseMarkers } from '../../helpers/markers';
import { GRAMMAR_CODES } from '../../helpers/checkCases';

const dir = join(__dirname, '../../data/validation');
const service = getLanguageService();
// These cases test syntax and grammar; the IAM checks (test/data/checks) are filtered out here.

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  test(`validation: ${file}`, async () => {
    const { expectations, document } = parseCaseFile(readFileSync(join(dir, file), 'utf8'));
    const marked = parseMarkers(document);
    const doc = makeDocument(marked.text);
    const diagnostics = await service.doValidation(doc, service.parse(doc));
    const actual = diagnostics
      .filter((d) => GRAMMAR_CODES.has(String(d.code)))
      .map((d) => ({ code: String(d.code), message: d.message, start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end) }))
      .sort((a, b) => a.start - b.start || a.end - b.end);
    const rendered = actual.map((a) => `${a.code} at ${JSON.stringify(marked.text.slice(a.start, a.end))}: ${a.message}`);
    assert.equal(actual.length, expectations.length, `expected ${expectations.length} diagnostics, got:\n${rendered.join('\n')}`);
    expectations.forEach((line, i) => {
      const m = /^expect ([A-Z_]+)(?::\s*(.*))?$/.exec(line);
      assert.ok(m, `bad expectation line: ${line}`);
      const a = actual[i]!;
      const range = marked.ranges[i];
      assert.ok(range, `no «» range for expectation ${i + 1}`);
      assert.equal(a.code, m[1], rendered[i]);
      if (m[2]) assert.equal(a.message, m[2], rendered[i]);
      assert.deepEqual([a.start, a.end], [range.start, range.end], `range of ${rendered[i]}`);
    });
  });
}
