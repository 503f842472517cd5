/**
 * Evaluates one statement against a request: Action/NotAction, Resource/NotResource,
 * Principal/NotPrincipal, then the conditions (all keys and operators AND-ed,
 * reference_policies_multi-value-conditions.md). Statements are compiled once per policy
 * (cached by object identity), so a batch of requests reuses the glob and ARN matchers.
 */
import type { Policy, Statement } from '../policy/types';
import { compileArnPattern } from './arn';
import { compileCondition, conditionHolds, evaluateCondition, type CompiledCondition, type ConditionResult } from './conditionEval';
import type { ContextMap } from './context';
import { compilePattern, type TextMatcher } from './pattern';
import { matchNotPrincipal, matchPrincipal, type PrincipalMatch } from './principal-match';
import type { PrincipalIdentities, RequestPrincipal } from './principal';
import { parseTemplate, resolveTemplate, resourcePartStart, type Template } from './variables';
import { CACHES } from '../caches';

/**
 * A Resource entry: a static pattern, or a literal head (everything up to the ARN's fifth colon,
 * where AWS substitutes no variable) and a template for the resource part.
 */
type ResourceMatcher = {
  readonly text: string;
  /** The answers naming this entry, made once (answers are never mutated): Resource lists it, NotResource lists it. */
  readonly listed: ElementMatch;
  readonly notListed: ElementMatch;
  readonly static?: TextMatcher;
  readonly head?: string;
  readonly template?: Template;
  /** Matchers of recently substituted patterns: requests often repeat the variables' values. */
  readonly resolved?: Map<string, TextMatcher>;
};

/** How many substituted patterns a Resource entry keeps compiled. */
const RESOLVED_CACHE = 64;

/** A statement prepared for repeated evaluation (cached per statement object). */
export interface CompiledStatement {
  readonly st: Statement;
  /** Each Action/NotAction entry with the answer naming it, made once (answers are shared, never mutated). */
  readonly actions: readonly { text: string; m: TextMatcher; answer: ElementMatch }[];
  readonly resources?: readonly ResourceMatcher[];
  readonly conditions: readonly CompiledCondition[];
  /**
   * How the Action/NotAction element treated each recently asked action. A batch or a simulation
   * asks the same few hundred actions of the same statements many times; the answers (immutable)
   * are kept instead of running the wildcard matchers again.
   */
  readonly actionAnswers: Map<string, ElementMatch>;
  /** The condition results of the statement's most recent explained request (see `conditionResults`). */
  lastConditions: readonly ConditionResult[];
}

/** How many actions a statement remembers the answer for (then it starts over). */
const ACTION_ANSWERS = 1024;

/** Whether an element matched, and the entry that decided it. */
export interface ElementMatch {
  readonly matched: boolean;
  readonly by?: string;
  /** Policy variables in the element that had no value in the request. */
  readonly missingKeys?: readonly string[];
}

/** What a statement did with a request; `applies` means its Effect takes part in the decision. */
export interface StatementResult {
  readonly statement: Statement;
  readonly applies: boolean;
  readonly action: ElementMatch;
  /** Undefined when not evaluated (the action did not match) or when the statement has no Resource. */
  readonly resource?: ElementMatch;
  readonly principal?: PrincipalMatch;
  /** Undefined when not evaluated (an earlier element did not match). */
  readonly conditions?: readonly ConditionResult[];
}

/** What a statement is evaluated against. */
export interface StatementRequest {
  readonly principal: RequestPrincipal;
  readonly identities: PrincipalIdentities;
  readonly action: string;
  readonly resource: string;
  readonly context: ContextMap;
  /**
   * The principal is an IAM user or role (or a session of one) with a permissions boundary
   * attached: a NotPrincipal with Deny then always applies (principal-match.ts).
   */
  readonly boundary?: boolean;
}

const cache = CACHES.weak<Statement, CompiledStatement>('evaluator.statements');

