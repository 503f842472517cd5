/**
 * Decision plans: `evaluate` without explanations (`explain: false`, what `evaluate --brief` and
 * brief simulations run) for requests that repeat a policy set object, which batches do.
 *
 * A plan is made once per (policy set, action): the set's policies at their places, and for each
 * the statements whose Action element matches the action, compiled (patterns and condition blocks
 * bound once). Per request, a plan runs only those statements, and reduces the request to what the
 * decision flow (evaluate.ts) can read of it:
 * - the principal's class (its type and whether it is a service-linked role: which policy types
 *   apply, whether it is a session, the root user, anonymous);
 * - whether the request is cross-account, and which resource policy must allow by itself;
 * - per policy that applies, the set of its statements that applied, and for the resource policy
 *   the most direct way an applying Allow named the principal;
 * - the missing context keys, in the order the statements reported them.
 *
 * The result for such a reduction is the result the general evaluator gives for the first request
 * that had it, kept by the plan (results are never mutated): the general path stays the reference,
 * and runs once per distinct reduction. test/unit/evaluator/plan.test.ts compares the two on every
 * evaluator data case and on generated sets.
 */
import { CACHES } from '../caches';
import { buildContext } from './context';
import { derivedPrincipalKeys } from './derived';
import { applicability, collect, slotsOf, statementsOf, type Applicability, type Slot } from './collect';
import {
  identitiesOf,
  isServiceLinked,
  principalAccount,
  type PrincipalIdentities,
  type PrincipalMatchKind,
  type RequestPrincipal,
} from './principal';
import { accountSegmentStart, parseArn } from './arn';
import { rcpApplies, DEFAULT_RCP_SERVICES } from './rcp';
import { isTrustAction, requiredPolicy } from './rules';
import { compiledApplies, type CompiledStatement, type StatementRequest } from './statement';
import type { PrincipalMatch } from './principal-match';
import type { EvaluationFailure, EvaluationRequest, EvaluationResult, PolicyExplanation, PolicySet, StatementExplanation } from './types';
import { validatePolicySet } from './validate';

/** The general evaluation of a request, without explanation (evaluate.ts): the reference. */
export type GeneralEvaluation = (request: EvaluationRequest, policies: PolicySet) => EvaluationResult | EvaluationFailure;

/** One policy of a plan whose statements can apply to the action. */
interface PlanSlot {
  /** The policy's place among the set's (the order of the explanation). */
  readonly index: number;
  /** The candidates' positions among the policy's statements. */
  readonly indices: readonly number[];
  readonly appliesTo: keyof Applicability | undefined;
  readonly withPrincipal: boolean;
  /** The resource policy: the most direct principal match of its applying Allow statements counts. */
  readonly resource: boolean;
  readonly compiled: readonly CompiledStatement[];
}

/** A decision plan for one (policy set, action). */
interface Plan {
  readonly slots: readonly PlanSlot[];
  /** Whether RCPs take part for this action (the default service list). */
  readonly rcp: boolean;
  /** Whether a trust or key policy may have to allow (the resource ARN decides). */
  readonly mayRequire: boolean;
  readonly hasResourcePolicy: boolean;
  readonly hasBoundaries: boolean;
  /** Results by reduction: nested maps, one level per number of the reduction. */
  root: Map<number, unknown>;
  outcomes: number;
  /** Requests answered, and how many of them the general path had to decide. */
  asked: number;
  misses: number;
  /** Distinct lists of missing keys, by their JSON text (0: none). */
  readonly missingIds: Map<string, number>;
  /** The most recent list of missing keys and its id. */
  lastMissing: readonly string[];
  lastMissingId: number;
}

/** The plans of one policy set, by action. */
interface PlanBook {
  /** A plan, how many times the action was asked before it had one, or {@link NO_PLAN}. */
  readonly byAction: Map<string, Plan | number>;
}

/** The set cannot be planned for the action, or its plan did not pay. */
const NO_PLAN = -1;
/** A (policy set, action) pair gets a plan when it is asked for the third time. */
const PLAN_AFTER = 3;

