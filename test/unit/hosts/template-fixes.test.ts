/**
 * Quick fixes in CloudFormation YAML templates, data-driven: each file in test/data/template-fixes
 * names a check code and a fix title, a template (`---` before it) and the text after the fix
 * (`===` before it). The fix is found the way an editor finds it (diagnostics, then code actions at
 * the diagnostic), applied, and the result must be that text, parse as YAML without errors, and no
 * longer have that problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { parseYamlTemplate } from '../../../server/src/service/hosts/cloudformation/parse';

const dir = join(__dirname, '../../data/template-fixes');
const service = getLanguageService({ catalog: getCatalog() });

async function diagnosticsOf(text: string, code: string, version: number) {
  const document = TextDocument.create('file:///workspace/template.yaml', 'yaml', version, text);
  const parsed = service.parse(document);
  return { document, parsed, diagnostics: (await service.doValidation(document, parsed)).filter((d) => d.code === code) };
}

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  test(`template fix: ${file}`, async () => {
    const content = readFileSync(join(dir, file), 'utf8');
    const [head = '', rest = ''] = content.split(/^---\n/m);
    const [before = '', after = ''] = rest.split(/^===\n/m);
    const spec = head.split('\n').find((l) => l.startsWith('fix '));
    assert.ok(spec, 'a `fix CODE title` line');
    const [, code = '', ...words] = spec.split(' ');
    const title = words.join(' ');
    const { document, parsed, diagnostics } = await diagnosticsOf(before, code, 1);
    assert.ok(diagnostics.length > 0, `no ${code} in the template`);
    const actions = diagnostics.flatMap((d) => service.doCodeActions(document, parsed, d.range, { diagnostics: [d] }));
    const edits = actions.find((a) => a.title === title)?.edit?.changes?.[document.uri];
    assert.ok(edits, `no fix "${title}"; offered: ${actions.map((a) => a.title).join(', ')}`);
    const fixed = TextDocument.applyEdits(document, edits);
    assert.equal(fixed, after);
    assert.deepEqual(parseYamlTemplate(fixed).problems, [], 'the fixed template parses as YAML');
    assert.ok((await diagnosticsOf(fixed, code, 2)).diagnostics.length < diagnostics.length, `${code} is fixed`);
  });
}
