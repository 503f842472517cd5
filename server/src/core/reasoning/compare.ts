/**
 * "Does the new version of a policy grant access the old one does not?" — decided, not sampled.
 *
 * A request (principal, action, resource, context) is allowed by a document on its own when some
 * Allow statement applies and no Deny statement does. The answer is `new-access` with
 * counterexamples (requests allowed by the new version and not by the old, each re-checked by the
 * evaluator before it is returned), `no-new-access`, or `unknown` with the reason, never a guess.
 * The action universe is the catalog's; see docs/compare.md for what the procedure covers.
 */
import type { Policy, Statement } from '../policy/types';
import type { PolicyType as DocumentType } from '../policyType';
import { CACHES } from '../caches';
import { evaluate } from '../evaluator/evaluate';
import { DEFAULT_RCP_SERVICES, rcpApplies } from '../evaluator/rcp';
import { parseTemplate, resolveTemplate, variablesBeforeResourcePart } from '../evaluator/variables';
import { buildContext, type ContextMap } from '../evaluator/context';
import { hasEscapes } from '../evaluator/pattern';
import { OPERATORS } from '../evaluator/operators';
import type { RequestContextInput } from '../evaluator/context';
import { principalFromArn, type RequestPrincipal } from '../evaluator/principal';
import type { EvaluationRequest, PolicyExplanation, PolicySet, StatementRef } from '../evaluator/types';
import { buildDimensions, leafRequest, type ActionUniverse, type PlacedStatement } from './dimensions';
import { search, type Leaf, type Role } from './search';
import { WorkBudget } from './budget';
import { actionIndex } from './actionIndex';

export type { ActionUniverse } from './dimensions';

/** Options for {@link comparePolicies}. */
export interface CompareOptions {
  readonly type: DocumentType;
  readonly universe: ActionUniverse;
  /** Keys the catalog declares multivalued (`ArrayOf…`), any case. */
  readonly multiValued?: (key: string) => boolean;
  /** Collect one counterexample per distinct reason instead of stopping at the first. */
  readonly all?: boolean;
  /** At most this many counterexamples with `all` (default 20). */
  readonly maxCounterexamples?: number;
  /** Search node budget before answering `unknown` (default: none, the other limits decide). */
  readonly maxNodes?: number;
  /**
   * Work budget in steps (budget.ts: search nodes and witness-walk steps, the valuations' runs
   * included): past it the answer is `unknown` unless a verified counterexample was found by then.
   * Deterministic: the same input always gets the same answer (default
   * {@link COMPARE_DEFAULT_STEPS}).
   */
  readonly maxSteps?: number;
  /**
   * A wall-clock limit in milliseconds on top of the step budget (default: none, the clock is
   * never read): the search stops there and answers `unknown` unless a verified counterexample was
   * found by then. Only for callers a user waits on interactively (the editor): with it the
   * answer depends on the machine's load.
   */
  readonly timeLimitMs?: number;
  /** Internal: whether to look for counterexamples under fixed variable values (default true). */
  readonly valuations?: boolean;
  /** Internal: the budget shared with the valuations' runs. */
  readonly budget?: WorkBudget;
}

/** A request allowed by the new version and not by the old, with the statements responsible. */
export interface Counterexample {
  /** Ready for `evaluate`: principal as an ARN / `*` / service name, or a principal object. */
  readonly request: {
    readonly principal: string | RequestPrincipal;
    readonly action: string;
    readonly resource: string;
    readonly context: RequestContextInput;
  };
  /** The new version's statements that allow it. */
  readonly allowedBy: readonly StatementRef[];
  /** The old version's statements that deny it (empty: no statement of the old version allows it). */
  readonly oldDeniedBy: readonly StatementRef[];
  /** One sentence. */
  readonly summary: string;
}

/** The answer. */
export interface CompareResult {
  readonly verdict: 'new-access' | 'no-new-access' | 'unknown';
  readonly counterexamples: readonly Counterexample[];
  /** For `unknown`: why the procedure could not decide. */
  readonly reason?: string;
}

