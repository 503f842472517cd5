/**
 * Runs every statement of every policy in a {@link PolicySet} and records the per-policy results
 * the decision flow (evaluate.ts) and the explanation read from.
 */
import { CACHES } from '../caches';
import { RecentSlots } from '../memo';
import type { Policy, Statement } from '../policy/types';
import type { PrincipalMatch } from './principal-match';
import { hasIdentityPolicies, isServiceLinked, isSession, type RequestPrincipal } from './principal';
import {
  collectMissing,
  actionStatements,
  compiledApplies,
  evaluateCompiled,
  evaluateStatement,
  UNLISTED,
  type ActionStatements,
  type CompiledStatement,
  type ElementMatch,
  type StatementRequest,
  type StatementResult,
} from './statement';
import type { PolicyExplanation, PolicySet, EvaluatedPolicyType, StatementExplanation, StatementRef } from './types';

/** Which policy types apply to this principal. */
export interface Applicability {
  readonly identity: boolean;
  readonly boundary: boolean;
  readonly session: boolean;
  readonly scp: boolean;
  readonly rcp: boolean;
}

/** Which policy types apply to principal `p`; `rcpService`: whether RCPs take part for the request's action. */
export function applicability(p: RequestPrincipal, rcpService: boolean): Applicability {
  const iam = hasIdentityPolicies(p);
  // SCPs restrict principals of member accounts (users, roles, sessions, root) but never
  // service-linked roles; RCPs restrict access to member-account resources except by
  // service-linked roles, and only for the services RCPs support (rcp.ts).
  const slr = isServiceLinked(p);
  return { identity: iam, boundary: iam, session: isSession(p), scp: (iam || p.type === 'root') && !slr, rcp: rcpService && !slr };
}

/** The evaluated policies plus the missing context keys they reported. */
export interface Collected {
  readonly policies: PolicyExplanation[];
  readonly missing: string[];
}

/**
 * What the decision flow reads of a statement: where it is, whether it applied, and how the
 * Principal element matched. A {@link StatementExplanation} is one; the lean path builds only these.
 */
export interface StatementRun extends StatementRef {
  readonly applies: boolean;
  readonly principal?: PrincipalMatch | undefined;
}

/** What the decision flow reads of a policy ({@link PolicyExplanation} is one). */
export interface PolicyRun {
  readonly policyType: EvaluatedPolicyType;
  readonly policyIndex: number;
  readonly level?: number | undefined;
  readonly applicable: boolean;
  readonly allows: boolean;
  readonly denies: boolean;
  /** Every statement (explained), or only the ones that applied (lean). */
  readonly statements: readonly StatementRun[];
}

/**
 * Evaluates all policies of `set` for `req`. Non-applicable policies are listed but not run. A
 * statement whose Action element does not list the request's action is explained by the same
 * object for every such request (kept per place in the set; explanations are never mutated).
 */
export function collect(set: PolicySet, req: StatementRequest, applies: Applicability): Collected {
  const slots = slotsOf(set);
  const out: Collected = { policies: new Array<PolicyExplanation>(slots.length), missing: [] };
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as Slot;
    out.policies[i] = runPolicy(slot, slot.appliesTo === undefined || applies[slot.appliesTo] ? req : undefined, out.missing);
  }
  return out;
}

/**
 * {@link collect} without explanations: the same policies with the same `applicable`, `allows` and
 * `denies`, the same missing keys, but each policy lists only the statements that applied, and no
 * per-statement match details are built. For `evaluate` with `explain: false`.
 *
 * It runs once per request of a batch or a simulation, so it allocates almost nothing: the policies'
 * positions are listed once per policy set ({@link slotsOf}), and a policy whose statements do not
 * read the Principal element gets a run that is the same for every request where the same
 * statements applied (kept per position and set of applied statements; runs are never mutated).
 */
export function collectLean(set: PolicySet, req: StatementRequest, applies: Applicability): { policies: PolicyRun[]; missing: string[] } {
  const slots = slotsOf(set);
  const policies: PolicyRun[] = new Array<PolicyRun>(slots.length);
  const missing: string[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as Slot;
    policies[i] = slot.appliesTo === undefined || applies[slot.appliesTo] ? runPolicyLean(slot, req, missing) : slot.skipped;
  }
  return { policies, missing };
}

