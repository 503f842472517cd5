/**
 * Model files in a `check` run: the problems a workspace model reports (a missing policy file, an
 * unknown group, a path outside the workspace, …) as diagnostics in the file and at the JSON
 * path where each problem is, so CI fails on a broken model as it does on a broken policy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import type { JsonPath } from '../core/policy/types';
import type { SeverityLevel } from '../node/settings';
import { DIAGNOSTIC_SOURCE } from '../service';

const LEVELS: Record<Exclude<SeverityLevel, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A problem located by workspace-relative file and JSON path: a model problem, a failed access test. */
export interface LocatedProblem {
  readonly code: string;
  readonly message: string;
  readonly file: string;
  readonly path: JsonPath;
  readonly severity: 'error' | 'warning';
}

/**
 * Diagnostics per workspace-relative file for `problems`; `root` is the workspace folder.
 * Severity overrides apply by code as for policy checks (`off` drops the problem).
 */
export function modelProblemDiagnostics(root: string, problems: readonly LocatedProblem[], severity: Readonly<Record<string, SeverityLevel>>): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const seen = new Set<string>();
  const documents = new Map<string, { doc: TextDocument; tree: Node | undefined }>();
  for (const p of problems) {
    const key = `${p.file}\u0000${p.path.join('\u0000')}\u0000${p.code}\u0000${p.message}`;
    const level = severity[p.code];
    if (seen.has(key) || level === 'off') continue;
    seen.add(key);
    const range = locate(documents, root, p);
    const d = Diagnostic.create(range, p.message, level ? LEVELS[level] : p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, p.code, DIAGNOSTIC_SOURCE);
    out.set(p.file, [...(out.get(p.file) ?? []), d]);
  }
  return out;
}

/** The range of the value at the problem's JSON path; the file's first character when it cannot be found. */
function locate(cache: Map<string, { doc: TextDocument; tree: Node | undefined }>, root: string, p: LocatedProblem): Range {
  let entry = cache.get(p.file);
  if (!entry) {
    let text = '';
    try {
      text = readFileSync(join(root, p.file), 'utf8');
    } catch {
      // A missing file is itself the problem (MISSING_FILE is reported in the referencing file).
    }
    entry = { doc: TextDocument.create(`file:///${p.file}`, 'json', 1, text), tree: parseTree(text) };
    cache.set(p.file, entry);
  }
  const node = entry.tree ? deepestNode(entry.tree, p.path) : undefined;
  if (!node) return Range.create(0, 0, 0, Math.min(1, entry.doc.getText().length));
  return Range.create(entry.doc.positionAt(node.offset), entry.doc.positionAt(node.offset + node.length));
}

/** The node at `path`, or at its longest prefix that exists. */
function deepestNode(tree: Node, path: readonly (string | number)[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, [...path.slice(0, n)]);
    if (node) return node;
  }
  return undefined;
}
