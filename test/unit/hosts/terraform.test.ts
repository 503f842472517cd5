/**
 * Policies in Terraform files, data-driven: each file in test/data/terraform has the expected
 * extraction (one `policy <label> <syntax> <type>[ <service>][ partial]` line followed by the
 * rendered document as JSON and `assume` lines for what the file told about references;
 * `file <path> <type> <label>` lines; `problem <text>` lines), `---`, and the Terraform text. Rendering: see renderValue. Every string and symbolic value is also checked to
 * point at the source text it came from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformExtractor } from '../../../server/src/service/hosts/terraform';
import type { HostValue } from '../../../server/src/service/hosts/types';
import { unescapeQuoted } from '../../../server/src/service/hosts/hclValues';
import { renderValue, testTerraformParser } from '../../helpers/terraform';

const dir = join(__dirname, '../../data/terraform');

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  test(`terraform: ${file}`, async () => {
    const [expected = '', source = ''] = readFileSync(join(dir, file), 'utf8').split(/^---\n/m);
    const parser = await testTerraformParser();
    const parsed = parser.parse(source);
    const extraction = new TerraformExtractor().extract(parsed.blocks);
    const actual: string[] = [];
    for (const p of extraction.policies) {
      actual.push(
        [
          'policy',
          p.label,
          p.syntax,
          p.policyType ?? '-',
          ...(p.resourceService ? [p.resourceService] : []),
          ...(p.partial ? ['partial'] : []),
        ].join(' '),
      );
      actual.push(JSON.stringify(renderValue(p.value)));
      for (const a of p.assumptions ?? []) actual.push(`assume ${a}`);
      checkRanges(source, p.value);
    }
    for (const r of extraction.fileReferences) actual.push(`file ${r.path} ${r.policyType ?? '-'} ${r.label}`);
    for (const p of extraction.problems) actual.push(`problem ${JSON.stringify(source.slice(p.range.start, p.range.end))}: ${p.message}`);
    const wanted = expected.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    assert.deepEqual(actual, wanted);
  });
}

/** Every literal string is written at its range (quoted or not), every symbolic part at its own. */
function checkRanges(text: string, v: HostValue): void {
  const at = text.slice(v.range.start, v.range.end);
  switch (v.kind) {
    case 'object':
      for (const e of v.entries) checkRanges(text, e.value);
      return;
    case 'array':
      for (const i of v.items) checkRanges(text, i);
      return;
    case 'string':
      // Values the provider adds itself (Version, Effect Allow) have an empty range.
      if (v.range.start !== v.range.end)
        assert.ok(
          // (`&{` in a policy document is the provider's `${`: same length, same place.)
          [at, unescapeQuoted(at.slice(1, -1)), unescapeQuoted(at.slice(1, -1)).replaceAll('&{', '${'), safeJson(at)].includes(v.value),
          `string ${JSON.stringify(v.value)} at ${JSON.stringify(at)}`,
        );
      return;
    case 'symbolic':
      // A part the host adds itself (a module's default resource) has an empty range.
      for (const p of v.parts)
        if (typeof p !== 'string' && p.range.start !== p.range.end) assert.equal(text.slice(p.range.start, p.range.end), p.expr);
      return;
    default:
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}