/** One policy at its place in a set: what the lean path needs besides the request. */
export interface Slot {
  readonly type: EvaluatedPolicyType;
  readonly policy: Policy;
  readonly policyIndex: number;
  readonly level: number | undefined;
  /** The {@link Applicability} flag that decides whether the policy runs; undefined: it always runs. */
  readonly appliesTo: keyof Applicability | undefined;
  readonly withPrincipal: boolean;
  /** The run of a policy that does not apply to the principal. */
  readonly skipped: PolicyRun;
  /**
   * Policies without a Principal element to read (and at most {@link MAX_MASKED} statements): the
   * run by the set of statements that applied, bit i standing for statement i.
   */
  readonly byApplied: Map<number, PolicyRun> | undefined;
  /** The statements an action's requests run, by action (lean path; shared by every slot of the policy). */
  readonly byAction: Map<string, ActionStatements>;
  /** Per statement, its explanation when its Action element does not list the action (made when first needed). */
  readonly unlisted: (StatementExplanation | undefined)[];
  /** Per statement, its most recent explanations (see {@link reuseStatement}). */
  readonly explained: Recent<StatementExplanation>[];
  /** The statements' explanations of the request being explained, one per statement (see {@link runPolicy}). */
  readonly scratch: StatementExplanation[];
  /** The policy's most recent explanations (see {@link runPolicy}). */
  readonly explainedRuns: Recent<PolicyExplanation>;
  /** The explanation of the policy when it does not apply to the principal. */
  readonly skippedExplained: PolicyExplanation;
}

/** How many recent explanations a statement and a policy keep to hand out again. */
const RECENT_EXPLANATIONS = 8;

/** Statements a policy may have for its runs to be kept by applied set (bits of a small integer). */
const MAX_MASKED = 30;
/** Actions a policy keeps the statements for (then it starts over). */
const MAX_ACTIONS = 4096;
/** Distinct applied sets kept per slot (a policy's runs are few in practice; this only bounds them). */
const MAX_RUNS = 256;

const NONE: readonly StatementRun[] = [];

const slotCache = CACHES.weak<PolicySet, readonly Slot[]>('evaluator.policySlots');

/**
 * The statements each action runs, per parsed policy: every slot of the same policy object shares
 * one list per action. A model simulation makes a new policy set per principal and resource but
 * reuses the model's parsed policies, so its lean runs find the lists the earlier principals built
 * (kept per slot, they were made again for every principal: most of a brief simulation's garbage).
 */
const actionLists = CACHES.weak<Policy, Map<string, ActionStatements>>('evaluator.policyActionStatements');

function actionListsOf(policy: Policy): Map<string, ActionStatements> {
  let lists = actionLists.get(policy);
  if (!lists) actionLists.set(policy, (lists = new Map()));
  return lists;
}

/** The policies of `set` in the order of the explanation, listed once per set object. */
export function slotsOf(set: PolicySet): readonly Slot[] {
  const hit = slotCache.get(set);
  if (hit) return hit;
  const slots: Slot[] = [];
  const add = (
    type: EvaluatedPolicyType,
    policy: Policy,
    policyIndex: number,
    appliesTo: keyof Applicability | undefined,
    level?: number,
  ) => {
    const withPrincipal = WITH_PRINCIPAL.has(type);
    slots.push({
      type,
      policy,
      policyIndex,
      level,
      appliesTo,
      withPrincipal,
      skipped: { policyType: type, policyIndex, level, applicable: false, allows: false, denies: false, statements: NONE },
      byApplied: withPrincipal || policy.statements.length > MAX_MASKED ? undefined : new Map(),
      byAction: actionListsOf(policy),
      unlisted: [],
      explained: policy.statements.map(() => new Recent<StatementExplanation>()),
      scratch: new Array<StatementExplanation>(policy.statements.length),
      explainedRuns: new Recent<PolicyExplanation>(),
      skippedExplained: {
        policyType: type,
        policyIndex,
        level,
        label: policy.label,
        applicable: false,
        allows: false,
        denies: false,
        statements: NO_EXPLANATIONS,
      },
    });
  };
  set.identityPolicies?.forEach((p, i) => add('identity', p, i, 'identity'));
  if (set.resourcePolicy) add('resource', set.resourcePolicy, 0, undefined);
  set.permissionBoundaries?.forEach((p, i) => add('permissions-boundary', p, i, 'boundary'));
  if (set.sessionPolicy) add('session', set.sessionPolicy, 0, 'session');
  set.scps?.forEach((policies, l) => policies.forEach((p, i) => add('scp', p, i, 'scp', l)));
  set.rcps?.forEach((policies, l) => policies.forEach((p, i) => add('rcp', p, i, 'rcp', l)));
  set.vpcEndpointPolicies?.forEach((p, i) => add('vpc-endpoint', p, i, undefined));
  slotCache.set(set, slots);
  return slots;
}

