/**
 * Makes the V8 code caches (server/src/cli/codeCache.ts) of the bundles the executable runs:
 * dist/cli-main.cache for dist/cli-main.js (every command but `evaluate`; warm-up: see
 * {@link mainCache}), and the bin's, dist/cli-bin.cache for the bundle dist/cli-bin.js as built: compiles the bundle as the executable does, runs it as
 * `evaluate --brief` and then `evaluate` over a warm-up batch, so that every function such runs
 * call is compiled, then saves V8's data. The warm-up batch is every request of the evaluator's
 * data cases (test/data/evaluator: every kind of policy, condition and principal the evaluator
 * knows), each once and then three times in a row (lines that repeat a policy set take their own
 * path), and two lines that are not valid input. Run by scripts/build.mjs (`node --import tsx
 * scripts/cli-code-cache.ts`, a process of its own: V8's flags must be the defaults, as when the
 * executable starts), with stdout discarded: the warm-up's results go there.
 *
 * The warm-up runs without the flag bin.ts sets for `evaluate` (--max-inlined-bytecode-size): it
 * only steers the optimising compiler, whose code is not cached, and a changed flag would make V8
 * refuse the cache in a run, which reads it before the flag is set.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { cacheFile, compileBundle, createCachedData } from '../server/src/cli/codeCache';
import type { CliIo } from '../server/src/cli/main';

const repo = join(__dirname, '..');
const dist = join(repo, 'dist');

/** Every `input` of the evaluator's data cases that holds a request, as JSON lines. */
function caseLines(): string[] {
  const dir = join(repo, 'test', 'data', 'evaluator');
  const lines: string[] = [];
  // A checkout without the tests (the GitHub Action builds from the files it needs) warms up on
  // FALLBACK_LINES instead.
  if (!existsSync(dir)) return lines;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const input = (v as { input?: unknown }).input;
      if (input && typeof input === 'object' && 'request' in input) lines.push(JSON.stringify(input));
      else Object.values(v).forEach(walk);
    }
  };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) walk(JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return lines;
}

/**
 * The warm-up requests where the checkout has no evaluator data cases: an allow, a deny with a
 * condition, a resource policy across accounts, a boundary and an SCP (the cache then covers less
 * of the evaluator; what it lacks is compiled on first call, as without a cache).
 */
const FALLBACK_LINES = [
  {
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }],
    request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
  },
  {
    identityPolicies: [
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:*', Resource: '*' },
          { Effect: 'Deny', Action: 's3:PutObject', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
        ],
      },
    ],
    permissionBoundaries: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }],
    scps: [[{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }]],
    request: {
      principal: 'arn:aws:iam::111122223333:role/r',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::b/k',
      context: { 'aws:RequestedRegion': 'us-east-1' },
    },
  },
  {
    resourcePolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sqs:SendMessage', Resource: '*' }],
    },
    request: {
      principal: 'arn:aws:iam::444455556666:user/bob',
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-east-1:111122223333:q',
    },
  },
].map((l) => JSON.stringify(l));

/** The warm-up batch (see above). */
function warmUpBatch(): string {
  const cases = caseLines();
  const lines = cases.length > 0 ? cases : FALLBACK_LINES;
  const invalid = ['{ not json', `${(lines[0] as string).slice(0, -1)},"request":{"principal":1}}`];
  return `${[...lines, ...lines.flatMap((l) => [l, l, l]), ...invalid].join('\n')}\n`;
}

