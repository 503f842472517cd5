/**
 * "Simulate Access": for a principal of the model, one or more actions (wildcards expand through
 * the catalog) and one or more resources, gather the policies that apply, derive the request
 * context, run the evaluator, and return per action × resource the decision with its explanation,
 * each statement located in its file (workspace-relative path + JSON path) for links.
 */
import type { Catalog } from '../catalog';
import type { PolicyExplanation, EvaluatedPolicyType, StatementRef } from '../evaluator/types';
import { hasWildcard } from '../wildcard';
import type { ContextValues } from './context';
import { describePrincipal, findPrincipal, type ModelPrincipal } from './principals';
import { Runner } from './runner';
import { assumeChain, type ChainStep } from './trust';
import type { Model, ModelPolicy, ModelPolicyKind, SourceLocation, Tags } from './types';

export { Runner } from './runner';

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
  /** For role sessions: the session policy and session tags; for a federated user session (GetFederationToken): the session policy. */
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
  readonly blockedBy?: EvaluatedPolicyType;
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
 * Resolves the principal (and role chain), expands the actions and gathers nothing yet; the
 * service's simulation API (`service/simulation.ts`) runs the plan through {@link evaluatePlan}.
 */
export function planSimulation(
  model: Model,
  input: SimulationInput,
  options: SimulationOptions = {},
): { ok: true; plan: SimulationPlan } | { ok: false; result: SimulationResult } {
  const found = resolveInputPrincipal(model, input);
  if (!found.ok) return { ok: false, result: empty([found.message]) };
  let principal = found.principal;
  let chain: ChainStep[] | undefined;
  if (input.via && input.via.length > 0) {
    const hops = assumeChain(model, principal, input.via, {
      ...options,
      ...(input.context ? { context: input.context } : {}),
      sessionName: input.sessionName,
    });
    chain = hops.steps;
    if (!hops.ok) return { ok: false, result: { ...empty([hops.message]), chain } };
    principal = hops.principal;
  }
  const { actions, unknown } = expandActions(input.actions, options.catalog);
  const resources = input.resources && input.resources.length > 0 ? input.resources : ['*'];
  const max = options.maxRequests ?? 100_000;
  if (actions.length * resources.length > max)
    return {
      ok: false,
      result: empty([
        `${actions.length} actions × ${resources.length} resources exceed the limit of ${max} requests; narrow the action pattern.`,
      ]),
    };
  // Session policies belong to role sessions and federated user sessions (GetFederationToken).
  const federated = principal.kind === 'external' && principal.principal.type === 'federated-user';
  const session = principal.kind === 'role' || federated ? input.sessionPolicy : undefined;
  const runner = new Runner(model, principal, session, input, options);
  return {
    ok: true,
    plan: { principal: describePrincipal(principal), actions, resources, unknownActions: unknown, runner, ...(chain ? { chain } : {}) },
  };
}

/**
 * The requests of a plan, evaluated one at a time in order (each action × each resource),
 * starting at request number `from`: the one loop every caller (sync, chunked, cancellable) uses.
 */
export function* evaluatePlan(plan: SimulationPlan, from = 0): Generator<SimulationEntry> {
  const n = plan.resources.length;
  for (let i = from; i < plan.actions.length * n; i++)
    yield plan.runner.run(plan.actions[Math.floor(i / n)] as string, plan.resources[i % n] as string);
}

function empty(errors: string[]): SimulationResult {
  return { entries: [], errors, unknownActions: [] };
}

function resolveInputPrincipal(
  model: Model,
  input: SimulationInput,
): { ok: true; principal: ModelPrincipal } | { ok: false; message: string } {
  if (typeof input.principal === 'string') return findPrincipal(model, input.principal, input.sessionName);
  const account = input.principal.account ?? model.accounts.keys().next().value ?? '123456789012';
  const user = {
    kind: 'user' as const,
    name: 'custom-policy-user',
    account,
    arn: `arn:aws:iam::${account}:user/custom-policy-user`,
    groups: [],
    policies: [input.principal.customPolicy],
    tags: {},
    source: input.principal.customPolicy.source,
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
