import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runCli } from '../../../server/src/cli/main';
import { catalogVersionLine, getCatalog } from '../../../server/src/node/catalogFile';

test('the CLI --version shows the catalog data version and date', async () => {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await runCli(['--version'], { stdout, stderr: new PassThrough(), stdin: new PassThrough(), cwd: process.cwd() });
  assert.equal(code, 0);
  const c = getCatalog();
  assert.match(out, /^iam-policy-studio \d+\.\d+\.\d+\n/);
  assert.ok(out.includes(c.source.version), out);
  assert.ok(out.includes(`data of ${c.source.updatedAt.slice(0, 10)}`), out);
  assert.equal(out.split('\n')[1], catalogVersionLine());
});
