/** docs/settings.md is generated from package.json's settings: fail when someone forgot to regenerate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

test('docs/settings.md matches package.json contributes.configuration (node scripts/settings-doc.mjs)', () => {
  const root = join(__dirname, '../../..');
  const r = spawnSync(process.execPath, ['scripts/settings-doc.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
