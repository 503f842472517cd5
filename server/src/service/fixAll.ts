/**
 * "Fix all": one code action (kind `source.fixAll.iamPolicyStudio`) that applies every
 * preferred, plain-text fix of the document whose edits do not overlap an earlier one — what
 * `editor.codeActionsOnSave: { "source.fixAll": "explicit" }` runs.
 */
import type { JSONDocument } from 'vscode-json-languageservice';
import { CodeAction, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/checks';
import { toCodeAction, type FixWriter } from './codeActions';

export const FIX_ALL_KIND = 'source.fixAll.iamPolicyStudio';

/** The fix-all action's `data`: how many problems its edits fix. */
export interface FixAllData {
  readonly fixes: number;
}

/**
 * The fix-all action, or undefined when no finding has a preferred fix. `write` writes the edits
 * when the policy is not JSON text (a policy in a Terraform file: HCL).
 */
export function fixAllAction(
  document: TextDocument,
  json: JSONDocument,
  findings: readonly Finding[],
  write?: FixWriter,
): CodeAction | undefined {
  const chosen: TextEdit[] = [];
  let count = 0;
  for (const f of findings) {
    const fix = f.fixes?.find((x) => x.preferred && !x.snippet);
    const edits = fix && (write ? write(fix) : toCodeAction(document, json, fix, FIX_ALL_KIND, {})?.edit?.changes?.[document.uri]);
    if (!edits || edits.some((e) => chosen.some((c) => overlaps(c.range, e.range)))) continue;
    chosen.push(...edits);
    count++;
  }
  if (count === 0) return undefined;
  const action = CodeAction.create(
    `Fix all IAM problems with a preferred fix (${count})`,
    { changes: { [document.uri]: chosen } },
    FIX_ALL_KIND,
  );
  const data: FixAllData = { fixes: count };
  action.data = data;
  return action;
}

/** Overlapping or nested ranges (touching ends are fine; two inserts at one place are not). */
function overlaps(a: Range, b: Range): boolean {
  const cmp = (p: Range['start'], q: Range['start']) => p.line - q.line || p.character - q.character;
  if (cmp(a.start, b.start) === 0) return true;
  return cmp(a.start, b.end) < 0 && cmp(b.start, a.end) < 0;
}
