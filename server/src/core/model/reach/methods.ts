/**
 * The escalation methods as data (`methods.json`, after the pathfinding.cloud catalog): what each
 * method needs, so the graph can evaluate it as requests. See methods.json for the fields.
 */
import data from './methods.json';

/** A request a method makes: action, and a resource template for new or existing compute. */
export interface MethodStep {
  readonly action: string;
  /** `{partition}`, `{region}`, `{account}`, `{new}` (a name the caller picks); absent: the compute's ARN. */
  readonly resource?: string;
}

export type MethodKind =
  'assume' | 'credentials' | 'trust-update' | 'write' | 'policy-version' | 'group-membership' | 'boundary' | 'passrole' | 'compute';

/** One escalation method: a passrole method names the service the role is passed to. */
export type Method = (MethodFields & { readonly kind: Exclude<MethodKind, 'passrole'> }) | PassRoleMethod;

/** A method that passes a role to a service (iam:PassRole with iam:PassedToService). */
export interface PassRoleMethod extends MethodFields {
  readonly kind: 'passrole';
  /** The service principal the role is passed to (and must trust). */
  readonly service: string;
}

interface MethodFields {
  /** The pathfinding.cloud id (`iam-002`), or the action for methods the catalog does not list. */
  readonly id: string;
  readonly name: string;
  readonly kind: MethodKind;
  /** For write and boundary methods: what the action acts on. */
  readonly on?: 'user' | 'role' | 'group' | 'policy';
  readonly actions?: readonly string[];
  /** Context keys the request carries (e.g. the policy ARN being attached). */
  readonly context?: Readonly<Record<string, string>>;
  /** boundary: only for principals that have a boundary (deleting none gains nothing). */
  readonly needsBoundary?: boolean;
  /** passrole: the service principal the role is passed to (and must trust). */
  readonly service?: string;
  /** passrole on EC2: the role must be in an instance profile. */
  readonly instanceProfile?: boolean;
  /** compute: the kind of existing compute the steps act on. */
  readonly compute?: ComputeKind;
  readonly steps?: readonly MethodStep[];
}

/** Kinds of compute that run code as a role, recognized from their ARN. */
export type ComputeKind =
  | 'ec2-instance'
  | 'lambda-function'
  | 'cloudformation-stack'
  | 'codebuild-project'
  | 'sagemaker-notebook'
  | 'ecs-task'
  | 'ecs-service'
  | 'glue-job'
  | 'glue-dev-endpoint'
  | 'datapipeline-pipeline'
  | 'apprunner-service';

const COMPUTE: readonly [RegExp, ComputeKind][] = [
  [/^arn:[^:]+:ec2:[^:]*:\d{12}:instance\//, 'ec2-instance'],
  [/^arn:[^:]+:lambda:[^:]*:\d{12}:function:/, 'lambda-function'],
  [/^arn:[^:]+:cloudformation:[^:]*:\d{12}:stack\//, 'cloudformation-stack'],
  [/^arn:[^:]+:codebuild:[^:]*:\d{12}:project\//, 'codebuild-project'],
  [/^arn:[^:]+:sagemaker:[^:]*:\d{12}:notebook-instance\//, 'sagemaker-notebook'],
  [/^arn:[^:]+:ecs:[^:]*:\d{12}:task\//, 'ecs-task'],
  [/^arn:[^:]+:ecs:[^:]*:\d{12}:service\//, 'ecs-service'],
  [/^arn:[^:]+:glue:[^:]*:\d{12}:job\//, 'glue-job'],
  [/^arn:[^:]+:glue:[^:]*:\d{12}:devEndpoint\//, 'glue-dev-endpoint'],
  [/^arn:[^:]+:datapipeline:[^:]*:\d{12}:pipeline\//, 'datapipeline-pipeline'],
  [/^arn:[^:]+:apprunner:[^:]*:\d{12}:service\//, 'apprunner-service'],
];

/** The kind of compute an ARN names, if any. */
export function computeKind(arn: string): ComputeKind | undefined {
  return COMPUTE.find(([re]) => re.test(arn))?.[1];
}

/** Every method, in the order the graph tries them (simplest first within a kind). */
export const METHODS: readonly Method[] = (data as { methods: Method[] }).methods;

/** Composite catalog entries: a modification of another principal followed by becoming it. */
const COMPOSITES: Readonly<Record<string, string>> = {
  'iam-009+sts-001': 'iam-014',
  'iam-008+iam-002': 'iam-015',
  'iam-001+sts-001': 'iam-016',
  'iam-005+sts-001': 'iam-017',
  'iam-007+iam-002': 'iam-018',
  'iam-009+iam-012': 'iam-019',
  'iam-001+iam-012': 'iam-020',
  'iam-005+iam-012': 'iam-021',
  'iam-008+iam-003': 'iam-015',
};

/** The catalog id of a modification followed by becoming the modified principal, if the catalog lists it. */
export function compositeOf(modify: string, become: string): string | undefined {
  return COMPOSITES[`${modify}+${become}`];
}
