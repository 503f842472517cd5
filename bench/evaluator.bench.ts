/**
 * Evaluator benchmark. `npm run bench evaluator` (or `node --import tsx bench/evaluator.bench.ts`
 * after `node scripts/build.mjs`).
 *
 * 1. Evaluations per second on a generated batch: realistic policy sets (identity policies with
 *    conditions and variables, a resource policy, a boundary, two SCP levels, an RCP) parsed
 *    once, requests varying principal, action, resource and context. Target: ≥ 100,000/s.
 * 2. The whole CLI: `node dist/cli.js evaluate <file> > out.jsonl` on a generated 10,000-line
 *    file, with and without --brief (targets ≥ 50,000 and ≥ 25,000 lines/s), by wall clock from
 *    spawn to exit and per CPU-second, with the ratio to the library rate; the same with stdout a
 *    socket read by the bench (as `| next-step`); and on 40,000 lines, whose peak memory should match.
 *    Each figure is the best of BENCH_RUNS runs (default 3); the start-up alone is shown too,
 *    next to Node's own (`node -e 0`; and both without NODE_EXTRA_CA_CERTS when it is set).
 * Prints figures only; targets are shown for reading, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { arnMatches, evaluate, type EvaluationRequest, type PolicySet } from '../server/src/core/evaluator';
import { compilePattern } from '../server/src/core/evaluator/pattern';
import { parsePolicy, type Policy } from '../server/src/core/policy';

const ACCOUNTS = ['111122223333', '444455556666'];
const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  'sqs:SendMessage',
  'ec2:DescribeInstances',
  'iam:CreateUser',
  'kms:Decrypt',
  'dynamodb:GetItem',
];

/** Deterministic pseudo-random numbers, so every run measures the same batch. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

function rawPolicies(i: number): Record<string, unknown> {
  const team = ['red', 'blue', 'green'][i % 3];
  return {
    identityPolicies: [
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Home',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: 'arn:aws:s3:::corp-data/home/${aws:username}/*',
          },
          {
            Sid: 'List',
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: 'arn:aws:s3:::corp-data',
            Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } },
          },
          { Sid: 'Describe', Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
          {
            Sid: 'Team',
            Effect: 'Allow',
            Action: 'sqs:*',
            Resource: `arn:aws:sqs:*:${ACCOUNTS[0]}:${team}-*`,
            Condition: { StringEquals: { 'aws:PrincipalTag/team': team } },
          },
        ],
      },
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'NoIam',
            Effect: 'Deny',
            Action: 'iam:*',
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
          {
            Sid: 'Network',
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] }, Bool: { 'aws:ViaAWSService': 'false' } },
          },
        ],
      },
    ],
    resourcePolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Partner',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNTS[1]}:root` },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::corp-data/shared/*',
        },
        {
          Sid: 'TLS',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    },
    permissionBoundaries: [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'ec2:Describe*', 'kms:Decrypt'], Resource: '*' }] },
    ],
    scps: [
      [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
      [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            {
              Effect: 'Deny',
              Action: '*',
              Resource: '*',
              Condition: {
                StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] },
                'ForAllValues:StringNotLike': { 'aws:PrincipalArn': ['arn:aws:iam::*:role/admin*'] },
              },
            },
          ],
        },
      ],
    ],
    rcps: [
      [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: '*',
              Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-corp' } },
            },
          ],
        },
      ],
    ],
  };
}

function parseSet(raw: Record<string, unknown>): PolicySet {
  const p = (v: unknown): Policy => parsePolicy(v).policy;
  return {
    identityPolicies: (raw.identityPolicies as unknown[]).map(p),
    resourcePolicy: p(raw.resourcePolicy),
    permissionBoundaries: (raw.permissionBoundaries as unknown[]).map(p),
    scps: (raw.scps as unknown[][]).map((l) => l.map(p)),
    rcps: (raw.rcps as unknown[][]).map((l) => l.map(p)),
  };
}

function makeRequest(r: (n: number) => number): Record<string, unknown> {
  const user = ['alice', 'bob', 'carol', 'dave'][r(4)] as string;
  const account = ACCOUNTS[r(10) === 0 ? 1 : 0] as string;
  const action = ACTIONS[r(ACTIONS.length)] as string;
  const resource = action.startsWith('s3:')
    ? `arn:aws:s3:::corp-data/${r(3) === 0 ? 'shared' : `home/${['alice', 'bob'][r(2)]}`}/f${r(100)}.txt`
    : action.startsWith('sqs:')
      ? `arn:aws:sqs:us-east-1:${ACCOUNTS[0]}:${['red', 'blue'][r(2)]}-q`
      : '*';
  return {
    principal: `arn:aws:iam::${account}:user/${user}`,
    action,
    resource,
    context: {
      'aws:username': user,
      'aws:PrincipalTag/team': ['red', 'blue', 'green'][r(3)] as string,
      'aws:SourceIp': r(5) === 0 ? '198.51.100.7' : `10.0.${r(255)}.${r(255)}`,
      'aws:SecureTransport': r(20) === 0 ? 'false' : 'true',
      'aws:RequestedRegion': ['us-east-1', 'eu-west-1', 'ap-south-1'][r(3)] as string,
      'aws:PrincipalArn': `arn:aws:iam::${account}:user/${user}`,
      's3:prefix': `home/${user}/`,
      ...(r(10) === 0 ? {} : { 'aws:PrincipalOrgID': 'o-corp' }),
    },
  };
}

interface Rate {
  /** Per wall-clock second. */
  readonly wall: number;
  /** Per CPU-second of this process (steadier than wall time on a shared machine). */
  readonly cpu: number;
}

