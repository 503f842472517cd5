/**
 * The condition operator families (reference_policies_elements_condition_operators.md). Each
 * operator is described by its positive comparison and whether it is negated: `StringNotEquals`
 * is "not StringEquals", and so on. Negation is applied by the caller (conditions.ts) over the
 * whole value list, because "when multiple values are listed for negated operators ... the
 * effective permissions work like a logical AND" (reference_policies_multi-value-conditions.md).
 */
import type { ConditionOperatorName } from '../policy/types';
import { compileArnPattern } from './arn';
import { cidrContains, parseCidr, parseIp } from './ip';
import { compilePattern } from './pattern';
import { parseBool, parseDate, parseNumber, sameBinary } from './values';

/** Tests one request value against one (compiled) policy value. */
export type Comparator = (requestValue: string) => boolean;

/** How an operator behaves. */
export interface OperatorSpec {
  readonly negated: boolean;
  /** Policy variables are substituted only for string and ARN operators (variables page, Condition element). */
  readonly variables: boolean;
  /** Whether substituted values go into a wildcard pattern (Like and ARN operators). */
  readonly pattern: boolean;
  /** Compiles a policy value; undefined when it is not a valid value for the operator. */
  compile(policyValue: string): Comparator | undefined;
}

const stringEquals =
  (v: string): Comparator =>
  (r) =>
    r === v;
const stringEqualsIgnoreCase = (v: string): Comparator => {
  const lower = v.toLowerCase();
  return (r) => r.toLowerCase() === lower;
};
const stringLike = (v: string): Comparator => {
  const m = compilePattern(v);
  return (r) => m.matches(r);
};
// ArnEquals and ArnLike "behave identically": both take wildcards per segment, case-sensitively;
// "Each of the six colon-delimited components of the ARN is checked separately", so no `*` reaches
// over a colon (unlike in the Resource element).
const arnLike = (v: string): Comparator => {
  const m = compileArnPattern(v, { shortPattern: 'never', segmentEndStar: 'within' });
  return (r) => m.matches(r);
};

function numeric(test: (r: number, v: number) => boolean) {
  return (v: string): Comparator | undefined => {
    const n = parseNumber(v);
    if (n === undefined) return undefined;
    return (r) => {
      const x = parseNumber(r);
      return x !== undefined && test(x, n);
    };
  };
}

function date(test: (r: number, v: number) => boolean) {
  return (v: string): Comparator | undefined => {
    const n = parseDate(v);
    if (n === undefined) return undefined;
    return (r) => {
      const x = parseDate(r);
      return x !== undefined && test(x, n);
    };
  };
}

const bool = (v: string): Comparator | undefined => {
  const b = parseBool(v);
  return b === undefined ? undefined : (r) => parseBool(r) === b;
};
const binary =
  (v: string): Comparator =>
  (r) =>
    sameBinary(r, v);
// One-entry memo: a request value is usually tested against several CIDRs in a row.
let lastIpText: string | undefined;
let lastIp: ReturnType<typeof parseIp>;
function requestIp(text: string): ReturnType<typeof parseIp> {
  if (text !== lastIpText) {
    lastIpText = text;
    lastIp = parseIp(text);
  }
  return lastIp;
}

const ipAddress = (v: string): Comparator | undefined => {
  const range = parseCidr(v);
  if (!range) return undefined;
  return (r) => {
    const ip = requestIp(r);
    return ip !== undefined && cidrContains(range, ip);
  };
};

const eq = (a: number, b: number) => a === b;
const lt = (a: number, b: number) => a < b;
const le = (a: number, b: number) => a <= b;
const gt = (a: number, b: number) => a > b;
const ge = (a: number, b: number) => a >= b;

type Compile = (v: string) => Comparator | undefined;
const spec = (compile: Compile, negated: boolean, variables = false, pattern = false): OperatorSpec => ({
  compile,
  negated,
  variables,
  pattern,
});

/** Every operator except Null (which tests presence, not values; see conditions.ts). */
export const OPERATORS: Readonly<Record<Exclude<ConditionOperatorName, 'Null'>, OperatorSpec>> = {
  StringEquals: spec(stringEquals, false, true),
  StringNotEquals: spec(stringEquals, true, true),
  StringEqualsIgnoreCase: spec(stringEqualsIgnoreCase, false, true),
  StringNotEqualsIgnoreCase: spec(stringEqualsIgnoreCase, true, true),
  StringLike: spec(stringLike, false, true, true),
  StringNotLike: spec(stringLike, true, true, true),
  NumericEquals: spec(numeric(eq), false),
  NumericNotEquals: spec(numeric(eq), true),
  NumericLessThan: spec(numeric(lt), false),
  NumericLessThanEquals: spec(numeric(le), false),
  NumericGreaterThan: spec(numeric(gt), false),
  NumericGreaterThanEquals: spec(numeric(ge), false),
  DateEquals: spec(date(eq), false),
  DateNotEquals: spec(date(eq), true),
  DateLessThan: spec(date(lt), false),
  DateLessThanEquals: spec(date(le), false),
  DateGreaterThan: spec(date(gt), false),
  DateGreaterThanEquals: spec(date(ge), false),
  Bool: spec(bool, false),
  BinaryEquals: spec(binary, false),
  IpAddress: spec(ipAddress, false),
  NotIpAddress: spec(ipAddress, true),
  ArnEquals: spec(arnLike, false, true, true),
  ArnLike: spec(arnLike, false, true, true),
  ArnNotEquals: spec(arnLike, true, true, true),
  ArnNotLike: spec(arnLike, true, true, true),
};
