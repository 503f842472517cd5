/**
 * Temporary folders for tests. A test removes what it makes: a folder from `tempDir` goes, with
 * everything written into it, when the test that made it has finished (passed or failed). The test
 * runner (scripts/run-node-tests.mjs) gives the tests a temporary folder of their own for each run
 * and reports what is left in it as a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new empty folder in the temporary folder, named `prefix` and a random suffix, removed when `t` has finished. */
export function tempDir(t: { after(fn: () => void): void }, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The folder for caches the tests keep from one run to the next on purpose, each file named after
 * a hash of what it was made from (so there is one per version, and a run reuses it): the
 * system's temporary folder, which the test runner passes in IAM_STUDIO_KEPT_TMPDIR while the
 * tests' own temporary folder is the run's.
 */
export function keptDir(): string {
  return process.env.IAM_STUDIO_KEPT_TMPDIR || tmpdir();
}
