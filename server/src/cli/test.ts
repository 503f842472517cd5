/**
 * `iam-policy-studio test <model>`: runs the access tests written in a workspace model and exits
 * with 1 when one fails (or when the model has broken references), so CI can guard intent:
 * "alice may s3:GetObject on the reports", "ci-role may not iam:*".
 */
import { escapeControl } from './output/escape';
import { relative, resolve, sep } from 'node:path';
import { runAccessTests, type AccessTestResult } from '../service/accessTests';
import { runNeverAssertions, runPathAssertions, type Model, type NeverAssertionResult, type PathAssertionResult } from '../core/model';
import { getCatalog } from '../node/catalogFile';
import type { CliCommand } from './commands';
import type { CliIo } from './main';
import { loadModel, modelRoot } from './modelArgs';
import { accessTestReport } from './output/accessTests';
import { formatSarif } from './output/sarif';
import { folderUri } from './check';
import { version as TOOL_VERSION } from '../../../package.json';
import { COMMON_OPTIONS, parseCommandArgs, toOptionMap, usageError } from './options';
import { COMMAND_SUMMARIES } from './usage';

const USAGE = `Usage: iam-policy-studio test <model file> [--format text|json|sarif] [--root <dir>]

Runs the access tests ("tests": [...]) of a workspace model (*.iam-model.json), its noPath
assertions and its never-assertions (proved over every request the model allows).
--format sarif reports model problems and failing tests at their place in the model file
(paths relative to the current folder), for code scanning.

Exit code: 0 when every test passes, 1 when a test fails (a never-assertion that could not be
decided counts as failed) or the model has errors (a missing
file, an unknown group or policy, a path outside the workspace), 2 for bad usage.
`;

/** The `test` subcommand. */
export const testCommand: CliCommand = {
  name: 'test',
  summary: COMMAND_SUMMARIES.test,
  run: runTest,
};

const OPTIONS = { help: COMMON_OPTIONS.help, format: COMMON_OPTIONS.format, root: { type: 'string' } } as const;

async function runTest(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('test', args, OPTIONS, USAGE, io, ['text', 'json', 'sarif']);
  if (parsed.exit !== undefined) return parsed.exit;
  const options = toOptionMap(parsed.values);
  const positional = parsed.positionals;
  const format = parsed.format;
  if (positional.length !== 1) return usageError(io, 'test', 'expected exactly one model file');
  const loaded = loadModel(positional[0] as string, io, options.get('root')?.[0]);
  if (!loaded.ok) {
    io.stderr.write(`iam-policy-studio test: ${escapeControl(loaded.message)}\n`);
    // Code scanning still hears of it: the failure stays with the model file.
    if (format === 'sarif') io.stdout.write(unloadableSarif(positional[0] as string, loaded.message, io.cwd));
    return 2;
  }
  const results = runAccessTests(loaded.model, { catalog: getCatalog() });
  const assertions = runPathAssertions(loaded.model, { catalog: getCatalog() });
  const nevers = format === 'sarif' ? [] : runNeverAssertions(loaded.model, { catalog: getCatalog() });
  const errors = loaded.model.problems.filter((p) => p.severity === 'error');
  if (format === 'sarif') {
    const report = accessTestReport(
      loaded.model,
      modelRoot(positional[0] as string, io.cwd, options.get('root')?.[0]),
      io.cwd,
      getCatalog(),
      io.parseTerraform,
    );
    io.stdout.write(formatSarif(report, { toolVersion: TOOL_VERSION, srcRoot: folderUri(io.cwd) }));
    // The report holds the never-assertions as the editor shows them (run once, there).
    const neverFailed = report.files.some((f) => f.diagnostics.some((d) => d.code === 'NEVER_FAILED'));
    return results.some((r) => !r.passed) || assertions.some((r) => !r.passed) || neverFailed || errors.length > 0 ? 1 : 0;
  }
  io.stdout.write(format === 'json' ? json(loaded.model, results, assertions, nevers) : text(loaded.model, results, assertions, nevers));
  return results.some((r) => !r.passed) || assertions.some((r) => !r.passed) || nevers.some((r) => !r.passed) || errors.length > 0 ? 1 : 0;
}