/** What a plan needs of a principal, worked out once per principal object. */
interface PrincipalFacts {
  readonly classId: number;
  readonly identities: PrincipalIdentities;
  readonly account: string | undefined;
  readonly applies: Applicability;
  readonly appliesWithRcp: Applicability;
}

/** Actions a set keeps plans for, and results a plan keeps (then they start over). */
const MAX_ACTIONS = 1024;
const MAX_OUTCOMES = 4096;
const MAX_MISSING_LISTS = 256;
/** A policy's statements that can apply must fit the bits of a small integer. */
const MAX_CANDIDATES = 24;

const books = CACHES.weak<PolicySet, PlanBook>('evaluator.decisionPlans');
const facts = CACHES.weak<RequestPrincipal, PrincipalFacts>('evaluator.planPrincipals');
const classes = CACHES.map<string, number>('evaluator.principalClasses');

const KIND_CODE: Record<PrincipalMatchKind, number> = { direct: 1, role: 2, 'federating-user': 3, account: 4 };

/**
 * `evaluate(request, policies, { explain: false })` through the set's plan for the action, or
 * undefined when the request cannot take a plan (another RCP service list, a set with problems or
 * with too many statements for one action): the caller then runs the general path.
 */
export function evaluatePlanned(
  request: EvaluationRequest,
  policies: PolicySet,
  rcpServices: ReadonlySet<string> | undefined,
  general: GeneralEvaluation,
): EvaluationResult | EvaluationFailure | undefined {
  const started = start(request, policies, rcpServices);
  if (started === undefined) return undefined;
  const { plan, req, applies } = started;
  const missing: string[] = [];
  let node = started.node;
  const slots = plan.slots;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i] as PlanSlot;
    if (s.appliesTo !== undefined && !applies[s.appliesTo]) continue;
    node = step(node, slotCode(s, req, missing));
  }
  return outcome(plan, node, missing, request, policies, general);
}

/**
 * `evaluate(request, policies)` with the explanation: every policy explained as the general path
 * explains it (collect.ts), and the decision the plan keeps for the request's reduction, read from
 * those explanations (the decision flow then runs once per distinct reduction). Undefined when
 * the request cannot take a plan.
 */
export function evaluateExplainedPlanned(
  request: EvaluationRequest,
  policies: PolicySet,
  rcpServices: ReadonlySet<string> | undefined,
  general: GeneralEvaluation,
): EvaluationResult | EvaluationFailure | undefined {
  const started = start(request, policies, rcpServices);
  if (started === undefined) return undefined;
  const { plan, req, applies } = started;
  const collected = collect(policies, req, applies);
  const explained = collected.policies;
  let node = started.node;
  const slots = plan.slots;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i] as PlanSlot;
    if (s.appliesTo !== undefined && !applies[s.appliesTo]) continue;
    node = step(node, explainedCode(s, (explained[s.index] as PolicyExplanation).statements));
  }
  const decided = outcome(plan, node, collected.missing, request, policies, general);
  // Field order as the general path builds it (`policies` last but for the decision's own fields).
  return decided.decision === 'Error' ? decided : { ...decided, policies: explained };
}

/** A plan's first steps for a request: the plan, the statement request, and the first level of the reduction. */
function start(
  request: EvaluationRequest,
  policies: PolicySet,
  rcpServices: ReadonlySet<string> | undefined,
): { plan: Plan; req: StatementRequest; applies: Applicability; node: Map<number, unknown> } | undefined {
  if (rcpServices !== undefined && rcpServices !== DEFAULT_RCP_SERVICES) return undefined;
  const plan = planOf(policies, request.action);
  if (plan === undefined) return undefined;
  const p = request.principal;
  let f = facts.get(p);
  if (f === undefined) facts.set(p, (f = factsOf(p)));
  const applies = plan.rcp ? f.appliesWithRcp : f.applies;
  const req: StatementRequest = {
    principal: p,
    identities: f.identities,
    action: request.action,
    resource: request.resource,
    context: buildContext(request.context, derivedPrincipalKeys(p), request),
    boundary: applies.boundary && plan.hasBoundaries,
  };
  const node = step(plan.root, f.classId * 16 + (crossAccount(request, f.account) ? 8 : 0) + requiredCode(request, plan));
  return { plan, req, applies, node };
}

