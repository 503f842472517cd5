// A test file that writes into a folder from tempDir, removed when its test ends: the test runner
// finds nothing left (test/tooling/runner-temp-folder.test.ts runs it).
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/tempDir';

test('writes into a folder of its own and leaves nothing', (t) => {
  writeFileSync(join(tempDir(t, 'removed-folder-'), 'inside.txt'), 'removed');
});