function text(
  model: Model,
  results: readonly AccessTestResult[],
  assertions: readonly PathAssertionResult[],
  nevers: readonly NeverAssertionResult[],
): string {
  const lines = model.problems.map((p) => `${p.severity === 'error' ? 'ERROR' : 'warning'} ${p.file} ${p.path.join('.')}: ${p.message}`);
  for (const r of results) {
    lines.push(`${r.passed ? 'PASS' : 'FAIL'}  ${r.message}`);
    for (const s of r.failures[0]?.decidedBy ?? [])
      lines.push(`      decided by ${s.effect} ${s.sid ? `'${s.sid}'` : `#${s.statementIndex + 1}`} in ${s.policyName} (${s.file})`);
  }
  for (const r of assertions) lines.push(`${r.passed ? 'PASS' : 'FAIL'}  noPath ${r.message}`);
  for (const r of nevers) {
    lines.push(`${r.passed ? 'PASS' : 'FAIL'}  ${r.message}`);
    for (const s of r.counterexample?.decidedBy ?? [])
      lines.push(`      allowed by ${s.sid ? `'${s.sid}'` : `#${s.statementIndex + 1}`} in ${s.policyName}${s.file ? ` (${s.file})` : ''}`);
  }
  const failed =
    results.filter((r) => !r.passed).length + assertions.filter((r) => !r.passed).length + nevers.filter((r) => !r.passed).length;
  const total = results.length + assertions.length + nevers.length;
  lines.push('', `${total} test(s): ${total - failed} passed, ${failed} failed.`, '');
  return lines.map(escapeControl).join('\n');
}

function json(
  model: Model,
  results: readonly AccessTestResult[],
  assertions: readonly PathAssertionResult[],
  nevers: readonly NeverAssertionResult[],
): string {
  const out = {
    problems: model.problems,
    tests: results.map((r) => ({
      index: r.index,
      name: r.test.name,
      principal: r.test.principal,
      actions: r.test.actions,
      resources: r.test.resources,
      expect: r.test.expect,
      passed: r.passed,
      message: r.message,
      requests: r.requests,
      failures: r.failures.map((f) => ({
        action: f.action,
        resource: f.resource,
        decision: f.decision,
        summary: f.summary,
        decidedBy: f.decidedBy,
      })),
    })),
    ...(assertions.length > 0
      ? {
          noPath: assertions.map((r) => ({
            index: r.index,
            name: r.assertion.name,
            from: r.assertion.from,
            to: r.assertion.to,
            passed: r.passed,
            message: r.message,
            ...(r.path
              ? {
                  path: {
                    from: r.path.from,
                    to: r.path.to,
                    methods: r.path.methods,
                    steps: r.path.steps.map((s) => ({ method: s.method, action: s.action, resource: s.resource, principal: s.principal })),
                  },
                }
              : {}),
          })),
        }
      : {}),
    ...(nevers.length > 0
      ? {
          never: nevers.map((r) => ({
            index: r.index,
            name: r.assertion.name,
            principal:
              r.assertion.principal.kind === 'one'
                ? r.assertion.principal.text
                : { outside: r.assertion.principal.outside, except: r.assertion.principal.except },
            actions: r.assertion.actions,
            resources: r.assertion.resources,
            verdict: r.verdict,
            passed: r.passed,
            message: r.message,
            ...(r.counterexample
              ? {
                  counterexample: {
                    principal: r.counterexample.principal,
                    outsideModel: r.counterexample.outside,
                    action: r.counterexample.action,
                    resource: r.counterexample.resource,
                    context: r.counterexample.context,
                    summary: r.counterexample.summary,
                    decidedBy: r.counterexample.decidedBy.map((s) => ({
                      policyName: s.policyName,
                      policyType: s.policyType,
                      sid: s.sid,
                      statementIndex: s.statementIndex,
                      file: s.file,
                      path: s.filePath,
                    })),
                  },
                }
              : {}),
          })),
        }
      : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** SARIF for a model that could not be loaded: one MODEL_INVALID error at the start of its file. */
function unloadableSarif(file: string, message: string, cwd: string): string {
  const path = relative(cwd, resolve(cwd, file)).split(sep).join('/');
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const report = {
    files: [{ path, diagnostics: [{ range, severity: 1 as const, code: 'MODEL_INVALID', source: 'iam-policy-studio', message }] }],
    skipped: 0,
  };
  return formatSarif(report, { toolVersion: TOOL_VERSION, srcRoot: folderUri(cwd) });
}
