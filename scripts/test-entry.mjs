// Imports the given test files into this process, in order; node:test runs the tests they
// register and sets the exit code. A file that fails to load becomes one failing test named
// after it, and the other files still run. Used by scripts/run-node-tests.mjs.
import { test } from 'node:test';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureTestArtifacts } from './test-artifacts.mjs';

const data = ensureTestArtifacts();
if (data) process.env.IAM_POLICY_STUDIO_DATA_DIR = data;

for (const file of process.argv.slice(2)) {
  try {
    await import(pathToFileURL(resolve(file)).href);
  } catch (error) {
    test(`${relative(process.cwd(), file)} loads`, () => {
      throw error;
    });
  }
}