function compile(st: Statement, variables: boolean): CompiledStatement {
  const hit = cache.get(st);
  if (hit) return hit;
  // Actions: "The prefix and the action name are case insensitive" (reference_policies_elements_action.md).
  const actions = st.action
    ? st.action.map((text) => ({ text, m: compilePattern(text, true), answer: { matched: true, by: text } }))
    : (st.notAction ?? []).map((text) => ({
        text,
        m: compilePattern(text, true),
        answer: { matched: false, by: `NotAction lists ${text}` },
      }));
  const list = st.resource ?? st.notResource;
  const resources = list?.map((text) => resourceMatcher(text, variables));
  const conditions = st.conditions.map((c) => compileCondition(c, variables));
  const compiled: CompiledStatement = {
    st,
    actions,
    conditions,
    actionAnswers: new Map(),
    lastConditions: NO_CONDITIONS,
    ...(resources ? { resources } : {}),
  };
  cache.set(st, compiled);
  return compiled;
}

function resourceMatcher(text: string, variables: boolean): ResourceMatcher {
  const answers = { text, listed: { matched: true, by: text }, notListed: { matched: false, by: `NotResource lists ${text}` } };
  if (!variables || !text.includes('${')) return { ...answers, static: compileArnPattern(text, { ignoreCasePrefix: true }) };
  // Variables before the fifth colon stay literal text: AWS substitutes them only in the resource
  // part (reference_policies_variables.md). `arn:aws:sns:*:${aws:PrincipalAccount}:*` thus
  // matches only an ARN spelling that text, i.e. no real ARN.
  const start = resourcePartStart(text);
  const head = start < 0 ? text : text.slice(0, start);
  const template = parseTemplate(start < 0 ? '' : text.slice(start));
  if (!template.dynamic) return { ...answers, static: compileArnPattern(text, { ignoreCasePrefix: true }) };
  return { ...answers, head, template, resolved: new Map() };
}

/** The compiled pattern of a substituted Resource entry, from the entry's small cache. */
function resolvedMatcher(r: ResourceMatcher, pattern: string): TextMatcher {
  const cache = r.resolved as Map<string, TextMatcher>;
  let m = cache.get(pattern);
  if (!m) {
    if (cache.size >= RESOLVED_CACHE) cache.clear();
    m = compileArnPattern(pattern, { ignoreCasePrefix: true });
    cache.set(pattern, m);
  }
  return m;
}

/** Evaluates `st` (from `policy`) for `req`. `withPrincipal` is false for identity-like policies. */
export function evaluateStatement(policy: Policy, st: Statement, req: StatementRequest, withPrincipal: boolean): StatementResult {
  // Variables exist only in Version 2012-10-17 policies (reference_policies_elements_version.md).
  const c = compile(st, policy.version === '2012-10-17');
  return evaluateCompiled(c, matchActions(c, req.action), req, withPrincipal);
}

/**
 * {@link evaluateStatement} of a compiled statement whose Action element gave `action` for the
 * request's action (as {@link actionStatements} lists them: no lookup per request).
 */
export function evaluateCompiled(
  c: CompiledStatement,
  action: ElementMatch,
  req: StatementRequest,
  withPrincipal: boolean,
): StatementResult {
  const st = c.st;
  if (!action.matched) return { statement: st, applies: false, action, resource: undefined, principal: undefined, conditions: undefined };
  const resource = c.resources ? matchResources(c, req) : undefined;
  if (resource && !resource.matched)
    return { statement: st, applies: false, action, resource, principal: undefined, conditions: undefined };
  const principal = withPrincipal ? matchStatementPrincipal(st, req) : undefined;
  if (principal && !principal.matched) return { statement: st, applies: false, action, resource, principal, conditions: undefined };
  const conditions = c.conditions.length === 0 ? NO_CONDITIONS : conditionResults(c, req);
  let applies = true;
  for (let i = 0; i < conditions.length; i++) if (!(conditions[i] as ConditionResult).result) applies = false;
  return { statement: st, applies, action, resource, principal, conditions };
}

