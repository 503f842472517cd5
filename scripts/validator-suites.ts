// Runs the policies of AWS's policy-validator test suites (test/data/validator-suites/cases.json:
// the CloudFormation and Terraform IAM policy validators, each case with its repository, file and
// commit) and compares the Access Analyzer findings we report with the ones those suites expect
// from AWS: per policy, the same codes in the same finding types (the suites give no paths).
//
//   npx tsx scripts/validator-suites.ts          one line per case, and the disagreements
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/service';
import { getCatalog } from '../server/src/node/catalogFile';
import { allChecks, type CheckCategory } from '../server/src/core/checks';
import { isPolicyType } from '../server/src/core/policyType';

export const CASES_FILE = join(__dirname, '..', 'test', 'data', 'validator-suites', 'cases.json');

const CLASS_OF: Record<CheckCategory, string> = {
  error: 'ERROR',
  security: 'SECURITY_WARNING',
  warning: 'WARNING',
  suggestion: 'SUGGESTION',
  hint: 'SUGGESTION',
};

export interface SuiteCase {
  readonly name: string;
  readonly source: string;
  /** The file name the policy is checked under (its suffix names the resource: `.bucket.json`, …). */
  readonly file: string;
  readonly type: string;
  readonly document: unknown;
  /** `FINDING_TYPE CODE`, sorted: what the suite expects Access Analyzer to return. */
  readonly expect: readonly string[];
}

export interface SuiteResult {
  readonly name: string;
  readonly source: string;
  readonly expected: readonly string[];
  /** Our Access Analyzer-coded findings as `FINDING_TYPE CODE`, sorted. */
  readonly actual: readonly string[];
}

export function readCases(): SuiteCase[] {
  return (JSON.parse(readFileSync(CASES_FILE, 'utf8')) as { cases: SuiteCase[] }).cases;
}

export async function checkSuites(cases: readonly SuiteCase[] = readCases()): Promise<SuiteResult[]> {
  const service = getLanguageService({ catalog: getCatalog() });
  const classOf = new Map<string, string>();
  for (const c of allChecks()) if (!c.doc.startsWith('https://')) classOf.set(c.code, CLASS_OF[c.category]);
  const out: SuiteResult[] = [];
  for (const c of cases) {
    if (!isPolicyType(c.type)) throw new Error(`${c.name}: unknown policy type ${c.type}`);
    const uri = `file:///validator-suites/${c.file}`;
    service.setPolicyTypeOverride(uri, c.type);
    const doc = TextDocument.create(uri, 'iam-policy', 1, JSON.stringify(c.document, null, 2));
    const diagnostics = await service.doValidation(doc, service.parse(doc));
    const actual = diagnostics
      .map((d) => String(d.code))
      .filter((code) => classOf.has(code))
      .map((code) => `${classOf.get(code)} ${code}`)
      .sort();
    out.push({ name: c.name, source: c.source, expected: [...c.expect].sort(), actual });
  }
  return out;
}

if (require.main === module) {
  void checkSuites().then((results) => {
    let agree = 0;
    for (const r of results) {
      const same = JSON.stringify(r.expected) === JSON.stringify(r.actual);
      if (same) agree++;
      console.log(`${same ? 'same' : 'DIFF'}  ${r.name}`);
      if (!same) console.log(`      AWS: ${r.expected.join(', ') || '(none)'}\n      ours: ${r.actual.join(', ') || '(none)'}`);
    }
    console.log(`${agree} of ${results.length} policies: the same Access Analyzer findings as the suites expect`);
  });
}
