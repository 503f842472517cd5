/**
 * Where the evaluator's data cases live (test/data/evaluator, each citing the AWS page that states
 * its answer), for the tests that run them through the core, the decision plans and the CLI.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const EVALUATOR_CASES_DIR = join(__dirname, '..', 'data', 'evaluator');

/** Every `.json` file under `dir`, in sorted order, subfolders included. */
export function evaluatorCaseFiles(dir = EVALUATOR_CASES_DIR): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? evaluatorCaseFiles(p) : n.endsWith('.json') ? [p] : [];
    });
}
