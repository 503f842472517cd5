/**
 * Quick fixes on real templates (test/data/templates-real): every mistake of planted.json is
 * planted, and every quick fix offered for its diagnostic is applied as an editor applies it. The
 * result must still parse as the same template (no new syntax problem, the same resources with the
 * same types, as many policy documents in the outline) and no longer have that problem on that line.
 * The shapes are the real ones: YAML block, flow and quoted styles, JSON, `!Sub` strings, `Fn::If`
 * branches, SAM policies, CDK snapshots.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { parseJsonTemplate, parseYamlTemplate, type ParsedTemplate } from '../../../server/src/service/hosts/cloudformation/parse';
import { corpusSlice } from '../../helpers/effort';

const DIR = join(__dirname, '../../data/templates-real');
const service = getLanguageService({ catalog: getCatalog() });

interface Plant {
  readonly file: string;
  readonly line: number;
  readonly find: string;
  readonly replace: string;
  readonly code: string;
  readonly gap?: string;
}

const planted = JSON.parse(readFileSync(join(DIR, 'planted.json'), 'utf8')) as Plant[];

/** A plant's kind: its code, in a JSON or a YAML template. */
const kindOf = (p: Plant) => `${p.code} ${p.file.endsWith('.json') ? 'json' : 'yaml'}`;

/**
 * The plants whose fixes are applied: all of them in `npm run test:corpus` (part of `npm test`);
 * in `npm run test:unit`, those of every third file, and of the first file holding each kind of
 * plant no such file holds, so that every code's fixes are still applied in JSON and in YAML
 * (142 of the 276 plants, in 40 of the 90 files, all 45 kinds). A file costs a first validation
 * of all its policies; a plant only that of the policy it changes.
 */
function plantsApplied(plants: readonly Plant[]): Plant[] {
  const files = corpusSlice([...new Set(plants.map((p) => p.file))].sort(), 3);
  const chosen = new Set(files);
  const covered = new Set(plants.filter((p) => chosen.has(p.file)).map(kindOf));
  for (const p of plants) {
    if (covered.has(kindOf(p))) continue;
    chosen.add(p.file);
    for (const q of plants) if (q.file === p.file) covered.add(kindOf(q));
  }
  return plants.filter((p) => chosen.has(p.file));
}

function open(name: string, text: string, version: number): TextDocument {
  return TextDocument.create(`file://${join(DIR, name)}`, name.endsWith('.json') ? 'json' : 'yaml', version, text);
}

const isJson = (name: string, text: string) => name.endsWith('.json') || (name.endsWith('.template') && text.trimStart().startsWith('{'));

function parseTemplate(name: string, text: string): ParsedTemplate {
  return isJson(name, text) ? parseJsonTemplate(text) : parseYamlTemplate(text);
}

/** The template's resources, `LogicalId Type`, as CloudFormation reads them. */
function resources(parsed: ParsedTemplate): string[] {
  const root = parsed.root;
  const res = root?.kind === 'map' ? root.entries.find((e) => e.key === 'Resources')?.value : undefined;
  if (res?.kind !== 'map') return [];
  return res.entries.map((e) => {
    const type = e.value.kind === 'map' ? e.value.entries.find((x) => x.key === 'Type')?.value : undefined;
    return `${e.key} ${type?.kind === 'scalar' ? String(type.value) : '?'}`;
  });
}

const problems = (p: ParsedTemplate) => p.problems.map((x) => `${x.code ?? 'TEMPLATE_SYNTAX_ERROR'} ${x.message}`).sort();

test('every quick fix offered for a mistake planted in a real template leaves the same template, without that mistake', async () => {
  const failures: string[] = [];
  let applied = 0;
  let fixable = 0;
  // Each file's text, tree and outline once: a file holds several plants.
  const originals = new Map<string, { text: string; before: ParsedTemplate; outline: number }>();
  for (const p of plantsApplied(planted.filter((x) => !x.gap))) {
    let known = originals.get(p.file);
    if (!known) {
      const text = readFileSync(join(DIR, p.file), 'utf8');
      const document = open(p.file, text, 1);
      known = { text, before: parseTemplate(p.file, text), outline: service.findDocumentSymbols(document, service.parse(document)).length };
      originals.set(p.file, known);
    }
    const { text: original, before, outline } = known;
    const lines = original.split('\n');
    lines[p.line - 1] = lines[p.line - 1]!.replace(p.find, p.replace);
    const text = lines.join('\n');
    const document = open(p.file, text, 2);
    const parsed = service.parse(document);
    const diagnostics = (await service.doValidation(document, parsed)).filter(
      (d) => d.range.start.line + 1 === p.line && String(d.code) === p.code,
    );
    const actions = diagnostics.flatMap((d) => service.doCodeActions(document, parsed, d.range, { diagnostics: [d] }));
    const fixes = actions.filter((a) => a.kind === 'quickfix' && a.edit?.changes?.[document.uri]);
    if (fixes.length > 0) fixable++;
    for (const fix of fixes) {
      applied++;
      const where = `${p.file}:${p.line} ${p.find} → ${p.replace}: "${fix.title}"`;
      const fixed = TextDocument.applyEdits(document, fix.edit!.changes![document.uri]!);
      const after = parseTemplate(p.file, fixed);
      if (JSON.stringify(problems(after)) !== JSON.stringify(problems(before))) {
        failures.push(`${where}: the fixed template parses with ${JSON.stringify(problems(after))}`);
        continue;
      }
      if (JSON.stringify(resources(after)) !== JSON.stringify(resources(before))) {
        failures.push(`${where}: the fixed template has other resources`);
        continue;
      }
      const fixedDocument = open(p.file, fixed, 3);
      const fixedParsed = service.parse(fixedDocument);
      const documents = service.findDocumentSymbols(fixedDocument, fixedParsed).length;
      if (documents !== outline) failures.push(`${where}: ${documents} policy documents after the fix, ${outline} before`);
      const left = (await service.doValidation(fixedDocument, fixedParsed)).filter(
        (d) => d.range.start.line + 1 === p.line && String(d.code) === p.code,
      );
      if (left.length >= diagnostics.length) failures.push(`${where}: ${p.code} is still reported on line ${p.line}`);
    }
  }
  console.log(`${fixable} plants with fixes, ${applied} fixes applied`);
  assert.deepEqual(failures, []);
  // Not a test that cannot fail: the corpus' plants must offer fixes to apply.
  assert.ok(fixable >= 40 && applied >= 60, `${fixable} plants with fixes, ${applied} fixes applied`);
});
