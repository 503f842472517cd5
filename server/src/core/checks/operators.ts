/** Condition operator names: families by key type, near-match suggestions, and renames. */
import { CONDITION_OPERATORS, parseOperatorName, type ConditionOperatorName } from '../policy';

/** The operator family: String, Numeric, Date, Bool, Binary, IpAddress, Arn or Null. */
export function familyOf(base: ConditionOperatorName): string {
  if (base === 'NotIpAddress') return 'IpAddress';
  const m = /^(String|Numeric|Date|Bool|Binary|IpAddress|Arn|Null)/.exec(base);
  return m?.[1] ?? base;
}

/**
 * Operator families that fit a key's base type. ARN keys also take String operators, which AWS
 * documents as allowed (condition operators page, "ARN condition operators").
 */
export function familiesFor(baseType: string): readonly string[] | undefined {
  const map: Record<string, readonly string[]> = {
    String: ['String'],
    ARN: ['Arn', 'String'],
    Numeric: ['Numeric'],
    Date: ['Date'],
    Bool: ['Bool'],
    IPAddress: ['IpAddress'],
    Binary: ['Binary'],
  };
  return map[baseType];
}

const RELATION_SUFFIX: ReadonlyArray<readonly [RegExp, string]> = [
  [/NotEquals(IgnoreCase)?$|NotLike$/, 'not'],
  [/LessThanEquals$/, 'le'],
  [/LessThan$/, 'lt'],
  [/GreaterThanEquals$/, 'ge'],
  [/GreaterThan$/, 'gt'],
];

/** The operator of family `family` closest in meaning to `base` (StringNotEquals → NumericNotEquals). */
export function sameRelation(base: ConditionOperatorName, family: string): string {
  const rel = RELATION_SUFFIX.find(([re]) => re.test(base))?.[1] ?? 'eq';
  const table: Record<string, Record<string, string>> = {
    String: { eq: 'StringEquals', not: 'StringNotEquals', lt: 'StringEquals', le: 'StringEquals', gt: 'StringEquals', ge: 'StringEquals' },
    Arn: {
      eq: base.endsWith('Like') ? 'ArnLike' : 'ArnEquals',
      not: base.endsWith('Like') ? 'ArnNotLike' : 'ArnNotEquals',
      lt: 'ArnEquals',
      le: 'ArnEquals',
      gt: 'ArnEquals',
      ge: 'ArnEquals',
    },
    Numeric: {
      eq: 'NumericEquals',
      not: 'NumericNotEquals',
      lt: 'NumericLessThan',
      le: 'NumericLessThanEquals',
      gt: 'NumericGreaterThan',
      ge: 'NumericGreaterThanEquals',
    },
    Date: {
      eq: 'DateEquals',
      not: 'DateNotEquals',
      lt: 'DateLessThan',
      le: 'DateLessThanEquals',
      gt: 'DateGreaterThan',
      ge: 'DateGreaterThanEquals',
    },
    Bool: { eq: 'Bool', not: 'Bool', lt: 'Bool', le: 'Bool', gt: 'Bool', ge: 'Bool' },
    IpAddress: { eq: 'IpAddress', not: 'NotIpAddress', lt: 'IpAddress', le: 'IpAddress', gt: 'IpAddress', ge: 'IpAddress' },
    Binary: { eq: 'BinaryEquals', not: 'BinaryEquals', lt: 'BinaryEquals', le: 'BinaryEquals', gt: 'BinaryEquals', ge: 'BinaryEquals' },
  };
  return table[family]?.[rel] ?? base;
}

/** `written` with its base operator replaced, keeping `ForAnyValue:` / `IfExists`. */
export function withBase(written: string, newBase: string): string {
  const parsed = parseOperatorName(written);
  if ('error' in parsed) return newBase;
  return `${parsed.setOperator ? `${parsed.setOperator}:` : ''}${newBase}${parsed.ifExists ? 'IfExists' : ''}`;
}

let allNames: string[] | undefined;

/** Valid operator names closest to `name` (edit distance, case-insensitive), best first. */
export function suggestOperators(name: string, limit = 2): string[] {
  allNames ??= CONDITION_OPERATORS.flatMap((b) => [
    b,
    `${b}IfExists`,
    `ForAnyValue:${b}`,
    `ForAllValues:${b}`,
    `ForAnyValue:${b}IfExists`,
    `ForAllValues:${b}IfExists`,
  ]).filter((n) => !('error' in parseOperatorName(n)));
  const q = name.toLowerCase();
  const budget = Math.max(2, Math.floor(q.length / 3));
  return allNames
    .map((n) => ({ n, d: distance(q, n.toLowerCase(), budget) }))
    .filter((x) => x.d <= budget)
    .sort((a, b) => a.d - b.d || a.n.length - b.n.length)
    .slice(0, limit)
    .map((x) => x.n);
}

/** Levenshtein distance, giving up (returning budget + 1) once every cell exceeds `budget`. */
export function distance(a: string, b: string, budget: number): number {
  if (Math.abs(a.length - b.length) > budget) return budget + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > budget) return budget + 1;
    prev = cur;
  }
  return prev[b.length] ?? budget + 1;
}
