/**
 * Condition values against their operator and key: value formats (numbers, dates, Booleans, IP
 * ranges, base64), wildcards without a Like operator, variables with non-string operators,
 * empty value arrays, redundant numeric values, VPC/VPCE/Region formats.
 */
import { defineCheck, type CheckInfo } from './registry';
import { parseOperatorName, type ParsedOperator } from '../policy';
import { parseCidr } from '../evaluator/ip';
import type { CheckFamily, Finding, Fix, RawStatement, StringAt } from './types';
import { conditionValues, elementTarget, json, rawConditions, type RawCondition } from './walk';
import { familyOf } from './operators';
import { operatorFix } from './conditionKeys';
import { isRegionName } from './arnFormat';
import { ipChecks } from './ipRanges';

/** The codes this module reports. */
export const conditionValuesCodes: readonly CheckInfo[] = [
  defineCheck('TYPE_MISMATCH_NUMBER', 'warning', 'Type mismatch number'),
  defineCheck('TYPE_MISMATCH_DATE', 'warning', 'Type mismatch date'),
  defineCheck('TYPE_MISMATCH_BOOLEAN', 'warning', 'Type mismatch Boolean'),
  defineCheck('TYPE_MISMATCH_IP_RANGE', 'warning', 'Type mismatch IP range'),
  defineCheck('TYPE_MISMATCH_STRING', 'warning', 'Type mismatch string'),
  defineCheck('INVALID_DATE_VALUE', 'warning', 'Invalid date value'),
  defineCheck('WILDCARD_WITHOUT_LIKE_OPERATOR', 'warning', 'Wildcard without like operator'),
  defineCheck('INVALID_VARIABLE_FOR_OPERATOR', 'error', 'Invalid variable for operator'),
  defineCheck('INVALID_CONDITION_DATA_TYPE', 'error', 'Invalid condition data type'),
  defineCheck('INVALID_CONDITION_MULTIPLE_BOOLEAN', 'error', 'Invalid condition multiple Boolean'),
  defineCheck('EMPTY_ARRAY_CONDITION', 'suggestion', 'Empty array condition'),
  defineCheck('EMPTY_ARRAY_CONDITION_FORALLVALUES', 'suggestion', 'Empty array condition ForAllValues'),
  defineCheck('EMPTY_ARRAY_CONDITION_FORANYVALUE', 'suggestion', 'Empty array condition ForAnyValue'),
  defineCheck('EMPTY_ARRAY_CONDITION_IFEXISTS', 'suggestion', 'Empty array condition IfExists'),
  defineCheck('REDUNDANT_CONDITION_VALUE_NUM', 'suggestion', 'Redundant condition value num'),
  defineCheck('INVALID_VPC_FORMAT', 'error', 'Invalid vpc format'),
  defineCheck('INVALID_VPCE_FORMAT', 'error', 'Invalid vpce format'),
  defineCheck('INVALID_REGION', 'error', 'Invalid Region'),
  defineCheck('SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', 'warning', 'Specific github repo and branch recommended'),
];

/**
 * INVALID_SERVICE_PRINCIPAL_FORMAT (registered with the principal checks) for condition values: the
 * service principal format Access Analyzer expects in aws:CalledVia, aws:CalledViaFirst and
 * aws:CalledViaLast: one lowercase name and a suffix ("Use the format service.amazonaws.com, or
 * use one of the following suffixes: .amazon.com, .amazonaws.com.cn with all lowercase letters";
 * ValidatePolicy reports application-signals.cloudwatch.amazonaws.com in
 * CloudWatchApplicationSignalsFullAccess, 2026-03-07). Keys such as iam:AWSServiceName take
 * longer names (malware-protection.guardduty.amazonaws.com), which AWS does not report.
 */
const CALLED_VIA_PRINCIPAL = /^[a-z0-9-]+\.(amazonaws\.com|amazon\.com|amazonaws\.com\.cn)$/;

type Operator = Exclude<ParsedOperator, { error: string }>;

/** Value checks for every condition of every statement. */
export const conditionValueChecks: CheckFamily = (_ctx, statements, out) => {
  for (const st of statements) {
    for (const c of rawConditions(st)) {
      const op = parseOperatorName(c.operator);
      if ('error' in op) continue;
      if (Array.isArray(c.raw) && c.raw.length === 0) {
        emptyArray(c, op, out);
        continue;
      }
      mixedTypes(c, out);
      const values = conditionValues(c);
      valueFormats(st, c, op, values, out);
      keyValues(c, values, out);
      if (/^aws:(sourceip|vpcsourceip)$/i.test(c.key) && familyOf(op.base) === 'IpAddress') ipChecks(c, op.base, values, out);
      redundantNumeric(c, op, values, out);
    }
  }
};

