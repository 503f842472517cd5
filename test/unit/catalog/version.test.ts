import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runCli } from '../../../server/src/cli/main';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CATALOG_ENV,
  catalogVersionLine,
  catalogVersionLineFromHead,
  getCatalog,
  readCatalogFile,
  selectCatalogFile,
} from '../../../server/src/node/catalogFile';

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

test('--version’s catalog line read from the catalog file’s first bytes is the line of the catalog loaded', () => {
  const home = mkdtempSync(join(tmpdir(), 'iam-studio-home-'));
  try {
    const options = { env: {}, home };
    const selection = selectCatalogFile(options);
    assert.equal(selection?.origin, 'bundled');
    const c = readCatalogFile(selection!.file);
    const line = catalogVersionLineFromHead(options);
    assert.equal(line, `AWS service catalog: ${c.versionLabel}, ${c.stats.services} services, ${c.stats.actions} actions`);
    // Another catalog chosen (configured here; a user's newer one alike) is loaded to tell: it may fail and give way.
    writeFileSync(join(home, 'other.json'), '{"format": 1}');
    assert.equal(catalogVersionLineFromHead({ env: { [CATALOG_ENV]: join(home, 'other.json') }, home }), undefined);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