/** The result kept for the reduction that ends at `node` with `missing`, or the general path's (then kept). */
function outcome(
  plan: Plan,
  node: Map<number, unknown>,
  missing: readonly string[],
  request: EvaluationRequest,
  policies: PolicySet,
  general: GeneralEvaluation,
): EvaluationResult | EvaluationFailure {
  const id = missingId(plan, missing);
  plan.asked++;
  const known = node.get(id) as EvaluationResult | EvaluationFailure | undefined;
  if (known !== undefined) return known;
  dropIfUnhelpful(policies, plan, request.action);
  const result = general(request, policies);
  if (plan.outcomes >= MAX_OUTCOMES) {
    plan.root = new Map();
    plan.outcomes = 0;
  } else {
    node.set(id, result);
    plan.outcomes++;
  }
  return result;
}

/** {@link slotCode} read from a policy's explanation (its statements, all of them, in order). */
function explainedCode(s: PlanSlot, statements: readonly StatementExplanation[]): number {
  const indices = s.indices;
  let mask = 0;
  let best = 0;
  for (let k = 0; k < indices.length; k++) {
    const e = statements[indices[k] as number] as StatementExplanation;
    if (!e.applies) continue;
    mask |= 1 << k;
    if (s.resource && e.effect === 'Allow') {
      const kind = e.principal?.kind;
      const code = kind === undefined ? 0 : (KIND_CODE[kind] ?? 0);
      if (code > 0 && (best === 0 || code < best)) best = code;
    }
  }
  return mask * 8 + best;
}

/** The next level of a plan's maps. */
function step(node: Map<number, unknown>, code: number): Map<number, unknown> {
  let next = node.get(code) as Map<number, unknown> | undefined;
  if (next === undefined) node.set(code, (next = new Map()));
  return next;
}

/** Which statements of a policy applied (bit k: candidate k), and for the resource policy how the principal was named. */
function slotCode(s: PlanSlot, req: StatementRequest, missing: string[]): number {
  const compiled = s.compiled;
  let mask = 0;
  let best = 0;
  for (let k = 0; k < compiled.length; k++) {
    const c = compiled[k] as CompiledStatement;
    const principal = compiledApplies(c, req, s.withPrincipal, missing);
    if (principal === undefined) continue;
    mask |= 1 << k;
    if (s.resource && principal !== true && c.st.effect === 'Allow') {
      const kind = (principal as PrincipalMatch).kind;
      const code = kind === undefined ? 0 : (KIND_CODE[kind] ?? 0);
      if (code > 0 && (best === 0 || code < best)) best = code;
    }
  }
  return mask * 8 + best;
}

/** The id of a list of missing keys (the same id for the same keys in the same order). */
function missingId(plan: Plan, missing: readonly string[]): number {
  if (missing.length === 0) return 0;
  const last = plan.lastMissing;
  if (last.length === missing.length) {
    let same = true;
    for (let i = 0; i < last.length; i++) if (last[i] !== missing[i]) same = false;
    if (same) return plan.lastMissingId;
  }
  const text = JSON.stringify(missing);
  let id = plan.missingIds.get(text);
  if (id === undefined) {
    if (plan.missingIds.size >= MAX_MISSING_LISTS) {
      // Ids must stay unique while results keyed by them are kept: start over with both.
      plan.missingIds.clear();
      plan.root = new Map();
      plan.outcomes = 0;
    }
    plan.missingIds.set(text, (id = plan.missingIds.size + 1));
  }
  plan.lastMissing = missing;
  plan.lastMissingId = id;
  return id;
}

