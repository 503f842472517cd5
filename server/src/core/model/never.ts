/**
 * Never-assertions: `{ "never": { "principal": …, "action": …, "resource": … } }` among the tests
 * of a workspace model holds when no request the model allows matches it — proved by the decision
 * procedure of `core/reasoning` over every principal the pattern names (every user and role
 * session of the model, and principals outside the model where resource policies let them in),
 * every action, every matching resource and every context value; not sampled.
 *
 * For each principal of the model the resources are split into classes that share one resource
 * side: each resource with a resource policy (an S3 bucket with its objects), each role's trust
 * policy (for the trust actions), and "every other resource of the principal's account" (no
 * resource policy, tags unknown). Per class, the question "is some request allowed?" becomes
 * clauses over statements (no Deny applies; every SCP and RCP level allows; the boundary allows
 * or the resource policy does; the identity side or the resource policy allows, both across
 * accounts; a trust or key policy allows where it must). The clauses over-approximate AWS's
 * decision — every allowed request meets them — so "no request meets them" is a proof, and every
 * request that meets them is re-evaluated by the evaluator on the whole model before it is shown
 * as a counterexample. Principals outside the model are searched per resource policy with the
 * principal as a dimension and their own identity policies assumed to allow everything, as
 * Simulate Access does. Keys the model states (principal and resource attributes, tags) are fixed;
 * every other key ranges over all its values. Where the search cannot decide, the answer is
 * "unknown", never a guess.
 */
import type { Catalog } from '../catalog';
import { compileArnPattern } from '../evaluator/arn';
import { buildContext, type ContextMap } from '../evaluator/context';
import { parseCidr } from '../evaluator/ip';
import { OPERATORS } from '../evaluator/operators';
import { identitiesOf, principalFromArn, type RequestPrincipal } from '../evaluator/principal';
import { matchNotPrincipal, matchPrincipal } from '../evaluator/principal-match';
import { actionHasResourceAccount, globalEndpointRegion } from '../evaluator/derived';
import { DEFAULT_RCP_SERVICES } from '../evaluator/rcp';
import { isGetCallerIdentity, isTrustAction, refusal } from '../evaluator/rules';
import { parseDate, parseNumber } from '../evaluator/values';
import { parseTemplate, resolveTemplate, variablesBeforeResourcePart } from '../evaluator/variables';
import { hasEscapes } from '../evaluator/pattern';
import { parsePolicy } from '../policy/parse';
import type { ConditionEntry, Policy, Statement } from '../policy/types';
import { searchClauses, type Clause } from '../reasoning/clauses';
import { WorkBudget } from '../reasoning/budget';
import {
  buildDimensions,
  leafRequest,
  type ActionUniverse,
  type DimensionOptions,
  type KeyDomain,
  type KeyValue,
  type PlacedStatement,
} from '../reasoning/dimensions';
import type { Witnesses } from '../reasoning/languages';
import type { Leaf } from '../reasoning/search';
import { principalContext, resourceContext, type ContextValues } from './context';
import { gatherIdentity, gatherResource, rcpLevels } from './gather';
import { describePrincipal, findPrincipal, requestPrincipal, type ModelPrincipal } from './principals';
import { expandActions, Runner, type LocatedStatement } from './simulate';
import type { Model, ModelPolicy, NeverAssertion, NeverPrincipal } from './types';

/** Options of {@link runNeverAssertions}. */
export interface NeverOptions {
  readonly catalog?: Catalog;
  /**
   * Work budget per assertion in steps (`core/reasoning/budget.ts`; default
   * {@link NEVER_DEFAULT_STEPS}); past it the answer is unknown, the same on every run and machine.
   */
  readonly maxSteps?: number;
  /**
   * A wall-clock limit per assertion in milliseconds, on top of the step budget (default: none).
   * Only for the editor, where a late answer is worse than an unknown one: with it the answer
   * depends on the machine's load.
   */
  readonly timeLimitMs?: number;
  /** The request time the model's derived keys use (default now); `aws:CurrentTime` still ranges freely. */
  readonly now?: Date;
}

/** A request the model allows that the assertion says must never be allowed. */
export interface NeverCounterexample {
  /** The principal as an ARN (a role session's ARN), a service name, `*` (anonymous) or a provider. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The request's context keys that matter (keys the model derives are left out). */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** The evaluator's summary of the decision. */
  readonly summary: string;
  /** The statements that allow the request. */
  readonly decidedBy: readonly LocatedStatement[];
  /** True when the principal is outside the model (its identity policies assumed to allow everything). */
  readonly outside: boolean;
}

/** The outcome of one never-assertion. */
export interface NeverAssertionResult {
  readonly assertion: NeverAssertion;
  /** Index in the model's `neverAssertions`. */
  readonly index: number;
  readonly verdict: 'holds' | 'fails' | 'unknown';
  /** True only when the assertion is proved. */
  readonly passed: boolean;
  /** One line: what was proved, the counterexample, or why it could not be decided. */
  readonly message: string;
  readonly counterexample?: NeverCounterexample;
  /** The work spent, in steps of the budget ({@link NeverOptions.maxSteps}). */
  readonly steps: number;
}

