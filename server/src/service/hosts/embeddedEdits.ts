/**
 * Quick fixes inside a policy written as a JSON string (see cloudformation/embedded.ts). The fix's
 * JSON edits are placed on the string's source text, which is exact only at character boundaries
 * of the string: an edit that starts or ends elsewhere (inside an escape sequence, on a folded
 * line break) is not offered. Text written into the string is escaped as its style requires (JSON
 * string escapes in a JSON string or a YAML double-quoted scalar, `''` in a single-quoted one);
 * a line break is written only where JSON escapes it.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix } from '../../core/checks';
import type { PolicyView } from './view';

/** The fix's edits written into the string, or undefined when they cannot be written exactly. */
export function embeddedFixEdits(view: PolicyView, fix: Fix, json: (fix: Fix) => TextEdit[] | undefined): TextEdit[] | undefined {
  const embedded = view.policy.embedded;
  if (!embedded || embedded.escape === 'inexact') return undefined;
  const edits = json(fix);
  if (!edits) return undefined;
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const start = view.document.offsetAt(edit.range.start) + view.base - embedded.origin;
    const end = view.document.offsetAt(edit.range.end) + view.base - embedded.origin;
    if (!embedded.boundaries.has(start) || !embedded.boundaries.has(end)) return undefined;
    const text = escaped(edit.newText, embedded.escape);
    if (text === undefined) return undefined;
    out.push({ range: edit.range, newText: text });
  }
  return out;
}

/** Text for the string's source; undefined when it cannot be written there on one line. */
export function escaped(text: string, escape: 'raw' | 'json' | 'single'): string | undefined {
  if (escape === 'json') return JSON.stringify(text).slice(1, -1);
  if (/[\r\n]/.test(text)) return undefined;
  return escape === 'single' ? text.replace(/'/g, "''") : text;
}