/**
 * The results of a statement's conditions. Results are shared objects (per request value), so a
 * request often gets the same results as the statement's previous one: that list is then given
 * again (lists are never mutated), and a new one is made only when a result differs.
 */
function conditionResults(c: CompiledStatement, req: StatementRequest): readonly ConditionResult[] {
  const compiled = c.conditions;
  const last = c.lastConditions;
  let same = last.length === compiled.length;
  const out = CONDITION_SCRATCH;
  for (let i = 0; i < compiled.length; i++) {
    const r = evaluateCondition(compiled[i] as CompiledCondition, req.context);
    out[i] = r;
    if (same && last[i] !== r) same = false;
  }
  if (same) return last;
  const fresh = out.slice(0, compiled.length);
  c.lastConditions = fresh;
  return fresh;
}

/** The statements of a policy whose Action element matches an action, compiled, in their order. */
export interface ActionStatements {
  /** Each one's position in the policy's statements. */
  readonly indices: readonly number[];
  readonly compiled: readonly CompiledStatement[];
  /** Each one's Action element answer for the action. */
  readonly answers: readonly ElementMatch[];
  /**
   * Per statement of the policy: whether its Action element does not list the action. Such a
   * statement does not apply, and its explanation is the same for every such request (action
   * {@link UNLISTED}, nothing else evaluated).
   */
  readonly unlisted: readonly boolean[];
}

/**
 * The statements of `policy` whose Action/NotAction element matches `action` (the only ones that
 * can apply to a request of it): a caller that keeps this per action runs only those per request.
 */
export function actionStatements(policy: Policy, action: string): ActionStatements {
  const variables = policy.version === '2012-10-17';
  const indices: number[] = [];
  const compiled: CompiledStatement[] = [];
  const answers: ElementMatch[] = [];
  const unlisted: boolean[] = [];
  policy.statements.forEach((st, i) => {
    const c = compile(st, variables);
    const answer = matchActions(c, action);
    unlisted.push(answer === UNLISTED);
    if (!answer.matched) return;
    indices.push(i);
    compiled.push(c);
    answers.push(answer);
  });
  return { indices, compiled, answers, unlisted };
}

/**
 * Whether a statement of {@link actionStatements} (its Action element matched the request's
 * action) applies to `req`, with no explanation built: the lean path of `evaluate` without
 * explanations. Undefined when it does not apply; otherwise how the Principal element matched
 * (`true` when the principal was not matched: identity-like policies). Pushes to `missing` exactly
 * the keys {@link evaluateStatement} reports through {@link collectMissing}, in the same order.
 */
export function compiledApplies(
  c: CompiledStatement,
  req: StatementRequest,
  withPrincipal: boolean,
  missing: string[],
): PrincipalMatch | true | undefined {
  if (c.resources && !resourcesMatch(c, req, missing)) return undefined;
  const principal = withPrincipal ? matchStatementPrincipal(c.st, req) : true;
  if (principal !== true && !principal.matched) return undefined;
  // Every condition runs (not only up to the first false one): each reports its missing keys.
  // Loops by index here and below: no iterator object per loop while the code is not yet optimised.
  let all = true;
  const conditions = c.conditions;
  for (let i = 0; i < conditions.length; i++) if (!conditionHolds(conditions[i] as CompiledCondition, req.context, missing)) all = false;
  return all ? principal : undefined;
}

/** {@link matchResources} without the explanation. */
function resourcesMatch(c: CompiledStatement, req: StatementRequest, missing: string[]): boolean {
  let hit = false;
  const resources = c.resources as readonly ResourceMatcher[];
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i] as ResourceMatcher;
    if (r.static) hit = r.static.matches(req.resource);
    else {
      const resolved = resolveTemplate(r.template as Template, req.context, true);
      if (!resolved.ok) {
        if (resolved.missing !== undefined) missing.push(resolved.missing);
      } else hit = resolvedMatcher(r, `${r.head as string}${resolved.text}`).matches(req.resource);
    }
    if (hit) break;
  }
  return c.st.notResource ? !hit : hit;
}