/**
 * The default work budget of {@link comparePolicies}, in steps (budget.ts). It replaces a 1 s
 * wall-clock limit. Measured on every AWS managed policy against itself and a one-statement
 * mutation (3,188 pairs, bench/compare.bench.ts's set): p50 0, p95 ~12,000, p99 ~320,000 steps;
 * the pairs past a million steps run at 2.2–5 million steps per CPU second, so 3 million steps are
 * about the old second on an idle machine (15 of the 3,188 pairs need more). Counted in steps,
 * `compare` answers the same under any load.
 */
export const COMPARE_DEFAULT_STEPS = 3_000_000;

/** The budget `options` ask for: steps, and a deadline when one is given (see {@link CompareOptions}). */
function budgetOf(options: CompareOptions): WorkBudget {
  const ms = options.timeLimitMs;
  return new WorkBudget(options.maxSteps ?? COMPARE_DEFAULT_STEPS, ms === undefined ? Infinity : Date.now() + ms);
}

/** Why an unfinished search stopped: the node limit, the step budget or the clock. */
function limitReason(options: CompareOptions, budget: WorkBudget, nodes: number): string {
  if (budget.exhausted === 'steps') return `work limit of ${budget.limit} steps reached after ${nodes} search nodes`;
  if (budget.exhausted === 'time') return `time limit of ${options.timeLimitMs} ms reached after ${nodes} search nodes`;
  return `search limit of ${options.maxNodes ?? nodes} nodes reached`;
}

/** Decides whether `next` allows some request that `prev` does not. */
export function comparePolicies(prev: Policy, next: Policy, options: CompareOptions): CompareResult {
  const budget = options.budget ?? budgetOf(options);
  const prepared = prepare(prev, next);
  if ('none' in prepared) return { verdict: 'no-new-access', counterexamples: [] };
  if ('unknown' in prepared) {
    // Policy variables: a counterexample may still be found with one value per variable.
    const found = options.valuations === false ? undefined : withValuations(prev, next, options, budget);
    if (found) return found;
    // The budget ran out looking: the answer says so, as any answer the budget cut short does.
    const cut = budget.exhausted ? `; ${limitReason(options, budget, 0).replace(/ after 0 search nodes$/, '')} looking for one` : '';
    return { verdict: 'unknown', counterexamples: [], reason: `${prepared.unknown}${cut}` };
  }
  const keepAction = options.type === 'rcp' ? (a: string) => rcpApplies(a, DEFAULT_RCP_SERVICES) : () => true;
  const pruned = pruneByAction(prepared, options.universe, keepAction, budget);
  if (!pruned) return { verdict: 'unknown', counterexamples: [], reason: limitReason(options, budget, 0) };
  const { placed, roles, approximate } = pruned;
  const withPrincipal =
    options.type === 'resource' || options.type === 'trust' || options.type === 'rcp' || options.type === 'vpc-endpoint';
  const multi = options.multiValued ?? (() => false);
  const built = buildDimensions(placed, {
    universe: options.universe,
    ...(options.type === 'rcp' ? { actionFilter: keepAction } : {}),
    withPrincipal,
    defaultPrincipal: defaultPrincipal(options.type),
    defaultResource: options.type === 'trust' ? 'arn:aws:iam::111122223333:role/example' : '*',
    multiValued: (k) => multi(k),
    budget,
  });
  const found: Counterexample[] = [];
  const seenReasons = new Set<string>();
  let unverified = 0;
  const max = options.all ? (options.maxCounterexamples ?? 20) : 1;
  const outcome = search(
    roles,
    built.dims,
    (leaf) => {
      const request = requestOf(leaf, built.dims, options.type);
      const reason = reasonKey(leaf, roles, built.dims);
      if (seenReasons.has(reason)) return 'continue';
      // Two evaluations, each of every statement of both versions.
      if (!budget.spend(2 * (prev.statements.length + next.statements.length))) return 'stop';
      const checked = verify(request, prev, next, options.type);
      if (!checked) {
        unverified++;
        return unverified > 50 ? 'stop' : 'continue';
      }
      seenReasons.add(reason);
      found.push(checked);
      return found.length >= max ? 'stop' : options.all ? 'continue' : 'stop';
    },
    { ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}), budget },
  );
  if (found.length > 0) return { verdict: 'new-access', counterexamples: found };
  if (unverified > 0 && approximate && options.valuations !== false) {
    const byValues = withValuations(prev, next, options, budget);
    if (byValues) return byValues;
  }
  if (unverified > 0)
    return {
      verdict: 'unknown',
      counterexamples: [],
      reason: approximate
        ? 'policy variables: the candidate requests found did not hold for every variable value'
        : 'a candidate request did not verify with the evaluator',
    };
  if (!outcome.finished) return { verdict: 'unknown', counterexamples: [], reason: limitReason(options, budget, outcome.nodes) };
  if (!built.complete) return { verdict: 'unknown', counterexamples: [], reason: built.gaps.join('; ') };
  return { verdict: 'no-new-access', counterexamples: [] };
}