/** 0: no policy must allow by itself; 1: the role's trust policy; 2: the KMS key policy; 3: the caller's flag. */
function requiredCode(request: EvaluationRequest, plan: Plan): number {
  if (plan.mayRequire) {
    const required = requiredPolicy(request.action, parseArn(request.resource), plan.hasResourcePolicy);
    if (required === 'trust') return 1;
    if (required === 'key') return 2;
  }
  return request.requireResourcePolicy ? 3 : 0;
}

/**
 * Whether the request crosses accounts, as evaluate.ts decides it (the resource account given, else
 * the ARN's account segment, else the principal's), without splitting the ARN.
 */
function crossAccount(request: EvaluationRequest, mine: string | undefined): boolean {
  if (mine === undefined) return false;
  if (request.resourceAccount) return request.resourceAccount !== mine;
  const r = request.resource;
  const start = accountSegmentStart(r);
  // Fewer than six segments: not an ARN; an empty account segment: the principal's account.
  if (start < 0) return false;
  const end = r.indexOf(':', start);
  if (end === start) return false;
  return end - start !== mine.length || !r.startsWith(mine, start);
}

function factsOf(p: RequestPrincipal): PrincipalFacts {
  const slr = isServiceLinked(p);
  const name = `${p.type}${slr ? '/slr' : ''}`;
  let classId = classes.get(name);
  if (classId === undefined) classes.set(name, (classId = classes.size + 1));
  return {
    classId,
    identities: identitiesOf(p),
    account: principalAccount(p),
    applies: applicability(p, false),
    appliesWithRcp: applicability(p, true),
  };
}

function planOf(set: PolicySet, action: string): Plan | undefined {
  let book = books.get(set);
  if (book === undefined) books.set(set, (book = { byAction: new Map() }));
  const byAction = book.byAction;
  const known = byAction.get(action);
  if (typeof known === 'object') return known;
  if (known === NO_PLAN) return undefined;
  // A pair asked only a few times (a simulation asks each action of a resource once or twice) is
  // not worth a plan: the general path answers it until the pair comes PLAN_AFTER times.
  const asked = (known ?? 0) + 1;
  if (asked < PLAN_AFTER) {
    if (known === undefined && byAction.size >= MAX_ACTIONS) byAction.clear();
    byAction.set(action, asked);
    return undefined;
  }
  const plan = makePlan(set, action);
  byAction.set(action, plan ?? NO_PLAN);
  return plan;
}

/** A plan that keeps missing (its requests reduce to ever new results) is dropped for the general path. */
function dropIfUnhelpful(policies: PolicySet, plan: Plan, action: string): void {
  plan.misses++;
  if (plan.misses >= 64 && plan.misses * 2 > plan.asked) books.get(policies)?.byAction.set(action, NO_PLAN);
}

function makePlan(set: PolicySet, action: string): Plan | undefined {
  if (validatePolicySet(set).length > 0) return undefined;
  const slots: PlanSlot[] = [];
  const all = slotsOf(set) as readonly Slot[];
  for (let index = 0; index < all.length; index++) {
    const slot = all[index] as Slot;
    const { compiled, indices } = statementsOf(slot, action);
    if (compiled.length > MAX_CANDIDATES) return undefined;
    // A policy none of whose statements can apply runs the same for every request of its class.
    if (compiled.length === 0) continue;
    slots.push({
      index,
      indices,
      appliesTo: slot.appliesTo,
      withPrincipal: slot.withPrincipal,
      resource: slot.type === 'resource',
      compiled,
    });
  }
  const hasResourcePolicy = set.resourcePolicy !== undefined;
  return {
    slots,
    rcp: rcpApplies(action),
    mayRequire: isTrustAction(action) || (hasResourcePolicy && /^kms:/i.test(action)),
    hasResourcePolicy,
    hasBoundaries: (set.permissionBoundaries?.length ?? 0) > 0,
    root: new Map(),
    outcomes: 0,
    asked: 0,
    misses: 0,
    missingIds: new Map(),
    lastMissing: [],
    lastMissingId: 0,
  };
}
