/**
 * A keystroke before a policy moves it without changing it: the Terraform host hands back the
 * policy object of the earlier version where its block did not move, and a moved copy of it where
 * it did (see hosts/moved.ts), so the service re-uses their views. What a user sees must be what a
 * first look at the edited text gives: for every `.tf` file of the real corpus (a third of them in
 * `npm run test:unit`, all in `npm run test:corpus`) and the examples,
 * after edits at many offsets, the diagnostics, the outline and hover on every policy's first
 * value of a service that saw the earlier versions equal those of a fresh service with every cache
 * emptied.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { incrementalParser } from '../../../server/src/node/terraformParser';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { CACHES } from '../../../server/src/core/caches';
import { testTerraformParser } from '../../helpers/terraform';
import { CORPUS, corpusSlice, effort } from '../../helpers/effort';

const ROOT = join(__dirname, '../../..');
const catalog = getCatalog();

function tfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const path = join(dir, n);
    if (statSync(path).isDirectory()) return tfFiles(path);
    return n.endsWith('.tf') ? [path] : [];
  });
}

const real = tfFiles(join(ROOT, 'test/data/terraform-real'));
const examples = tfFiles(join(ROOT, 'examples'));
/** Every third file of the real corpus by default (most of its modules still have a file in it), every file with `npm run test:corpus`; every example. */
const files = [...corpusSlice(real, 3), ...examples];

async function seen(service: ReturnType<typeof getLanguageService>, document: TextDocument): Promise<unknown> {
  const parsed = service.parse(document);
  const diagnostics = await service.doValidation(document, parsed);
  const symbols = service.findDocumentSymbols(document, parsed);
  const hovers = (parsed.host?.views ?? []).map((v) => {
    const at = document.positionAt(v.base + 1);
    return [at, service.doHover(document, parsed, at)];
  });
  return { diagnostics, symbols, hovers };
}

test('terraform: after edits that move its policies, a warm service answers as a cold one', async () => {
  const parser = await testTerraformParser();
  const warm = getLanguageService({ catalog, hosts: [terraformHost(incrementalParser(parser))] });
  assert.ok(real.length + examples.length >= 60);
  let moved = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // A URI outside any folder on disk: no sibling files are read, the document stands alone.
    const uri = `file:///virtual/${relative(ROOT, file)}`;
    // Insert a space or a line break at every 499th offset, at most 2 offsets a file in the unit
    // run (at the start, where every policy moves, and half-way) and 4 in the corpus run (every
    // 151st offset with IAM_STUDIO_LONG=1), each edit on the previous text. Each version is looked
    // at cold (every process cache emptied before, a new service); then the warm service goes
    // through the versions in order, as an editor sends them (the caches emptied once, before the
    // first), and must answer each as the cold look did.
    const versions = [TextDocument.create(uri, 'terraform', 1, text)];
    const edits: string[] = [];
    const step = effort(Math.max(499, Math.ceil(text.length / (CORPUS ? 4 : 2))), 151);
    for (let at = 0; at < text.length; at += step) {
      const previous = versions[versions.length - 1]!;
      const insert = previous.version % 2 ? ' ' : '\n';
      const current = previous.getText();
      versions.push(TextDocument.create(uri, 'terraform', previous.version + 1, `${current.slice(0, at)}${insert}${current.slice(at)}`));
      edits.push(`${relative(ROOT, file)}: after ${JSON.stringify(insert)} at ${at}`);
    }
    const cold: unknown[] = [];
    for (const document of versions.slice(1)) {
      CACHES.clear();
      cold.push(await seen(getLanguageService({ catalog, hosts: [terraformHost(incrementalParser(parser))] }), document));
    }
    CACHES.clear();
    await seen(warm, versions[0]!);
    for (const [i, document] of versions.slice(1).entries()) {
      const got = await seen(warm, document);
      assert.deepEqual(got, cold[i], edits[i]);
      moved += (got as { hovers: unknown[] }).hovers.length;
    }
  }
  assert.ok(moved > 0);
});