/**
 * With policy variables the procedure cannot prove "no new access", but it can look for new
 * access under fixed values of the variables' keys: both versions with the same values
 * substituted are compared without variables, and each counterexample found — its context
 * carrying those values — is checked against the original versions by the evaluator.
 */
function withValuations(prev: Policy, next: Policy, options: CompareOptions, budget: WorkBudget): CompareResult | undefined {
  const keys = new Map<string, Set<string>>();
  for (const p of [prev, next]) {
    if (p.version !== '2012-10-17') continue;
    for (const st of p.statements) {
      for (const text of [...(st.resource ?? []), ...(st.notResource ?? []), ...st.conditions.flatMap((c) => c.values)]) {
        if (!text.includes('${')) continue;
        for (const part of parseTemplate(text).parts)
          if (part.kind === 'var' && !keys.has(part.key.toLowerCase())) keys.set(part.key.toLowerCase(), new Set());
      }
    }
  }
  if (keys.size === 0) return undefined;
  // The values conditions compare the keys with, then a neutral one.
  for (const p of [prev, next])
    for (const st of p.statements)
      for (const c of st.conditions) {
        const set = keys.get(c.key.toLowerCase());
        if (set) for (const v of c.values) if (!/[*?$]/.test(v)) set.add(v);
      }
  const valuations: Record<string, string>[] = [Object.fromEntries([...keys.keys()].map((k) => [k, 'example']))];
  const firsts = Object.fromEntries([...keys].filter(([, vs]) => vs.size > 0).map(([k, vs]) => [k, [...vs][0] as string]));
  if (Object.keys(firsts).length > 0) valuations.push({ ...valuations[0], ...firsts });
  for (const valuation of valuations) {
    if (budget.exhausted) return undefined;
    const ctx = buildContext(valuation);
    const r = comparePolicies(substitute(prev, ctx), substitute(next, ctx), { ...options, budget, valuations: false });
    const found: Counterexample[] = [];
    for (const x of r.counterexamples) {
      const context = { ...valuation, ...x.request.context };
      // The search's own value for a key wins only when it agrees with the substituted one.
      if (
        Object.keys(valuation).some((k) =>
          Object.keys(x.request.context).some(
            (c) => c.toLowerCase() === k && JSON.stringify(x.request.context[c]) !== JSON.stringify(valuation[k]),
          ),
        )
      )
        continue;
      const principal = typeof x.request.principal === 'string' ? principalFromArn(x.request.principal) : x.request.principal;
      if (!principal) continue;
      const checked = verify({ principal, action: x.request.action, resource: x.request.resource, context }, prev, next, options.type);
      if (checked) found.push(checked);
    }
    if (found.length > 0) return { verdict: 'new-access', counterexamples: found };
  }
  return undefined;
}

/** The policy with every resolvable variable replaced by its value in `ctx` (2012-10-17 only). */
function substitute(policy: Policy, ctx: ContextMap): Policy {
  if (policy.version !== '2012-10-17') return policy;
  const one = (text: string, pattern: boolean): string => {
    if (!text.includes('${') || (pattern && variablesBeforeResourcePart(text).length > 0)) return text;
    const t = parseTemplate(text);
    if (!t.dynamic || t.parts.some((p) => p.kind === 'char')) return text;
    const r = resolveTemplate(t, ctx, pattern);
    return r.ok && !hasEscapes(r.text) ? r.text : text;
  };
  return {
    ...policy,
    statements: policy.statements.map((st) => ({
      ...st,
      ...(st.resource ? { resource: st.resource.map((r) => one(r, true)) } : {}),
      ...(st.notResource ? { notResource: st.notResource.map((r) => one(r, true)) } : {}),
      conditions: st.conditions.map((c) =>
        c.base === 'Null' || !OPERATORS[c.base].variables
          ? c
          : { ...c, values: c.values.map((v) => one(v, OPERATORS[c.base as Exclude<typeof c.base, 'Null'>].pattern)) },
      ),
    })),
  };
}

