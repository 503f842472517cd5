// Checks the policies that AWS publishes as examples (test/data/published-examples, each with its
// source in sources.json; placeholders such as <my-org-id> replaced by example values, see README.md
// there) and prints, per policy and in total, the errors and warnings we report. AWS's published
// examples work, so every error is a false one; warnings are advice, and their rate is shown.
//
//   npx tsx scripts/published-examples.ts          table and totals
//   npx tsx scripts/published-examples.ts --json   the same as JSON
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/service';
import { getCatalog } from '../server/src/node/catalogFile';
import { isPolicyType } from '../server/src/core/policyType';

export const EXAMPLES_DIR = join(__dirname, '..', 'test', 'data', 'published-examples');
export const CORPUS_DIR = join(EXAMPLES_DIR, 'corpus');

/** Who published a corpus file's policies: AWS (its guides, aws-samples, awslabs) or others. */
export type Publisher = 'aws' | 'third-party';

/** One file of `corpus/`: policies taken from one repository or documentation set, with their sources. */
export interface CorpusFile {
  readonly repo: string;
  readonly license: string;
  /** Where a file has no commits (documentation pages): when and where the copy was taken. */
  readonly retrieved?: string;
  readonly publisher: Publisher;
  /** Placeholders written as plain words in this source (`account-id`), replaced as given before the others. */
  readonly replace?: Readonly<Record<string, string>>;
  /** The policy type of every policy in the file unless a policy names its own. */
  readonly type: string;
  readonly policies: ReadonlyArray<{
    readonly path: string;
    readonly commit?: string;
    readonly type?: string;
    /** The file name to check the policy under (its suffix can name the resource, `x.bucket.json`). */
    readonly file?: string;
    readonly note?: string;
    readonly document: unknown;
  }>;
}

export interface Example {
  /** A unique name: the manifest's file name, or `corpus file › path`. */
  readonly file: string;
  readonly type: string;
  readonly source: string;
  readonly publisher: Publisher;
  readonly text: string;
}

/**
 * Published examples carry placeholders for the reader to fill in (`${Account}`, `[PRIVILEGED_ROLE]`,
 * `<my-org-id>`, `{example-region-1}`). We fill them with example values of the right shape, as a
 * user deploying the example would; README.md lists the rules.
 */
export function fillPlaceholders(value: string): string {
  return value
    .replace(/\$\{(Account|AccountId|AccountID|account-id|ACCOUNT_ID)\}/g, '111122223333')
    .replace(/\$\{(Region|region|REGION)\}/g, 'us-east-1')
    .replace(/\$\{([A-Z][A-Za-z-]*)\}/g, 'example')
    .replace(/\{example-region-1\}/g, 'us-east-1')
    .replace(/\{example-region-2\}/g, 'us-west-2')
    .replace(/\{[a-z][a-z0-9-]*\}/g, 'example')
    .replace(/<([^<>]+)>/g, (_, name: string) => placeholderValue(name))
    .replace(/\[([A-Z][A-Z0-9_]*)(\/\*)?\]/g, (_, name: string, star?: string) =>
      /SECONDS|DAYS|NUMBER|COUNT/.test(name) ? '600000' : `example${star ?? ''}`,
    );
}

function placeholderValue(name: string): string {
  const n = name.toLowerCase();
  if (/cidr|ip-range|ip_range|ipaddress/.test(n)) return '203.0.113.0/24';
  if (/org-?id|organization-id|orgid/.test(n)) return 'o-a1b2c3d4e5';
  if (/org-?path|ou-path/.test(n)) return 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
  if (/\bou\b|ou-id|organizational-unit/.test(n)) return 'ou-ab12-11111111';
  if (/region(-\d+)?$/.test(n) && !/in-this-region/.test(n)) return 'us-east-1';
  if (/vpce|endpoint-id/.test(n)) return 'vpce-1a2b3c4d';
  if (/vpc/.test(n)) return 'vpc-1a2b3c4d';
  if (/account|acct|owner-id/.test(n)) return '111122223333';
  if (/region/.test(n)) return 'us-east-1';
  return 'example';
}

function fillDocument(value: unknown, replace: Readonly<Record<string, string>> = {}): unknown {
  const fill = (text: string) => fillPlaceholders(Object.entries(replace).reduce((t, [from, to]) => t.split(from).join(to), text));
  if (typeof value === 'string') return fill(value);
  if (Array.isArray(value)) return value.map((v) => fillDocument(v, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [fill(k), fillDocument(v, replace)]));
  }
  return value;
}

export function readCorpus(): Array<{ readonly name: string; readonly corpus: CorpusFile }> {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, corpus: JSON.parse(readFileSync(join(CORPUS_DIR, f), 'utf8')) as CorpusFile }));
}

