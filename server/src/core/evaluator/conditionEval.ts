/**
 * Evaluates one condition entry (operator + key + values) against the request context.
 *
 * Rules, each from the AWS pages:
 * - Several values for one key are OR-ed; negated operators need the request value to match none
 *   of them (reference_policies_multi-value-conditions.md, "Evaluation logic ...", Note).
 * - A key missing from the request makes a condition false, except negated operators (true),
 *   `...IfExists` (true) and `Null` (reference_policies_elements_condition_operators.md, intro and
 *   "...IfExists condition operators").
 * - `ForAllValues:` is true when the key is missing or empty (no values, or only empty strings);
 *   `ForAnyValue:` is false then (reference_policies_multi-value-conditions.md), with `…IfExists`
 *   too (AWS's answer on re:Post, below).
 * - Without a set operator, a multivalued request key matches when any of its values matches
 *   (negated: when none does).
 * - A policy variable with no value matches nothing, so positive operators fail and negated ones
 *   succeed (reference_policies_variables.md, "Policy variables with no value").
 */
import type { ConditionEntry } from '../policy/types';
import type { ContextMap } from './context';
import { OPERATORS, type Comparator, type OperatorSpec } from './operators';
import { parseTemplate, resolveTemplate, type Template } from './variables';

/** A condition entry prepared for repeated evaluation. */
export interface CompiledCondition {
  readonly entry: ConditionEntry;
  readonly spec?: OperatorSpec;
  /** Static comparators (undefined entries are invalid values that match nothing). */
  readonly comparators?: readonly (Comparator | undefined)[];
  /** Templates, when the values hold policy variables and the policy version allows them. */
  readonly templates?: readonly Template[];
  /** Comparators of recently substituted values: requests often repeat the variables' values. */
  readonly resolved?: Map<string, Comparator | undefined>;
  /** Results of recent requests, for conditions without variables (see {@link evaluateCondition}). */
  readonly results?: ResultMemo;
}

/**
 * A condition without policy variables gives the same result for the same request values: the
 * results for recent single values (and for an absent key) are kept, so a batch whose requests
 * repeat values builds each explanation once and shares it (results are never mutated).
 */
interface ResultMemo {
  readonly byValue: Map<string, ConditionResult>;
  absent?: ConditionResult;
}

/** How many single request values a condition keeps the result for (then it starts over). */
const RESULT_MEMO = 32;

/** How many substituted values a condition keeps compiled. */
const RESOLVED_CACHE = 64;

/** The outcome of one condition, for explanations. */
export interface ConditionResult {
  readonly operator: string;
  readonly key: string;
  readonly policyValues: readonly string[];
  /** The request's values for the key; undefined when the key is missing. */
  readonly requestValues?: readonly string[];
  readonly result: boolean;
  /** Why, in words a person can follow. */
  readonly reason: string;
  /** Keys this condition needed but the request did not supply (the key itself or variables). */
  readonly missingKeys: readonly string[];
}

/** Prepares `entry`; variables are only recognized when `variables` (Version 2012-10-17). */
export function compileCondition(entry: ConditionEntry, variables: boolean): CompiledCondition {
  if (entry.base === 'Null') return { entry, results: { byValue: new Map() } };
  const spec = OPERATORS[entry.base];
  if (variables && spec.variables && entry.values.some((v) => v.includes('${'))) {
    const templates = entry.values.map(parseTemplate);
    if (templates.some((t) => t.dynamic)) return { entry, spec, templates, resolved: new Map() };
  }
  return { entry, spec, comparators: entry.values.map((v) => spec.compile(v)), results: { byValue: new Map() } };
}

/**
 * Evaluates a compiled condition against the context. A condition without variables depends on
 * nothing but the key's request values: for an absent key or a single value, the result of an
 * earlier request with the same value is given again (the same object).
 */
export function evaluateCondition(c: CompiledCondition, ctx: ContextMap): ConditionResult {
  const raw = ctx.raw(c.entry.key);
  const memo = c.results;
  if (memo === undefined) return evaluateValues(c, ctx, valuesOf(raw));
  if (raw === undefined) return (memo.absent ??= evaluateValues(c, ctx, undefined));
  // One value, given as a string or as a list of one: the result depends on nothing else.
  const value = typeof raw === 'string' ? raw : raw.length === 1 ? (raw[0] as string) : undefined;
  if (value === undefined) return evaluateValues(c, ctx, raw as readonly string[]);
  let hit = memo.byValue.get(value);
  if (hit === undefined) {
    if (memo.byValue.size >= RESULT_MEMO) memo.byValue.clear();
    memo.byValue.set(value, (hit = evaluateValues(c, ctx, valuesOf(raw))));
  }
  return hit;
}

