/**
 * The executable (dist/cli.js) runs its bundles from the V8 code caches made with the build
 * (server/src/cli/codeCache.ts): the bin's (dist/cli-bin.cache, `evaluate`) and the full CLI's
 * (dist/cli-main.cache: `check`, `--help`, `--version` and every other command). A cache it cannot
 * use — missing, changed, cut short, made for other text of the same length — changes nothing but
 * the start-up: the bundle is then compiled from its source, with the same output.
 * `NODE_DEBUG=iam-policy-studio` says which.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');

/** Input lines: allowed, denied, a repeated policy set, a bad request and a line that is not JSON. */
function batch(): string {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
  const line = (action: string, principal: unknown = 'arn:aws:iam::111122223333:user/alice') =>
    JSON.stringify({ identityPolicies: [policy], request: { principal, action, resource: 'arn:aws:s3:::b/k' } });
  return `${[line('s3:GetObject'), line('s3:PutObject'), line('s3:GetObject'), line('s3:GetObject', 7), '{ not json'].join('\n')}\n`;
}

/** The executable in `dir` run with `args` in `cwd`: its stdout, exit code and what it says of the cache `label` names. */
function run(dir: string, args: string[], label: string, cwd = dir): { stdout: string; status: number | null; cache: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG: 'iam-policy-studio', NO_COLOR: '1' };
  // V8 options there would (rightly) make V8 refuse the cache.
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], { encoding: 'utf8', env, cwd });
  const said = new RegExp(`${label.replace(/[()]/g, '\\$&')}: (.*)`).exec(r.stderr)?.[1];
  return { stdout: r.stdout, status: r.status, cache: said ?? `(nothing said) ${r.stderr}` };
}

/** A policy with a misspelt action (an error) and a lowercase effect. */
const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: ['s3:GetObjekt', 'iam:PassRole'], Resource: '*' }] };

/** Files copied next to each changed cache: the executable, both bundles and caches, the data `check` reads. */
const FILES = [
  'cli.js',
  'cli-bin.js',
  'cli-bin.cache',
  'cli-main.js',
  'cli-main.cache',
  'catalog.json',
  'web-tree-sitter.wasm',
  'tree-sitter-terraform.wasm',
];

/** Ways a cache can be unusable, what the executable then says, and how to make it so in a copy of dist/. */
function unusable(cache: string, bundle: string): [string, string, (dir: string) => void][] {
  const flip = (dir: string, at: (length: number) => number) => {
    const bytes = readFileSync(join(dir, cache));
    const i = at(bytes.length);
    bytes[i] = (bytes[i] as number) ^ 0x10;
    writeFileSync(join(dir, cache), bytes);
  };
  return [
    ['missing', 'none', (dir) => rmSync(join(dir, cache))],
    // A byte of V8's data (the end of the file): V8 verifies the data's checksum.
    ['changed', 'rejected', (dir) => flip(dir, (n) => n - 100)],
    ['cut short', 'rejected', (dir) => writeFileSync(join(dir, cache), readFileSync(join(dir, cache)).subarray(0, -1000))],
    // The bundle changed, to the same length (V8 itself compares only the source's length) and meaning.
    [
      'other source',
      'made for other source',
      (dir) => {
        const file = join(dir, bundle);
        const text = readFileSync(file, 'utf8');
        assert.ok(text.includes('"use strict";'));
        writeFileSync(file, text.replace('"use strict";', "'use strict';"));
      },
    ],
    ['garbage', 'made for other source', (dir) => writeFileSync(join(dir, cache), 'not a cache')],
  ];
}

/** Copies of dist/ (the files above) with `change` made, in `root`. */
function copier(root: string): (name: string, change: (dir: string) => void) => string {
  return (name, change) => {
    const dir = mkdtempSync(join(root, `${name.replace(' ', '-')}-`));
    for (const f of FILES) copyFileSync(join(DIST, f), join(dir, f));
    change(dir);
    return dir;
  };
}

