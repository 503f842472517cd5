/**
 * Quick fixes that add an element to a policy written in YAML (`Version` to a document, a
 * `Condition` to a statement): a block mapping gets a new `Key: value` line at its keys'
 * indentation — before its first key, or after its last entry's line (a comment on that line
 * stays there); a flow mapping gets the JSON member, which is valid YAML flow syntax. Strings are
 * written plain when YAML reads them back unchanged, mappings and lists in block style.
 */
import { Range, TextEdit } from 'vscode-languageserver-types';
import type { Fix, FixEdit } from '../../core/checks';
import { snippetToPlain } from '../codeActions';
import { hostFix, hostValueAt, isPlainSafe } from './hostFixes';
import type { PolicyView } from './view';

/** The text edits of a fix in a YAML view; `json` writes replacements and removals. Undefined when an edit cannot be written. */
export function yamlFixEdits(view: PolicyView, fix: Fix, json: (fix: Fix) => TextEdit[] | undefined): TextEdit[] | undefined {
  const out: TextEdit[] = [];
  for (const e of fix.edits) {
    if (e.kind === 'insert') {
      const edit = yamlInsert(view, e, fix.snippet === true, json);
      if (!edit) return undefined;
      out.push(edit);
      continue;
    }
    const converted = hostFix(view, { ...fix, edits: [e] });
    const edits = converted && json(converted);
    if (!edits) return undefined;
    out.push(...edits);
  }
  return out;
}

function yamlInsert(
  view: PolicyView,
  e: Extract<FixEdit, { kind: 'insert' }>,
  snippet: boolean,
  json: (fix: Fix) => TextEdit[] | undefined,
): TextEdit | undefined {
  const target = hostValueAt(view.policy.value, e.path);
  if (target?.kind !== 'object') return undefined;
  // JSON members are YAML flow syntax.
  if (target.style === 'flow' || target.style === 'json') return json({ title: '', edits: [e], snippet })?.[0];
  if (target.style !== 'block' || target.entries.length === 0) return undefined;
  const text = view.document.getText();
  const host = (offset: number) => offset - view.base;
  const first = target.entries[0]!;
  const keyAt = view.document.positionAt(host(first.keyRange.start));
  const indent = ' '.repeat(keyAt.character);
  const line = blockLines(e.key, parsed(snippet ? snippetToPlain(e.json) : e.json), indent)
    .join('\n')
    .slice(indent.length);
  if (e.first) return TextEdit.insert(keyAt, `${line}\n${indent}`);
  // After the last entry's last line: its value may end with the line break that follows it.
  let end = host(target.entries[target.entries.length - 1]!.value.range.end);
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  const lineEnd = text.indexOf('\n', end);
  const at = view.document.positionAt(lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd);
  return TextEdit.replace(Range.create(at, at), `\n${indent}${line}`);
}

function yamlKey(key: string): string {
  return isPlainSafe(key) ? key : JSON.stringify(key);
}

/** The JSON text's value; text that is not JSON as a whole stays text, written as it is. */
function parsed(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return new Verbatim(json);
  }
}

class Verbatim {
  constructor(readonly text: string) {}
}

/** `key: value` as block YAML lines at `indent`: mappings nested below their key, lists as `- item` lines. */
function blockLines(key: string, value: unknown, indent: string): string[] {
  const head = `${indent}${yamlKey(key)}:`;
  if (Array.isArray(value) && value.length > 0) return [head, ...value.map((item) => `${indent}  - ${scalar(item)}`)];
  if (isObject(value) && Object.keys(value).length > 0)
    return [head, ...Object.entries(value).flatMap(([k, v]) => blockLines(k, v, `${indent}  `))];
  return [`${head} ${scalar(value)}`];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Verbatim);
}

/** One value on one line: a plain or quoted scalar, or a flow collection (JSON). */
function scalar(value: unknown): string {
  if (value instanceof Verbatim) return value.text;
  // A date-like string (`2012-10-17`) is quoted: YAML 1.1 readers take it for a timestamp.
  if (typeof value === 'string') return isPlainSafe(value) && !/^\d{4}-\d\d-\d\d/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}