function defaultPrincipal(type: DocumentType): RequestPrincipal {
  if (type === 'session')
    return {
      type: 'assumed-role',
      arn: 'arn:aws:sts::111122223333:assumed-role/example/session',
      roleArn: 'arn:aws:iam::111122223333:role/example',
      account: '111122223333',
    };
  return { type: 'user', arn: 'arn:aws:iam::111122223333:user/example', account: '111122223333' };
}

type Prepared = { placed: PlacedStatement[]; roles: Role[]; approximate: boolean } | { unknown: string } | { none: true };

/**
 * The statements to search over. A statement written identically in both versions is skipped
 * where it cannot make a difference: an old Deny that the new version also has can never be why
 * the old version refuses a request the new one allows, and — when every old Deny is also in the
 * new version — a new Allow that the old version also has cannot allow anything the old one does
 * not. When no new Allow is left, the answer is "no new access" without a search (a policy
 * compared with itself is decided this way, whatever its size).
 *
 * With policy variables (whose values tie a Resource or condition value to another key), a sound
 * over-approximation: when every Deny of the old version is also in the new one, variable-bearing
 * Deny statements of the new version are dropped, and variable-bearing Allow statements of the
 * old version are dropped; each step can only add requests to "allowed by new, not by old", so an
 * empty answer is still a proof. A variable left in a new Allow statement makes the answer unknown
 * unless a concrete counterexample verifies.
 */
function prepare(prev: Policy, next: Policy): Prepared {
  const all = (p: Policy, allow: boolean) =>
    p.statements.filter((s) => (s.effect === 'Allow') === allow).map((statement) => ({ policy: p, statement }));
  const newAllow = all(next, true);
  const newDeny = all(next, false);
  const oldAllow = all(prev, true);
  const oldDeny = all(prev, false);
  const newDenyKeys = new Set(newDeny.map(canonical));
  const oldAllowKeys = new Set(oldAllow.map(canonical));
  const od = oldDeny.filter((p) => !newDenyKeys.has(canonical(p)));
  const denyCovered = od.length === 0;
  const na = denyCovered ? newAllow.filter((p) => !oldAllowKeys.has(canonical(p))) : newAllow;
  if (na.length === 0) return { none: true };
  const anyVars = [...na, ...newDeny, ...oldAllow, ...od].some(hasVariables);
  if (!anyVars) return assemble(na, newDeny, oldAllow, od, false);
  if (!denyCovered) return { unknown: 'policy variables, and the old version has a Deny statement the new one does not' };
  // With every old Deny also in the new version, "new ∧ ¬old" ⊆ newAllow ∧ ¬newDeny ∧ ¬oldAllow.
  if (na.some(hasVariables)) return { unknown: 'a new or changed Allow statement uses policy variables' };
  return assemble(
    na,
    newDeny.filter((p) => !hasVariables(p)),
    oldAllow.filter((p) => !hasVariables(p)),
    [],
    true,
  );
}

/**
 * Leaves out the statements whose actions meet no action of a new or changed Allow: a request
 * the search looks for has such an action, so they never apply to it (exact, and it keeps the
 * resource and condition regions to the statements that matter).
 */
