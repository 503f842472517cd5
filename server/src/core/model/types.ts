/**
 * The resolved workspace model: accounts with their users, groups, roles, policies and resources,
 * the organization (SCPs and RCPs per level), and access tests. Built by `resolveModel` from a
 * model file (`*.iam-model.json`, schema `schemas/iam-model.schema.json`) and/or the JSON of
 * `aws iam get-account-authorization-details`. All plain data; policies are parsed once.
 */
import type { JsonPath, Policy } from '../policy/types';
import type { PolicyType } from '../policyType';

/** What a policy is used as in the model (the UI and `policyTypeOf` read this). */
export type ModelPolicyKind =
  'aws-managed' | 'customer-managed' | 'inline' | 'permissions-boundary' | 'trust' | 'resource' | 'scp' | 'rcp' | 'session';

/** How a policy used as `kind` is validated (an AWS managed or inline policy is an identity policy, …). */
export function documentTypeOfKind(kind: ModelPolicyKind): PolicyType {
  return DOCUMENT_TYPE_OF_KIND[kind];
}

const DOCUMENT_TYPE_OF_KIND: Readonly<Record<ModelPolicyKind, PolicyType>> = {
  'aws-managed': 'identity',
  'customer-managed': 'identity',
  inline: 'identity',
  'permissions-boundary': 'boundary',
  trust: 'trust',
  resource: 'resource',
  scp: 'scp',
  rcp: 'rcp',
  session: 'session',
};

/** Where a policy document lives: a workspace file and the JSON path of the document inside it. */
export interface SourceLocation {
  /**
   * Workspace-relative path (`/`-separated); or `aws-managed:<arn|name>` for the AWS managed policy
   * snapshot and organization built-ins, `assumption:<account>` for the stand-in identity policy of
   * an account outside the model: no file to open for those.
   */
  readonly file: string;
  /** Path of the policy document's root inside `file` (`[]` for a standalone policy file). */
  readonly path: JsonPath;
}

/** One policy document of the model, parsed. */
export interface ModelPolicy {
  /** Policy name (managed), inline policy name, or a descriptive name (`trust policy of ci-role`). */
  readonly name: string;
  readonly kind: ModelPolicyKind;
  /** The policy ARN for managed policies. */
  readonly arn?: string;
  readonly policy: Policy;
  readonly source: SourceLocation;
  /**
   * The policy's other (non-default) versions, when an account-details import lists them
   * (`PolicyVersionList`): `iam:SetDefaultPolicyVersion` can make one of them the default.
   */
  readonly versions?: readonly { readonly versionId: string; readonly policy: Policy; readonly source: SourceLocation }[];
}

/** Tags as a plain map (IAM tag keys are case-sensitive when stored, compared case-insensitively in keys). */
export type Tags = Readonly<Record<string, string>>;

/** An IAM user. */
export interface ModelUser {
  readonly kind: 'user';
  readonly name: string;
  /** The name it is declared under in a template (logical ID, Terraform address). */
  readonly alias?: string;
  readonly arn: string;
  readonly account: string;
  readonly userId?: string;
  readonly groups: readonly string[];
  /** Managed policies attached directly, then inline policies. */
  readonly policies: readonly ModelPolicy[];
  readonly permissionsBoundary?: ModelPolicy;
  readonly tags: Tags;
  /** `aws:MultiFactorAuthPresent`: true/false, or undefined for long-term access keys (key absent). */
  readonly mfa?: boolean;
  /** JSON path of the user's entry in its source file, for diagnostics and go-to. */
  readonly source: SourceLocation;
}

/** An IAM group. */
export interface ModelGroup {
  readonly kind: 'group';
  readonly name: string;
  /** The name it is declared under in a template (logical ID, Terraform address). */
  readonly alias?: string;
  readonly arn: string;
  readonly account: string;
  readonly policies: readonly ModelPolicy[];
  readonly source: SourceLocation;
}

/** An IAM role. */
export interface ModelRole {
  readonly kind: 'role';
  readonly name: string;
  /** The name it is declared under in a template (logical ID, Terraform address). */
  readonly alias?: string;
  readonly arn: string;
  readonly account: string;
  readonly roleId?: string;
  readonly trustPolicy?: ModelPolicy;
  readonly policies: readonly ModelPolicy[];
  readonly permissionsBoundary?: ModelPolicy;
  readonly tags: Tags;
  readonly maxSessionDuration?: number;
  /** Names of the instance profiles that contain the role (EC2 instances run as a role through one). */
  readonly instanceProfiles?: readonly string[];
  readonly source: SourceLocation;
}

/** A resource with its resource-based policy and tags. */
export interface ModelResource {
  readonly arn: string;
  /** The name it is declared under in a template (logical ID, Terraform address). */
  readonly alias?: string;
  /** The owning account (S3 ARNs carry none: it is the account the resource is listed under). */
  readonly account: string;
  readonly policy?: ModelPolicy;
  readonly tags: Tags;
  /**
   * For compute (an EC2 instance, a Lambda function, a CloudFormation stack, a CodeBuild project,
   * a SageMaker notebook, an ECS task, a Glue job or dev endpoint, a Data Pipeline pipeline): the
   * ARN of the role its code runs as (an EC2 instance's through its instance profile).
   */
  readonly runsAs?: string;
  readonly source: SourceLocation;
}

