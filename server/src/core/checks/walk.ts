/** Helpers that read raw policy JSON (what the user wrote) with the paths of every value. */
import type { JsonPath, RawStatement, StringAt } from './types';
import { isRecord } from '../json';

export { isRecord };

/** The statements of a policy value, object or array form, with their paths. */
export function rawStatements(value: unknown): RawStatement[] {
  if (!isRecord(value)) return [];
  const raw = value['Statement'];
  if (isRecord(raw)) return [statement(raw, 0, ['Statement'])];
  if (!Array.isArray(raw)) return [];
  const out: RawStatement[] = [];
  raw.forEach((s, i) => {
    if (isRecord(s)) out.push(statement(s, i, ['Statement', i]));
  });
  return out;
}

function statement(obj: Record<string, unknown>, index: number, path: JsonPath): RawStatement {
  const e = obj['Effect'];
  return { index, path, obj, effect: e === 'Allow' || e === 'Deny' ? e : undefined };
}

/** The strings of a string-or-array value at `path` (non-strings skipped). */
export function stringsAt(raw: unknown, path: JsonPath): StringAt[] {
  if (typeof raw === 'string') return [{ value: raw, path }];
  if (!Array.isArray(raw)) return [];
  const out: StringAt[] = [];
  raw.forEach((v, i) => {
    if (typeof v === 'string') out.push({ value: v, path: [...path, i] });
  });
  return out;
}

/** The strings of a statement element (`Action`, `Resource`, …). */
export function elementStrings(st: RawStatement, key: string): StringAt[] {
  return stringsAt(st.obj[key], [...st.path, key]);
}

/** Whether the statement has the element (any value). */
export function has(st: RawStatement, key: string): boolean {
  return st.obj[key] !== undefined;
}

/** One key test of a Condition block, as written. */
export interface RawCondition {
  readonly operator: string;
  readonly key: string;
  /** The raw value: a string, number, boolean, or array of them (or anything the user typed). */
  readonly raw: unknown;
  /** Path of the key (its value is at the same path). */
  readonly path: JsonPath;
  /** Number of keys under the same operator. */
  readonly siblings: number;
}

/** Every operator → key pair of a statement's Condition block. */
export function rawConditions(st: RawStatement): RawCondition[] {
  const block = st.obj['Condition'];
  if (!isRecord(block)) return [];
  const out: RawCondition[] = [];
  for (const [operator, keys] of Object.entries(block)) {
    if (!isRecord(keys)) continue;
    const n = Object.keys(keys).length;
    for (const [key, raw] of Object.entries(keys)) {
      out.push({ operator, key, raw, path: [...st.path, 'Condition', operator, key], siblings: n });
    }
  }
  return out;
}

/** Condition values as strings with their paths (numbers and booleans converted, as IAM does). */
export function conditionValues(c: RawCondition): StringAt[] {
  const list = Array.isArray(c.raw) ? c.raw : [c.raw];
  const out: StringAt[] = [];
  list.forEach((v: unknown, i) => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      out.push({ value: String(v), path: Array.isArray(c.raw) ? [...c.path, i] : c.path });
    }
  });
  return out;
}

/** JSON text of a string. */
export function json(value: string): string {
  return JSON.stringify(value);
}

/** Where a finding about a string element points: the array element, or the value when not in an array. */
export function elementTarget(path: JsonPath): 'element' | 'value' {
  return typeof path[path.length - 1] === 'number' ? 'element' : 'value';
}

/** Where a finding about a whole statement points: its `Effect` key when present (not the whole statement). */
export function statementAnchor(st: RawStatement): { path: JsonPath; target: 'key' | 'value' } {
  return has(st, 'Effect') ? { path: [...st.path, 'Effect'], target: 'key' } : { path: st.path, target: 'value' };
}
