/**
 * Normalizes a `Condition` block into flat {@link ConditionEntry} records:
 * `{ "ForAnyValue:StringLike": { "aws:TagKeys": ["a*", "b"] } }` becomes one entry with
 * base `StringLike`, set operator `ForAnyValue`, key `aws:TagKeys` and two values.
 */
import {
  CONDITION_OPERATORS,
  type ConditionEntry,
  type ConditionOperatorName,
  type JsonPath,
  type PolicyError,
  type SetOperator,
} from './types';
import { isRecord } from '../json';

const BY_LOWER = new Map(CONDITION_OPERATORS.map((o) => [o.toLowerCase(), o]));

/** A decoded operator name, or an error message explaining why it is not one. */
export type ParsedOperator =
  { readonly base: ConditionOperatorName; readonly setOperator?: SetOperator; readonly ifExists: boolean } | { readonly error: string };

/** Splits `ForAllValues:StringLikeIfExists` into its parts. Operator names compare case-insensitively. */
export function parseOperatorName(name: string): ParsedOperator {
  let rest = name;
  let setOperator: SetOperator | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') setOperator = 'ForAllValues';
    else if (prefix === 'foranyvalue') setOperator = 'ForAnyValue';
    else return { error: `Unknown set operator '${rest.slice(0, colon)}' (expected ForAllValues or ForAnyValue).` };
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  if (!base) return { error: `Unknown condition operator '${name}'.` };
  // IAM rejects NullIfExists: Null already tests existence (condition operators page, Null).
  if (base === 'Null' && ifExists) return { error: `'${name}' is not valid: IfExists cannot be added to Null.` };
  return setOperator ? { base, setOperator, ifExists } : { base, ifExists };
}

/** Normalizes a `Condition` element value found at `path`. */
export function parseConditionBlock(value: unknown, path: JsonPath, errors: PolicyError[]): ConditionEntry[] {
  if (!isRecord(value)) {
    errors.push({ path, message: 'Condition must be an object of { operator: { key: value(s) } }.' });
    return [];
  }
  const entries: ConditionEntry[] = [];
  for (const [operator, keys] of Object.entries(value)) {
    const opPath = [...path, operator];
    const parsed = parseOperatorName(operator);
    if ('error' in parsed) {
      errors.push({ path: opPath, message: parsed.error });
      continue;
    }
    if (!isRecord(keys)) {
      errors.push({ path: opPath, message: `Condition operator '${operator}' must map condition keys to values.` });
      continue;
    }
    for (const [key, raw] of Object.entries(keys)) {
      const values = conditionValues(raw, [...opPath, key], errors);
      if (values) entries.push({ operator, ...parsed, key, values, path: [...opPath, key] });
    }
  }
  return entries;
}

/** Condition values: a string, number or boolean, or a non-empty array of them. */
function conditionValues(raw: unknown, path: JsonPath, errors: PolicyError[]): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) {
    errors.push({ path, message: 'A condition key needs at least one value.' });
    return undefined;
  }
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const v: unknown = list[i];
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
    else {
      errors.push({ path: Array.isArray(raw) ? [...path, i] : path, message: 'Condition values must be strings, numbers or booleans.' });
      return undefined;
    }
  }
  return out;
}
