// Access Analyzer parity: runs the language service (what the editor and `check` report) over a
// calibration set of policies with what AWS IAM Access Analyzer's ValidatePolicy returned for each,
// and compares finding by finding: same code, same JSON path, same severity class.
//
//   npm run parity                  recall and precision per code, and every unexplained difference
//   npm run parity -- --write       also rewrites test/data/parity/scoreboard.json (docs/checks.md shows it)
//   npm run parity -- --set FILE    another calibration set (JSON lines: { name, policyType, document, findings })
//
// The default set is ../shared/reference/access-analyzer-findings/calibration.jsonl next to the
// repository (AWS's answers on half of the AWS managed policies; it is not copied into the project).
// Differences that are understood live in test/data/parity/explained.json, each with its reason;
// test/unit/checks/parity.test.ts fails on any other difference.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/service';
import { getCatalog } from '../server/src/node/catalogFile';
import { nodeAt, pathOf } from '../server/src/service/jsonPath';
import { allChecks, type CheckCategory } from '../server/src/core/checks';
import type { PolicyType } from '../server/src/core/policyType';

const ROOT = join(__dirname, '..');
export const DEFAULT_SET = join(ROOT, '..', 'shared', 'reference', 'access-analyzer-findings', 'calibration.jsonl');
export const EXPLAINED_FILE = join(ROOT, 'test', 'data', 'parity', 'explained.json');
export const SCOREBOARD_FILE = join(ROOT, 'test', 'data', 'parity', 'scoreboard.json');

/** AWS's finding types, and the check category each corresponds to. */
const CLASS_OF: Record<CheckCategory, string> = {
  error: 'ERROR',
  security: 'SECURITY_WARNING',
  warning: 'WARNING',
  suggestion: 'SUGGESTION',
  hint: 'SUGGESTION',
};
const POLICY_TYPES: Record<string, PolicyType> = {
  IDENTITY_POLICY: 'identity',
  RESOURCE_POLICY: 'resource',
  SERVICE_CONTROL_POLICY: 'scp',
  RESOURCE_CONTROL_POLICY: 'rcp',
};

type PathSegment = string | number | null;

/** One line of a calibration set. */
export interface CalibrationPolicy {
  readonly name: string;
  readonly policyType: string;
  readonly document: unknown;
  readonly findings: ReadonlyArray<{
    readonly issueCode: string;
    readonly findingType: string;
    readonly findingDetails?: string;
    readonly path: readonly PathSegment[];
  }>;
}

/** A finding on one side (AWS's or ours), comparable with the other side's. */
export interface Side {
  readonly code: string;
  /** ERROR, SECURITY_WARNING, WARNING or SUGGESTION. */
  readonly findingClass: string;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** A difference: a finding of one side that the other side does not have. */
export interface Difference {
  readonly policy: string;
  /** `missed`: AWS reports it and we do not; `extra`: we report it and AWS does not. */
  readonly kind: 'missed' | 'extra';
  readonly code: string;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** An understood difference, with why it is one (test/data/parity/explained.json). */
export interface Explained {
  readonly policy: string;
  readonly kind: 'missed' | 'extra';
  readonly code: string;
  readonly path: readonly PathSegment[];
  readonly reason: string;
}

export interface CodeScore {
  readonly code: string;
  /** AWS's findings with this code, and how many of them we report too. */
  readonly aws: number;
  readonly found: number;
  /** Our findings with this code, and how many of them AWS reports too. */
  readonly ours: number;
  readonly agreed: number;
}

export interface ParityResult {
  readonly policies: number;
  readonly scores: readonly CodeScore[];
  readonly differences: readonly Difference[];
}

/** Reads a calibration set (JSON lines). */
export function readCalibrationSet(file: string = DEFAULT_SET): CalibrationPolicy[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CalibrationPolicy);
}

export function readExplained(): Explained[] {
  return JSON.parse(readFileSync(EXPLAINED_FILE, 'utf8')) as Explained[];
}

/** The codes that are Access Analyzer's (our own checks link elsewhere and are not compared). */
function accessAnalyzerCodes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of allChecks()) if (!c.doc.startsWith('https://')) out.set(c.code, CLASS_OF[c.category]);
  return out;
}

/**
 * Whether AWS's path and ours name the same place: AWS's path up to its first null (AWS leaves
 * the last segments out where they are not one JSON node, e.g. a condition operator's keys) is
 * ours, or the start of ours.
 */
export function samePlace(aws: readonly PathSegment[], ours: readonly PathSegment[]): boolean {
  const cut = aws.indexOf(null);
  const known = cut < 0 ? aws : aws.slice(0, cut);
  if (cut < 0 && known.length !== ours.length && known.length > 0) return false;
  return known.length <= ours.length && known.every((s, i) => s === ours[i]);
}

