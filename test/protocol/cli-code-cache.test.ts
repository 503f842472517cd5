/**
 * The executable (dist/cli.js) runs the bin's bundle from the V8 code cache made with the build
 * (dist/cli-bin.cache, server/src/cli/codeCache.ts), and a cache it cannot use — missing, changed,
 * cut short, made for other text of the same length — changes nothing but the start-up: the bundle
 * is then compiled from its source, with the same output. `NODE_DEBUG=iam-policy-studio` says which.
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

/** `evaluate [--brief] <file>` run with the executable in `dir`: its stdout, exit code and what it says of the cache. */
function run(dir: string, input: string, brief: boolean): { stdout: string; status: number | null; cache: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG: 'iam-policy-studio' };
  // V8 options there would (rightly) make V8 refuse the cache.
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [join(dir, 'cli.js'), 'evaluate', ...(brief ? ['--brief'] : []), input], { encoding: 'utf8', env });
  return { stdout: r.stdout, status: r.status, cache: /code cache: (.*)/.exec(r.stderr)?.[1] ?? `(nothing said) ${r.stderr}` };
}

test('the executable uses the build’s code cache, and answers the same without a usable one', () => {
  assert.ok(existsSync(join(DIST, 'cli-bin.cache')), 'build first: dist/cli-bin.cache is missing (npm run build)');
  const root = mkdtempSync(join(tmpdir(), 'iam-code-cache-'));
  try {
    const input = join(root, 'batch.jsonl');
    writeFileSync(input, batch());
    const copy = (name: string, change: (dir: string) => void): string => {
      const dir = mkdtempSync(join(root, `${name}-`));
      for (const f of ['cli.js', 'cli-bin.js', 'cli-bin.cache']) copyFileSync(join(DIST, f), join(dir, f));
      change(dir);
      return dir;
    };
    const flip = (dir: string, at: (length: number) => number) => {
      const bytes = readFileSync(join(dir, 'cli-bin.cache'));
      const i = at(bytes.length);
      bytes[i] = (bytes[i] as number) ^ 0x10;
      writeFileSync(join(dir, 'cli-bin.cache'), bytes);
    };
    const cases: [string, string, (dir: string) => void][] = [
      ['missing', 'none', (dir) => rmSync(join(dir, 'cli-bin.cache'))],
      // A byte of V8's data (the end of the file): V8 verifies the data's checksum.
      ['changed', 'rejected', (dir) => flip(dir, (n) => n - 100)],
      [
        'cut short',
        'rejected',
        (dir) => writeFileSync(join(dir, 'cli-bin.cache'), readFileSync(join(dir, 'cli-bin.cache')).subarray(0, -1000)),
      ],
      // The bundle changed, to the same length (V8 itself compares only the source's length) and meaning.
      [
        'other source',
        'made for other source',
        (dir) => {
          const file = join(dir, 'cli-bin.js');
          const text = readFileSync(file, 'utf8');
          assert.ok(text.includes('"use strict";'));
          writeFileSync(file, text.replace('"use strict";', "'use strict';"));
        },
      ],
      ['garbage', 'made for other source', (dir) => writeFileSync(join(dir, 'cli-bin.cache'), 'not a cache')],
    ];
    for (const brief of [true, false]) {
      const shipped = run(DIST, input, brief);
      assert.equal(shipped.cache, 'used');
      assert.equal(shipped.status, 0);
      assert.equal(shipped.stdout.trim().split('\n').length, 5);
      assert.match(shipped.stdout, /"decision":"Allowed"/);
      for (const [name, said, change] of cases) {
        const other = run(copy(name.replace(' ', '-'), change), input, brief);
        assert.equal(other.cache, said, name);
        assert.equal(other.status, 0, name);
        assert.equal(other.stdout, shipped.stdout, `${name}: same output`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