/** The statements of the slot's policy that an action's requests run (kept per action, bounded). */
export function statementsOf(slot: Slot, action: string): ActionStatements {
  let hit = slot.byAction.get(action);
  if (hit === undefined) {
    if (slot.byAction.size >= MAX_ACTIONS) slot.byAction.clear();
    slot.byAction.set(action, (hit = actionStatements(slot.policy, action)));
  }
  return hit;
}

function runPolicyLean(slot: Slot, req: StatementRequest, missing: string[]): PolicyRun {
  const { withPrincipal, byApplied } = slot;
  // Only the statements whose Action element matches can apply (and only they report missing keys).
  const { indices, compiled } = statementsOf(slot, req.action);
  if (byApplied) {
    // No Principal element is read: which statements applied says everything.
    let mask = 0;
    for (let k = 0; k < compiled.length; k++)
      if (compiledApplies(compiled[k] as CompiledStatement, req, false, missing) !== undefined) mask |= 1 << (indices[k] as number);
    let run = byApplied.get(mask);
    if (!run) {
      run = leanRun(slot, mask);
      if (byApplied.size < MAX_RUNS) byApplied.set(mask, run);
    }
    return run;
  }
  let allows = false;
  let denies = false;
  let statements: StatementRun[] | undefined;
  for (let k = 0; k < compiled.length; k++) {
    const c = compiled[k] as CompiledStatement;
    const principal = compiledApplies(c, req, withPrincipal, missing);
    if (principal === undefined) continue;
    const st = c.st;
    if (st.effect === 'Allow') allows = true;
    else denies = true;
    (statements ??= []).push(statementRun(slot, st, principal === true ? undefined : principal));
  }
  return {
    policyType: slot.type,
    policyIndex: slot.policyIndex,
    level: slot.level,
    applicable: true,
    allows,
    denies,
    statements: statements ?? NONE,
  };
}

/** The run of a Principal-free policy where the statements of `mask` applied. */
function leanRun(slot: Slot, mask: number): PolicyRun {
  let allows = false;
  let denies = false;
  const statements: StatementRun[] = [];
  const list = slot.policy.statements;
  for (let i = 0; i < list.length; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const st = list[i] as Statement;
    if (st.effect === 'Allow') allows = true;
    else denies = true;
    statements.push(statementRun(slot, st, undefined));
  }
  return {
    policyType: slot.type,
    policyIndex: slot.policyIndex,
    level: slot.level,
    applicable: true,
    allows,
    denies,
    statements: statements.length > 0 ? statements : NONE,
  };
}

function statementRun(slot: Slot, st: Statement, principal: PrincipalMatch | undefined): StatementRun {
  return {
    policyType: slot.type,
    policyIndex: slot.policyIndex,
    level: slot.level,
    label: slot.policy.label,
    statementIndex: st.index,
    sid: st.sid,
    effect: st.effect,
    path: st.path,
    applies: true,
    principal,
  };
}

// Principal/NotPrincipal only take part in policies attached to something other than the principal.
const WITH_PRINCIPAL: ReadonlySet<EvaluatedPolicyType> = new Set(['resource', 'rcp', 'vpc-endpoint']);

const NO_EXPLANATIONS: readonly StatementExplanation[] = [];

/**
 * A policy's explanation for `req`. A batch's requests often get the same explanation of a policy
 * (the core's answers are shared objects: action answers per statement, resource and principal
 * answers per entry, condition results per request value), so an explanation equal, part by part,
 * to a recent one is that one (explanations are never mutated): fewer objects, and the CLI writes
 * the JSON text of each once.
 */
