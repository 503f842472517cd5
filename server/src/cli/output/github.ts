/**
 * The `github` format: GitHub Actions workflow commands (`::error file=…,line=…::message`), which
 * annotate the pull request's changed lines without code scanning (so also in private
 * repositories without GitHub Advanced Security). Paths are relative to the working folder, which
 * in a workflow is the repository root.
 */
import { escapeControl } from './escape';
import { codeOf, countDiagnostics, messageOf, severityName, type CheckReport } from './report';
import { summary } from './text';

const COMMAND = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

/** Formats the report as workflow commands, one per diagnostic, and the summary line. */
export function formatGithub(report: CheckReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const { start, end } = d.range;
      const props = [
        `file=${property(file.path)}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
        `title=${property(codeOf(d))}`,
      ];
      lines.push(`::${COMMAND[severityName(d.severity)]} ${props.join(',')}::${data(messageOf(d))}`);
    }
  }
  lines.push(escapeControl(summary(report, countDiagnostics(report))));
  return `${lines.join('\n')}\n`;
}

/**
 * Escapes a workflow command's message (GitHub's escapeData: `%`, CR and LF percent-encoded), then
 * any other control character (escape sequences, separators) as a visible escape.
 */
function data(s: string): string {
  return escapeControl(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Escapes a workflow command's property value (GitHub's escapeProperty). */
function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