/**
 * The default work budget of one never-assertion, in steps (`core/reasoning/budget.ts`). Measured
 * on the heaviest real assertions (CPU on a quiet machine): the example organization's "nobody stops
 * or deletes CloudTrail trails" took ~835,000 steps in ~0.6 s before its resource walks were shared
 * between principals (~138,000 steps, ~0.14 s now), the serverless example's ~221,000 steps in
 * ~0.17 s, test/data/never's heaviest ~411,000 steps in ~0.13 s: 1.3 to 3.3 million steps per
 * second. 5 million steps are thus about the 5 s wall-clock limit this budget replaces on an idle
 * machine, and six times the heaviest real case as it was measured. Counted in steps, a `test` run
 * in CI answers the same under any load.
 */
export const NEVER_DEFAULT_STEPS = 5_000_000;
const TRUST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

/** Checks every never-assertion of the model. */
export function runNeverAssertions(model: Model, options: NeverOptions = {}): NeverAssertionResult[] {
  return (model.neverAssertions ?? []).map((assertion, index) => runNeverAssertion(model, assertion, index, options));
}

/** Checks one never-assertion. Never throws. */
export function runNeverAssertion(
  model: Model,
  assertion: NeverAssertion,
  index: number,
  options: NeverOptions = {},
): NeverAssertionResult {
  const label = assertion.name ? `'${assertion.name}': ` : '';
  const what = `${describeWho(assertion.principal)} ${assertion.actions.join(', ')} on ${assertion.resources.join(', ')}`;
  let prover: Prover | undefined;
  const result = (
    verdict: NeverAssertionResult['verdict'],
    message: string,
    counterexample?: NeverCounterexample,
  ): NeverAssertionResult => ({
    assertion,
    index,
    verdict,
    passed: verdict === 'holds',
    message: `${label}${message}`,
    ...(counterexample ? { counterexample } : {}),
    steps: prover?.spent ?? 0,
  });
  if (!options.catalog) return result('unknown', `never ${what}: cannot run without the action catalog.`);
  try {
    prover = new Prover(model, assertion, options.catalog, options);
    const outcome = prover.run();
    if (outcome.kind === 'error') return result('unknown', `never ${what}: cannot run: ${outcome.message}`);
    if (outcome.kind === 'fails') {
      const c = outcome.counterexample;
      return result('fails', `expected never ${what}, but ${describeRequest(c)} is allowed: ${c.summary}`, c);
    }
    if (outcome.kind === 'unknown') return result('unknown', `never ${what}: could not be decided (${outcome.reason}).`);
    return result('holds', `never ${what}: holds for ${outcome.checked}.`);
  } catch (e) {
    return result('unknown', `never ${what}: could not be decided (${e instanceof Error ? e.message : String(e)}).`);
  }
}

function describeWho(p: NeverPrincipal): string {
  if (p.kind === 'one') return p.text;
  const parts = ['any principal'];
  if (p.outside.length > 0) parts.push(`outside ${p.outside.join(', ')}`);
  if (p.except.length > 0) parts.push(`except ${p.except.join(', ')}`);
  return parts.join(' ');
}

function describeRequest(c: NeverCounterexample): string {
  const keys = Object.entries(c.context);
  return `${c.principal}${c.outside ? ' (outside the model)' : ''} calling ${c.action} on ${c.resource}${keys.length ? ` with ${keys.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}` : ''}`;
}

type Outcome =
  | { kind: 'holds'; checked: string }
  | { kind: 'fails'; counterexample: NeverCounterexample }
  | { kind: 'unknown'; reason: string }
  | { kind: 'error'; message: string };

/** A set of resources sharing one resource policy (or trust policy, for the trust actions). */
interface ResourceClass {
  readonly label: string;
  /** Resource patterns of the class's ARNs. */
  readonly members: readonly string[];
  readonly account: string;
  readonly policy: ModelPolicy;
  /** Trust policy: only the trust actions, and the policy must allow. */
  readonly trust: boolean;
  /** KMS key policy: must allow kms: actions. */
  readonly kmsKey: boolean;
  /** Exact ARNs of other classes that fall under `members` (an object listed with its own policy). */
  readonly excluded: readonly string[];
  /** A resource of the class, for the derived resource keys. */
  readonly sample: string;
}

type SearchResult = { kind: 'none' } | { kind: 'found'; counterexample: NeverCounterexample } | { kind: 'unknown'; reason: string };

// Keys the model states about a principal of the model, and about a resource.
const PRINCIPAL_FACT =
  /^aws:(principalarn|principalaccount|principaltype|principalorgid|principalorgpaths|principalisawsservice|principalservicename|username|userid|principaltag\/.+)$/;
const PRINCIPAL_IDENTITY_KEYS = [
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:username',
  'aws:userid',
];
const PRINCIPAL_IDENTITY = new RegExp(`^(${PRINCIPAL_IDENTITY_KEYS.join('|')})$`);
const RESOURCE_FACT = /^aws:(resourceaccount|resourceorgid|resourceorgpaths)$/;
const RESOURCE_TAG = /^aws:resourcetag\//;

class Prover {
  private readonly universe: ActionUniverse;
  /** Whether some action of the universe has no aws:ResourceAccount (see resourceFact). */
  private someWithoutAccount: boolean | undefined;
  /** Whether every action of the universe is an IAM action (see freeDomain). */
  private onlyIam: boolean | undefined;
  private readonly multiValued: (key: string) => boolean;
  private readonly budget: WorkBudget;
  /** Resource witness walks by pattern list: the searches for each principal mostly share them. */
  private readonly resourceWitnesses = new Map<string, Witnesses>();
  private readonly synthetic = new Map<string, Policy>();
  private readonly modelAccounts: string[];
  private unknown: string | undefined;
  private readonly trustInGoal: boolean;

