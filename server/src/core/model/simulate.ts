/**
 * "Simulate Access": for a principal of the model, one or more actions (wildcards expand through
 * the catalog) and one or more resources, gather the policies that apply, derive the request
 * context, run the evaluator, and return per action × resource the decision with its explanation,
 * each statement located in its file (workspace-relative path + JSON path) for links.
 */
import type { Catalog } from '../catalog';
import { evaluate, isResult } from '../evaluator/evaluate';
import type { EvaluationRequest, PolicyExplanation, PolicySet, PolicyType, StatementRef } from '../evaluator/types';
import { hasWildcard } from '../wildcard';
import { principalContext, requestContext, resourceContext, type ContextValues } from './context';
import { gatherIdentity, gatherResource, isTrustAction, type IdentitySide, type ResourceSide } from './gather';
import { describePrincipal, findPrincipal, requestPrincipal, type ModelPrincipal } from './principals';
import { assumeChain, type ChainStep } from './trust';
import type { Model, ModelPolicy, ModelPolicyKind, SourceLocation, Tags } from './types';

/** What to simulate. */
export interface SimulationInput {
  /** A user/role name, `role/<name>`, an ARN, `root`, an account id, a service principal; or a custom policy. */
  readonly principal: string | CustomPolicyPrincipal;
  /** Actions or patterns (`s3:Get*`, `ec2:*`); patterns expand through the catalog. */
  readonly actions: readonly string[];
  /** Resource ARNs (default `*`). */
  readonly resources?: readonly string[];
  /** Context keys supplied by the user; they override derived keys. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /** For role sessions: the session policy and session tags. */
  readonly sessionPolicy?: ModelPolicy;
  readonly sessionTags?: Tags;
  readonly sessionName?: string;
  /** Roles to assume first, in order (role chaining); each hop must be allowed. */
  readonly via?: readonly string[];
}

/** The policy in the active editor, simulated as the only identity policy of a user. */
export interface CustomPolicyPrincipal {
  readonly customPolicy: ModelPolicy;
  /** The account the synthetic user is in (default: the model's first account). */
  readonly account?: string;
}

/** Options: the catalog (for action wildcards) and the request time. */
export interface SimulationOptions {
  readonly catalog?: Catalog;
  readonly now?: Date;
  /** Stop expanding and evaluating after this many requests (default 100 000). */
  readonly maxRequests?: number;
  /** Leave out the per-policy, per-statement explanation (CLI --brief, benchmarks). */
  readonly brief?: boolean;
}

/** A statement reference with its file and the statement's JSON path inside that file. */
export interface LocatedStatement extends StatementRef {
  readonly policyName: string;
  readonly policyKind: ModelPolicyKind;
  readonly file: string;
  /** JSON path of the statement inside `file` (document path + statement path). */
  readonly filePath: readonly (string | number)[];
}

/** Where a policy of an explanation lives; `policySources[i]` describes `policies[i]`. */
export interface PolicySource {
  readonly policyName: string;
  readonly policyKind: ModelPolicyKind;
  readonly source: SourceLocation;
}

/** The decision on one action × resource. */
export interface SimulationEntry {
  readonly action: string;
  readonly resource: string;
  readonly decision: 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny' | 'Error';
  readonly summary: string;
  readonly blockedBy?: PolicyType;
  readonly crossAccount?: boolean;
  readonly decidedBy: readonly LocatedStatement[];
  readonly missingContextKeys: readonly string[];
  /** The context the request was evaluated with (derived + user supplied). */
  readonly context: ContextValues;
  /** The evaluator's per-policy, per-statement explanation (statement paths are document-relative). */
  readonly policies?: readonly PolicyExplanation[];
  /** Parallel to `policies`: each policy's name, kind and file (shared between entries; do not mutate). */
  readonly policySources?: readonly PolicySource[];
}

/** The result of a simulation. */
export interface SimulationResult {
  /** The principal as evaluated (an ARN, or the service principal). */
  readonly principal?: string;
  /** For `via`: each hop of the role chain and its decision. */
  readonly chain?: readonly ChainStep[];
  readonly entries: readonly SimulationEntry[];
  /** Problems that stop the simulation (unknown principal, a denied chain hop, too many requests). */
  readonly errors: readonly string[];
  /** Actions patterns that matched no catalog action (they are evaluated literally). */
  readonly unknownActions: readonly string[];
}

/** A simulation ready to run: the requests to evaluate and the runner that evaluates them. */
export interface SimulationPlan {
  readonly principal: string;
  readonly chain?: readonly ChainStep[];
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly unknownActions: readonly string[];
  readonly runner: Runner;
}

/**
 * Resolves the principal (and role chain), expands the actions and gathers nothing yet: callers
 * that need progress or cancellation (the language server) run `plan.runner.run(action, resource)`
 * themselves; {@link simulate} runs them all.
 */
