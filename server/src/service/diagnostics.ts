/**
 * IAM check diagnostics: runs the pure checks on the document's value and maps each finding's
 * JSON path to a range on the json tree (the key, the value, or the array element).
 */
import type { ASTNode, JSONDocument } from 'vscode-json-languageservice';
import { Range, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, JsonPath } from '../core/checks';
import { makeDiagnostic } from './validation';
import { nodeAtPath, propertyAtPath } from './jsonPath';
import { severityOf, type SeverityOverrides } from './severity';

/** The node a finding points at (falling back to the closest existing ancestor). */
export function findingNode(json: JSONDocument, path: JsonPath, target: Finding['target']): ASTNode | undefined {
  for (let n = path.length; n >= 0; n--) {
    const p = path.slice(0, n);
    if (target === 'key' && n === path.length) {
      const prop = propertyAtPath(json, p);
      if (prop?.type === 'property') return prop.keyNode;
    }
    const node = nodeAtPath(json, p);
    if (node) return node;
  }
  return undefined;
}

/** The text range of a finding. */
export function findingRange(document: TextDocument, json: JSONDocument, f: Pick<Finding, 'path' | 'target'>): Range {
  const node = findingNode(json, f.path, f.target);
  if (!node) return Range.create(0, 0, 0, 0);
  return Range.create(document.positionAt(node.offset), document.positionAt(node.offset + node.length));
}

/** Diagnostics for findings, with the user's severities (codes set to `off` are dropped). */
export function findingsToDiagnostics(
  document: TextDocument,
  json: JSONDocument,
  findings: readonly Finding[],
  overrides: SeverityOverrides,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const severity = severityOf(f.code, overrides);
    if (severity === undefined) continue;
    out.push(makeDiagnostic(findingRange(document, json, f), f.code, f.message, severity));
  }
  return out;
}
