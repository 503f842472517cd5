/**
 * What a `check` run found, independent of the output format: the files checked (paths relative
 * to the working directory, `/`-separated) and the LSP diagnostics of each, exactly as the
 * language service returned them.
 */
import type { Diagnostic } from 'vscode-languageserver-types';

export interface FileReport {
  /** Path relative to the working directory, `/`-separated (as printed and as SARIF's uri). */
  readonly path: string;
  readonly diagnostics: readonly Diagnostic[];
}

export interface CheckReport {
  /** Every file checked, with or without diagnostics, sorted by path. */
  readonly files: readonly FileReport[];
  /** Files found but not checked (not a policy by name or content). */
  readonly skipped: number;
}

/** The code of the error reported on an input file that could not be read (exit code 2). */
export const UNREADABLE_FILE = 'UNREADABLE_FILE';

/** The severity names used in every format. LSP leaves severity optional: absent means error. */
export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export function severityName(severity: number | undefined): SeverityName {
  return severity === 2 ? 'warning' : severity === 3 ? 'information' : severity === 4 ? 'hint' : 'error';
}

export interface Counts {
  readonly error: number;
  readonly warning: number;
  readonly information: number;
  readonly hint: number;
  /** Files with at least one diagnostic. */
  readonly filesWithProblems: number;
}

/** Diagnostics per severity over the whole report. */
export function countDiagnostics(report: CheckReport): Counts {
  const counts = { error: 0, warning: 0, information: 0, hint: 0, filesWithProblems: 0 };
  for (const file of report.files) {
    if (file.diagnostics.length > 0) counts.filesWithProblems++;
    for (const d of file.diagnostics) counts[severityName(d.severity)]++;
  }
  return counts;
}

/** The diagnostic's code as a string ('' when it has none). */
export function codeOf(d: Diagnostic): string {
  return d.code === undefined ? '' : String(d.code);
}

/** The diagnostic's message as plain text (LSP 3.18 allows markup; ours are plain strings). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** A related location's file: relative to `base` (a folder URI ending in `/`) when below it, else the URI. */
export function relatedPath(uri: string, base: string | undefined): string {
  return base !== undefined && uri.startsWith(base) ? decodeURIComponent(uri.slice(base.length)) : uri;
}
