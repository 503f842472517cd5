// Checks the policies that AWS publishes as examples (test/data/published-examples, each with its
// source in sources.json; placeholders such as <my-org-id> replaced by example values, see README.md
// there) and prints, per policy and in total, the errors and warnings we report. AWS's published
// examples work, so every error is a false one; warnings are advice, and their rate is shown.
//
//   npx tsx scripts/published-examples.ts          table and totals
//   npx tsx scripts/published-examples.ts --json   the same as JSON
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/service';
import { getCatalog } from '../server/src/node/catalogFile';
import { isPolicyType } from '../server/src/core/policyType';

export const EXAMPLES_DIR = join(__dirname, '..', 'test', 'data', 'published-examples');

export interface ExampleResult {
  readonly file: string;
  readonly type: string;
  readonly source: string;
  /** `CODE: message` per diagnostic, by severity. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly information: readonly string[];
}

/** The manifest: file → policy type and source. */
export function readSources(): Record<string, { type: string; source: string }> {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, 'sources.json'), 'utf8')) as Record<string, { type: string; source: string }>;
}

/** Validates every example as the policy type its manifest gives. */
export async function checkExamples(): Promise<ExampleResult[]> {
  const service = getLanguageService({ catalog: getCatalog() });
  const out: ExampleResult[] = [];
  for (const [file, { type, source }] of Object.entries(readSources())) {
    const uri = `file:///published-examples/${file}`;
    if (!isPolicyType(type)) throw new Error(`${file}: unknown policy type ${type}`);
    service.setPolicyTypeOverride(uri, type);
    const doc = TextDocument.create(uri, 'iam-policy', 1, readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
    const diagnostics = await service.doValidation(doc, service.parse(doc));
    const by = (s: number) => diagnostics.filter((d) => (d.severity ?? 1) === s).map((d) => `${String(d.code)}: ${d.message}`);
    out.push({ file, type, source, errors: by(1), warnings: by(2), information: by(3) });
  }
  return out;
}

if (require.main === module) {
  void checkExamples().then((results) => {
    const withErrors = results.filter((r) => r.errors.length > 0).length;
    const withWarnings = results.filter((r) => r.warnings.length > 0).length;
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify({ policies: results.length, withErrors, withWarnings, results }, null, 2));
      return;
    }
    for (const r of results) {
      console.log(
        `${r.file.padEnd(44)} ${r.type.padEnd(13)} ${r.errors.length} errors, ${r.warnings.length} warnings, ${r.information.length} information`,
      );
      for (const m of [...r.errors, ...r.warnings]) console.log(`    ${m.length > 200 ? `${m.slice(0, 200)}…` : m}`);
    }
    const pct = (n: number) => `${((100 * n) / results.length).toFixed(1)} %`;
    console.log(
      `\n${results.length} published example policies: ${withErrors} with errors (${pct(withErrors)}), ${withWarnings} with warnings (${pct(withWarnings)})`,
    );
  });
}
