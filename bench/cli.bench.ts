/**
 * CLI `check` benchmark. `npm run bench cli` (or `node --import tsx bench/cli.bench.ts` after
 * `node scripts/build.mjs`).
 *
 * 1. In process: `checkFiles` (read, detect, parse, `doValidation`) over 1,000 generated policy
 *    files in a temp folder: files per second once warm.
 * 2. The whole CLI: `node dist/cli.js check <folder>` in text and SARIF formats, start-up and
 *    catalog load included: files per second end to end.
 * 3. Start-up: `--version`, `--help`, `check` on one small policy (as a pre-commit hook runs it),
 *    `evaluate` on an empty input, and Node alone: wall and CPU time (user + system, from the
 *    process itself: bench/process-usage.cjs), best and median of BENCH_RUNS (default 7).
 * The files are realistic (4–24 statements over 8 services, real actions and well-formed ARNs,
 * conditions); one in ten has a mistake, one in five is a `.json` file detected by content. Prints
 * figures (and the diagnostics found, by code) only; nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { checkFiles } from '../server/src/cli/check';
import { expandPaths } from '../server/src/cli/files';
import { DEFAULT_SETTINGS } from '../server/src/node/settings';

const FILES = 1000;
/** Per service: real actions (one pattern each) and a resource ARN in that service's format. */
const SERVICES: ReadonlyArray<{ actions: string[]; arn: (i: number, j: number) => string }> = [
  { actions: ['s3:GetObject', 's3:PutObject', 's3:Get*'], arn: (i, j) => `arn:aws:s3:::bucket-${i % 13}/team-${j}/*` },
  {
    actions: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:Describe*'],
    arn: (i) => `arn:aws:ec2:us-east-1:111122223333:instance/i-0${(i % 13).toString(16)}abcdef12345678`,
  },
  {
    actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:Get*'],
    arn: (i, j) => `arn:aws:sqs:us-east-1:111122223333:queue-${i % 13}-${j}`,
  },
  {
    actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Batch*'],
    arn: (i, j) => `arn:aws:dynamodb:us-east-1:111122223333:table/t-${i % 13}-${j}`,
  },
  {
    actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:Describe*'],
    arn: () => 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  },
  {
    actions: ['lambda:InvokeFunction', 'lambda:GetFunction', 'lambda:Get*'],
    arn: (i, j) => `arn:aws:lambda:us-east-1:111122223333:function:f-${i % 13}-${j}`,
  },
  {
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:Describe*'],
    arn: (i, j) => `arn:aws:logs:us-east-1:111122223333:log-group:/app/${i % 13}/${j}:*`,
  },
  { actions: ['iam:PassRole', 'iam:GetRole', 'iam:List*'], arn: (i, j) => `arn:aws:iam::111122223333:role/app-${i % 13}-${j}` },
];

function statement(i: number, j: number): Record<string, unknown> {
  const svc = SERVICES[(i + j) % SERVICES.length] as (typeof SERVICES)[number];
  const s: Record<string, unknown> = {
    Sid: `S${j}`,
    Effect: j % 7 === 6 ? 'Deny' : 'Allow',
    Action: svc.actions.slice(0, 1 + (j % 3)),
    Resource: [svc.arn(i, j), svc.arn(i + 1, j + 1)],
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
  const codes = new Map<string, number>();
  for (let r = 0; r < runs; r++) {
    const report = await checkFiles(files, ctx);
    codes.clear();
    for (const d of report.files.flatMap((f) => f.diagnostics)) codes.set(String(d.code), (codes.get(String(d.code)) ?? 0) + 1);
  }
  const ms = (performance.now() - t0) / runs;
  const problems = [...codes.values()].reduce((a, b) => a + b, 0);
  console.log(
    `in process: ${files.length} files in ${ms.toFixed(0)} ms = ${Math.round((files.length / ms) * 1000)} files/s (${problems} diagnostics)`,
  );
  console.log(
    `  diagnostics by code: ${[...codes]
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}`,
  );
}

function wholeCli(dir: string, args: string[]): void {
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  if (!existsSync(cli)) return void console.log('dist/cli.js missing: run node scripts/build.mjs');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'check', ...args, '-o', join(dir, '..', `${process.pid}.out`)], {
    cwd: dir,
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  console.log(
    `node dist/cli.js check ${args.join(' ')}: ${FILES} files in ${ms.toFixed(0)} ms = ${Math.round((FILES / ms) * 1000)} files/s (exit ${r.status})`,
  );
}

/** One process: `node [--require process-usage] args` in `cwd`; its wall and CPU milliseconds. */
function timed(args: string[], cwd: string): { wallMs: number; cpuMs: number; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', join(__dirname, 'process-usage.cjs'), ...args], { cwd, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  const used = /@usage (.*)/.exec(r.stderr)?.[1];
  return { wallMs, cpuMs: used ? (JSON.parse(used) as { cpuMs: number }).cpuMs : NaN, status: r.status };
}

function startUp(dir: string): void {
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  if (!existsSync(cli)) return;
  const runs = Number(process.env.BENCH_RUNS ?? 7);
  const one = join(dir, 'team-0', 'policy-0.json');
  const empty = join(dir, 'empty.jsonl');
  writeFileSync(empty, '');
  const cases: [string, string[]][] = [
    ['node -e 0 (Node alone)', ['-e', '0']],
    ['--version', [cli, '--version']],
    ['--help', [cli, '--help']],
    ['check one small policy', [cli, 'check', one]],
    ['evaluate, empty input', [cli, 'evaluate', empty]],
  ];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  console.log(`start-up (best / median of ${runs}; load ${loadavg()[0]?.toFixed(1)}):`);
  for (const [name, args] of cases) {
    const all = Array.from({ length: runs }, () => timed(args, dir));
    const cpu = all.map((r) => r.cpuMs);
    const wall = all.map((r) => r.wallMs);
    console.log(
      `  ${name.padEnd(24)} ${Math.min(...cpu).toFixed(0)} / ${median(cpu).toFixed(0)} ms CPU, ${Math.min(...wall).toFixed(0)} / ${median(wall).toFixed(0)} ms wall (exit ${all[0]?.status})`,
    );
  }
}

async function main(): Promise<void> {
  const dir = generate();
  try {
    await inProcess(dir);
    wholeCli(dir, []);
    wholeCli(dir, ['--format', 'sarif']);
    startUp(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(dir, '..', `${process.pid}.out`), { force: true });
  }
}

void main();
