/**
 * The text format: one line per diagnostic, `path:line:col severity CODE message` (1-based, the
 * form editors and CI logs turn into links), then a summary line. Colour only when asked.
 */
import { escapeControl } from './escape';
import { codeOf, countDiagnostics, messageOf, relatedPath, severityName, type CheckReport, type Counts, type SeverityName } from './report';

const COLOURS: Record<SeverityName | 'dim', [number, number]> = {
  error: [31, 39],
  warning: [33, 39],
  information: [36, 39],
  hint: [2, 22],
  dim: [2, 22],
};

type Paint = (style: keyof typeof COLOURS, s: string) => string;

/**
 * Formats the report as text lines. Related locations (the statement that decided a failing access
 * test) follow their diagnostic, indented, with paths relative to `base` (a folder URI).
 */
export function formatText(report: CheckReport, color: boolean, base?: string): string {
  const paint: Paint = color ? (style, s) => `\u001b[${COLOURS[style][0]}m${s}\u001b[${COLOURS[style][1]}m` : (_style, s) => s;
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const where = `${escapeControl(file.path)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const severity = severityName(d.severity);
      // One line per diagnostic, whatever the message holds: greppable and linkable.
      // Control characters that remain (a line break inside a Sid) are escaped, never printed.
      const message = escapeControl(messageOf(d).replace(/\s*\n\s*/g, ' '));
      lines.push(`${paint('dim', where)} ${paint(severity, severity)} ${escapeControl(codeOf(d))} ${message}`);
      for (const r of d.relatedInformation ?? []) {
        const at = `${relatedPath(r.location.uri, base)}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1}`;
        lines.push(`    ${paint('dim', escapeControl(at))} ${escapeControl(r.message)}`);
      }
    }
  }
  lines.push(summary(report, countDiagnostics(report)));
  return `${lines.join('\n')}\n`;
}

/** "2 errors, 1 warning in 1 of 3 files checked (4 skipped)". */
export function summary(report: CheckReport, counts: Counts): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.information) parts.push(plural(counts.information, 'information message'));
  if (counts.hint) parts.push(plural(counts.hint, 'hint'));
  const skipped = report.skipped
    ? ` (${report.skipped} other JSON ${report.skipped === 1 ? 'file is not a policy' : 'files are not policies'})`
    : '';
  return `${parts.join(', ')} in ${counts.filesWithProblems} of ${plural(report.files.length, 'file')} checked${skipped}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
