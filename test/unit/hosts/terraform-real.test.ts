/**
 * Real public Terraform modules (test/data/terraform-real, sources and licenses in its README.md),
 * checked the way the editor checks them (the language service with the Terraform host):
 * - every file is recognized and yields the policies `expected.json` lists for it;
 * - untouched, a file has no error but the module's own mistakes listed with their reason (an
 *   action missing from the Service Authorization Reference, …), and its warnings are exactly the
 *   ones listed (each a real finding, explained in the README);
 * - mistakes planted at known lines (plants.json: a text replaced on one line) are each reported
 *   by a new diagnostic with the expected code on that line; at least 90 % must be.
 * The files the `.tf` files read with `file()`/`templatefile()` that the corpus holds are checked
 * the same way, typed by the argument reading them (as the server and `check` read them).
 * `npm run test:unit` validates every third file (and the mistakes planted in them);
 * `npm run test:corpus` (part of `npm test`) validates them all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix, relative } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService, type PolicyLanguageService } from '../../../server/src/service';
import { incrementalParser } from '../../../server/src/node/terraformParser';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { isTerraformFileName } from '../../../server/src/service/hosts/terraformFiles';
import { terraformTemplateHost, type TemplateUse } from '../../../server/src/service/hosts/terraformTemplate';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { testTerraformParser } from '../../helpers/terraform';
import { corpusSlice } from '../../helpers/effort';

const dir = join(__dirname, '../../data/terraform-real');

interface Plant {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  readonly find: string;
  readonly replace: string;
  readonly code: string;
}

interface Expected {
  /** Labels of the policies found in the file. */
  readonly policies: readonly string[];
  /** `line severity CODE` of every diagnostic above information, untouched. */
  readonly diagnostics: readonly string[];
  /**
   * Errors the module really has (`line CODE` → why it is one: the action does not exist in the
   * Service Authorization Reference, …); an untouched file has no other error.
   */
  readonly errors?: Readonly<Record<string, string>>;
}

/** Corpus path of a file a `.tf` file reads → how it reads it. */
const uses = new Map<string, TemplateUse>();
const uriOf = (file: string) => `file:///real/${file}`;

/** The name `file` or `templatefile` as a whole identifier (HCL identifiers hold letters, digits, `_` and `-`). */
const NAMES_A_FILE_FUNCTION = /(?:^|[^\w-])(?:template)?file(?![\w-])/;

let service: PolicyLanguageService | undefined;
async function terraformService(): Promise<PolicyLanguageService> {
  if (service) return service;
  const parser = await testTerraformParser();
  // What each .tf file reads, found as the server finds it: in the files that call `file` or
  // `templatefile` (a call names its function; the others read no file). The service below uses
  // this host: a file read here is not parsed and extracted again when it is validated untouched.
  const reader = terraformHost(incrementalParser(parser));
  for (const file of tfFiles(dir).map((f) => relative(dir, f))) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (!NAMES_A_FILE_FUNCTION.test(text)) continue;
    for (const r of reader.extract(text, file, uriOf(file)).fileReferences) {
      const target = posix.normalize(posix.join(posix.dirname(file.split('\\').join('/')), r.path));
      if (!r.policyType || uses.has(target)) continue;
      uses.set(target, {
        policyType: r.policyType,
        ...(r.resourceService ? { resourceService: r.resourceService } : {}),
        template: r.template,
        label: `${r.label} (${basename(file)})`,
      });
    }
  }
  const blocks = incrementalParser(parser);
  service = getLanguageService({
    catalog: getCatalog(),
    hosts: [
      reader,
      terraformTemplateHost(
        () => blocks,
        (uri) => uses.get(uri.slice('file:///real/'.length)),
      ),
    ],
  });
  return service;
}

function tfFiles(folder: string): string[] {
  return readdirSync(folder)
    .flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? tfFiles(path) : isTerraformFileName(name) ? [path] : [];
    })
    .sort();
}

