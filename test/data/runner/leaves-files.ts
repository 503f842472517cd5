// A test file that leaves a folder and a file in the temporary folder: the test runner must fail
// the run and name them (test/tooling/runner-temp-folder.test.ts runs it).
import { test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('makes a folder and a file in the temporary folder and leaves them', () => {
  writeFileSync(join(mkdtempSync(join(tmpdir(), 'left-folder-')), 'inside.txt'), 'left');
  writeFileSync(join(tmpdir(), 'left-file.txt'), 'left');
});
