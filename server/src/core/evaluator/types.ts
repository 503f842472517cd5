/**
 * The evaluator's public shapes: a request, the set of policies that apply to it, and the result
 * with its explanation. All plain data, so the simulation view, the CLI and tests can fill them.
 */
import type { Effect, JsonPath, Policy, PolicyLabel } from '../policy/types';
import type { ConditionResult } from './conditionEval';
import type { RequestContextInput } from './context';
import type { PrincipalMatch } from './principal-match';
import type { RequestPrincipal } from './principal';
import type { ElementMatch } from './statement';

/** The final answer, as AWS reports it. */
export type Decision = 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';

/**
 * The part a policy plays in one evaluation, named as AWS's evaluation-logic page names them (and
 * as `evaluate` prints them). Not the kind of a policy document (`PolicyType` in `core/policyType`):
 * a role trust policy is a `resource` policy here, and a boundary is `permissions-boundary`.
 */
export type EvaluatedPolicyType = 'identity' | 'resource' | 'permissions-boundary' | 'session' | 'scp' | 'rcp' | 'vpc-endpoint';

/** One request to evaluate. */
export interface EvaluationRequest {
  readonly principal: RequestPrincipal;
  /** `service:Action`, e.g. `s3:GetObject`. */
  readonly action: string;
  /** The resource ARN, or `*` for actions without resource types. */
  readonly resource: string;
  /**
   * The account owning the resource. Defaults to the ARN's account segment, else (S3 ARNs have
   * none) the principal's account, i.e. a same-account request.
   */
  readonly resourceAccount?: string;
  /** Condition keys and values. Taken as complete: the evaluator adds no keys. */
  readonly context?: RequestContextInput;
  /**
   * The resource policy must itself allow, as for IAM role trust policies and KMS key policies
   * (reference_policies_evaluation-logic.md, step 3). A grant to the account then still needs
   * an identity-policy allow.
   */
  readonly requireResourcePolicy?: boolean;
}

/** The policies that apply to a request. Parse each once with `parsePolicy` and reuse them. */
export interface PolicySet {
  /** The principal's identity-based policies (user, group and role policies), any one may allow. */
  readonly identityPolicies?: readonly Policy[];
  /** The resource-based policy attached to the resource. */
  readonly resourcePolicy?: Policy;
  /** The entity's permissions boundary; when several are given, each must allow. */
  readonly permissionBoundaries?: readonly Policy[];
  /** The session policy passed when the session was created. */
  readonly sessionPolicy?: Policy;
  /** SCPs of the principal's account, one array per level, root first: every level must allow. */
  readonly scps?: readonly (readonly Policy[])[];
  /** RCPs of the resource's account, one array per level, root first: every level must allow. */
  readonly rcps?: readonly (readonly Policy[])[];
  /** VPC endpoint policies the request passes through: each must allow. */
  readonly vpcEndpointPolicies?: readonly Policy[];
}

/** Where a statement lives, for linking an explanation to a file. */
export interface StatementRef {
  readonly policyType: EvaluatedPolicyType;
  /** Index of the policy in its list (for SCPs and RCPs: within its level). */
  readonly policyIndex: number;
  /** For SCPs and RCPs: the organization level, 0 = root. */
  readonly level?: number | undefined;
  readonly label?: PolicyLabel | undefined;
  readonly statementIndex: number;
  readonly sid?: string | undefined;
  readonly effect: Effect;
  readonly path: JsonPath;
}

/** How one statement treated the request. */
export interface StatementExplanation extends StatementRef {
  readonly applies: boolean;
  readonly action: ElementMatch;
  readonly resource?: ElementMatch;
  readonly principal?: PrincipalMatch;
  readonly conditions?: readonly ConditionResult[];
}

/** How one policy treated the request. */
export interface PolicyExplanation {
  readonly policyType: EvaluatedPolicyType;
  readonly policyIndex: number;
  readonly level?: number | undefined;
  readonly label?: PolicyLabel | undefined;
  /** False when the policy type does not apply to this principal (e.g. SCPs for a service principal). */
  readonly applicable: boolean;
  readonly allows: boolean;
  readonly denies: boolean;
  readonly statements: readonly StatementExplanation[];
}

/** The decision and why. */
export interface EvaluationResult {
  readonly decision: Decision;
  /** One line a person can follow. */
  readonly summary: string;
  /** The statements that decided: the denying ones, or the allowing ones. */
  readonly decidedBy: readonly StatementRef[];
  /** For ImplicitDeny: the policy type that did not allow. */
  readonly blockedBy?: EvaluatedPolicyType;
  readonly crossAccount: boolean;
  /** Context keys conditions or variables referenced but the request did not supply. */
  readonly missingContextKeys: readonly string[];
  readonly policies: readonly PolicyExplanation[];
}

/** A policy that cannot be used as the type it was given as. */
export interface PolicyProblem {
  readonly policyType: EvaluatedPolicyType;
  readonly policyIndex: number;
  readonly level?: number | undefined;
  readonly label?: PolicyLabel | undefined;
  readonly path: JsonPath;
  readonly message: string;
}

/** Returned instead of a decision when the input cannot be evaluated honestly. */
export interface EvaluationFailure {
  readonly decision: 'Error';
  readonly summary: string;
  readonly problems: readonly PolicyProblem[];
}
