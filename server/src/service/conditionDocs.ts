/**
 * What each condition operator does and which value types it takes, for completion and hover
 * (from reference_policies_elements_condition_operators.md and the multivalued-keys page).
 */
import { parseOperatorName, type ConditionOperatorName } from '../core/policy';
import { inert } from './hover/inert';

const BASE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';

interface OperatorDoc {
  readonly text: string;
  /** Key base types (catalog `baseType`) the operator compares. */
  readonly types: readonly string[];
  readonly anchor: string;
}

const STRING = ['String', 'ARN'];
const doc = (text: string, types: readonly string[], anchor: string): OperatorDoc => ({ text, types, anchor });

/** The base operators in the order completion offers them (most used first). */
export const OPERATOR_DOCS: ReadonlyMap<ConditionOperatorName, OperatorDoc> = new Map([
  ['StringEquals', doc('Exact match, case-sensitive.', STRING, 'Conditions_String')],
  ['StringLike', doc('Case-sensitive match with `*` and `?` wildcards.', STRING, 'Conditions_String')],
  ['StringNotEquals', doc('Negated exact match, case-sensitive.', STRING, 'Conditions_String')],
  ['StringNotLike', doc('Negated case-sensitive match with `*` and `?` wildcards.', STRING, 'Conditions_String')],
  ['StringEqualsIgnoreCase', doc('Exact match, ignoring case.', STRING, 'Conditions_String')],
  ['StringNotEqualsIgnoreCase', doc('Negated exact match, ignoring case.', STRING, 'Conditions_String')],
  [
    'ArnLike',
    doc(
      'Case-sensitive ARN match; each of the six colon-separated parts is compared, with `*` and `?` wildcards.',
      ['ARN', 'String'],
      'Conditions_ARN',
    ),
  ],
  ['ArnEquals', doc('ARN match; behaves as ArnLike (wildcards allowed).', ['ARN', 'String'], 'Conditions_ARN')],
  ['ArnNotLike', doc('Negated ARN match with wildcards.', ['ARN', 'String'], 'Conditions_ARN')],
  ['ArnNotEquals', doc('Negated ARN match; behaves as ArnNotLike.', ['ARN', 'String'], 'Conditions_ARN')],
  ['Bool', doc('Boolean match: `true` or `false`.', ['Bool'], 'Conditions_Boolean')],
  ['IpAddress', doc('The IP address is in one of the given CIDR ranges (IPv4 or IPv6).', ['IPAddress'], 'Conditions_IPAddress')],
  ['NotIpAddress', doc('The IP address is in none of the given CIDR ranges.', ['IPAddress'], 'Conditions_IPAddress')],
  ['NumericEquals', doc('Numeric equality.', ['Numeric'], 'Conditions_Numeric')],
  ['NumericNotEquals', doc('Numeric inequality.', ['Numeric'], 'Conditions_Numeric')],
  ['NumericLessThan', doc('Less than the value.', ['Numeric'], 'Conditions_Numeric')],
  ['NumericLessThanEquals', doc('Less than or equal to the value.', ['Numeric'], 'Conditions_Numeric')],
  ['NumericGreaterThan', doc('Greater than the value.', ['Numeric'], 'Conditions_Numeric')],
  ['NumericGreaterThanEquals', doc('Greater than or equal to the value.', ['Numeric'], 'Conditions_Numeric')],
  ['DateEquals', doc('The date equals the value (ISO 8601 or epoch seconds).', ['Date'], 'Conditions_Date')],
  ['DateNotEquals', doc('The date differs from the value.', ['Date'], 'Conditions_Date')],
  ['DateLessThan', doc('Before the date.', ['Date'], 'Conditions_Date')],
  ['DateLessThanEquals', doc('At or before the date.', ['Date'], 'Conditions_Date')],
  ['DateGreaterThan', doc('After the date.', ['Date'], 'Conditions_Date')],
  ['DateGreaterThanEquals', doc('At or after the date.', ['Date'], 'Conditions_Date')],
  ['BinaryEquals', doc('Byte-for-byte match of a base64-encoded value.', ['Binary'], 'Conditions_BinaryEquals')],
  ['Null', doc('`true`: the key is absent from the request; `false`: it is present (and not null).', [], 'Conditions_Null')],
]);

/** The base operators in the order completion offers them (most used first). */
export const OPERATORS_BY_USE: readonly ConditionOperatorName[] = [...OPERATOR_DOCS.keys()];

/** Markdown for an operator as written (`ForAnyValue:StringLikeIfExists`), or undefined when it is not one. */
export function operatorMarkdown(name: string): string | undefined {
  const parsed = parseOperatorName(name);
  if ('error' in parsed) return undefined;
  const d = OPERATOR_DOCS.get(parsed.base);
  if (!d) return undefined;
  const lines = [`**${inert(name)}** — ${d.text}`];
  if (d.types.length) lines.push(`Value types: ${d.types.join(', ')}.`);
  if (parsed.ifExists) lines.push('`…IfExists`: also true when the key is absent from the request.');
  if (parsed.setOperator === 'ForAnyValue')
    lines.push('`ForAnyValue:` true when at least one value in the request matches (and, when the key is absent, false).');
  if (parsed.setOperator === 'ForAllValues')
    lines.push(
      '`ForAllValues:` true when every value in the request matches — also when the key is absent or empty; pair it with a Null check.',
    );
  lines.push(`[Condition operators](${BASE}#${d.anchor})`);
  return lines.join('\n\n');
}

/** Whether an operator (as written) compares keys of `baseType`; unknown operators accept all. */
export function operatorAcceptsType(operator: string, baseType: string): boolean {
  const parsed = parseOperatorName(operator);
  if ('error' in parsed) return true;
  const d = OPERATOR_DOCS.get(parsed.base);
  return !d || d.types.length === 0 || d.types.includes(baseType);
}