/** Every example: the hand-picked files of the manifest, then the corpus. */
export function readExamples(): Example[] {
  const out: Example[] = [];
  for (const [file, { type, source }] of Object.entries(readSources())) {
    out.push({ file, type, source, publisher: 'aws', text: readFileSync(join(EXAMPLES_DIR, file), 'utf8') });
  }
  for (const { name, corpus } of readCorpus()) {
    for (const p of corpus.policies) {
      const source = `${corpus.repo} ${p.path}${p.commit ? ` (commit ${p.commit})` : ''}`;
      out.push({
        file: `${name.replace(/\.json$/, '')} › ${p.path}${p.file ? ` › ${p.file}` : ''}`,
        type: p.type ?? corpus.type,
        source,
        publisher: corpus.publisher,
        text: JSON.stringify(fillDocument(p.document, corpus.replace), null, 2),
      });
    }
  }
  return out;
}

export interface ExampleResult {
  readonly file: string;
  readonly type: string;
  readonly source: string;
  readonly publisher: Publisher;
  /** `CODE: message` per diagnostic, by severity. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly information: readonly string[];
}

/** The manifest: file → policy type and source. */
export function readSources(): Record<string, { type: string; source: string }> {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, 'sources.json'), 'utf8')) as Record<string, { type: string; source: string }>;
}

/** Validates every example as the policy type its manifest or corpus file gives. */
export async function checkExamples(examples: readonly Example[] = readExamples()): Promise<ExampleResult[]> {
  const service = getLanguageService({ catalog: getCatalog() });
  const out: ExampleResult[] = [];
  let n = 0;
  for (const { file, type, source, publisher, text } of examples) {
    const fileName = basename(file.split(' › ').pop() ?? file).replace(/[^A-Za-z0-9._-]/g, '_');
    const uri = `file:///published-examples/${n++}/${fileName}`;
    if (!isPolicyType(type)) throw new Error(`${file}: unknown policy type ${type}`);
    service.setPolicyTypeOverride(uri, type);
    const doc = TextDocument.create(uri, 'iam-policy', 1, text);
    const diagnostics = await service.doValidation(doc, service.parse(doc));
    const by = (s: number) => diagnostics.filter((d) => (d.severity ?? 1) === s).map((d) => `${String(d.code)}: ${d.message}`);
    out.push({ file, type, source, publisher, errors: by(1), warnings: by(2), information: by(3) });
  }
  return out;
}

/** Totals for a set of results: policies, those with errors / warnings, and the findings. */
export function totals(results: readonly ExampleResult[]) {
  return {
    policies: results.length,
    withErrors: results.filter((r) => r.errors.length > 0).length,
    withWarnings: results.filter((r) => r.warnings.length > 0).length,
    errors: results.reduce((n, r) => n + r.errors.length, 0),
    warnings: results.reduce((n, r) => n + r.warnings.length, 0),
  };
}

if (require.main === module) {
  void checkExamples().then((results) => {
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify({ ...totals(results), results }, null, 2));
      return;
    }
    const all = process.argv.includes('--all');
    for (const r of results) {
      if (!all && r.errors.length + r.warnings.length === 0) continue;
      console.log(
        `${r.file.padEnd(44)} ${r.type.padEnd(13)} ${r.errors.length} errors, ${r.warnings.length} warnings, ${r.information.length} information`,
      );
      for (const m of [...r.errors, ...r.warnings]) console.log(`    ${m.length > 200 ? `${m.slice(0, 200)}…` : m}`);
    }
    const line = (label: string, rs: readonly ExampleResult[]) => {
      const t = totals(rs);
      const pct = (n: number) => `${t.policies ? ((100 * n) / t.policies).toFixed(1) : '0.0'} %`;
      console.log(
        `${label}: ${t.policies} policies, ${t.withErrors} with errors (${pct(t.withErrors)}; ${t.errors} errors), ${t.withWarnings} with warnings (${pct(t.withWarnings)}; ${t.warnings} warnings)`,
      );
    };
    console.log('');
    const bySource = new Map<string, ExampleResult[]>();
    for (const r of results) {
      const key = r.file.includes(' › ') ? r.file.split(' › ')[0]! : 'sources.json (hand-picked)';
      bySource.set(key, [...(bySource.get(key) ?? []), r]);
    }
    for (const [key, rs] of bySource) line(`  ${key}`, rs);
    line(
      'published by AWS',
      results.filter((r) => r.publisher === 'aws'),
    );
    line(
      'published by others',
      results.filter((r) => r.publisher !== 'aws'),
    );
    line('all published example policies', results);
    const explained = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'explained.json'), 'utf8')) as {
      errors: Array<{ count: number; verdict: string }>;
      warnings: Array<{ count: number; verdict: string }>;
    };
    const sum = (list: Array<{ count: number; verdict: string }>, verdict: string) =>
      list.filter((e) => e.verdict === verdict).reduce((n, e) => n + e.count, 0);
    const aws = totals(results.filter((r) => r.publisher === 'aws'));
    const judgedTrue = sum(explained.errors, 'true');
    const defensible = sum(explained.warnings, 'defensible');
    console.log(
      `errors on AWS's examples: ${aws.errors}, of which ${judgedTrue} judged true in explained.json (the policy cannot work as published), ${aws.errors - judgedTrue} false or unverified`,
    );
    console.log(
      `warnings on AWS's examples: ${aws.warnings}, of which ${defensible} judged defensible in explained.json, ${aws.warnings - defensible} false or not judged`,
    );
  });
}