let version = 0;
async function diagnose(ls: PolicyLanguageService, file: string, text: string): Promise<{ labels: string[]; diagnostics: Diagnostic[] }> {
  const document = TextDocument.create(
    uriOf(file),
    file.endsWith('.tofu') ? 'opentofu' : file.endsWith('.tf') ? 'terraform' : 'json',
    ++version,
    text,
  );
  const parsed = ls.parse(document);
  const labels = parsed.host?.views.map((v) => v.policy.label) ?? [];
  return { labels, diagnostics: await ls.doValidation(document, parsed) };
}

/** The diagnostics of each file as the corpus holds it, validated once (both tests below read them). */
const untouched = new Map<string, Promise<{ labels: string[]; diagnostics: Diagnostic[] }>>();
function diagnoseUntouched(ls: PolicyLanguageService, file: string): Promise<{ labels: string[]; diagnostics: Diagnostic[] }> {
  let result = untouched.get(file);
  if (!result) untouched.set(file, (result = diagnose(ls, file, readFileSync(join(dir, file), 'utf8'))));
  return result;
}

const SEVERITY: Record<number, string> = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning' };
const shown = (d: Diagnostic) => `${d.range.start.line + 1} ${SEVERITY[d.severity ?? 1] ?? 'information'} ${String(d.code)}`;
const aboveInformation = (d: Diagnostic) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning;

const tf = tfFiles(dir).map((f) => relative(dir, f));
/** The .tf files and the files they read that the corpus holds (known once the service is made). */
let files = tf;
async function corpusFiles(): Promise<string[]> {
  await terraformService();
  files = [...tf, ...[...uses.keys()].filter((f) => existsSync(join(dir, f)))].sort();
  return files;
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;
const plants = JSON.parse(readFileSync(join(dir, 'plants.json'), 'utf8')) as Plant[];

test('real Terraform: every file is recognized, with the policies it holds, and untouched files have no errors', async () => {
  const ls = await terraformService();
  await corpusFiles();
  assert.deepEqual(Object.keys(expected).sort(), files, 'expected.json lists every .tf file and every file they read');
  for (const file of corpusSlice(files, 3)) {
    const { labels, diagnostics } = await diagnoseUntouched(ls, file);
    const want = expected[file]!;
    assert.deepEqual(labels, want.policies, `policies of ${file}`);
    assert.deepEqual(diagnostics.filter(aboveInformation).map(shown), want.diagnostics, `diagnostics of ${file}`);
    const errors = diagnostics
      .filter((d) => d.severity === DiagnosticSeverity.Error)
      .map((d) => `${d.range.start.line + 1} ${String(d.code)}`);
    assert.deepEqual(errors, Object.keys(want.errors ?? {}), `errors in ${file} are the module's own mistakes`);
  }
});

test('real Terraform: planted mistakes are found at their line (at least 90 %)', async () => {
  const ls = await terraformService();
  const checked = new Set(corpusSlice(await corpusFiles(), 3));
  const missed: string[] = [];
  let planted = 0;
  for (const plant of plants) {
    const text = readFileSync(join(dir, plant.file), 'utf8');
    const lines = text.split('\n');
    const line = lines[plant.line - 1] ?? '';
    assert.equal(line.split(plant.find).length, 2, `${plant.file}:${plant.line} holds ${plant.find} once`);
    if (!checked.has(plant.file)) continue;
    planted++;
    const before = (await diagnoseUntouched(ls, plant.file)).diagnostics;
    lines[plant.line - 1] = line.replace(plant.find, plant.replace);
    const after = (await diagnose(ls, plant.file, lines.join('\n'))).diagnostics;
    const atLine = (list: Diagnostic[]) => list.filter((d) => d.range.start.line === plant.line - 1 && d.code === plant.code);
    if (atLine(after).length <= atLine(before).length) {
      missed.push(
        `${plant.file}:${plant.line} ${plant.code}; there: ${
          after
            .filter((d) => d.range.start.line === plant.line - 1)
            .map(shown)
            .join(', ') || 'nothing'
        }`,
      );
    }
  }
  const found = planted - missed.length;
  console.log(`planted mistakes found at their line: ${found}/${planted}`);
  assert.ok(planted > 0 && found / planted >= 0.9, `found ${found}/${planted}; missed:\n${missed.join('\n')}`);
});
