/**
 * CLI `check` benchmark. `npm run bench cli` (or `node --import tsx bench/cli.bench.ts` after
 * `node scripts/build.mjs`).
 *
 * 1. In process: `checkFiles` (read, detect, parse, `doValidation`) over 1,000 generated policy
 *    files in a temp folder: files per second once warm.
 * 2. The whole CLI: `node dist/cli.js check <folder>` in text and SARIF formats, start-up and
 *    catalog load included: files per second end to end.
 * The files are realistic in size (4–24 statements, conditions, ARNs); one in ten has a mistake,
 * one in five is a `.json` file detected by content. Prints figures only; nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { checkFiles } from '../server/src/cli/check';
import { expandPaths } from '../server/src/cli/files';
import { DEFAULT_SETTINGS } from '../server/src/node/settings';

const FILES = 1000;
const SERVICES = ['s3', 'ec2', 'sqs', 'dynamodb', 'kms', 'lambda', 'logs', 'iam'];

function statement(i: number, j: number): Record<string, unknown> {
  const svc = SERVICES[(i + j) % SERVICES.length] as string;
  const s: Record<string, unknown> = {
    Sid: `S${j}`,
    Effect: j % 7 === 6 ? 'Deny' : 'Allow',
    Action: [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe*`].slice(0, 1 + (j % 3)),
    Resource: [`arn:aws:${svc}:us-east-1:111122223333:team-${i % 13}/*`, `arn:aws:${svc}:eu-west-1:111122223333:shared-${j}`],
  };
  if (j % 3 === 0) s.Condition = { StringEquals: { 'aws:PrincipalTag/team': `team-${i % 13}` }, Bool: { 'aws:SecureTransport': 'true' } };
  return s;
}

function policyText(i: number): string {
  const statements = Array.from({ length: 4 + (i % 21) }, (_, j) => statement(i, j));
  let text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
  // One file in ten carries a mistake the checks report (a lowercase effect or a trailing comma).
  if (i % 10 === 3) text = text.replace('"Allow"', '"allow"');
  if (i % 10 === 7) text = text.replace(/\n\s*\]\n\}$/, ',\n  ]\n}');
  return text;
}

function generate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-cli-bench-'));
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `team-${i % 20}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, i % 5 === 0 ? `policy-${i}.json` : `policy-${i}.iam.json`), policyText(i));
  }
  return dir;
}

const quietIo = (cwd: string) => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: Readable.from(['']), cwd, env: {} });

async function inProcess(dir: string): Promise<void> {
  const { files } = expandPaths(['.'], dir);
  const ctx = { settings: DEFAULT_SETTINGS, base: dir, io: quietIo(dir) };
  await checkFiles(files, ctx); // warm-up: catalog load, JIT
  const runs = 3;
  const t0 = performance.now();
  let problems = 0;
  for (let r = 0; r < runs; r++) {
    const report = await checkFiles(files, ctx);
    problems = report.files.reduce((n, f) => n + f.diagnostics.length, 0);
  }
  const ms = (performance.now() - t0) / runs;
  console.log(`in process: ${files.length} files in ${ms.toFixed(0)} ms = ${Math.round((files.length / ms) * 1000)} files/s (${problems} diagnostics)`);
}

function wholeCli(dir: string, args: string[]): void {
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  if (!existsSync(cli)) return void console.log('dist/cli.js missing: run node scripts/build.mjs');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'check', ...args, '-o', join(dir, '..', `${process.pid}.out`)], { cwd: dir, encoding: 'utf8' });
  const ms = performance.now() - t0;
  console.log(`node dist/cli.js check ${args.join(' ')}: ${FILES} files in ${ms.toFixed(0)} ms = ${Math.round((FILES / ms) * 1000)} files/s (exit ${r.status})`);
}

async function main(): Promise<void> {
  const dir = generate();
  try {
    await inProcess(dir);
    wholeCli(dir, []);
    wholeCli(dir, ['--format', 'sarif']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(dir, '..', `${process.pid}.out`), { force: true });
  }
}

void main();