function benchLibrary(explain: boolean): Rate {
  const r = rng(42);
  const sets = Array.from({ length: 6 }, (_, i) => parseSet(rawPolicies(i)));
  const requests = Array.from({ length: 2000 }, () => {
    const q = makeRequest(r);
    return {
      ...q,
      principal: { type: 'user', arn: q.principal as string, account: (q.principal as string).split(':')[4] },
    } as unknown as EvaluationRequest;
  });
  const counts: Record<string, number> = {};
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      const out = evaluate(requests[i % requests.length] as EvaluationRequest, sets[i % sets.length] as PolicySet, { explain });
      counts[out.decision] = (counts[out.decision] ?? 0) + 1;
    }
  };
  run(20_000); // warm-up, compiles every statement once
  for (const k of Object.keys(counts)) delete counts[k];
  const n = 200_000;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  run(n);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const rate = { wall: Math.round((n / ms) * 1000), cpu: Math.round(n / ((cpu.user + cpu.system) / 1e6)) };
  console.log(
    `library${explain ? '' : ' (explain: false, as --brief)'}: ${n.toLocaleString('en-US')} evaluations in ${ms.toFixed(0)} ms → ${fmt(rate.wall)} evaluations/s, ${fmt(rate.cpu)} per CPU-second (target ≥ 100,000/s)`,
  );
  console.log(
    `  policy sets: 6 × (2 identity, 1 resource, 1 boundary, 2 SCP levels, 1 RCP; 15 statements); decisions: ${JSON.stringify(counts)}`,
  );
  return rate;
}

const fmt = (n: number) => n.toLocaleString('en-US');

interface CliRun {
  readonly wall: number;
  readonly cpu: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssKb: number;
  readonly summary: string;
  readonly stdout: string;
}

/**
 * Where a measured run's stdout goes. `file`: a file, as in `evaluate batch.jsonl > results.jsonl`
 * (the target figures: the run is timed from spawn to exit, nothing else). `socket`: a socket this
 * process reads while the child runs (what spawnSync gives a child: a Unix socket pair, not a
 * pipe), as in `evaluate … | next-step`: the child must wait for its reader, never buffer its
 * output; the wall time then also holds this process's reading.
 */
type Stdout = 'file' | 'socket';

/** One whole-process run of the CLI on `file`: lines/s by wall clock and per CPU-second, peak memory. */
function runCli(cli: string, file: string, lines: number, brief: boolean, env?: NodeJS.ProcessEnv, to: Stdout = 'file'): CliRun {
  return runNode([cli, 'evaluate', ...(brief ? ['--brief'] : []), file], lines, env, to);
}

