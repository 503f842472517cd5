/**
 * Evaluating requests for one principal: each resource's side of the policy set is gathered once,
 * with its request context and caches for locating statements in files, and reused for every
 * action (a wildcard over hundreds of actions costs one gathering per resource).
 */
import { actionHasResourceAccount, globalEndpointRegion } from '../evaluator/derived';
import { parseArn } from '../evaluator/arn';
import { evaluate, isResult, type EvaluateOptions } from '../evaluator/evaluate';
import type { EvaluationRequest, PolicyExplanation, PolicySet, EvaluatedPolicyType, StatementRef } from '../evaluator/types';
import { principalContext, requestContext, resourceContext, type ContextValues } from './context';
import { gatherIdentity, gatherResource, isTrustAction, type IdentitySide, type ResourceSide } from './gather';
import { requestPrincipal, type ModelPrincipal } from './principals';
import type { LocatedStatement, PolicySource, SimulationEntry, SimulationInput, SimulationOptions } from './simulate';
import type { Model, ModelPolicy } from './types';

const LEAN: EvaluateOptions = { explain: false };
const FULL: EvaluateOptions = {};

/** Evaluates requests for one principal, gathering each side once. */
export class Runner {
  private readonly identity: IdentitySide;
  private readonly principalKeys: ContextValues;
  private readonly resources = new Map<string, ResourceEntry>();
  private readonly stsResources = new Map<string, ResourceEntry>();
  private readonly request: EvaluationRequest['principal'];

  constructor(
    private readonly model: Model,
    principal: ModelPrincipal,
    session: ModelPolicy | undefined,
    private readonly input: Pick<SimulationInput, 'context' | 'sessionTags'>,
    private readonly options: SimulationOptions,
  ) {
    this.identity = gatherIdentity(model, principal, session);
    this.principalKeys = principalContext(model, principal, {
      ...(options.now ? { now: options.now } : {}),
      ...(input.sessionTags ? { sessionTags: input.sessionTags } : {}),
    });
    this.request = requestPrincipal(principal);
  }

  /** The principal's keys, the user's context and the principal's partition: what a per-action context is built from. */
  get contextParts(): ContextParts {
    const partition = this.request.arn === undefined ? undefined : parseArn(this.request.arn)?.partition;
    return { model: this.model, principalKeys: this.principalKeys, user: this.input.context, partition };
  }

  /** Evaluates one action on one resource. */
  run(action: string, resource: string): SimulationEntry {
    const r = this.resourceFor(resource, action);
    const context = r.contextFor(action);
    if (r.trustProblem)
      return { action, resource, decision: 'Error', summary: r.trustProblem, decidedBy: [], missingContextKeys: [], context };
    // One literal, no spreads: this runs once per request (undefined fields mean "not given").
    const request: EvaluationRequest = {
      principal: this.request,
      action,
      resource,
      resourceAccount: r.side.account,
      context,
    };
    // Brief results print no per-statement explanation: the evaluator's lean path builds none.
    const outcome = evaluate(request, r.set, this.options.brief ? LEAN : FULL);
    if (!isResult(outcome))
      return { action, resource, decision: 'Error', summary: outcome.summary, decidedBy: [], missingContextKeys: [], context };
    return {
      action,
      resource,
      decision: outcome.decision,
      summary: outcome.summary,
      crossAccount: outcome.crossAccount,
      ...(outcome.blockedBy ? { blockedBy: outcome.blockedBy } : {}),
      decidedBy: outcome.decidedBy.map((s) => r.located(s)),
      missingContextKeys: outcome.missingContextKeys,
      context,
      ...(this.options.brief ? {} : { policies: outcome.policies, policySources: r.policySources(outcome.policies) }),
    };
  }