/** A key's values as a list (a single value given as a string: a list of it). */
function valuesOf(raw: string | readonly string[] | undefined): readonly string[] | undefined {
  return typeof raw === 'string' ? [raw] : raw;
}

function evaluateValues(c: CompiledCondition, ctx: ContextMap, requestValues: readonly string[] | undefined): ConditionResult {
  const { entry } = c;
  const missingKeys: string[] = requestValues === undefined ? [entry.key] : [];
  let outcome: Outcome;
  if (!c.spec) outcome = entry.setOperator ? nullWithSetOperator(entry.setOperator) : nullResult(entry.values, requestValues);
  else outcome = decide(c, c.comparators ?? resolveComparators(c, ctx, missingKeys), requestValues);
  return {
    operator: entry.operator,
    key: entry.key,
    policyValues: entry.values,
    requestValues,
    result: outcome.result,
    reason: outcome.reason,
    missingKeys,
  };
}

/**
 * Whether a compiled condition holds, with no explanation built: the lean path of `evaluate`
 * without explanations. Pushes to `missing` exactly the keys {@link evaluateCondition} reports, in
 * the same order, and gives the same result (the differential test checks both on every request).
 */
export function conditionHolds(c: CompiledCondition, ctx: ContextMap, missing: string[]): boolean {
  const { entry } = c;
  const raw = ctx.raw(entry.key);
  if (raw === undefined) missing.push(entry.key);
  // A single value is read through a list of one kept for it: no list per request (holds keeps none).
  let requestValues: readonly string[] | undefined;
  if (typeof raw === 'string') {
    ONE[0] = raw;
    requestValues = ONE;
  } else requestValues = raw;
  if (!c.spec) return entry.setOperator ? entry.setOperator === 'ForAllValues' : nullResult(entry.values, requestValues).result;
  return holds(c, c.comparators ?? resolveComparators(c, ctx, missing), requestValues);
}

/**
 * The list {@link conditionHolds} reads a single request value through. Safe to share: resolving
 * variables and comparing values (all that runs while it is in use) never evaluate a condition.
 */
const ONE: string[] = [''];

/** {@link decide} without the reasons. */
function holds(c: CompiledCondition, comparators: readonly (Comparator | undefined)[], request: readonly string[] | undefined): boolean {
  const { entry } = c;
  const negated = (c.spec as OperatorSpec).negated;
  // Loops by index, no callbacks: this runs per condition per request, often before it is optimised.
  if (entry.setOperator === 'ForAllValues') {
    if (request === undefined || allEmpty(request)) return true;
    for (let i = 0; i < request.length; i++) if (anyMatch(comparators, request[i] as string) === negated) return false;
    return true;
  }
  if (request === undefined || request.length === 0) return entry.setOperator === 'ForAnyValue' ? false : entry.ifExists || negated;
  if (entry.setOperator === 'ForAnyValue') {
    if (allEmpty(request)) return false;
    for (let i = 0; i < request.length; i++) if (anyMatch(comparators, request[i] as string) !== negated) return true;
    return false;
  }
  for (let i = 0; i < request.length; i++) if (anyMatch(comparators, request[i] as string)) return !negated;
  return negated;
}

/** Whether every value is the empty string (a null data set for the set operators). */
function allEmpty(values: readonly string[]): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== '') return false;
  return true;
}

function resolveComparators(c: CompiledCondition, ctx: ContextMap, missing: string[]): (Comparator | undefined)[] {
  const spec = c.spec as OperatorSpec;
  return (c.templates as readonly Template[]).map((t) => {
    const r = resolveTemplate(t, ctx, spec.pattern);
    if (!r.ok) {
      if (r.missing !== undefined) missing.push(r.missing);
      return undefined;
    }
    const cache = c.resolved as Map<string, Comparator | undefined>;
    if (cache.has(r.text)) return cache.get(r.text);
    if (cache.size >= RESOLVED_CACHE) cache.clear();
    const compiled = spec.compile(r.text);
    cache.set(r.text, compiled);
    return compiled;
  });
}