  constructor(
    private readonly model: Model,
    private readonly a: NeverAssertion,
    private readonly catalog: Catalog,
    private readonly options: NeverOptions,
  ) {
    // Only actions the assertion names can be in a request it speaks of: the universe is those.
    const goal = [...new Set(a.actions.flatMap((p) => catalog.expandActions(p)))];
    const inGoal = new Set(goal);
    const memo = new Map<string, readonly string[]>();
    this.universe = {
      expand: (p) => {
        let hit = memo.get(p);
        if (!hit) memo.set(p, (hit = catalog.expandActions(p).filter((x) => inGoal.has(x))));
        return hit;
      },
      all: () => goal,
    };
    this.trustInGoal = goal.some(isTrustAction);
    this.multiValued = (k) => catalog.conditionKey(k)?.multiValued === true;
    this.budget = new WorkBudget(
      options.maxSteps ?? NEVER_DEFAULT_STEPS,
      options.timeLimitMs === undefined ? Infinity : Date.now() + options.timeLimitMs,
    );
    this.modelAccounts = [...model.accounts.keys()];
  }

  /** Steps spent so far. */
  get spent(): number {
    return this.budget.spent;
  }

  /** Why the budget stopped the proof: it names the budget, steps or milliseconds. */
  private limitReason(): string {
    if (this.budget.exhausted === 'time') return `time limit of ${this.options.timeLimitMs} ms reached`;
    return `work limit of ${this.budget.limit} steps reached`;
  }

  run(): Outcome {
    const { unknown } = expandActions(this.a.actions, this.catalog);
    if (unknown.length > 0)
      return {
        kind: 'error',
        message: `no action of the catalog (${this.catalog.versionLabel}) matches ${unknown.map((u) => `'${u}'`).join(', ')}`,
      };
    const principals = this.modelPrincipals();
    if ('error' in principals) return { kind: 'error', message: principals.error };
    const classes = this.resourceClasses();
    const callerIdentity = this.universe.expand('sts:GetCallerIdentity').filter(isGetCallerIdentity);
    if (this.universe.all().length === 0) return { kind: 'error', message: 'the actions match no action of the catalog' };
    for (const p of principals.list) {
      // sts:GetCallerIdentity needs no permission: no policy can deny it.
      if (callerIdentity.length > 0 && this.goalMatches(callerIdentity[0] as string, '*')) {
        const found = this.verify(p, callerIdentity[0] as string, '*', {}, false);
        if (found) return { kind: 'fails', counterexample: found };
      }
      for (const c of [undefined, ...classes]) {
        if (c && !this.mayIntersect(c)) continue;
        const r = this.searchFixed(p, c, classes);
        if (r.kind === 'found') return { kind: 'fails', counterexample: r.counterexample };
        if (r.kind === 'unknown') this.unknown ??= r.reason;
      }
    }
    let outsiders = false;
    if (this.outsidersIncluded()) {
      outsiders = true;
      for (const c of classes) {
        if (!this.mayIntersect(c)) continue;
        const r = this.searchOutsiders(c, classes);
        if (r.kind === 'found') return { kind: 'fails', counterexample: r.counterexample };
        if (r.kind === 'unknown') this.unknown ??= r.reason;
      }
    }
    if (this.unknown) return { kind: 'unknown', reason: this.unknown };
    const n = principals.list.length;
    return {
      kind: 'holds',
      checked: `${n} principal(s) of the model${outsiders ? ' and every principal outside it' : ''}, every context value`,
    };
  }

  // ---- principals -------------------------------------------------------------------------

  private modelPrincipals(): { list: ModelPrincipal[] } | { error: string } {
    const p = this.a.principal;
    const everyone: ModelPrincipal[] = [];
    for (const acct of this.model.accounts.values()) {
      for (const user of acct.users.values()) everyone.push({ kind: 'user', user });
      for (const role of acct.roles.values()) everyone.push({ kind: 'role', role, sessionName: 'iam-policy-studio' });
    }
    if (p.kind === 'one') {
      if (p.text === '*') return { list: everyone };
      if (/[*?]/.test(p.text)) return { list: everyone.filter((m) => globMatches(p.text, principalArns(requestPrincipal(m)))) };
      const found = findPrincipal(this.model, p.text);
      if (!found.ok) return { error: found.message };
      // A principal outside the model (an ARN of another account, a service): searched as an outsider.
      if (found.principal.kind === 'external' || found.principal.kind === 'service') return { list: [] };
      return { list: [found.principal] };
    }
    const excluded = this.exceptResolved();
    if ('error' in excluded) return excluded;
    return {
      list: everyone.filter((m) => {
        const account = m.kind === 'user' ? m.user.account : m.kind === 'role' ? m.role.account : undefined;
        if (account && this.insideOutsideList(account)) return false;
        return !excluded.list.some((x) => x(m));
      }),
    };
  }

  /** The `except` entries as tests on model principals. */
  private exceptResolved(): { list: ((m: ModelPrincipal) => boolean)[] } | { error: string } {
    const p = this.a.principal;
    if (p.kind !== 'any') return { list: [] };
    const list: ((m: ModelPrincipal) => boolean)[] = [];
    for (const text of p.except) {
      if (/[*?]/.test(text) || text.startsWith('arn:')) {
        list.push((m) => globMatches(text, principalArns(requestPrincipal(m))));
        continue;
      }
      const found = findPrincipal(this.model, text);
      if (!found.ok) return { error: `except: ${found.message}` };
      const target = describePrincipal(found.principal);
      list.push((m) => describePrincipal(m) === target);
    }
    return { list };
  }