/** Runs the bundle's module function as the executable would, with `args`, and waits for the run's exit code. */
async function runBin(run: ReturnType<typeof compileBundle>['run'], args: string[]): Promise<number> {
  const cli = join(dist, 'cli.js');
  process.argv = [process.execPath, cli, ...args];
  process.exitCode = undefined;
  const module = { exports: {} } as NodeJS.Module;
  run.call(module.exports, module.exports, binRequire, module, cli, dist);
  // runProcess (processRun.ts) sets the exit code when the command has finished.
  for (let waited = 0; process.exitCode === undefined; waited += 10) {
    if (waited > 120_000) throw new Error(`warm-up run ${args.join(' ')} did not finish`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const code = Number(process.exitCode);
  process.exitCode = undefined;
  return code;
}

/** The bundle's `require`: Node's, but setting no V8 flags (see above). */
const binRequire = Object.assign((id: string): unknown => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(id) as unknown;
  return id === 'node:v8' || id === 'v8' ? { ...(mod as object), setFlagsFromString: () => undefined } : mod;
}, require) as NodeJS.Require;

/** dist/cli-bin.cache: the bin's bundle, warmed up with `evaluate` (see above). */
async function binCache(dir: string): Promise<void> {
  const bundle = join(dist, 'cli-bin.js');
  const source = readFileSync(bundle);
  refuseDynamicImport(source, 'dist/cli-bin.js');
  const { script, run } = compileBundle(source.toString('utf8'), bundle, undefined);
  const batch = join(dir, 'warm-up.jsonl');
  writeFileSync(batch, warmUpBatch());
  for (const args of [
    ['evaluate', '--brief', batch],
    ['evaluate', batch],
  ]) {
    const code = await runBin(run, args);
    if (code !== 0) throw new Error(`warm-up run ${args.join(' ')} exited ${code}`);
  }
  save(source, createCachedData(script), 'cli-bin.cache');
}

/**
 * Policy files for the warm-up of `check` (written here, so that a checkout without test/ or
 * examples/ warms up the same): an identity policy with conditions, one with mistakes the checks
 * report (a misspelt action, a lowercase effect, a missing Version), a bucket policy and a trust
 * policy (principals), an SCP-like deny.
 */
const CHECK_FILES: Record<string, unknown> = {
  'app.iam.json': {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:List*'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] },
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/t',
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' }, Bool: { 'aws:SecureTransport': 'true' } },
      },
    ],
  },
  'mistakes.iam.json': {
    Statement: [
      { Effect: 'allow', Action: 's3:GetObjekt', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
    ],
  },
  'bucket-policy.json': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    ],
  },
  'trust.iam.json': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  },
  'deny.scp.iam.json': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      },
    ],
  },
};

/**
 * dist/cli-main.cache: every other command's bundle (main.ts), warmed up with what most runs are
 * (`check` over the files above in each output format, `--help`, `--version`, a usage error), each
 * run in this process with its output discarded.
 */
async function mainCache(dir: string): Promise<void> {
  const bundle = join(dist, 'cli-main.js');
  const source = readFileSync(bundle);
  refuseDynamicImport(source, 'dist/cli-main.js');
  const { script, run } = compileBundle(source.toString('utf8'), bundle, undefined);
  const module = { exports: {} } as NodeJS.Module;
  run.call(module.exports, module.exports, binRequire, module, bundle, dist);
  const { runCli } = module.exports as typeof import('../server/src/cli/main');
  for (const [name, text] of Object.entries(CHECK_FILES)) writeFileSync(join(dir, name), JSON.stringify(text, null, 2));
  const sink = (): NodeJS.WritableStream => new Writable({ write: (_chunk, _encoding, done) => done() });
  const io: CliIo = { stdout: sink(), stderr: sink(), stdin: Readable.from([]), cwd: dir, env: { NO_COLOR: '1' } };
  for (const [args, expected] of [
    [['--help'], 0],
    [['--version'], 0],
    [['no-such-command'], 2],
    [['check', '.'], 1],
    [['check', '--format', 'json', '.'], 1],
    [['check', '--format', 'sarif', '.'], 1],
    [['check', '--format', 'github', 'app.iam.json'], 0],
  ] as const) {
    const code = await runCli(args, io);
    if (code !== expected) throw new Error(`warm-up run ${args.join(' ')} exited ${code}`);
  }
  save(source, createCachedData(script), 'cli-main.cache');
}

/**
 * A bundle run from `vm` (codeCache.ts) has no loader for `import()`: a call would fail at run
 * time, only where the cache is used. Esbuild keeps `import()` of what it does not bundle.
 */
function refuseDynamicImport(source: Buffer, name: string): void {
  const at = /(?<![\w$.])import\(/.exec(source.toString('utf8'));
  if (at) throw new Error(`${name} calls import() (at character ${at.index}), which a bundle run from its code cache cannot`);
}

function save(source: Buffer, data: Buffer, name: string): void {
  writeFileSync(join(dist, name), cacheFile(source, data));
  process.stderr.write(`code cache: dist/${name} (${Math.round(data.length / 1024)} KB of V8 data)\n`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iam-studio-code-cache-'));
  try {
    await binCache(dir);
    await mainCache(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`cli-code-cache: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