function runPolicy(slot: Slot, req: StatementRequest | undefined, missing: string[]): PolicyExplanation {
  const { type, policyIndex, level, policy, withPrincipal } = slot;
  const label = policy.label;
  if (!req) return slot.skippedExplained;
  let allows = false;
  let denies = false;
  const list = policy.statements;
  // Filled in place, copied only when no recent explanation of the policy has these statements.
  const statements = slot.scratch;
  // A statement explanation made for this request: no recent explanation of the policy holds it.
  let fresh = false;
  // The statements whose Action element matches the action, compiled, with their answers: one lookup per policy.
  const { indices, compiled, answers, unlisted } = statementsOf(slot, req.action);
  let k = 0;
  for (let i = 0; i < list.length; i++) {
    const st = list[i] as Statement;
    if (unlisted[i]) {
      // Not applied, nothing missing: the same explanation as any other request of an unlisted action.
      statements[i] = slot.unlisted[i] ??= unlistedExplanation(slot, st);
      continue;
    }
    let r: StatementResult;
    if (indices[k] === i) {
      r = evaluateCompiled(compiled[k] as CompiledStatement, answers[k] as ElementMatch, req, withPrincipal);
      k++;
    } else r = evaluateStatement(policy, st, req, withPrincipal); // a NotAction element that lists the action

    if (r.applies) {
      if (st.effect === 'Allow') allows = true;
      else denies = true;
    }
    collectMissing(r, missing);
    const known = reuseStatement(slot, i, r);
    if (known !== undefined) statements[i] = known;
    else {
      statements[i] = newStatement(slot, i, st, r);
      fresh = true;
    }
  }
  const recent = slot.explainedRuns;
  if (!fresh) {
    const runs = recent.items;
    for (let k = 0; k < runs.length; k++) {
      // Same statements: same allows and denies, which follow from them.
      if (sameItems((runs[k] as PolicyExplanation).statements, statements)) return recent.use(k);
    }
  }
  const run: PolicyExplanation = {
    policyType: type,
    policyIndex,
    level,
    label,
    applicable: true,
    allows,
    denies,
    statements: statements.slice(),
  };
  recent.add(run);
  return run;
}

/** A recent explanation of statement `i` of the slot with the same parts as `r`, if any. */
function reuseStatement(slot: Slot, i: number, r: StatementResult): StatementExplanation | undefined {
  const recent = slot.explained[i] as Recent<StatementExplanation>;
  const items = recent.items;
  for (let k = 0; k < items.length; k++) {
    const e = items[k] as StatementExplanation;
    // `applies` follows from the parts.
    if (e.action === r.action && e.resource === r.resource && e.principal === r.principal && sameItems(e.conditions, r.conditions))
      return recent.use(k);
  }
  return undefined;
}

function newStatement(slot: Slot, i: number, st: Statement, r: StatementResult): StatementExplanation {
  // Built as one literal (undefined fields are dropped by JSON).
  const e: StatementExplanation = {
    policyType: slot.type,
    policyIndex: slot.policyIndex,
    level: slot.level,
    label: slot.policy.label,
    statementIndex: st.index,
    sid: st.sid,
    effect: st.effect,
    path: st.path,
    applies: r.applies,
    action: r.action,
    resource: r.resource,
    principal: r.principal,
    conditions: r.conditions,
  };
  (slot.explained[i] as Recent<StatementExplanation>).add(e);
  return e;
}

/** Whether two lists (or two absent lists) hold the same objects in the same order. */
function sameItems<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The most recently used items of a place, at most {@link RECENT_EXPLANATIONS} (see {@link RecentSlots}). */
class Recent<T> {
  /** The items, in no particular order. */
  readonly items: T[] = [];
  private readonly slots = new RecentSlots(RECENT_EXPLANATIONS);

  /** Item `k`, now the most recently used. */
  use(k: number): T {
    this.slots.touch(k);
    return this.items[k] as T;
  }

  /** Adds `item` as the most recently used, in place of the least recently used one when full. */
  add(item: T): void {
    this.items[this.slots.claim(this.items.length)] = item;
  }
}

/** What {@link runPolicy} builds for a statement whose Action element does not list the action. */
function unlistedExplanation(slot: Slot, st: Statement): StatementExplanation {
  return {
    policyType: slot.type,
    policyIndex: slot.policyIndex,
    level: slot.level,
    label: slot.policy.label,
    statementIndex: st.index,
    sid: st.sid,
    effect: st.effect,
    path: st.path,
    applies: false,
    action: UNLISTED,
    resource: undefined,
    principal: undefined,
    conditions: undefined,
  };
}

/** The statements of `policies` that applied with `effect`. */
export function applied(policies: readonly PolicyRun[], effect: 'Allow' | 'Deny', types?: readonly EvaluatedPolicyType[]): StatementRef[] {
  const out: StatementRef[] = [];
  for (const p of policies) {
    if (types && !types.includes(p.policyType)) continue;
    for (const s of p.statements) if (s.applies && s.effect === effect) out.push(toRef(s));
  }
  return out;
}

/** Strips the match details from a statement explanation. */
export function toRef(s: StatementRun): StatementRef {
  return {
    policyType: s.policyType,
    policyIndex: s.policyIndex,
    level: s.level,
    label: s.label,
    statementIndex: s.statementIndex,
    sid: s.sid,
    effect: s.effect,
    path: s.path,
  };
}
