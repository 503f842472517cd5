/**
 * What `!Ref X` and `!GetAtt X.Arn` return for resources declared in the same template, from each
 * resource type's "Return values" section of the CloudFormation User Guide (2024 pages): the
 * ARN's format with the literal name when the template sets it (`BucketName: my-bucket`), else a
 * symbolic name. Region and account stay symbolic (they are only known at deployment). The table
 * of resource shapes ({@link RESOURCE_SHAPES}) is the template model's too.
 */
import type { HostRange, SymbolicPart } from '../types';
import { entry, scalarString, type CfnNode } from './parse';

/** Parameters' defaults, to resolve a name given as `!Ref Param`. */
type Defaults = ReadonlyMap<string, { readonly default?: string }>;

/** A resource's name property: literal, or `!Ref` of a parameter with a default. */
function literalName(node: CfnNode | undefined, parameters: Defaults): { value: string; why: string } | undefined {
  const literal = scalarString(node);
  if (literal !== undefined) return { value: literal, why: 'in this template' };
  const ref =
    node?.kind === 'scalar' && node.tag === '!Ref'
      ? String(node.value)
      : node?.kind === 'map' && node.entries.length === 1 && node.entries[0]!.key === 'Ref'
        ? scalarString(node.entries[0]!.value)
        : undefined;
  const def = ref ? parameters.get(ref)?.default : undefined;
  return def !== undefined ? { value: def, why: `from the default of parameter ${ref}` } : undefined;
}

type Part = string | SymbolicPart;

/**
 * How CloudFormation names the resources of a type: one table for the host layer (what `!Ref X`
 * and `!GetAtt X.Arn` stand for in a policy) and the template model (the entities' ARNs and the
 * values policies are rendered with). Each type's "Return values" section of the CloudFormation
 * User Guide (2024 pages) and the SAM specification.
 */
export interface ResourceShape {
  /** The property that names the resource (the logical ID stands in when it is absent). */
  readonly nameProperty?: string;
  /**
   * The ARN, with `{partition}`, `{region}`, `{account}`, `{name}`, `{path}` (IAM: the `Path`
   * property, `/` by default) and `{random}` (characters AWS appends when it creates the resource).
   */
  readonly arn?: string;
  /** What `Ref` returns. */
  readonly ref: 'name' | 'arn' | 'id' | 'url';
  /** What `!GetAtt X.Arn` appends to the ARN (a log group's ends in `:*`, for the log streams in it). */
  readonly getAttArnSuffix?: string;
}

export const RESOURCE_SHAPES: Readonly<Record<string, ResourceShape>> = {
  'AWS::S3::Bucket': { nameProperty: 'BucketName', arn: 'arn:{partition}:s3:::{name}', ref: 'name' },
  'AWS::SQS::Queue': { nameProperty: 'QueueName', arn: 'arn:{partition}:sqs:{region}:{account}:{name}', ref: 'url' },
  'AWS::SNS::Topic': { nameProperty: 'TopicName', arn: 'arn:{partition}:sns:{region}:{account}:{name}', ref: 'arn' },
  'AWS::IAM::Role': { nameProperty: 'RoleName', arn: 'arn:{partition}:iam::{account}:role{path}{name}', ref: 'name' },
  'AWS::IAM::User': { nameProperty: 'UserName', arn: 'arn:{partition}:iam::{account}:user{path}{name}', ref: 'name' },
  'AWS::IAM::Group': { nameProperty: 'GroupName', arn: 'arn:{partition}:iam::{account}:group{path}{name}', ref: 'name' },
  'AWS::IAM::ManagedPolicy': { nameProperty: 'ManagedPolicyName', arn: 'arn:{partition}:iam::{account}:policy{path}{name}', ref: 'arn' },
  'AWS::IAM::InstanceProfile': {
    nameProperty: 'InstanceProfileName',
    arn: 'arn:{partition}:iam::{account}:instance-profile{path}{name}',
    ref: 'name',
  },
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', arn: 'arn:{partition}:lambda:{region}:{account}:function:{name}', ref: 'name' },
  'AWS::Serverless::Function': {
    nameProperty: 'FunctionName',
    arn: 'arn:{partition}:lambda:{region}:{account}:function:{name}',
    ref: 'name',
  },
  'AWS::DynamoDB::Table': { nameProperty: 'TableName', arn: 'arn:{partition}:dynamodb:{region}:{account}:table/{name}', ref: 'name' },
  'AWS::Serverless::SimpleTable': {
    nameProperty: 'TableName',
    arn: 'arn:{partition}:dynamodb:{region}:{account}:table/{name}',
    ref: 'name',
  },
  // A key is named by the ID AWS gives it.
  'AWS::KMS::Key': { arn: 'arn:{partition}:kms:{region}:{account}:key/{name}', ref: 'id' },
  // Secrets Manager appends a hyphen and six random characters to the name in the ARN.
  'AWS::SecretsManager::Secret': {
    nameProperty: 'Name',
    arn: 'arn:{partition}:secretsmanager:{region}:{account}:secret:{name}-{random}',
    ref: 'arn',
  },
  'AWS::ECR::Repository': { nameProperty: 'RepositoryName', arn: 'arn:{partition}:ecr:{region}:{account}:repository/{name}', ref: 'name' },
  'AWS::Kinesis::Stream': { nameProperty: 'Name', arn: 'arn:{partition}:kinesis:{region}:{account}:stream/{name}', ref: 'name' },
  'AWS::Logs::LogGroup': {
    nameProperty: 'LogGroupName',
    arn: 'arn:{partition}:logs:{region}:{account}:log-group:{name}',
    ref: 'name',
    getAttArnSuffix: ':*',
  },
  'AWS::StepFunctions::StateMachine': {
    nameProperty: 'StateMachineName',
    arn: 'arn:{partition}:states:{region}:{account}:stateMachine:{name}',
    ref: 'arn',
  },
  'AWS::Serverless::StateMachine': {
    nameProperty: 'Name',
    arn: 'arn:{partition}:states:{region}:{account}:stateMachine:{name}',
    ref: 'arn',
  },
  'AWS::Events::EventBus': { nameProperty: 'Name', arn: 'arn:{partition}:events:{region}:{account}:event-bus/{name}', ref: 'name' },
};