  /** Whether an account of the model is inside one of the `outside` entries (an organization or an account). */
  private insideOutsideList(account: string): boolean {
    const p = this.a.principal;
    if (p.kind !== 'any') return false;
    const org = this.model.organization;
    const a = this.model.accounts.get(account);
    return p.outside.some((o) =>
      o.startsWith('o-') ? org !== undefined && a?.inOrganization === true && (org.id === undefined || org.id === o) : o === account,
    );
  }

  private outsidersIncluded(): boolean {
    const p = this.a.principal;
    if (p.kind === 'any') return true;
    if (p.text === '*' || /[*?]/.test(p.text)) return true;
    const found = findPrincipal(this.model, p.text);
    return found.ok && (found.principal.kind === 'external' || found.principal.kind === 'service');
  }

  /** Whether a principal outside the model is one the assertion speaks of. */
  private outsiderWanted(r: RequestPrincipal): boolean {
    const account = r.account ?? (r.arn ? principalFromArn(r.arn)?.account : undefined);
    if (account && this.model.accounts.has(account)) return false;
    const p = this.a.principal;
    if (p.kind === 'one') {
      if (p.text === '*') return true;
      if (/[*?]/.test(p.text)) return globMatches(p.text, principalArns(r));
      const found = findPrincipal(this.model, p.text);
      if (!found.ok) return false;
      const want = requestPrincipal(found.principal);
      if (want.type === 'service') return r.type === 'service' && r.service === want.service;
      if (want.type === 'root') return account === want.account;
      return principalArns(r).some((x) => principalArns(want).includes(x));
    }
    if (account && p.outside.includes(account)) return false;
    for (const text of p.except) {
      if (/[*?]/.test(text) || text.startsWith('arn:')) {
        if (globMatches(text, principalArns(r))) return false;
      } else if (r.type === 'service' && r.service === text) return false;
    }
    return true;
  }

  // ---- resources --------------------------------------------------------------------------

  /** Every resource of the model with a resource policy, and every role with a trust policy. */
  private resourceClasses(): ResourceClass[] {
    const out: ResourceClass[] = [];
    const exact: string[] = [];
    for (const acct of this.model.accounts.values()) {
      for (const r of acct.resources) {
        if (!r.policy) continue;
        exact.push(r.arn);
        const bucket = /^arn:[^:]+:s3:::[^/]+$/.test(r.arn);
        out.push({
          label: r.arn,
          members: bucket ? [r.arn, `${r.arn}/*`] : [r.arn],
          account: acct.id,
          policy: r.policy,
          trust: false,
          kmsKey: /^arn:[^:]+:kms:/.test(r.arn),
          excluded: [],
          sample: r.arn,
        });
      }
      for (const role of acct.roles.values()) {
        if (!role.trustPolicy) continue;
        out.push({
          label: role.arn,
          members: [`arn:*:iam::${acct.id}:role/${role.name}`, `arn:*:iam::${acct.id}:role/*/${role.name}`],
          account: acct.id,
          policy: role.trustPolicy,
          trust: true,
          kmsKey: false,
          excluded: [],
          sample: role.arn,
        });
      }
    }
    return out.map((c) => ({
      ...c,
      excluded: c.members.some((m) => m.endsWith('/*')) ? exact.filter((e) => e !== c.sample && e.startsWith(`${c.sample}/`)) : [],
    }));
  }

  /** Whether some resource pattern of the assertion can match a resource of the class (a quick, generous test). */
  private mayIntersect(c: ResourceClass): boolean {
    if (c.trust && !this.trustInGoal) return false;
    return this.a.resources.some((pattern) => c.members.some((m) => prefixCompatible(pattern, m)));
  }

  private goalMatches(action: string, resource: string): boolean {
    const actions = new Set(this.a.actions.flatMap((p) => this.universe.expand(p)));
    return actions.has(action) && this.a.resources.some((r) => compileArnPattern(r, { ignoreCasePrefix: true }).matches(resource));
  }

  // ---- searches ---------------------------------------------------------------------------