  private resourceFor(resource: string, action: string): ResourceEntry {
    // Trust actions (all sts:) read the role's trust policy, so their entries are kept per action;
    // every other action shares one entry per resource.
    const sts = /^sts:/i.test(action);
    const map = sts ? this.stsResources : this.resources;
    const key = sts ? `${action.toLowerCase()}\u0000${resource}` : resource;
    let r = map.get(key);
    if (!r) {
      const side = gatherResource(this.model, resource, action, this.identity.account);
      const { set, sources } = policySet(this.identity, side);
      // The context depends on the principal and the resource only (but for aws:ResourceAccount,
      // see run): built once, shared by every action.
      const context = requestContext(this.principalKeys, resourceContext(this.model, side), this.input.context);
      r = new ResourceEntry(side, context, this.contextParts, set, sources, sts ? unknownTrust(side, action) : undefined);
      map.set(key, r);
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
  if (side.entity === undefined)
    return `Cannot evaluate ${action}: the role ${side.arn} is not in the model, so its trust policy is unknown.`;
  if (side.policy === undefined) return `Cannot evaluate ${action}: the model gives ${side.arn} no trustPolicy.`;
  return undefined;
}

/** What a per-action context is built from (see ResourceEntry.contextFor). */
interface ContextParts {
  readonly model: Model;
  readonly principalKeys: ContextValues;
  readonly user: SimulationInput['context'];
  readonly partition: string | undefined;
}

/** Model policies by evaluator position, to locate statements in files. */
type PolicySources = Map<string, ModelPolicy>;

function sourceKey(type: EvaluatedPolicyType, index: number, level: number | undefined): string {
  return `${type}:${level ?? ''}:${index}`;
}

/** Combines both sides into the evaluator's policy set (and remembers where each policy came from). */
export function policySet(identity: IdentitySide, resource: ResourceSide): { set: PolicySet; sources: PolicySources } {
  const sources: PolicySources = new Map();
  const list = (type: EvaluatedPolicyType, ps: readonly ModelPolicy[], level?: number) =>
    ps.map((p, i) => (sources.set(sourceKey(type, i, level), p), p.policy));
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
  /** Contexts for actions whose derived keys differ from {@link context}'s, by {@link variantOf}. */
  private variants: Map<string, ContextValues> | undefined;
  /** The partition of the resource's ARN, else of the principal's. */
  private readonly partition: string | undefined;

  constructor(
    readonly side: ResourceSide,
    readonly context: ContextValues,
    private readonly parts: ContextParts,
    readonly set: PolicySet,
    private readonly sources: PolicySources,
    /** Why a trust action on this resource cannot be evaluated (unknown trust policy), if so. */
    readonly trustProblem?: string,
  ) {
    this.partition = parseArn(side.arn)?.partition ?? parts.partition;
  }

  /**
   * The context of `action` on this resource: the shared one, unless the action is one AWS sets no
   * `aws:ResourceAccount` for or an IAM action (`aws:RequestedRegion` us-east-1): evaluator/derived.ts.
   * Those few contexts are built on first use; a value the user gives still counts.
   */
  contextFor(action: string): ContextValues {
    const noAccount = !actionHasResourceAccount(action);
    const global = globalEndpointRegion(action, this.partition) !== undefined;
    if (!noAccount && !global) return this.context;
    const key = `${noAccount ? 'a' : ''}${global ? 'g' : ''}`;
    this.variants ??= new Map();
    let found = this.variants.get(key);
    if (found === undefined) {
      const { model, principalKeys, user } = this.parts;
      found = requestContext(principalKeys, resourceContext(model, this.side, action, this.partition), user);
      this.variants.set(key, found);
    }
    return found;
  }

  /** The statement with its file and the statement's JSON path in that file. */
  located(s: StatementRef): LocatedStatement {
    const key = `${sourceKey(s.policyType, s.policyIndex, s.level)}:${s.statementIndex}`;
    let hit = this.statements.get(key);
    if (!hit) {
      const p = this.sources.get(sourceKey(s.policyType, s.policyIndex, s.level));
      hit = {
        ...s,
        policyName: p?.name ?? s.label?.id ?? '',
        policyKind: p?.kind ?? 'inline',
        file: p?.source.file ?? '',
        filePath: [...(p?.source.path ?? []), ...s.path],
      };
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
