/**
 * Real public CloudFormation and SAM templates (test/data/templates-real, sources and licences in
 * its SOURCES.md), checked as a user would open them:
 * - every file is recognized as a template (≥ 95 % required; all are, today), and its outline
 *   lists as many policy documents as a reader counts in it (documents.json);
 * - an untouched template gets exactly the diagnostics listed in expected.json: the true findings,
 *   each with the reason it is true. Anything else is a false report;
 * - a mistake planted at a known line (planted.json: on that line, `find` becomes `replace`) is
 *   reported with its code on that line, for ≥ 90 % of the plants. Misses are listed.
 * `npm run test:unit` validates every third template (and the plants in them), `npm run test:corpus`
 * all of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { corpusSlice } from '../../helpers/effort';

const DIR = join(__dirname, '../../data/templates-real');
const service = getLanguageService({ catalog: getCatalog() });

interface Expected {
  readonly line: number;
  readonly code: string;
  readonly why: string;
}
interface Plant {
  readonly file: string;
  readonly line: number;
  readonly find: string;
  readonly replace: string;
  readonly code: string;
  /** A known gap: why it is not found (a miss the test expects). */
  readonly gap?: string;
}

const files = readdirSync(DIR)
  .filter((n) => /\.(ya?ml|json|template)$/.test(n) && !['expected.json', 'planted.json', 'documents.json'].includes(n))
  .sort();
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected[]>;
const planted = JSON.parse(readFileSync(join(DIR, 'planted.json'), 'utf8')) as Plant[];
/** Policy documents per file, as a reader counts them (a SAM policy template counts as one). */
const documents = JSON.parse(readFileSync(join(DIR, 'documents.json'), 'utf8')) as Record<string, number>;

function open(name: string, text: string, version = 1): TextDocument {
  return TextDocument.create(`file://${join(DIR, name)}`, name.endsWith('.json') ? 'json' : 'yaml', version, text);
}

async function diagnose(document: TextDocument): Promise<Diagnostic[]> {
  return service.doValidation(document, service.parse(document));
}

/** Each template opened and parsed once for the tests below, as an editor keeps a document's parse for all its requests. */
const opened = new Map<string, { document: TextDocument; parsed: ReturnType<typeof service.parse> }>();
function openParsed(name: string): { document: TextDocument; parsed: ReturnType<typeof service.parse> } {
  let hit = opened.get(name);
  if (!hit) {
    const document = open(name, readFileSync(join(DIR, name), 'utf8'));
    opened.set(name, (hit = { document, parsed: service.parse(document) }));
  }
  return hit;
}

const show = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}: ${String(d.code)} ${d.message}`).join('\n');

test('the corpus holds at least 50 real templates', () => {
  assert.ok(files.length >= 50, `${files.length} templates`);
});

test('every policy document of the real templates is found: the outline lists as many as documents.json counts', () => {
  assert.deepEqual(Object.keys(documents).sort(), files);
  const found: Record<string, number> = {};
  for (const name of files) {
    const { document, parsed } = openParsed(name);
    found[name] = service.findDocumentSymbols(document, parsed).length;
  }
  assert.deepEqual(found, documents);
});

test('at least 95 % of the real templates are recognized as templates', () => {
  const missed = files.filter((name) => service.documentKind(openParsed(name).document) !== 'host');
  assert.ok((files.length - missed.length) / files.length >= 0.95, `not recognized: ${missed.join(', ')}`);
  assert.deepEqual(missed, []);
});

/** The templates validated: every third in `npm run test:unit`, all in `npm run test:corpus` (part of `npm test`). */
const validated = corpusSlice(files, 3);

for (const name of validated) {
  test(`real template ${name}: only the true findings listed in expected.json`, async () => {
    const { document, parsed } = openParsed(name);
    const diagnostics = await service.doValidation(document, parsed);
    const found = diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort();
    const want = (expected[name] ?? []).map((e) => `${e.line} ${e.code}`).sort();
    assert.deepEqual(found, want, show(diagnostics));
  });
}

test('real YAML files that are not templates (a CfCT manifest, a buildspec, stack parameters, a Kubernetes service) are not taken for templates', async () => {
  const dir = join(DIR, 'not-templates');
  const names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n));
  assert.ok(names.length >= 4, names.join(', '));
  for (const name of names) {
    const document = TextDocument.create(`file://${join(dir, name)}`, 'yaml', 1, readFileSync(join(dir, name), 'utf8'));
    assert.equal(service.documentKind(document), undefined, name);
  }
});

test('every expected.json entry names a template of the corpus and says why it is true', () => {
  for (const [name, list] of Object.entries(expected)) {
    assert.ok(files.includes(name), name);
    for (const e of list) assert.ok(e.why.length > 20, `${name}:${e.line} ${e.code}`);
  }
});

test('at least 90 % of the planted mistakes are reported with their code on their line', async () => {
  const misses: string[] = [];
  const missed: Plant[] = [];
  const checked = planted.filter((p) => validated.includes(p.file));
  for (const p of checked) {
    const lines = readFileSync(join(DIR, p.file), 'utf8').split('\n');
    const original = lines[p.line - 1];
    assert.ok(original?.includes(p.find), `${p.file}:${p.line} does not contain ${p.find}`);
    lines[p.line - 1] = (original ?? '').replace(p.find, p.replace);
    const diagnostics = await diagnose(open(p.file, lines.join('\n'), 2));
    const hit = diagnostics.some((d) => d.range.start.line + 1 === p.line && String(d.code) === p.code);
    if (!hit) missed.push(p);
    if (!hit && !p.gap) misses.push(`${p.file}:${p.line} ${p.find} → ${p.replace}: want ${p.code}, got\n${show(diagnostics)}`);
  }
  const rate = (checked.length - missed.length) / checked.length;
  assert.ok(planted.length >= 30, `${planted.length} plants`);
  assert.ok(checked.length >= 10, `${checked.length} plants checked`);
  assert.ok(rate >= 0.9, `${(rate * 100).toFixed(0)} % found; misses:\n${misses.join('\n\n')}`);
  // Every miss is a known gap with its reason in planted.json; a gap that is found must lose its mark.
  assert.deepEqual(misses, []);
  assert.deepEqual(
    missed.map((p) => `${p.file}:${p.line}`),
    checked.filter((p) => p.gap).map((p) => `${p.file}:${p.line}`),
  );
});