  /** A principal of the model, on one class of resources (undefined: the resources without a resource policy). */
  private searchFixed(p: ModelPrincipal, c: ResourceClass | undefined, classes: readonly ResourceClass[]): SearchResult {
    const ident = gatherIdentity(this.model, p);
    const req = requestPrincipal(p);
    const ids = identitiesOf(req);
    const account = ident.account;
    const side = gatherResource(this.model, c ? c.sample : '*', c?.trust ? 'sts:AssumeRole' : 's3:GetObject', account);
    const principalKeys = principalContext(this.model, p, this.options.now ? { now: this.options.now } : {});
    const resourceKeys = resourceContext(this.model, side);
    const facts = factsOf(principalKeys, resourceKeys);
    const vars = buildContext(facts);
    const b = new Builder(this.universe);
    const matchesP = (st: Statement) =>
      st.principal
        ? matchPrincipal(st.principal, req, ids).matched
        : st.notPrincipal
          ? matchNotPrincipal(st.notPrincipal, st.effect, req, ids).matched
          : true;
    const identityAllow = ident.identity.flatMap((m) => b.add(m.policy, vars, 'Allow'));
    const boundaryAllow = ident.boundaries.flatMap((m) => b.add(m.policy, vars, 'Allow'));
    const scpAllow = ident.scps.map((level) => level.flatMap((m) => b.add(m.policy, vars, 'Allow')));
    for (const m of [...ident.identity, ...ident.boundaries, ...ident.scps.flat()]) b.add(m.policy, vars, 'Deny');
    // The root user cannot assume a role, whatever the policies say (evaluator/rules.ts `refusal`).
    const trust = p.kind === 'root' ? this.universe.all().filter(isTrustAction) : [];
    if (trust.length > 0) b.add(this.syntheticPolicy({ Effect: 'Deny', Action: trust, Resource: '*' }), vars, 'Deny');
    const policy = c?.policy;
    const resAllow = policy ? b.add(policy.policy, vars, 'Allow', matchesP) : [];
    if (policy) b.add(policy.policy, vars, 'Deny', matchesP);
    const slr = req.serviceLinked === true;
    const rcps = slr ? [] : side.rcps;
    const rcpAllow = rcps.map((level) => [
      ...level.flatMap((m) => b.add(m.policy, vars, 'Allow', matchesP)),
      ...b.add(this.rcpNotApplicable(), undefined, 'Allow'),
    ]);
    for (const m of rcps.flat()) b.add(m.policy, vars, 'Deny', matchesP);
    const clauses: Clause[] = [{ kind: 'none', members: b.denies }];
    clauses.push({ kind: 'some', members: b.add(this.goal(), undefined, 'Allow') });
    this.classClauses(b, clauses, c, classes, account);
    for (const level of scpAllow) clauses.push({ kind: 'some', members: level });
    for (const level of rcpAllow) clauses.push({ kind: 'some', members: level });
    if (ident.boundaries.length > 0) clauses.push({ kind: 'some', members: [...boundaryAllow, ...resAllow] });
    const sameAccount = side.account === undefined || side.account === account;
    const hasIdentity = p.kind === 'user' || p.kind === 'role';
    if (c?.trust) clauses.push({ kind: 'some', members: resAllow });
    if (c?.kmsKey) clauses.push({ kind: 'some', members: [...resAllow, ...b.add(this.notKms(), undefined, 'Allow')] });
    if (hasIdentity && sameAccount) clauses.push({ kind: 'some', members: [...identityAllow, ...resAllow] });
    if (hasIdentity && !sameAccount) clauses.push({ kind: 'some', members: identityAllow }, { kind: 'some', members: resAllow });
    if (!hasIdentity && !sameAccount) clauses.push({ kind: 'some', members: resAllow });
    const domain = (key: string): KeyDomain | undefined => {
      if (RESOURCE_FACT.test(key)) return this.resourceFact(key, facts);
      if (PRINCIPAL_FACT.test(key) || (key === 'aws:multifactorauthpresent' && p.kind === 'user' && p.user.mfa !== undefined))
        return { fixed: valueOf(facts, key) ?? valueOf(principalKeys, key) };
      return this.freeDomain(key, p.kind === 'role');
    };
    return this.runSearch(b, clauses, { withPrincipal: false, defaultPrincipal: req, keyDomain: domain }, (leaf, dims) => {
      const q = requestOf(leaf, dims);
      const context: Record<string, string | readonly string[]> = {};
      for (const [k, v] of Object.entries(q.context)) {
        const lower = k.toLowerCase();
        // The model's resource keys are its own to set (aws:ResourceAccount per action: derived.ts).
        if (RESOURCE_FACT.test(lower) || (domain(lower) && 'fixed' in (domain(lower) as KeyDomain))) continue;
        if (regionSetByAws(lower, q.action)) continue;
        if (RESOURCE_TAG.test(lower) && gatherResource(this.model, q.resource, q.action, account).entity !== undefined) continue;
        context[k] = v;
      }
      return this.verify(p, q.action, q.resource, context, false);
    });
  }