/** One account of the model. */
export interface ModelAccount {
  readonly id: string;
  readonly name?: string;
  /** OU names from the root down (empty: directly under the root). */
  readonly ouPath: readonly string[];
  /** False for accounts outside the modelled organization (no SCPs/RCPs). */
  readonly inOrganization: boolean;
  readonly isManagementAccount: boolean;
  readonly users: ReadonlyMap<string, ModelUser>;
  readonly groups: ReadonlyMap<string, ModelGroup>;
  readonly roles: ReadonlyMap<string, ModelRole>;
  readonly resources: readonly ModelResource[];
  /** Account-level SCPs and RCPs (the last organization level). */
  readonly scps: readonly ModelPolicy[];
  readonly rcps: readonly ModelPolicy[];
}

/** One level of the organization tree (root or OU) with its policies. */
export interface OrgLevel {
  readonly name: string;
  readonly id?: string;
  readonly parent?: string;
  readonly scps: readonly ModelPolicy[];
  readonly rcps: readonly ModelPolicy[];
}

/** The AWS Organization, when modelled. */
export interface ModelOrganization {
  readonly id?: string;
  readonly managementAccount?: string;
  readonly root: OrgLevel;
  readonly ous: ReadonlyMap<string, OrgLevel>;
}

/** What an access test expects. `allow`/`deny` are shorthands (deny = either kind of deny). */
export type Expectation = 'allow' | 'deny' | 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';

/** An access test: "alice may s3:GetObject on arn:aws:s3:::reports/*". */
export interface AccessTest {
  readonly name?: string;
  readonly principal: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly expect: Expectation;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly sessionPolicy?: ModelPolicy;
  readonly sessionTags?: Tags;
  /** Roles to assume first, in order (the test is about the last role's session). */
  readonly via?: readonly string[];
  /** JSON path of the test entry in the model file. */
  readonly source: SourceLocation;
}

/**
 * A never-assertion next to the access tests: `{ "noPath": { "from": "ci-role", "to": "admin" } }`
 * holds when the model has no escalation path from `from` to `to` (`admin` or a user or role).
 */
export interface PathAssertion {
  readonly name?: string;
  readonly from: string;
  readonly to: string;
  /** JSON path of the entry in the model file. */
  readonly source: SourceLocation;
}

/**
 * Who a never-assertion speaks of: one principal (a user or role name, `role/<name>`, an ARN, an
 * ARN pattern with `*`/`?`, a service principal, or `*` for anyone), or any principal outside some
 * organizations (`o-…`) or accounts, except some principals (names, ARNs or ARN patterns).
 */
export type NeverPrincipal =
  | { readonly kind: 'one'; readonly text: string }
  | { readonly kind: 'any'; readonly outside: readonly string[]; readonly except: readonly string[] };

/**
 * A never-assertion next to the access tests:
 * `{ "never": { "principal": "*", "action": "s3:GetObject", "resource": "arn:aws:s3:::secrets/*" } }`
 * holds when the model allows no such request, for every context value (proved, not sampled).
 */
export interface NeverAssertion {
  readonly name?: string;
  readonly principal: NeverPrincipal;
  /** Action patterns (`s3:Get*`, `*`). */
  readonly actions: readonly string[];
  /** Resource ARN patterns (default `*`). */
  readonly resources: readonly string[];
  /** JSON path of the entry in the model file. */
  readonly source: SourceLocation;
}

/** Codes of problems found while resolving a model. */
export type ModelProblemCode =
  | 'MODEL_INVALID'
  | 'UNKNOWN_GROUP'
  | 'UNKNOWN_POLICY'
  | 'UNKNOWN_OU'
  | 'MISSING_FILE'
  | 'PATH_OUTSIDE_WORKSPACE'
  | 'INVALID_POLICY_FILE'
  | 'DUPLICATE_ACCOUNT'
  | 'INVALID_IMPORT'
  | 'UNKNOWN_ROLE';

/** A problem in the model (or a file it references), located by JSON path. */
export interface ModelProblem {
  readonly code: ModelProblemCode;
  readonly message: string;
  readonly file: string;
  readonly path: JsonPath;
  readonly severity: 'error' | 'warning';
}

/** A resolved model. Usable even with problems (broken references are left out). */
export interface Model {
  /** Workspace-relative path of the model file (or of the imported account-details file). */
  readonly file: string;
  readonly accounts: ReadonlyMap<string, ModelAccount>;
  readonly organization?: ModelOrganization;
  readonly tests: readonly AccessTest[];
  /** `noPath` assertions written among the tests (see {@link PathAssertion}). */
  readonly pathAssertions?: readonly PathAssertion[];
  /** `never` assertions written among the tests (see {@link NeverAssertion}). */
  readonly neverAssertions?: readonly NeverAssertion[];
  readonly problems: readonly ModelProblem[];
  /** Workspace-relative paths of every file the model read (to re-resolve when one changes). */
  readonly files: readonly string[];
  /**
   * `aws:RequestedRegion` for requests whose resource ARN has no region (`*`, S3, IAM): AWS always
   * sets the key from the endpoint, and region-restricting SCPs deny when it is missing.
   */
  readonly defaultRegion?: string;
}
