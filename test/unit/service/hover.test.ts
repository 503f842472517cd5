/**
 * Hover, data-driven: each file in test/data/hover has expectation lines, `---`, and a document
 * with a `|` cursor and optionally a «…» range that the hover's range must equal (`*.tf.txt`: a
 * Terraform file).
 *   `expect contains TEXT` / `expect lacks TEXT` — substrings of the hover markdown
 *   `expect none` — no hover
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLanguageService, type LanguageServiceOptions, type PolicyLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { incrementalParser } from '../../../server/src/node/terraformParser';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { testTerraformParser } from '../../helpers/terraform';
import { makeDocument, parseCaseFile, parseMarkers } from '../../helpers/markers';

const dir = join(__dirname, '../../data/hover');
const catalog = getCatalog();
const options: LanguageServiceOptions = {
  catalog,
  workspaceAccounts: () => [
    {
      accountId: '444455556666',
      name: 'prod',
      principals: [{ arn: 'arn:aws:iam::444455556666:role/Deploy', kind: 'role', name: 'Deploy' }],
    },
  ],
};
const service = getLanguageService(options);
let terraformService: PolicyLanguageService | undefined;

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  test(`hover: ${file}`, async () => {
    const { expectations, document } = parseCaseFile(readFileSync(join(dir, file), 'utf8'));
    const marked = parseMarkers(document);
    assert.ok(marked.cursor !== undefined, 'the document needs a | cursor');
    const terraform = file.endsWith('.tf.txt');
    const ls = terraform
      ? (terraformService ??= getLanguageService({ ...options, hosts: [terraformHost(incrementalParser(await testTerraformParser()))] }))
      : service;
    const doc = terraform ? makeDocument(marked.text, 'file:///test/main.tf', 'terraform') : makeDocument(marked.text);
    const hover = ls.doHover(doc, ls.parse(doc), doc.positionAt(marked.cursor));
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    for (const line of expectations) {
      const [, verb, arg = ''] = /^expect (\w+)\s*(.*)$/.exec(line) ?? [];
      if (verb === 'none') assert.equal(hover, null, `expected no hover, got: ${value}`);
      else if (verb === 'contains') assert.ok(value.includes(arg), `hover lacks ${JSON.stringify(arg)}:\n${value}`);
      else if (verb === 'lacks') assert.ok(!value.includes(arg), `hover has ${JSON.stringify(arg)}:\n${value}`);
      else assert.fail(`bad expectation line: ${line}`);
    }
    const range = marked.ranges[0];
    if (range) {
      assert.ok(hover?.range, 'expected a hover range');
      assert.deepEqual([doc.offsetAt(hover.range.start), doc.offsetAt(hover.range.end)], [range.start, range.end]);
    }
    // Catalog content carries the data version; element docs do not need it.
    if (value && expectations.some((l) => l === 'expect contains data of')) assert.ok(value.includes(catalog.versionLabel));
  });
}