/** One whole-process run of Node with `args` (after the usage preload) and `env` (default: this process's). */
function runNode(argv: readonly string[], lines: number, env?: NodeJS.ProcessEnv, to: Stdout = 'file'): CliRun {
  const usage = join(__dirname, 'process-usage.cjs');
  const args = ['--require', usage, ...argv];
  const outFile = join(outDir(), 'stdout.jsonl');
  const fd = to === 'file' ? openSync(outFile, 'w') : undefined;
  const start = performance.now();
  const res = spawnSync(process.execPath, args, {
    stdio: ['ignore', fd ?? 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    env: env ?? process.env,
  });
  const ms = performance.now() - start;
  if (fd !== undefined) closeSync(fd);
  // Read and decoded after the clock stopped.
  const stdout = fd !== undefined ? readFileSync(outFile, 'utf8') : res.stdout.toString('utf8');
  const used = JSON.parse(/@usage (.*)/.exec(res.stderr.toString('utf8'))?.[1] ?? '{"cpuMs":NaN,"maxRssKb":NaN}') as {
    cpuMs: number;
    maxRssKb: number;
  };
  const out = stdout.trim().split('\n');
  const errors = out.filter((l) => l.includes('"error"')).length;
  return {
    wall: Math.round((lines / ms) * 1000),
    cpu: Math.round((lines / used.cpuMs) * 1000),
    wallMs: ms,
    cpuMs: used.cpuMs,
    maxRssKb: used.maxRssKb,
    summary: `exit ${res.status}, ${out.length} output lines, ${errors} error line(s), ${(Buffer.byteLength(stdout) / 1e6).toFixed(1)} MB out`,
    stdout,
  };
}

let benchDir: string | undefined;
/** The bench's temporary folder (inputs, the stdout file), removed at the end. */
function outDir(): string {
  benchDir ??= mkdtempSync(join(tmpdir(), 'iam-eval-bench-'));
  return benchDir;
}

/** The best of `n` runs (the machine may be shared: the least disturbed run is the closest to the code's cost). */
function bestOf(n: number, run: () => CliRun): CliRun {
  let best: CliRun | undefined;
  for (let i = 0; i < n; i++) {
    const r = run();
    if (!best || r.cpuMs < best.cpuMs)
      best = { ...r, wall: Math.max(r.wall, best?.wall ?? 0), wallMs: Math.min(r.wallMs, best?.wallMs ?? Infinity) };
    else best = { ...best, wall: Math.max(r.wall, best.wall), wallMs: Math.min(r.wallMs, best.wallMs) };
  }
  return best as CliRun;
}

/**
 * The whole CLI on the generated 10,000-line batch (targets: ≥ 50,000 lines/s with --brief,
 * ≥ 25,000 explained), and on the same batch four times over, to show memory does not grow with
 * the number of lines. Ratios are to the in-process library rate. Also the start-up alone (an
 * empty input), and the rate once started (CPU of the run minus the start-up's).
 */
function benchCli(library: Rate, lean: Rate): void {
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.log('cli: dist/cli.js missing; run `node scripts/build.mjs` first (npm run bench does).');
    return;
  }
  const r = rng(7);
  const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ ...rawPolicies(i), request: makeRequest(r) }));
  lines[1234] = '{ this line is not json';
  const dir = outDir();
  const file = join(dir, 'requests.jsonl');
  const file4 = join(dir, 'requests-40k.jsonl');
  const empty = join(dir, 'empty.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  writeFileSync(file4, `${[...lines, ...lines, ...lines, ...lines].join('\n')}\n`);
  writeFileSync(empty, '');
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  try {
    const startup = bestOf(runs, () => runCli(cli, empty, 0, true));
    const bare = bestOf(runs, () => runNode(['-e', '0'], 0));
    console.log(
      `cli start-up (empty input): ${startup.wallMs.toFixed(0)} ms wall, ${startup.cpuMs.toFixed(0)} ms CPU; Node alone (node -e 0): ${bare.wallMs.toFixed(0)} ms wall, ${bare.cpuMs.toFixed(0)} ms CPU (best of ${runs}; ${load()})`,
    );
    showCaCertificates(cli, empty, runs);
    const outputs: string[] = [];
    for (const brief of [true, false]) {
      const one = bestOf(runs, () => runCli(cli, file, 10_000, brief));
      outputs.push(one.stdout);
      const target = brief ? 50_000 : 25_000;
      const core = brief ? lean : library;
      const started = Math.round(10_000 / ((one.cpuMs - startup.cpuMs) / 1000));
      console.log(
        `cli${brief ? ' --brief' : ''} (${load()}), stdout a file: 10,000 lines → ${fmt(one.wall)} lines/s wall (target ≥ ${fmt(target)}), ${fmt(one.cpu)} per CPU-second (${one.cpuMs.toFixed(0)} ms CPU; ${fmt(started)}/CPU-s after start-up); ratio to the library${brief ? ' (explain: false)' : ''}: ${(one.wall / core.wall).toFixed(2)}× wall, ${(one.cpu / core.cpu).toFixed(2)}× CPU; peak ${Math.round(one.maxRssKb / 1024)} MB (${one.summary})`,
      );
      const piped = bestOf(runs, () => runCli(cli, file, 10_000, brief, undefined, 'socket'));
      console.log(
        `cli${brief ? ' --brief' : ''}, stdout a socket this process reads (as \`| next-step\`): 10,000 lines → ${fmt(piped.wall)} lines/s wall, ${fmt(piped.cpu)} per CPU-second (${piped.cpuMs.toFixed(0)} ms CPU)${piped.stdout === one.stdout ? '' : ' — OUTPUT DIFFERS from the run to a file'}`,
      );
      const four = bestOf(Math.min(runs, 2), () => runCli(cli, file4, 40_000, brief));
      console.log(
        `cli${brief ? ' --brief' : ''}: 40,000 lines → ${fmt(four.wall)} lines/s wall, ${fmt(four.cpu)} per CPU-second (${four.cpuMs.toFixed(0)} ms CPU); ratio to the library${brief ? ' (explain: false)' : ''}: ${(four.cpu / core.cpu).toFixed(2)}× CPU; peak ${Math.round(four.maxRssKb / 1024)} MB (memory flat in the number of lines: ${Math.round(one.maxRssKb / 1024)} MB at 10,000)`,
      );
    }
    console.log(`cli: --brief output ${sameDecisions(outputs[0] ?? '', outputs[1] ?? '')} (the lean core path)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * With NODE_EXTRA_CA_CERTS set (as on machines behind a TLS-inspecting proxy), Node 20 parses its
 * bundled root certificates and the file's when it starts, before any JavaScript runs: on a
 * machine where it is set, the start-ups again without it, to tell Node's share from the CLI's.
 */
function showCaCertificates(cli: string, empty: string, runs: number): void {
  if (!process.env.NODE_EXTRA_CA_CERTS) return;
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const startup = bestOf(runs, () => runCli(cli, empty, 0, true, env));
  const bare = bestOf(runs, () => runNode(['-e', '0'], 0, env));
  console.log(
    `  NODE_EXTRA_CA_CERTS is set (Node parses CA certificates at start-up, every figure here includes it); without it: cli start-up ${startup.wallMs.toFixed(0)} ms wall, ${startup.cpuMs.toFixed(0)} ms CPU; Node alone ${bare.wallMs.toFixed(0)} ms wall, ${bare.cpuMs.toFixed(0)} ms CPU`,
  );
}

/** The 1-minute load average and the number of cores: wall-clock figures mean little on a busy machine. */
function load(): string {
  return `load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} cores`;
}

/**
 * Whether each --brief line is the explained line without its explanation (`--brief` runs the
 * core's lean path, which builds none): "identical on all N lines", or the first difference.
 */
function sameDecisions(brief: string, explained: string): string {
  const b = brief.trim().split('\n');
  const e = explained.trim().split('\n');
  if (b.length !== e.length) return `DIFFERS: ${b.length} lines, explained ${e.length}`;
  for (let i = 0; i < b.length; i++) {
    const full = JSON.parse(e[i] as string) as Record<string, unknown>;
    delete full['policies'];
    if (JSON.stringify(full) !== b[i]) return `DIFFERS on line ${i + 1}: ${b[i]} vs ${JSON.stringify(full)}`;
  }
  return `identical to the explained output without "policies" on all ${fmt(b.length)} lines`;
}

/** Prints a few decisions of the generated batch, to check it exercises every outcome. */
function showSample(): void {
  const r = rng(42);
  const set = parseSet(rawPolicies(0));
  for (let i = 0; i < 5; i++) {
    const q = makeRequest(r);
    const o = evaluate({ ...q, principal: { type: 'user', arn: q.principal as string } } as unknown as EvaluationRequest, set);
    console.log(`  sample: ${String(q.action)} ${String(q.resource)} → ${o.summary}`);
  }
}

/** Worst-case wildcard matching: a pathological pattern on a 4 KB string (target: well under 1 ms). */
function benchPathological(): void {
  const text = 'a'.repeat(4096);
  const cases: Array<[string, () => boolean]> = [
    ['StringLike a*a*…a*b (40 stars) on 4 KB', () => compilePattern(`${'a*'.repeat(40)}b`).matches(text)],
    ['StringLike *a*a…*b* (60 stars) on 4 KB', () => compilePattern(`${'*a'.repeat(30)}*b*`).matches(text)],
    ['StringLike *aaaa…ab*a (20-char segment) on 4 KB', () => compilePattern(`*${'a'.repeat(20)}b*a`).matches(text)],
    ['ArnLike *a*a…*b (50 stars) on a 4 KB ARN', () => arnMatches(`arn:aws:s3:::${'*a'.repeat(50)}*b`, `arn:aws:s3:::${text}`)],
  ];
  for (const [name, fn] of cases) {
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const s = performance.now();
      fn();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    console.log(
      `pathological ${name}: median ${((times[25] ?? 0) * 1000).toFixed(0)} µs, max ${((times[49] ?? 0) * 1000).toFixed(0)} µs (result ${fn()})`,
    );
  }
}

// BENCH_LIB_ONLY=1 skips the CLI part (handy with --cpu-prof).
const library = benchLibrary(true);
const lean = benchLibrary(false);
showSample();
benchPathological();
if (!process.env.BENCH_LIB_ONLY) benchCli(library, lean);