/**
 * The ARN of a shape as the host layer can state it before deployment: none when AWS appends
 * random characters (`{random}`), else the ARN with `!GetAtt`'s suffix when `getAtt`.
 */
function knownArn(shape: ResourceShape | undefined, getAtt: boolean): string | undefined {
  if (!shape?.arn || shape.arn.includes('{random}')) return undefined;
  return getAtt ? shape.arn + (shape.getAttArnSuffix ?? '') : shape.arn;
}

/** What `!Ref` of a template resource yields. */
export function refOfResource(
  id: string,
  res: { readonly type: string; readonly properties?: CfnNode },
  range: HostRange,
  parameters: Defaults,
): Part[] {
  const shape = RESOURCE_SHAPES[res.type];
  const arn = shape?.ref === 'arn' ? knownArn(shape, false) : undefined;
  if (shape && arn) return arnParts(id, shape, arn, res.properties, range, parameters);
  const kind = shape?.ref === 'arn' ? 'arn' : shape?.ref === 'id' ? 'id' : shape?.ref === 'name' ? 'name' : 'unknown';
  const literal =
    shape?.nameProperty && shape.ref === 'name' ? literalName(entry(res.properties, shape.nameProperty), parameters) : undefined;
  return [
    {
      expr: id,
      kind,
      range,
      ...(literal ? { assumed: literal.value, assumption: `${shape?.nameProperty ?? 'name'} of ${id} ${literal.why}` } : {}),
    },
  ];
}

/** What `!GetAtt X.Arn` yields for a template resource with a known ARN format; undefined otherwise. */
export function arnOfAttribute(
  id: string,
  attr: string,
  res: { readonly type: string; readonly properties?: CfnNode },
  range: HostRange,
  parameters: Defaults,
): Part[] | undefined {
  const shape = RESOURCE_SHAPES[res.type];
  const arn = attr === 'Arn' ? knownArn(shape, true) : undefined;
  return shape && arn ? arnParts(id, shape, arn, res.properties, range, parameters) : undefined;
}

function arnParts(
  id: string,
  shape: ResourceShape,
  arn: string,
  properties: CfnNode | undefined,
  range: HostRange,
  parameters: Defaults,
): Part[] {
  const literal = shape.nameProperty ? literalName(entry(properties, shape.nameProperty), parameters) : undefined;
  const out: Part[] = [];
  // The host layer checks policies for the commercial partition.
  for (const piece of arn.replace('{partition}', 'aws').split(/(\{name\}|\{region\}|\{account\}|\{path\})/)) {
    if (piece === '{path}') {
      // IAM ARNs carry the entity's path (reference_identifiers.md: "arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/JaneDoe").
      const node = entry(properties, 'Path');
      const written = scalarString(node);
      if (node === undefined || written !== undefined) out.push(iamPath(written));
      else out.push('/', { expr: `${id}.Path`, kind: 'unknown', range }, '/');
      continue;
    }
    if (piece === '{name}')
      out.push({
        expr: id,
        kind: shape.ref === 'id' ? 'id' : 'name',
        range,
        ...(literal ? { assumed: literal.value, assumption: `${shape.nameProperty ?? 'name'} of ${id} ${literal.why}` } : {}),
      });
    else if (piece === '{region}') out.push({ expr: 'AWS::Region', kind: 'region', range });
    else if (piece === '{account}') out.push({ expr: 'AWS::AccountId', kind: 'account-id', range });
    else if (piece) out.push(piece);
  }
  return out;
}

/** An IAM path with a leading and a trailing slash (`/` when absent). */
export function iamPath(p: string | undefined): string {
  if (!p) return '/';
  const lead = p.startsWith('/') ? p : `/${p}`;
  return lead.endsWith('/') ? lead : `${lead}/`;
}
