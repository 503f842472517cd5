/**
 * Quick fixes inside YAML templates. The checks describe fixes as JSON-tree edits with JSON text;
 * in a YAML document a replacement string is written in the style of the value it replaces
 * (plain when YAML reads it back unchanged, else quoted as it was), and collections as flow
 * collections (JSON is valid YAML flow syntax). Removals work on node ranges, which the view
 * already has. Insertions into a block mapping are written as a new `Key: value` line.
 */
import type { Fix, FixEdit, JsonPath } from '../../core/checks';
import type { HostStyle, HostValue } from './types';
import type { PolicyView } from './view';

/** The fix rewritten for the view's syntax, or undefined when it cannot be written there. */
export function hostFix(view: PolicyView, fix: Fix): Fix | undefined {
  const edits: FixEdit[] = [];
  for (const e of fix.edits) {
    const edit = yamlEdit(view, e);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return { ...fix, edits };
}

function yamlEdit(view: PolicyView, e: FixEdit): FixEdit | undefined {
  if (e.kind === 'remove') return e;
  if (e.kind === 'insert') return undefined;
  const target = hostValueAt(view.policy.value, e.path);
  const style: HostStyle | undefined = e.target === 'key' ? 'plain' : target && 'style' in target ? target.style : 'plain';
  return { ...e, json: yamlText(e.json, style ?? 'plain') };
}

/** The YAML text for a JSON value, in the given scalar style when it is a string. */
export function yamlText(json: string, style: HostStyle): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return json; // snippet text that is not JSON as a whole: JSON-like flow text is still YAML
  }
  if (typeof value !== 'string') return json;
  if (style === 'double' || style === 'json') return JSON.stringify(value);
  if (style === 'single') return `'${value.replace(/'/g, "''")}'`;
  return isPlainSafe(value) ? value : JSON.stringify(value);
}

/** True when YAML reads `s` written plain back as the same string. */
export function isPlainSafe(s: string): boolean {
  if (s === '' || s.trim() !== s) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s)) return false;
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':')) return false;
  if (/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(s)) return false;
  if (/^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(s) || /^0x[0-9a-f]+$/i.test(s) || /^0o[0-7]+$/i.test(s)) return false;
  return !/[\n\t]/.test(s);
}

/** The host value at a JSON path. */
export function hostValueAt(root: HostValue, path: JsonPath): HostValue | undefined {
  let node: HostValue | undefined = root;
  for (const seg of path) {
    if (node?.kind === 'object' && typeof seg === 'string') node = node.entries.find((x) => x.key === seg)?.value;
    else if (node?.kind === 'array' && typeof seg === 'number') node = node.items[seg];
    else return undefined;
  }
  return node;
}