/** Runs our checks on every policy of the set and compares with AWS's findings. */
export async function runParity(set: readonly CalibrationPolicy[]): Promise<ParityResult> {
  const service = getLanguageService({ catalog: getCatalog() });
  const codes = accessAnalyzerCodes();
  const differences: Difference[] = [];
  const tally = new Map<string, { aws: number; found: number; ours: number; agreed: number }>();
  const count = (code: string) => {
    let t = tally.get(code);
    if (!t) tally.set(code, (t = { aws: 0, found: 0, ours: 0, agreed: 0 }));
    return t;
  };
  let n = 0;
  for (const p of set) {
    const uri = `file:///parity/${++n}/${p.name}.json`;
    const type = POLICY_TYPES[p.policyType];
    if (!type) throw new Error(`${p.name}: unknown policy type ${p.policyType}`);
    service.setPolicyTypeOverride(uri, type);
    const doc = TextDocument.create(uri, 'iam-policy', 1, JSON.stringify(p.document, null, 2));
    const parsed = service.parse(doc);
    const ours: Side[] = [];
    for (const d of await service.doValidation(doc, parsed)) {
      const code = String(d.code);
      const findingClass = codes.get(code);
      if (!findingClass) continue;
      const node = nodeAt(parsed.json, doc.offsetAt(d.range.start));
      ours.push({
        code,
        findingClass,
        path: node ? pathOf(node) : [],
        message: typeof d.message === 'string' ? d.message : d.message.value,
      });
    }
    const theirs: Side[] = p.findings.map((f) => ({
      code: f.issueCode,
      findingClass: f.findingType,
      path: f.path,
      message: f.findingDetails ?? '',
    }));
    const unmatched = new Set(ours);
    for (const a of theirs) {
      const t = count(a.code);
      t.aws++;
      const m = [...unmatched].find((o) => o.code === a.code && o.findingClass === a.findingClass && samePlace(a.path, o.path));
      if (m) {
        unmatched.delete(m);
        t.found++;
      } else {
        differences.push({ policy: p.name, kind: 'missed', code: a.code, path: a.path, message: a.message });
      }
    }
    for (const o of ours) {
      const t = count(o.code);
      t.ours++;
      if (unmatched.has(o)) differences.push({ policy: p.name, kind: 'extra', code: o.code, path: o.path, message: o.message });
      else t.agreed++;
    }
  }
  const scores = [...tally.entries()]
    .map(([code, t]) => ({ code, ...t }))
    .sort((a, b) => b.aws - a.aws || b.ours - a.ours || a.code.localeCompare(b.code));
  return { policies: set.length, scores, differences };
}

/** Whether an explanation covers a difference (same policy, kind, code and path). */
export function explains(e: Explained, d: Difference): boolean {
  return e.policy === d.policy && e.kind === d.kind && e.code === d.code && JSON.stringify(e.path) === JSON.stringify(d.path);
}

/** The scoreboard as kept in test/data/parity/scoreboard.json (and shown in docs/checks.md). */
export function scoreboard(result: ParityResult, explained: readonly Explained[]): object {
  const total = result.scores.reduce(
    (s, c) => ({ aws: s.aws + c.aws, found: s.found + c.found, ours: s.ours + c.ours, agreed: s.agreed + c.agreed }),
    { aws: 0, found: 0, ours: 0, agreed: 0 },
  );
  const unexplained = result.differences.filter((d) => !explained.some((e) => explains(e, d))).length;
  return { policies: result.policies, total, unexplained, codes: result.scores };
}

const pct = (a: number, b: number): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)} %`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const setArg = args.indexOf('--set');
  const file = setArg >= 0 ? args[setArg + 1] : DEFAULT_SET;
  if (!file || !existsSync(file)) {
    console.error(`no calibration set at ${file ?? '(missing argument)'}`);
    process.exit(2);
  }
  const started = performance.now();
  const result = await runParity(readCalibrationSet(file));
  const explained = readExplained();
  const rows = result.scores.map((s) => [
    s.code,
    String(s.aws),
    String(s.found),
    pct(s.found, s.aws),
    String(s.ours),
    String(s.agreed),
    pct(s.agreed, s.ours),
  ]);
  const board = scoreboard(result, explained) as { total: { aws: number; found: number; ours: number; agreed: number } };
  rows.push([
    'all codes',
    String(board.total.aws),
    String(board.total.found),
    pct(board.total.found, board.total.aws),
    String(board.total.ours),
    String(board.total.agreed),
    pct(board.total.agreed, board.total.ours),
  ]);
  const head = ['code', 'AWS', 'found', 'recall', 'ours', 'agreed', 'precision'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`${result.policies} policies (${file}), ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  const unexplained = result.differences.filter((d) => !explained.some((e) => explains(e, d)));
  const stale = explained.filter((e) => !result.differences.some((d) => explains(e, d)));
  console.log(
    `\n${result.differences.length} differences, ${result.differences.length - unexplained.length} explained (test/data/parity/explained.json), ${unexplained.length} unexplained`,
  );
  for (const d of unexplained) console.log(`  ${d.kind.padEnd(6)} ${d.policy} ${d.code} ${JSON.stringify(d.path)}: ${d.message}`);
  if (stale.length)
    console.log(
      `\n${stale.length} explanations no longer match a difference:\n${stale.map((e) => `  ${e.kind} ${e.policy} ${e.code} ${JSON.stringify(e.path)}`).join('\n')}`,
    );
  if (args.includes('--write')) {
    writeFileSync(SCOREBOARD_FILE, `${JSON.stringify(scoreboard(result, explained), null, 2)}\n`);
    console.log(`wrote ${SCOREBOARD_FILE}`);
  }
}

if (process.argv[1]?.endsWith('parity.ts')) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
