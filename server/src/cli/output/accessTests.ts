/**
 * `test --format sarif`: the model's problems and every failing access test as located findings
 * (the test entry in the model file), so code scanning shows "alice may not s3:GetObject" on the
 * line of the model that states the intent.
 */
import { relative, resolve, sep } from 'node:path';
import type { AccessTestResult, Model } from '../../core/model';
import { modelProblemDiagnostics, type LocatedProblem } from '../modelReport';
import type { CheckReport } from './report';

/** The rule of a failing access test (not an Access Analyzer check). */
export const ACCESS_TEST_FAILED = 'ACCESS_TEST_FAILED';

/**
 * A report over the model's files: model problems and failed tests located by JSON path.
 * `root` is the folder the model's paths are relative to; report paths are relative to `base`.
 */
export function accessTestReport(model: Model, results: readonly AccessTestResult[], root: string, base: string): CheckReport {
  const failed: LocatedProblem[] = results
    .filter((r) => !r.passed)
    .map((r) => ({ code: ACCESS_TEST_FAILED, message: `Access test failed: ${r.message}`, file: r.test.source.file, path: r.test.source.path, severity: 'error' }));
  const byFile = modelProblemDiagnostics(root, [...model.problems, ...failed], {});
  const files = new Map([[model.file, byFile.get(model.file) ?? []], ...byFile]);
  const toBase = (file: string) => relative(base, resolve(root, file)).split(sep).join('/');
  return { files: [...files].map(([file, diagnostics]) => ({ path: toBase(file), diagnostics })), skipped: 0 };
}
