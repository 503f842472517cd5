/**
 * Where the evaluator's data cases live (test/data/evaluator, each citing the AWS page that states
 * its answer), for the tests that run them through the core, the decision plans and the CLI.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What a case states AWS answers (`decidedBy` names statements as `identity/0/Sid`, `scp/1.0/#2`). */
export interface EvaluatorCaseExpected {
  decision: 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny' | 'Error';
  blockedBy?: string;
  decidedBy?: string[];
  missingContextKeys?: string[];
  summaryIncludes?: string;
  errorIncludes?: string;
}

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