function pruneByAction(
  p: { placed: PlacedStatement[]; roles: Role[]; approximate: boolean },
  universe: ActionUniverse,
  keep: (a: string) => boolean,
  budget: WorkBudget,
): { placed: PlacedStatement[]; roles: Role[]; approximate: boolean } | undefined {
  const allows = p.placed.filter((_, i) => p.roles[i] === 'newAllow').map((x) => x.statement);
  if (allows.some((st) => !st.action)) return p;
  const index = actionIndex(universe);
  // One step per action an expansion yields (the budget's unit for action lists).
  let spent = true;
  const expand = (pattern: string): Int32Array => {
    const all = index.expand(pattern);
    if (!budget.spend(all.length)) spent = false;
    return spent ? all : EMPTY;
  };
  const lists = p.placed.map(({ statement: st }) => (st.action ?? st.notAction ?? []).map(expand));
  if (!spent) return undefined;
  const names = index.names;
  const kept = new Int8Array(names.length); // 0: not asked yet, 1: kept, 2: filtered out
  const isKept = (i: number): boolean => {
    if (kept[i] === 0) kept[i] = keep(names[i] as string) ? 1 : 2;
    return kept[i] === 1;
  };
  const wanted = new Uint8Array(names.length);
  const wantedList: number[] = [];
  p.placed.forEach((_, s) => {
    if (p.roles[s] !== 'newAllow') return;
    for (const list of lists[s] ?? [])
      for (const i of list)
        if (wanted[i] === 0 && isKept(i)) {
          wanted[i] = 1;
          wantedList.push(i);
        }
  });
  const relevant = (st: Statement, own: readonly Int32Array[]): boolean => {
    if (st.action) return own.some((list) => list.some((i) => wanted[i] === 1));
    const excluded = new Uint8Array(names.length);
    for (const list of own) for (const i of list) excluded[i] = 1;
    return wantedList.some((i) => excluded[i] === 0);
  };
  const placed: PlacedStatement[] = [];
  const roles: Role[] = [];
  p.placed.forEach((x, i) => {
    const role = p.roles[i] as Role;
    if (role !== 'newAllow' && !relevant(x.statement, lists[i] ?? [])) return;
    placed.push(x);
    roles.push(role);
  });
  return { placed, roles, approximate: p.approximate };
}

const EMPTY = new Int32Array(0);

function assemble(
  na: PlacedStatement[],
  nd: PlacedStatement[],
  oa: PlacedStatement[],
  od: PlacedStatement[],
  approximate: boolean,
): Prepared {
  const roles: Role[] = [
    ...na.map((): Role => 'newAllow'),
    ...nd.map((): Role => 'newDeny'),
    ...oa.map((): Role => 'oldAllow'),
    ...od.map((): Role => 'oldDeny'),
  ];
  return { placed: [...na, ...nd, ...oa, ...od], roles, approximate };
}

/** Whether the statement's meaning depends on policy variables (Version 2012-10-17 only). */
function hasVariables({ policy, statement: st }: PlacedStatement): boolean {
  if (policy.version !== '2012-10-17') return false;
  const dynamic = (t: string) => t.includes('${') && parseTemplate(t).dynamic;
  if ((st.resource ?? st.notResource ?? []).some(dynamic)) return true;
  return st.conditions.some((c) => c.base !== 'Null' && OPERATORS[c.base].variables && c.values.some(dynamic));
}

/** A statement's meaning as text, for "the same statement in both versions" (the version decides variables). */
function canonical({ policy, statement: st }: PlacedStatement): string {
  const block = (b: Statement['principal']) =>
    b
      ? { w: b.wildcard, a: [...b.aws].sort(), s: [...b.service].sort(), f: [...b.federated].sort(), c: [...b.canonicalUser].sort() }
      : undefined;
  return JSON.stringify({
    v: policy.version,
    e: st.effect,
    a: st.action,
    na: st.notAction,
    r: st.resource,
    nr: st.notResource,
    p: block(st.principal),
    np: block(st.notPrincipal),
    c: st.conditions.map((c) => [c.operator, c.key.toLowerCase(), c.values]).sort(),
  });
}

function requestOf(leaf: Leaf, dims: ReturnType<typeof buildDimensions>['dims'], type: DocumentType): EvaluationRequest {
  const resource = type === 'trust' ? 'arn:aws:iam::111122223333:role/example' : '*';
  return leafRequest(leaf, dims, { resource, principal: defaultPrincipal(type) });
}

/** Counterexamples differ in reason when the action region or the applying new statements differ. */
function reasonKey(leaf: Leaf, roles: readonly Role[], dims: ReturnType<typeof buildDimensions>['dims']): string {
  const allows = leaf.applying.filter((s) => roles[s] === 'newAllow').join(',');
  const resourceDim = dims.findIndex((d) => d.name === 'resource');
  return `${leaf.picks[0]}|${resourceDim < 0 ? '' : leaf.picks[resourceDim]}|${allows}`;
}