function emptyArray(c: RawCondition, op: Operator, out: Finding[]): void {
  const code =
    op.setOperator === 'ForAllValues'
      ? 'EMPTY_ARRAY_CONDITION_FORALLVALUES'
      : op.setOperator === 'ForAnyValue'
        ? 'EMPTY_ARRAY_CONDITION_FORANYVALUE'
        : op.ifExists
          ? 'EMPTY_ARRAY_CONDITION_IFEXISTS'
          : 'EMPTY_ARRAY_CONDITION';
  const message = {
    EMPTY_ARRAY_CONDITION_FORALLVALUES: `ForAllValues with no values for ${c.key} matches only when the key is missing from the request. To test for a missing key, use Null with true.`,
    EMPTY_ARRAY_CONDITION_FORANYVALUE: `ForAnyValue with no values for ${c.key} never matches and does not affect the policy.`,
    EMPTY_ARRAY_CONDITION_IFEXISTS: `IfExists with no values for ${c.key} matches only when the key is missing from the request. To test for a missing key, use Null with true.`,
    EMPTY_ARRAY_CONDITION: `There are no values for the condition key ${c.key}: it does not affect the policy.`,
  }[code];
  out.push({ code, path: c.path, target: 'value', message });
}

function mixedTypes(c: RawCondition, out: Finding[]): void {
  if (!Array.isArray(c.raw)) return;
  // Only scalar types: an object or array in the values is the grammar's DATA_TYPE_MISMATCH.
  if (c.raw.some((v: unknown) => typeof v === 'object')) return;
  const types = new Set(c.raw.map((v: unknown) => typeof v));
  if (types.size > 1)
    out.push({
      code: 'INVALID_CONDITION_DATA_TYPE',
      path: c.path,
      target: 'value',
      message: `The values of ${c.key} mix JSON types (${[...types].join(', ')}): use values of one type.`,
    });
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function valueFormats(st: RawStatement, c: RawCondition, op: Operator, values: readonly StringAt[], out: Finding[]): void {
  const family = familyOf(op.base);
  const push = (code: string, v: StringAt, message: string, fixes?: readonly Fix[]) =>
    out.push({ code, path: v.path, target: 'value', message, ...(fixes?.length ? { fixes } : {}) });
  let wildcardReported = false;
  for (const v of values) {
    if (v.value.includes('${')) {
      if (family !== 'String' && family !== 'Arn')
        push('INVALID_VARIABLE_FOR_OPERATOR', v, `Policy variables can be used only with String and ARN operators, not ${c.operator}.`);
      continue;
    }
    if (family === 'Numeric' && !NUMBER.test(v.value))
      push('TYPE_MISMATCH_NUMBER', v, `${json(v.value)} is not a number: ${c.operator} needs numeric values.`);
    else if (family === 'Date') dateValue(c, v, push);
    else if ((family === 'Bool' || family === 'Null') && !/^(true|false)$/.test(v.value)) boolValue(c, v, push);
    else if (family === 'IpAddress' && !parseCidr(v.value))
      push('TYPE_MISMATCH_IP_RANGE', v, `${json(v.value)} is not an IP address or CIDR range (${c.operator}).`);
    else if (family === 'Binary' && !BASE64.test(v.value))
      push('TYPE_MISMATCH_STRING', v, `${json(v.value)} is not base64: ${c.operator} compares base64-encoded values.`);
    // String operators only: ArnEquals matches wildcards like ArnLike (condition operators page, ARN operators).
    else if (!wildcardReported && /^String(Not)?Equals$/.test(op.base) && /[*?]/.test(v.value)) {
      wildcardReported = true;
      const like = op.base.replace('Equals', 'Like');
      push(
        'WILDCARD_WITHOUT_LIKE_OPERATOR',
        v,
        `${json(v.value)} contains * or ?, which ${op.base} compares literally. If you meant a wildcard, use ${like}.`,
        operatorFix(st, c, c.operator.replace(/Equals/i, 'Like')),
      );
    }
  }
  if (family === 'Bool' && !op.setOperator && values.length > 1) {
    out.push({
      code: 'INVALID_CONDITION_MULTIPLE_BOOLEAN',
      path: c.path,
      target: 'value',
      message: `${c.key} takes a single Boolean value with ${c.operator}.`,
    });
  }
}

type PushValue = (code: string, v: StringAt, message: string, fixes?: readonly Fix[]) => void;

function dateValue(c: RawCondition, v: StringAt, push: PushValue): void {
  if (ISO_DATE.test(v.value) || NUMBER.test(v.value)) return; // ISO 8601 or epoch seconds
  const parsed = Date.parse(v.value);
  if (!Number.isNaN(parsed)) {
    // Date.parse reads such text in the local time zone; the fix writes the UTC instant it read.
    const iso = new Date(parsed).toISOString().replace('.000Z', 'Z');
    push('INVALID_DATE_VALUE', v, `The date ${json(v.value)} might not resolve as expected: use YYYY-MM-DD or another ISO 8601 form.`, [
      { title: `Replace with ${json(iso)}`, edits: [{ kind: 'replace', path: v.path, target: 'value', json: json(iso) }] },
    ]);
  } else
    push('TYPE_MISMATCH_DATE', v, `${json(v.value)} is not a date: ${c.operator} needs an ISO 8601 date (YYYY-MM-DD) or epoch seconds.`);
}

function boolValue(c: RawCondition, v: StringAt, push: PushValue): void {
  const lower = v.value.toLowerCase();
  const fixes: Fix[] =
    lower === 'true' || lower === 'false'
      ? [
          {
            title: `Replace with "${lower}"`,
            edits: [{ kind: 'replace', path: v.path, target: 'value', json: json(lower) }],
            preferred: true,
          },
        ]
      : [];
  push('TYPE_MISMATCH_BOOLEAN', v, `${json(v.value)} is not a Boolean: use "true" or "false" with ${c.operator}.`, fixes);
}

const VPC = /^vpc-([a-z0-9]{8}|[a-z0-9]{17})$/;
const VPCE = /^vpce-([a-z0-9]{8}|[a-z0-9]{17})$/;

function keyValues(c: RawCondition, values: readonly StringAt[], out: Finding[]): void {
  const key = c.key.toLowerCase();
  for (const v of values) {
    if (/[*?]|\$\{/.test(v.value)) {
      if (key === 'token.actions.githubusercontent.com:sub' && v.value.includes('*')) {
        out.push({
          code: 'SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED',
          path: v.path,
          target: 'value',
          message: `The wildcard in ${json(v.value)} can allow more repositories or branches than intended: name the repository and branch (repo:org/repo:ref:refs/heads/main).`,
        });
      }
      continue;
    }
    if (key === 'aws:sourcevpc' && !VPC.test(v.value))
      out.push({
        code: 'INVALID_VPC_FORMAT',
        path: v.path,
        target: 'value',
        message: `${json(v.value)} is not a VPC ID: use vpc- followed by 8 or 17 alphanumeric characters.`,
      });
    if (key === 'aws:sourcevpce' && !VPCE.test(v.value))
      out.push({
        code: 'INVALID_VPCE_FORMAT',
        path: v.path,
        target: 'value',
        message: `${json(v.value)} is not a VPC endpoint ID: use vpce- followed by 8 or 17 alphanumeric characters.`,
      });
    if (/^aws:calledvia(first|last)?$/.test(key) && !CALLED_VIA_PRINCIPAL.test(v.value)) {
      out.push({
        code: 'INVALID_SERVICE_PRINCIPAL_FORMAT',
        path: v.path,
        target: elementTarget(v.path),
        message: `${json(v.value)} is not a service principal as ${c.key} holds it: use service.amazonaws.com (or .amazon.com, .amazonaws.com.cn), all lowercase.`,
      });
    }
    if (key === 'aws:requestedregion' && !isRegionName(v.value))
      out.push({ code: 'INVALID_REGION', path: v.path, target: 'value', message: `The Region ${json(v.value)} is not valid.` });
  }
}

function redundantNumeric(c: RawCondition, op: Operator, values: readonly StringAt[], out: Finding[]): void {
  const less = /^NumericLessThan/.test(op.base);
  if (op.setOperator || values.length < 2 || !(less || /^NumericGreaterThan/.test(op.base))) return;
  const nums = values.map((v) => Number(v.value));
  if (nums.some(Number.isNaN)) return;
  // Values are ORed: x < a OR x < b is x < max(a, b).
  const best = less ? Math.max(...nums) : Math.min(...nums);
  const kept = values[nums.indexOf(best)]!;
  const keptJson = typeof (Array.isArray(c.raw) ? c.raw[nums.indexOf(best)] : c.raw) === 'number' ? String(best) : json(kept.value);
  out.push({
    code: 'REDUNDANT_CONDITION_VALUE_NUM',
    path: c.path,
    target: 'value',
    message: `The values of ${op.base} for ${c.key} are ORed: only the ${less ? 'greatest' : 'least'} (${kept.value}) matters. Replace them with that single value.`,
    fixes: [
      { title: `Keep only ${kept.value}`, edits: [{ kind: 'replace', path: c.path, target: 'value', json: keptJson }], preferred: true },
    ],
  });
}