// Null: "true" means the key must be absent, "false" that it must be present "and its value is not
// null" (Null section); an empty string is a null value (reference_policies_elements_condition.md,
// "The request context": "it is possible to include an empty string ... the value ... is null").
function nullResult(values: readonly string[], request: readonly string[] | undefined): { result: boolean; reason: string } {
  const absent = request === undefined || request.every((v) => v === '');
  const result = values.some((v) => (v.toLowerCase() === 'true' ? absent : v.toLowerCase() === 'false' ? !absent : false));
  return { result, reason: absent ? 'key is not present in the request' : 'key is present in the request' };
}

// "When you use the Null condition operator with ForAllValues, the statement always returns true.
// When you use the Null condition operator with ForAnyValue, the statement always returns false"
// (access-analyzer-reference-policy-checks.md, "Null with qualifier").
function nullWithSetOperator(setOperator: 'ForAllValues' | 'ForAnyValue'): Outcome {
  return setOperator === 'ForAllValues'
    ? { result: true, reason: 'Null with ForAllValues is always true' }
    : { result: false, reason: 'Null with ForAnyValue is always false' };
}

type Outcome = { result: boolean; reason: string };

/** Whether any comparator accepts `r`. A loop, not `.some`, since it runs per value per condition. */
function anyMatch(comparators: readonly (Comparator | undefined)[], r: string): boolean {
  for (let i = 0; i < comparators.length; i++) {
    const cmp = comparators[i];
    if (cmp !== undefined && cmp(r)) return true;
  }
  return false;
}

function decide(c: CompiledCondition, comparators: readonly (Comparator | undefined)[], request: readonly string[] | undefined): Outcome {
  const { entry } = c;
  const negated = (c.spec as OperatorSpec).negated;
  const empty = request === undefined || request.length === 0;
  // Set operators also treat values that "resolve to a null data set, such as an empty string"
  // as no values (reference_policies_multi-value-conditions.md, ForAllValues / ForAnyValue).
  const nullSet = request === undefined || request.every((v) => v === '');
  if (entry.setOperator === 'ForAllValues') {
    if (nullSet) return { result: true, reason: 'ForAllValues is true when the key is missing or empty' };
    for (const r of request)
      if (anyMatch(comparators, r) === negated) return { result: false, reason: `request value '${r}' did not match` };
    return { result: true, reason: 'every request value matched' };
  }
  if (entry.setOperator === 'ForAnyValue') {
    // IfExists does not change it: AWS denied sqs:ListQueues (no aws:TagKeys) to a role allowed only
    // under ForAnyValue:StringEqualsIfExists on aws:TagKeys (AWS re:Post, "ForAnyValue:StringEqualsIfExists
    // behaving unexpectedly", https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w, read 2026-12-03).
    if (nullSet)
      return {
        result: false,
        reason: entry.ifExists
          ? 'ForAnyValue is false when the key is missing or empty, IfExists or not'
          : 'ForAnyValue is false when the key is missing or empty',
      };
    for (const r of request) if (anyMatch(comparators, r) !== negated) return { result: true, reason: `request value '${r}' matched` };
    return { result: false, reason: `no request value matched (${quoteList(request)})` };
  }
  if (empty) {
    if (entry.ifExists) return { result: true, reason: 'key is not present, so the IfExists condition is true' };
    if (negated) return { result: true, reason: 'key is not present, and a negated operator is true then' };
    return { result: false, reason: 'key is not present in the request' };
  }
  return singleValued(negated, comparators, request);
}

function singleValued(negated: boolean, comparators: readonly (Comparator | undefined)[], request: readonly string[]): Outcome {
  let hit: string | undefined;
  for (const r of request) {
    if (anyMatch(comparators, r)) {
      hit = r;
      break;
    }
  }
  if (negated) {
    return hit === undefined
      ? { result: true, reason: `${quoteList(request)} matched none of the values` }
      : { result: false, reason: `request value '${hit}' matched a listed value` };
  }
  return hit !== undefined
    ? { result: true, reason: `request value '${hit}' matched` }
    : { result: false, reason: `request value ${quoteList(request)} did not match` };
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}