export function planSimulation(model: Model, input: SimulationInput, options: SimulationOptions = {}): { ok: true; plan: SimulationPlan } | { ok: false; result: SimulationResult } {
  const found = resolveInputPrincipal(model, input);
  if (!found.ok) return { ok: false, result: empty([found.message]) };
  let principal = found.principal;
  let chain: ChainStep[] | undefined;
  if (input.via && input.via.length > 0) {
    const hops = assumeChain(model, principal, input.via, { ...options, ...(input.context ? { context: input.context } : {}), sessionName: input.sessionName });
    chain = hops.steps;
    if (!hops.ok) return { ok: false, result: { ...empty([hops.message]), chain } };
    principal = hops.principal;
  }
  const { actions, unknown } = expandActions(input.actions, options.catalog);
  const resources = input.resources && input.resources.length > 0 ? input.resources : ['*'];
  const max = options.maxRequests ?? 100_000;
  if (actions.length * resources.length > max) return { ok: false, result: empty([`${actions.length} actions × ${resources.length} resources exceed the limit of ${max} requests; narrow the action pattern.`]) };
  const session = principal.kind === 'role' ? input.sessionPolicy : undefined;
  const runner = new Runner(model, principal, session, input, options);
  return { ok: true, plan: { principal: describePrincipal(principal), actions, resources, unknownActions: unknown, runner, ...(chain ? { chain } : {}) } };
}

/** Runs a simulation against the model. Never throws. */
export function simulate(model: Model, input: SimulationInput, options: SimulationOptions = {}): SimulationResult {
  const planned = planSimulation(model, input, options);
  if (!planned.ok) return planned.result;
  const { plan } = planned;
  const entries = plan.actions.flatMap((a) => plan.resources.map((r) => plan.runner.run(a, r)));
  return { principal: plan.principal, entries, errors: [], unknownActions: plan.unknownActions, ...(plan.chain ? { chain: plan.chain } : {}) };
}

function empty(errors: string[]): SimulationResult {
  return { entries: [], errors, unknownActions: [] };
}

function resolveInputPrincipal(model: Model, input: SimulationInput): { ok: true; principal: ModelPrincipal } | { ok: false; message: string } {
  if (typeof input.principal === 'string') return findPrincipal(model, input.principal, input.sessionName);
  const account = input.principal.account ?? model.accounts.keys().next().value ?? '123456789012';
  const user = {
    kind: 'user' as const, name: 'custom-policy-user', account, arn: `arn:aws:iam::${account}:user/custom-policy-user`,
    groups: [], policies: [input.principal.customPolicy], tags: {}, source: input.principal.customPolicy.source,
  };
  return { ok: true, principal: { kind: 'user', user } };
}

/** Expands action patterns through the catalog (deduplicated, catalog spelling). */
export function expandActions(patterns: readonly string[], catalog?: Catalog): { actions: string[]; unknown: string[] } {
  const out = new Set<string>();
  const unknown: string[] = [];
  for (const p of patterns) {
    const hits = catalog ? (hasWildcard(p) ? catalog.expandActions(p) : [catalog.action(p)?.fullName ?? '']).filter((a) => a !== '') : [];
    if (hits.length === 0) unknown.push(p);
    for (const a of hits.length > 0 ? hits : [p]) out.add(a);
  }
  return { actions: [...out], unknown };
}

/** Evaluates requests for one principal, gathering each side once. */
export class Runner {
  private readonly identity: IdentitySide;
  private readonly principalKeys: ContextValues;
  private readonly resources = new Map<string, ResourceEntry>();
  private readonly request: EvaluationRequest['principal'];

  constructor(private readonly model: Model, principal: ModelPrincipal, session: ModelPolicy | undefined, private readonly input: Pick<SimulationInput, 'context' | 'sessionTags'>, private readonly options: SimulationOptions) {
    this.identity = gatherIdentity(model, principal, session);
    this.principalKeys = principalContext(model, principal, { ...(options.now ? { now: options.now } : {}), ...(input.sessionTags ? { sessionTags: input.sessionTags } : {}) });
    this.request = requestPrincipal(principal);
  }

  /** Evaluates one action on one resource. */
  run(action: string, resource: string): SimulationEntry {
    const r = this.resourceFor(resource, action);
    const context = r.context;
    const unknown = unknownTrust(r.side, action);
    if (unknown) return { action, resource, decision: 'Error', summary: unknown, decidedBy: [], missingContextKeys: [], context };
    const request: EvaluationRequest = {
      principal: this.request, action, resource,
      ...(r.side.account ? { resourceAccount: r.side.account } : {}), context,
      ...(r.side.requireResourcePolicy ? { requireResourcePolicy: true } : {}),
    };
    const outcome = evaluate(request, r.set);
    if (!isResult(outcome)) return { action, resource, decision: 'Error', summary: outcome.summary, decidedBy: [], missingContextKeys: [], context };
    return {
      action, resource, decision: outcome.decision, summary: outcome.summary, crossAccount: outcome.crossAccount,
      ...(outcome.blockedBy ? { blockedBy: outcome.blockedBy } : {}),
      decidedBy: outcome.decidedBy.map((s) => r.located(s)), missingContextKeys: outcome.missingContextKeys, context,
      ...(this.options.brief ? {} : { policies: outcome.policies, policySources: r.policySources(outcome.policies) }),
    };
  }