const NO_CONDITIONS: readonly ConditionResult[] = [];

/** Where {@link conditionResults} gathers results before deciding whether they are new. */
const CONDITION_SCRATCH: ConditionResult[] = [];

function matchActions(c: CompiledStatement, action: string): ElementMatch {
  let answer = c.actionAnswers.get(action);
  if (!answer) {
    if (c.actionAnswers.size >= ACTION_ANSWERS) c.actionAnswers.clear();
    answer = matchActionsUncached(c, action);
    c.actionAnswers.set(action, answer);
  }
  return answer;
}

function matchActionsUncached(c: CompiledStatement, action: string): ElementMatch {
  const hit = c.actions.find((a) => a.m.matches(action));
  if (c.st.notAction) return hit ? hit.answer : NOT_IN_NOT_ACTION;
  return hit ? hit.answer : UNLISTED;
}

const NOT_IN_NOT_ACTION: ElementMatch = Object.freeze({ matched: true, by: 'not listed in NotAction' });

/** How the Action element treated an action it does not list (one shared, immutable answer). */
export const UNLISTED: ElementMatch = Object.freeze({ matched: false });

/**
 * Resource entries; a variable without value makes its entry match nothing (variables page). The
 * answer is a shared object unless a variable was missing: a batch's explanations of the same
 * statement then compare equal by identity (collect.ts) and are written once (the CLI).
 */
function matchResources(c: CompiledStatement, req: StatementRequest): ElementMatch {
  let missing: string[] | undefined;
  let hit: ResourceMatcher | undefined;
  for (const r of c.resources as readonly ResourceMatcher[]) {
    if (r.static) {
      if (r.static.matches(req.resource)) hit = r;
    } else {
      const resolved = resolveTemplate(r.template as Template, req.context, true);
      if (!resolved.ok) {
        if (resolved.missing !== undefined) (missing ??= []).push(resolved.missing);
      } else if (resolvedMatcher(r, `${r.head as string}${resolved.text}`).matches(req.resource)) hit = r;
    }
    if (hit) break;
  }
  if (missing === undefined) {
    if (c.st.notResource) return hit ? hit.notListed : NOT_IN_NOT_RESOURCE;
    return hit ? hit.listed : NO_RESOURCE;
  }
  const extra = { missingKeys: missing };
  if (c.st.notResource)
    return hit
      ? { matched: false, by: `NotResource lists ${hit.text}`, ...extra }
      : { matched: true, by: 'not listed in NotResource', ...extra };
  return hit ? { matched: true, by: hit.text, ...extra } : { matched: false, ...extra };
}

const NO_RESOURCE: ElementMatch = Object.freeze({ matched: false });
const NOT_IN_NOT_RESOURCE: ElementMatch = Object.freeze({ matched: true, by: 'not listed in NotResource' });

function matchStatementPrincipal(st: Statement, req: StatementRequest): PrincipalMatch {
  if (st.principal) return matchPrincipal(st.principal, req.principal, req.identities);
  if (st.notPrincipal) return matchNotPrincipal(st.notPrincipal, st.effect, req.principal, req.identities, req.boundary === true);
  // A resource-like statement without Principal (e.g. an SCP-style statement) applies to everyone.
  return { matched: true, kind: 'direct', by: '(no Principal element)' };
}

/** Appends the keys a statement needed but the request lacked (conditions and Resource variables). */
export function collectMissing(r: StatementResult, out: string[]): void {
  const fromResource = r.resource?.missingKeys;
  if (fromResource) for (const k of fromResource) out.push(k);
  if (r.conditions) for (const c of r.conditions) for (const k of c.missingKeys) out.push(k);
}
