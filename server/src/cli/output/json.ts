/**
 * The JSON format: one object with every checked file, its diagnostics (1-based line and column,
 * exclusive end, severity by name, code, message, documentation link) and the counts.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { codeOf, countDiagnostics, messageOf, relatedPath, severityName, type CheckReport } from './report';

/** Formats the report as pretty-printed JSON. `base` turns related file URIs into relative paths. */
export function formatJson(report: CheckReport, toolVersion: string, base?: string): string {
  const counts = countDiagnostics(report);
  const out = {
    tool: { name: 'iam-policy-studio', version: toolVersion },
    files: report.files.map((f) => ({ path: f.path, diagnostics: f.diagnostics.map((d) => jsonDiagnostic(d, base)) })),
    summary: {
      filesChecked: report.files.length,
      filesSkipped: report.skipped,
      filesWithProblems: counts.filesWithProblems,
      errors: counts.error,
      warnings: counts.warning,
      information: counts.information,
      hints: counts.hint,
    },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function jsonDiagnostic(d: Diagnostic, base: string | undefined): Record<string, unknown> {
  // Related information: e.g. the statement that decided a failing access test.
  const related = (d.relatedInformation ?? []).map((r) => ({
    path: relatedPath(r.location.uri, base),
    line: r.location.range.start.line + 1,
    column: r.location.range.start.character + 1,
    message: r.message,
  }));
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: severityName(d.severity),
    code: codeOf(d),
    message: messageOf(d),
    ...(d.codeDescription ? { docUrl: d.codeDescription.href } : {}),
    ...(related.length > 0 ? { related } : {}),
  };
}