  /** Principals outside the model, on one class of resources (they only get in through its policy). */
  private searchOutsiders(c: ResourceClass, classes: readonly ResourceClass[]): SearchResult {
    const side = gatherResource(this.model, c.sample, c.trust ? 'sts:AssumeRole' : 's3:GetObject');
    const resourceKeys = resourceContext(this.model, side);
    const facts = factsOf({}, resourceKeys);
    const vars = buildContext(facts);
    const b = new Builder(this.universe);
    const resAllow = b.add(c.policy.policy, vars, 'Allow');
    b.add(c.policy.policy, vars, 'Deny');
    const rcpAllow = rcpLevels(this.model, this.model.accounts.get(c.account)).map((level) => [
      ...level.flatMap((m) => b.add(m.policy, vars, 'Allow')),
      ...b.add(this.rcpNotApplicable(), undefined, 'Allow'),
    ]);
    for (const m of rcpLevels(this.model, this.model.accounts.get(c.account)).flat()) b.add(m.policy, vars, 'Deny');
    const orgs = this.a.principal.kind === 'any' ? this.a.principal.outside.filter((o) => o.startsWith('o-')) : [];
    const clauses: Clause[] = [{ kind: 'none', members: b.denies }];
    if (orgs.length > 0)
      clauses.push({
        kind: 'none',
        members: b.add(
          this.syntheticPolicy({
            Effect: 'Allow',
            Principal: '*',
            Action: '*',
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': orgs } },
          }),
          undefined,
          'Allow',
        ),
      });
    clauses.push({ kind: 'some', members: b.add(this.goal(), undefined, 'Allow') });
    this.classClauses(b, clauses, c, classes, undefined);
    clauses.push({ kind: 'some', members: resAllow });
    for (const level of rcpAllow) clauses.push({ kind: 'some', members: level });
    const domain = (key: string): KeyDomain | undefined =>
      RESOURCE_FACT.test(key) ? this.resourceFact(key, facts) : this.freeDomain(key, true);
    // The keys a principal determines (its ARN, account, type) are decided with the principal.
    const identityValues = (r: RequestPrincipal) => {
      const all = principalContext(this.model, outsider(r), this.options.now ? { now: this.options.now } : {});
      return Object.fromEntries(Object.entries(all).filter(([k]) => PRINCIPAL_IDENTITY.test(k.toLowerCase())));
    };
    return this.runSearch(
      b,
      clauses,
      {
        withPrincipal: true,
        defaultPrincipal: { type: 'anonymous' },
        keyDomain: domain,
        // A principal AWS refuses every action of the assertion (a federated user session on STS
        // and IAM, the root user on the trust actions: evaluator/rules.ts `refusal`) is no counterexample.
        principalFilter: (r) => this.outsiderWanted(r) && !this.universe.all().every((a) => refusal(r, a) !== undefined),
        reservedAccounts: this.modelAccounts,
        principalKeys: { keys: PRINCIPAL_IDENTITY_KEYS, values: identityValues },
      },
      (leaf, dims) => {
        const q = requestOf(leaf, dims);
        const r = q.principal ?? { type: 'anonymous' };
        const hasAccount = r.account !== undefined || (r.arn !== undefined && principalFromArn(r.arn)?.account !== undefined);
        const context: Record<string, string | readonly string[]> = {};
        for (const [k, v] of Object.entries(q.context)) {
          const lower = k.toLowerCase();
          if (PRINCIPAL_IDENTITY.test(lower) || RESOURCE_FACT.test(lower) || RESOURCE_TAG.test(lower)) continue;
          if (regionSetByAws(lower, q.action)) continue;
          // Organization and tags belong to a principal of an account only.
          if (!hasAccount && PRINCIPAL_FACT.test(lower)) continue;
          context[k] = v;
        }
        return this.verify(outsider(r), q.action, q.resource, context, true);
      },
    );
  }

  /** Clauses that keep the search inside one class of resources (or, for undefined, outside every class). */
  private classClauses(
    b: Builder,
    clauses: Clause[],
    c: ResourceClass | undefined,
    classes: readonly ResourceClass[],
    account: string | undefined,
  ): void {
    if (c) {
      clauses.push({
        kind: 'some',
        members: b.add(this.syntheticPolicy({ Effect: 'Allow', Action: '*', Resource: c.members }), undefined, 'Allow'),
      });
      if (c.trust)
        clauses.push({
          kind: 'some',
          members: b.add(this.syntheticPolicy({ Effect: 'Allow', Action: TRUST_ACTIONS, Resource: '*' }), undefined, 'Allow'),
        });
      if (c.excluded.length > 0)
        clauses.push({
          kind: 'none',
          members: b.add(this.syntheticPolicy({ Effect: 'Allow', Action: '*', Resource: c.excluded }), undefined, 'Allow'),
        });
      return;
    }
    const withPolicy = classes.filter((x) => !x.trust).flatMap((x) => x.members);
    const none = [
      ...(withPolicy.length > 0
        ? b.add(this.syntheticPolicy({ Effect: 'Allow', Action: '*', Resource: withPolicy }), undefined, 'Allow')
        : []),
      // A trust action on a role needs the role's trust policy: never allowed without one.
      ...b.add(this.syntheticPolicy({ Effect: 'Allow', Action: TRUST_ACTIONS, Resource: 'arn:*:iam::*:role/*' }), undefined, 'Allow'),
    ];
    clauses.push({ kind: 'none', members: none });
    // Without a resource policy only the principal's own account's resources can be reached.
    if (account) {
      clauses.push({
        kind: 'some',
        members: [
          ...b.add(
            this.syntheticPolicy({ Effect: 'Allow', Action: '*', Resource: ['arn:*:*:*::*', `arn:*:*:*:${account}:*`] }),
            undefined,
            'Allow',
          ),
          ...b.add(this.syntheticPolicy({ Effect: 'Allow', Action: '*', NotResource: 'arn:*:*:*:????????????:*' }), undefined, 'Allow'),
        ],
      });
    }
  }

  private runSearch(
    b: Builder,
    clauses: Clause[],
    o: {
      withPrincipal: boolean;
      defaultPrincipal: RequestPrincipal;
      keyDomain: (k: string) => KeyDomain | undefined;
      principalFilter?: (p: RequestPrincipal) => boolean;
      reservedAccounts?: readonly string[];
      principalKeys?: DimensionOptions['principalKeys'];
    },
    check: (leaf: Leaf, dims: ReturnType<typeof buildDimensions>['dims']) => NeverCounterexample | undefined,
  ): SearchResult {
    if (!this.budget.spend(0)) return { kind: 'unknown', reason: this.limitReason() };
    const built = buildDimensions(b.placed, {
      universe: this.universe,
      defaultResource: '*',
      multiValued: this.multiValued,
      budget: this.budget,
      resourceWitnesses: this.resourceWitnesses,
      ...o,
    });
    let found: NeverCounterexample | undefined;
    let unverified = 0;
    const outcome = searchClauses(
      b.placed.length,
      clauses,
      built.dims,
      (leaf) => {
        const c = check(leaf, built.dims);
        if (c) {
          found = c;
          return 'stop';
        }
        return ++unverified > 200 ? 'stop' : 'continue';
      },
      { budget: this.budget },
    );
    if (found) return { kind: 'found', counterexample: found };
    if (unverified > 0) return { kind: 'unknown', reason: 'requests the search found were not allowed when evaluated on the whole model' };
    if (!outcome.finished || this.budget.exhausted) return { kind: 'unknown', reason: this.limitReason() };
    if (!built.complete) return { kind: 'unknown', reason: built.gaps.join('; ') };
    return { kind: 'none' };
  }