/** The policy set that evaluates `policy` as a document of `type` on its own. */
export function placeAs(type: DocumentType, policy: Policy): PolicySet {
  // One set per document and place: the evaluator's per-set caches (validation, slots) then hold
  // across the many requests a comparison evaluates, instead of missing on a fresh set each time.
  let byType = placedSets.get(policy);
  if (!byType) placedSets.set(policy, (byType = new Map()));
  let set = byType.get(type);
  if (!set) byType.set(type, (set = place(type, policy)));
  return set;
}
const placedSets = CACHES.weak<Policy, Map<DocumentType, PolicySet>>('reasoning.placedPolicySets');

function place(type: DocumentType, policy: Policy): PolicySet {
  switch (type) {
    case 'identity':
      return { identityPolicies: [policy] };
    case 'resource':
    case 'trust':
      return { resourcePolicy: policy };
    case 'boundary':
      return { permissionBoundaries: [policy] };
    case 'session':
      return { sessionPolicy: policy };
    case 'scp':
      return { scps: [[policy]] };
    case 'rcp':
      return { rcps: [[policy]] };
    case 'vpc-endpoint':
      return { vpcEndpointPolicies: [policy] };
  }
}

/** How the document alone treats the request, by the evaluator: its explanation, or undefined on error. */
export function documentVerdict(request: EvaluationRequest, policy: Policy, type: DocumentType): PolicyExplanation | undefined {
  const outcome = evaluate(request, placeAs(type, policy));
  if (outcome.decision === 'Error') return undefined;
  return outcome.policies[0];
}

function allows(e: PolicyExplanation | undefined): boolean {
  return e !== undefined && e.applicable && e.allows && !e.denies;
}

function refs(e: PolicyExplanation | undefined, effect: 'Allow' | 'Deny'): StatementRef[] {
  if (!e) return [];
  return e.statements
    .filter((s) => s.applies && s.effect === effect)
    .map((s) => ({
      policyType: s.policyType,
      policyIndex: s.policyIndex,
      statementIndex: s.statementIndex,
      sid: s.sid,
      effect: s.effect,
      path: s.path,
    }));
}

function verify(request: EvaluationRequest, prev: Policy, next: Policy, type: DocumentType): Counterexample | undefined {
  const n = documentVerdict(request, next, type);
  const o = documentVerdict(request, prev, type);
  if (!allows(n) || o === undefined || allows(o)) return undefined;
  const allowedBy = refs(n, 'Allow');
  const oldDeniedBy = refs(o, 'Deny');
  const principal = principalText(request.principal);
  const who = typeof principal === 'string' ? principal : JSON.stringify(principal);
  const ctxKeys = Object.keys(request.context ?? {});
  const summary =
    `${who} can call ${request.action} on ${request.resource}${ctxKeys.length ? ` with ${ctxKeys.map((k) => `${k}=${JSON.stringify(request.context?.[k])}`).join(', ')}` : ''}: ` +
    `allowed by ${allowedBy.map(describe).join(', ')} of the new version; the old version ${oldDeniedBy.length ? `denies it (${oldDeniedBy.map(describe).join(', ')})` : 'has no statement that allows it'}.`;
  return {
    request: { principal, action: request.action, resource: request.resource, context: request.context ?? {} },
    allowedBy,
    oldDeniedBy,
    summary,
  };
}

function describe(r: StatementRef): string {
  return r.sid ? `statement '${r.sid}'` : `Statement[${r.statementIndex}]`;
}

/** The principal as `evaluate` input: an ARN or name when that says everything, else the object. */
function principalText(p: RequestPrincipal): string | RequestPrincipal {
  if (p.type === 'anonymous' && !p.canonicalUser) return '*';
  if (p.type === 'service' && p.service) return p.service;
  if ((p.type === 'user' || p.type === 'root' || p.type === 'role') && p.arn) return p.arn;
  if ((p.type === 'assumed-role' || p.type === 'federated-user') && p.arn && !p.userArn) {
    // principalFromArn derives the role ARN (without path) from a session ARN: use the ARN when that is exact.
    const derived = principalFromArn(p.arn);
    if (derived?.roleArn === p.roleArn) return p.arn;
  }
  return p;
}
