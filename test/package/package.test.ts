/**
 * The npm package works on its own: `npm pack` as a publisher would run it, the tarball installed
 * into an empty folder outside the repository with no network (`--offline`), and its `bin` run
 * there: `--version`, `check`, `evaluate` and `lsp --stdio`.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const repo = resolve(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string;
let tarball: string;
let project: string;
let bin: string;

function sh(cmd: string, args: string[], cwd: string, input?: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
}

function cli(args: string[], input?: string): SpawnSyncReturns<string> {
  return sh(process.execPath, [bin, ...args], project, input);
}

describe('the npm package', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'iam-studio-pack-'));
    const packed = sh(npm, ['pack', '--json', '--pack-destination', work], repo);
    assert.equal(packed.status, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info!.filename);
    project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
    const installed = sh(npm, ['install', '--offline', '--no-save', tarball], project);
    assert.equal(installed.status, 0, installed.stderr);
    bin = join(project, 'node_modules', 'iam-policy-studio', 'dist', 'cli.js');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('holds only run-time files: bundles, data, schemas; no sources, tests or source maps', () => {
    const r = sh('tar', ['-tzf', tarball], work);
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout
      .trim()
      .split('\n')
      .map((f) => f.replace(/^package\//, ''));
    for (const f of [
      'dist/cli.js',
      'dist/cli-bin.js',
      'dist/cli-bin.cache',
      'dist/cli-main.js',
      'dist/cli-main.cache',
      'dist/server.js',
      'dist/extension.js',
      'dist/catalog.json',
      'dist/managed-policies.jsonl',
      'package.json',
      'README.md',
      'LICENSE',
    ]) {
      assert.ok(files.includes(f), `${f} is in the tarball`);
    }
    const leaked = files.filter(
      (f) => /^(server|client|test|scripts|bench|node_modules)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'),
    );
    assert.deepEqual(leaked, []);
  });

  it('needs no dependencies at run time', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', 'iam-policy-studio', 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(pkg.dependencies, undefined);
    assert.deepEqual(
      readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.')),
      ['iam-policy-studio'],
    );
  });

  it('installs the bin and prints the tool and catalog versions', () => {
    const r = sh(process.execPath, [join(project, 'node_modules', '.bin', 'iam-policy-studio'), '--version'], project);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^iam-policy-studio \d+\.\d+\.\d+\n/);
    assert.match(r.stdout, /AWS service catalog: .* \d+ services, \d+ actions/);
  });

  it('check reports an invalid action and exits 1; a valid policy passes with 0', () => {
    writeFileSync(
      join(project, 'bad.policy.json'),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] }, null, 2),
    );
    const bad = cli(['check', 'bad.policy.json']);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stdout, /bad\.policy\.json:\d+:\d+ error INVALID_ACTION/);
    writeFileSync(
      join(project, 'good.policy.json'),
      JSON.stringify(
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] },
        null,
        2,
      ),
    );
    const good = cli(['check', 'good.policy.json']);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    // From the V8 code cache made with the production build (server/src/cli/codeCache.ts).
    const debug = spawnSync(process.execPath, [bin, 'check', 'bad.policy.json'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', NODE_DEBUG: 'iam-policy-studio', NODE_OPTIONS: '' },
    });
    assert.equal(debug.stdout, bad.stdout);
    assert.match(debug.stderr, /code cache \(cli-main\.js\): used/);
  });

  it('evaluate answers a request line', () => {
    const line = JSON.stringify({
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }],
      request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
    });
    const r = cli(['evaluate', '--brief', '-'], `${line}\n`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout.trim()) as { decision: string }).decision, 'Allowed');
    // From the V8 code cache made with the production build (server/src/cli/codeCache.ts).
    const debug = spawnSync(process.execPath, [bin, 'evaluate', '--brief', '-'], {
      cwd: project,
      input: `${line}\n`,
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'iam-policy-studio', NODE_OPTIONS: '' },
    });
    assert.equal(debug.stdout, r.stdout);
    assert.match(debug.stderr, /code cache: used/);
  });

  it('lsp --stdio answers initialize with the server capabilities', async () => {
    const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd: project, stdio: ['pipe', 'pipe', 'pipe'] });
    const frame = (msg: object): string => {
      const body = JSON.stringify(msg);
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    const response = await new Promise<{ id: number; result?: { capabilities?: Record<string, unknown> } }>((done, fail) => {
      let buf = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        buf += d;
        const m = /Content-Length: (\d+)\r\n\r\n/.exec(buf);
        if (!m) return;
        const start = m.index + m[0].length;
        const body = buf.slice(start, start + Number(m[1]));
        if (Buffer.byteLength(body) < Number(m[1])) return;
        done(JSON.parse(body) as { id: number });
      });
      child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
      child.stdin.write(
        frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }),
      );
    });
    child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
    child.kill();
    assert.equal(response.id, 1);
    assert.ok(response.result?.capabilities?.completionProvider, 'completion is offered');
    assert.ok(response.result?.capabilities?.hoverProvider, 'hover is offered');
  });
});