  private resourceFor(resource: string, action: string) {
    // Trust actions read the role's trust policy, so the key includes whether this is one.
    const key = `${/^sts:/i.test(action) ? action.toLowerCase() : ''}\u0000${resource}`;
    let r = this.resources.get(key);
    if (!r) {
      const side = gatherResource(this.model, resource, action, this.identity.account);
      const { set, sources } = policySet(this.identity, side);
      // The context depends on the principal and the resource only: built once, shared by every action.
      r = new ResourceEntry(side, requestContext(this.principalKeys, resourceContext(this.model, side), this.input.context), set, sources);
      this.resources.set(key, r);
    }
    return r;
  }
}

/**
 * Assuming a role whose trust policy the model does not hold cannot be answered honestly: AWS
 * always evaluates the trust policy. Returns why, or undefined when the trust policy is known.
 */
function unknownTrust(side: ResourceSide, action: string): string | undefined {
  if (!isTrustAction(action) || !/^arn:[^:]+:iam::\d{12}:role\//.test(side.arn)) return undefined;
  if (side.entity === undefined) return `Cannot evaluate ${action}: the role ${side.arn} is not in the model, so its trust policy is unknown.`;
  if (side.policy === undefined) return `Cannot evaluate ${action}: the model gives ${side.arn} no trustPolicy.`;
  return undefined;
}

/** Model policies by evaluator position, to locate statements in files. */
type PolicySources = Map<string, ModelPolicy>;

function sourceKey(type: PolicyType, index: number, level: number | undefined): string {
  return `${type}:${level ?? ''}:${index}`;
}

/** Combines both sides into the evaluator's policy set (and remembers where each policy came from). */
export function policySet(identity: IdentitySide, resource: ResourceSide): { set: PolicySet; sources: PolicySources } {
  const sources: PolicySources = new Map();
  const list = (type: PolicyType, ps: readonly ModelPolicy[], level?: number) => ps.map((p, i) => (sources.set(sourceKey(type, i, level), p), p.policy));
  const set: PolicySet = {
    identityPolicies: list('identity', identity.identity),
    permissionBoundaries: list('permissions-boundary', identity.boundaries),
    ...(identity.session ? { sessionPolicy: list('session', [identity.session])[0] } : {}),
    ...(resource.policy ? { resourcePolicy: list('resource', [resource.policy])[0] } : {}),
    scps: identity.scps.map((l, i) => list('scp', l, i)),
    rcps: resource.rcps.map((l, i) => list('rcp', l, i)),
  };
  return { set, sources };
}

/**
 * The gathered policies for one resource (and whether the action is a trust action), with the
 * derived context and caches for locating statements: the policy set is the same for every action,
 * so located statements and policy sources are built once and shared.
 */
class ResourceEntry {
  private readonly statements = new Map<string, LocatedStatement>();
  private sourcesList: PolicySource[] | undefined;

  constructor(readonly side: ResourceSide, readonly context: ContextValues, readonly set: PolicySet, private readonly sources: PolicySources) {}

  /** The statement with its file and the statement's JSON path in that file. */
  located(s: StatementRef): LocatedStatement {
    const key = `${sourceKey(s.policyType, s.policyIndex, s.level)}:${s.statementIndex}`;
    let hit = this.statements.get(key);
    if (!hit) {
      const p = this.sources.get(sourceKey(s.policyType, s.policyIndex, s.level));
      hit = { ...s, policyName: p?.name ?? s.label?.id ?? '', policyKind: p?.kind ?? 'inline', file: p?.source.file ?? '', filePath: [...(p?.source.path ?? []), ...s.path] };
      this.statements.set(key, hit);
    }
    return hit;
  }

  /** Sources parallel to an explanation's policies (the evaluator lists them in a fixed order per set). */
  policySources(policies: readonly PolicyExplanation[]): PolicySource[] {
    if (!this.sourcesList || this.sourcesList.length !== policies.length) {
      this.sourcesList = policies.map((e) => {
        const p = this.sources.get(sourceKey(e.policyType, e.policyIndex, e.level));
        return { policyName: p?.name ?? e.label?.id ?? '', policyKind: p?.kind ?? 'inline', source: p?.source ?? { file: '', path: [] } };
      });
    }
    return this.sourcesList;
  }
}
