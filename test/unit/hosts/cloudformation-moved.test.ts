/**
 * A keystroke before a policy moves it without changing it: the CloudFormation host hands back
 * moved copies of the policies it extracted before, and the service re-uses their views (see
 * hosts/moved.ts). What a user sees must be what a first look at the edited text gives: for each
 * YAML and JSON template of the tests, after edits at many offsets, the diagnostics, the outline
 * and hover on every policy's first value of a service that saw the earlier versions equal those
 * of a service with every cache emptied.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { CACHES } from '../../../server/src/core/caches';
import { CORPUS, effort } from '../../helpers/effort';

const DIR = join(__dirname, '../../data/templates');
const catalog = getCatalog();
const files = readdirSync(DIR)
  .filter((n) => /\.(ya?ml|json|template)$/.test(n) && !n.endsWith('.expected.json'))
  .map((n) => join(DIR, n));

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

for (const file of files) {
  const name = file.slice(file.lastIndexOf('/') + 1);
  test(`${name}: after edits that move its policies, a warm service answers as a cold one`, async () => {
    const text = readFileSync(file, 'utf8');
    const languageId = name.endsWith('.json') ? 'json' : 'yaml';
    const warm = getLanguageService({ catalog });
    const uri = `file://${file}`;
    // Insert a space or a line break at every 499th offset, at most 5 offsets a file in the unit run
    // and 10 in the corpus run (every 151st with IAM_STUDIO_LONG=1), each edit on the previous text. Each version is looked at cold (every
    // process cache emptied before, a new service); then the warm service goes through the versions
    // in order, as an editor sends them (the caches emptied once, before the first), and must
    // answer each as the cold look did.
    const versions = [TextDocument.create(uri, languageId, 1, text)];
    const edits: string[] = [];
    const step = effort(Math.max(499, Math.ceil(text.length / (CORPUS ? 10 : 5))), 151);
    for (let at = 0; at < text.length; at += step) {
      const previous = versions[versions.length - 1]!;
      const insert = previous.version % 2 ? ' ' : '\n';
      const current = previous.getText();
      versions.push(TextDocument.create(uri, languageId, previous.version + 1, `${current.slice(0, at)}${insert}${current.slice(at)}`));
      edits.push(`after ${JSON.stringify(insert)} at ${at}`);
    }
    const cold: unknown[] = [];
    for (const document of versions.slice(1)) {
      CACHES.clear();
      cold.push(await seen(getLanguageService({ catalog }), document));
    }
    CACHES.clear();
    await seen(warm, versions[0]!);
    for (const [i, document] of versions.slice(1).entries()) assert.deepEqual(await seen(warm, document), cold[i], edits[i]);
  });
}