test('evaluate uses the bin’s code cache, and answers the same without a usable one', () => {
  assert.ok(existsSync(join(DIST, 'cli-bin.cache')), 'build first: dist/cli-bin.cache is missing (npm run build)');
  const root = mkdtempSync(join(tmpdir(), 'iam-code-cache-'));
  try {
    const input = join(root, 'batch.jsonl');
    writeFileSync(input, batch());
    const copy = copier(root);
    const cases = unusable('cli-bin.cache', 'cli-bin.js');
    for (const brief of [true, false]) {
      const args = ['evaluate', ...(brief ? ['--brief'] : []), input];
      const shipped = run(DIST, args, 'code cache');
      assert.equal(shipped.cache, 'used');
      assert.equal(shipped.status, 0);
      assert.equal(shipped.stdout.trim().split('\n').length, 5);
      assert.match(shipped.stdout, /"decision":"Allowed"/);
      for (const [name, said, change] of cases) {
        const other = run(copy(name, change), args, 'code cache');
        assert.equal(other.cache, said, name);
        assert.equal(other.status, 0, name);
        assert.equal(other.stdout, shipped.stdout, `${name}: same output`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('check uses the full CLI’s code cache, and answers the same without a usable one', () => {
  assert.ok(existsSync(join(DIST, 'cli-main.cache')), 'build first: dist/cli-main.cache is missing (npm run build)');
  const root = mkdtempSync(join(tmpdir(), 'iam-code-cache-'));
  try {
    const policy = 'p.iam.json';
    writeFileSync(join(root, policy), JSON.stringify(POLICY, null, 2));
    const copy = copier(root);
    const label = 'code cache (cli-main.js)';
    const runs = [
      ['check', policy],
      ['check', '--format', 'sarif', policy],
    ];
    const shipped = runs.map((args) => {
      const r = run(DIST, args, label, root);
      assert.equal(r.cache, 'used', args.join(' '));
      assert.equal(r.status, 1, args.join(' '));
      return r.stdout;
    });
    assert.match(shipped[0] as string, /error INVALID_ACTION/);
    for (const [name, said, change] of unusable('cli-main.cache', 'cli-main.js')) {
      const dir = copy(name, change);
      runs.forEach((args, i) => {
        const other = run(dir, args, label, root);
        assert.equal(other.cache, said, `${name}: ${args.join(' ')}`);
        assert.equal(other.status, 1, `${name}: ${args.join(' ')}`);
        assert.equal(other.stdout, shipped[i], `${name}: ${args.join(' ')}: same output`);
      });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** The environment of these runs: the catalog next to the bundles, none configured or in the (empty) home folder. */
function quietEnv(home: string, debug: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, NODE_DEBUG: debug ? 'iam-policy-studio' : '' };
  for (const name of ['NODE_OPTIONS', 'IAM_POLICY_STUDIO_CATALOG', 'IAM_POLICY_STUDIO_DATA_DIR']) delete env[name];
  return env;
}

/** dist/cli-main.js run on its own (the full CLI: it loads the catalog for `--version`). */
function full(dir: string, args: string[], home: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(dir, 'cli-main.js'), ...args], { encoding: 'utf8', cwd: dir, env: quietEnv(home, false) });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

test('--help, --version and a usage error answer as the full CLI does, without loading it', () => {
  const root = mkdtempSync(join(tmpdir(), 'iam-code-cache-'));
  try {
    const runs: string[][] = [['--help'], ['--version'], [], ['no-such-command']];
    const check = (dir: string, loadsFull: (args: string[]) => boolean) => {
      for (const args of runs) {
        const r = spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], { encoding: 'utf8', cwd: dir, env: quietEnv(root, true) });
        const expected = full(dir, args, root);
        assert.equal(r.stdout, expected.stdout, args.join(' '));
        assert.equal(r.status, expected.status, args.join(' '));
        assert.equal(r.stderr.replace(/^IAM-POLICY-STUDIO \d+: .*\n/gm, ''), expected.stderr, args.join(' '));
        assert.equal(/cli-main\.js/.test(r.stderr), loadsFull(args), `${args.join(' ')}: ${r.stderr}`);
      }
    };
    check(DIST, () => false);
    assert.match(
      full(DIST, ['--version'], root).stdout,
      /^iam-policy-studio \d+\.\d+\.\d+\nAWS service catalog: .* \d+ services, \d+ actions\n$/,
    );
    // A catalog that does not start with its counts (written before they were): --version loads it, through the full CLI.
    const old = copier(root)('old-catalog', (dir) => {
      const text = readFileSync(join(dir, 'catalog.json'), 'utf8');
      const counts = /,"counts":\{[^{}]*\}/.exec(text);
      assert.ok(counts, 'the catalog starts with its counts');
      writeFileSync(join(dir, 'catalog.json'), text.replace(counts[0], ''));
    });
    check(old, (args) => args[0] === '--version');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
