/**
 * Quick fixes in Terraform files, data-driven: each file in test/data/terraform-fixes names a
 * check code and a fix title, a Terraform text (`---` before it) and the text after the fix
 * (`===` before it). The fix is found the way an editor finds it (diagnostics, then code actions
 * at the diagnostic), applied, and the result must be that text, parse as HCL without errors, and
 * no longer have that problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, type PolicyLanguageService } from '../../../server/src/service';
import { incrementalParser } from '../../../server/src/node/terraformParser';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { TerraformExtractor } from '../../../server/src/service/hosts/terraform';
import { testTerraformParser } from '../../helpers/terraform';

const dir = join(__dirname, '../../data/terraform-fixes');

let service: PolicyLanguageService | undefined;
async function terraformService(): Promise<PolicyLanguageService> {
  const catalog = getCatalog();
  service ??= getLanguageService({ catalog, hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  return service;
}

/** Applies the fix `title` of the first diagnostic with `code`; undefined when there is none. */
export async function applyTerraformFix(
  ls: PolicyLanguageService,
  text: string,
  code: string,
  title: string,
  name = 'main.tf',
): Promise<string | undefined> {
  const document = TextDocument.create(`file:///workspace/${name}`, 'terraform', 1, text);
  const parsed = ls.parse(document);
  const diagnostics = (await ls.doValidation(document, parsed)).filter((d) => d.code === code);
  for (const d of diagnostics) {
    const action = ls.doCodeActions(document, parsed, d.range, { diagnostics: [d] }).find((a) => a.title === title);
    const edits = action?.edit?.changes?.[document.uri];
    if (edits) return TextDocument.applyEdits(document, edits);
  }
  return undefined;
}

async function countOf(ls: PolicyLanguageService, text: string, code: string, version: number): Promise<number> {
  const document = TextDocument.create('file:///workspace/main.tf', 'terraform', version, text);
  return (await ls.doValidation(document, ls.parse(document))).filter((d) => d.code === code).length;
}

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  test(`terraform fix: ${file}`, async () => {
    const content = readFileSync(join(dir, file), 'utf8');
    const [head = '', rest = ''] = content.split(/^---\n/m);
    const [before = '', after = ''] = rest.split(/^===\n/m);
    const spec = head.split('\n').find((l) => l.startsWith('fix '));
    assert.ok(spec, 'a `fix CODE title` line');
    const [, code = '', ...title] = spec.split(' ');
    const ls = await terraformService();
    const fixed = await applyTerraformFix(ls, before, code, title.join(' '));
    assert.ok(fixed !== undefined, `no fix "${title.join(' ')}" for ${code}`);
    assert.equal(fixed, after);
    const parsed = (await testTerraformParser()).parse(fixed);
    assert.deepEqual(new TerraformExtractor().extract(parsed.blocks).problems, [], 'the fixed file parses as HCL');
    assert.ok((await countOf(ls, fixed, code, 2)) < (await countOf(ls, before, code, 3)), `${code} is fixed`);
  });
}