  /** Evaluates the request on the whole model; a counterexample when it is allowed. */
  private verify(
    p: ModelPrincipal,
    action: string,
    resource: string,
    context: Record<string, string | readonly string[]>,
    outside: boolean,
  ): NeverCounterexample | undefined {
    const runner = new Runner(
      this.model,
      p,
      undefined,
      { context },
      { catalog: this.catalog, brief: true, ...(this.options.now ? { now: this.options.now } : {}) },
    );
    const e = runner.run(action, resource);
    if (e.decision !== 'Allowed') return undefined;
    return { principal: describePrincipal(p), action, resource, context, summary: e.summary, decidedBy: e.decidedBy, outside };
  }

  /**
   * A resource key the model states. `aws:ResourceAccount`, `aws:ResourceOrgID` and
   * `aws:ResourceOrgPaths` are absent for the actions AWS lists (evaluator/derived.ts): when the
   * assertion names such an action, the key is "the model's value or absent", so the clauses still
   * cover every request AWS allows.
   */
  private resourceFact(key: string, facts: ContextValues): KeyDomain {
    const value = valueOf(facts, key);
    this.someWithoutAccount ??= this.universe.all().some((a) => !actionHasResourceAccount(a));
    if (!this.someWithoutAccount || value === undefined) return { fixed: value };
    // The account, organization and paths, or absent (aws:ResourceOrgPaths is a list: any value of the search's).
    return typeof value === 'string' ? { valid: (v) => v === value, sample: value } : {};
  }

  /** A key the model does not state: any value of its type; the keys every request carries are never absent. */
  private freeDomain(key: string, session: boolean): KeyDomain | undefined {
    switch (key) {
      case 'aws:currenttime':
        return { present: true, valid: isDate, sample: '2026-01-01T00:00:00Z' };
      case 'aws:epochtime':
        return { present: true, valid: (v) => /^\d+$/.test(v), sample: '1767225600' };
      case 'aws:securetransport':
      case 'aws:viaawsservice':
        return { present: true, valid: isBool, sample: 'true' };
      case 'aws:requestedregion':
        // IAM calls are always made to us-east-1 (evaluator/derived.ts globalEndpointRegion; the
        // model's ARNs are in the aws partition): fixed when every action of the assertion is IAM's.
        this.onlyIam ??= this.universe.all().every((a) => globalEndpointRegion(a, 'aws') !== undefined);
        return this.onlyIam ? { fixed: 'us-east-1' } : { present: true, valid: (v) => v !== '', sample: 'us-east-1' };
      case 'aws:tokenissuetime':
        return session ? { present: true, valid: isDate, sample: '2026-01-01T00:00:00Z' } : { valid: isDate };
    }
    const type = this.catalog.conditionKey(key)?.baseType;
    if (type === 'Bool') return { valid: isBool };
    if (type === 'Date') return { valid: isDate };
    if (type === 'Numeric') return { valid: (v) => parseNumber(v) !== undefined };
    if (type === 'IPAddress') return { valid: (v) => parseCidr(v) !== undefined };
    return undefined;
  }

  private goal(): Policy {
    return this.syntheticPolicy({ Effect: 'Allow', Action: [...this.a.actions], Resource: [...this.a.resources] });
  }

  private rcpNotApplicable(): Policy {
    return this.syntheticPolicy({ Effect: 'Allow', NotAction: [...DEFAULT_RCP_SERVICES].map((s) => `${s}:*`), Resource: '*' });
  }

  private notKms(): Policy {
    return this.syntheticPolicy({ Effect: 'Allow', NotAction: 'kms:*', Resource: '*' });
  }

  private syntheticPolicy(statement: Record<string, unknown>): Policy {
    const key = JSON.stringify(statement);
    let p = this.synthetic.get(key);
    if (!p) this.synthetic.set(key, (p = parsePolicy({ Version: '2012-10-17', Statement: [statement] }).policy));
    return p;
  }
}

/** Collects the statements of one search, specialized to the principal's known keys. */
class Builder {
  readonly placed: PlacedStatement[] = [];
  readonly denies: number[] = [];

  constructor(private readonly universe: ActionUniverse) {}

  /** Whether the statement can apply to some action of the universe (the assertion's actions). */
  private relevant(st: Statement): boolean {
    if (st.action) return st.action.some((p) => this.universe.expand(p).length > 0);
    const excluded = new Set((st.notAction ?? []).flatMap((p) => this.universe.expand(p)));
    return this.universe.all().some((x) => !excluded.has(x));
  }

  /** Adds the statements of `policy` with this effect (that `keep` accepts); returns their indices (denies are remembered). */
  add(policy: Policy, vars: ContextMap | undefined, effect: 'Allow' | 'Deny', keep: (st: Statement) => boolean = () => true): number[] {
    const out: number[] = [];
    for (const st of policy.statements) {
      if (st.effect !== effect || !keep(st) || !this.relevant(st)) continue;
      const s = specialize(policy, st, vars);
      if (!s) continue;
      this.placed.push({ policy, statement: s });
      out.push(this.placed.length - 1);
      if (effect === 'Deny') this.denies.push(this.placed.length - 1);
    }
    return out;
  }
}

/**
 * The statement with policy variables replaced by the values the model states (a user's name, a
 * principal tag). A variable without a stated value is over-approximated: an Allow then applies
 * wherever it could (the Resource entry becomes `*`, a NotResource entry or a condition is
 * dropped); a Deny is left out. The evaluator decides every request found afterwards.
 */
function specialize(policy: Policy, st: Statement, vars: ContextMap | undefined): Statement | undefined {
  if (policy.version !== '2012-10-17') return st;
  let changed = false;
  let unresolved = false;
  const resolve = (text: string, pattern: boolean): string | undefined => {
    if (!text.includes('${')) return text;
    const t = parseTemplate(text);
    if (!t.dynamic) return text;
    changed = true;
    if (!vars || t.parts.some((p) => p.kind === 'char') || (pattern && variablesBeforeResourcePart(text).length > 0)) return undefined;
    const r = resolveTemplate(t, vars, pattern);
    return r.ok && !hasEscapes(r.text) ? r.text : undefined;
  };
  const allow = st.effect === 'Allow';
  let resource = st.resource;
  let notResource = st.notResource;
  if (resource) {
    const list = resource.map((r) => resolve(r, true));
    if (list.some((r) => r === undefined)) unresolved = true;
    resource = list.includes(undefined) ? ['*'] : (list as string[]);
  }
  if (notResource) {
    const list = notResource.map((r) => resolve(r, true));
    if (list.some((r) => r === undefined)) unresolved = true;
    notResource = list.filter((r): r is string => r !== undefined);
  }
  const conditions: ConditionEntry[] = [];
  for (const c of st.conditions) {
    if (c.base === 'Null' || !OPERATORS[c.base].variables) {
      conditions.push(c);
      continue;
    }
    const values = c.values.map((v) => resolve(v, OPERATORS[c.base as Exclude<typeof c.base, 'Null'>].pattern));
    if (values.some((v) => v === undefined)) unresolved = true;
    else conditions.push({ ...c, values: values as string[] });
  }
  if (!changed) return st;
  if (unresolved && !allow) return undefined;
  return { ...st, ...(resource ? { resource } : {}), ...(notResource ? { notResource } : {}), conditions };
}

/** The principal and resource facts of a derived context (the keys the model states). */
/**
 * Whether AWS sets `key` for `action` whatever the caller does: an IAM action's aws:RequestedRegion
 * (evaluator/derived.ts globalEndpointRegion). The search lets the region range freely; the
 * re-evaluation leaves it to the model, so no counterexample claims an IAM call from another Region.
 */
function regionSetByAws(key: string, action: string): boolean {
  return key === 'aws:requestedregion' && globalEndpointRegion(action, 'aws') !== undefined;
}

function factsOf(principal: ContextValues, resource: ContextValues): ContextValues {
  const out: ContextValues = {};
  for (const [k, v] of Object.entries(principal)) if (PRINCIPAL_FACT.test(k.toLowerCase())) out[k] = v;
  for (const [k, v] of Object.entries(resource)) if (RESOURCE_FACT.test(k.toLowerCase())) out[k] = v;
  return out;
}

function valueOf(ctx: ContextValues, lower: string): KeyValue {
  for (const [k, v] of Object.entries(ctx)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function requestOf(
  leaf: Leaf,
  dims: ReturnType<typeof buildDimensions>['dims'],
): { principal?: RequestPrincipal; action: string; resource: string; context: Record<string, string | readonly string[]> } {
  const { principal, ...request } = leafRequest(leaf, dims, { resource: '*', principal: undefined });
  return { ...(principal ? { principal } : {}), ...request };
}

/** A principal outside the model, as Simulate Access takes it. */
function outsider(r: RequestPrincipal): ModelPrincipal {
  if (r.type === 'service' && r.service) return { kind: 'service', service: r.service };
  return { kind: 'external', principal: r, label: r.arn ?? r.provider ?? (r.canonicalUser ? `canonical user ${r.canonicalUser}` : '*') };
}

/** The ARNs (and names) a principal answers to, for patterns. */
function principalArns(p: RequestPrincipal): string[] {
  return [p.arn, p.roleArn, p.userArn, p.service, p.provider].filter((x): x is string => x !== undefined);
}

function globMatches(pattern: string, texts: readonly string[]): boolean {
  const m = compileArnPattern(pattern, { ignoreCasePrefix: true });
  return texts.some((t) => m.matches(t));
}

/** Whether two ARN patterns can share a value: their literal prefixes (up to the first wildcard) agree. */
function prefixCompatible(a: string, b: string): boolean {
  const lit = (s: string) => {
    const i = s.search(/[*?$]/);
    return (i < 0 ? s : s.slice(0, i)).toLowerCase();
  };
  if (a === '*' || b === '*') return true;
  const x = lit(a);
  const y = lit(b);
  if (!(x.startsWith(y) || y.startsWith(x))) return false;
  // Both without wildcards: equal texts only.
  if (!/[*?$]/.test(a) && !/[*?$]/.test(b)) return a.toLowerCase() === b.toLowerCase();
  return true;
}

function isDate(v: string): boolean {
  return parseDate(v) !== undefined;
}

function isBool(v: string): boolean {
  return v === 'true' || v === 'false';
}
