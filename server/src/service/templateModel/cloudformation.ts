/**
 * A CloudFormation or SAM template as workspace-model entities of one account: roles (trust,
 * inline and managed policies, boundary, tags, instance profiles), users, groups and memberships,
 * customer managed policies, and resources with their policies and tags (buckets, queues, topics,
 * keys, secrets, tables, functions with the role they run as). Property names are the
 * CloudFormation User Guide's resource type reference (2024 pages) and the SAM specification.
 *
 * The policy documents are the host layer's policy views (hosts/cloudformation), rendered with
 * the import's account, region and parameters (render.ts); entities are named by the name the
 * template gives them (`RoleName`, …) or else by their logical ID, and found by logical ID too.
 */
import type { PolicyDefSpec, RefSpec, ResourceSpec, RoleSpec, TemplateImportOptions, TemplateSpec } from '../../core/model/spec';
import type { SourceLocation, Tags } from '../../core/model/types';
import type { ExtractedPolicy, HostValue } from '../hosts/types';
import { extractTemplate, templateContext } from '../hosts/cloudformation/extract';
import { entry, parseJsonTemplate, parseYamlTemplate, scalarString, type CfnNode } from '../hosts/cloudformation/parse';
import { intrinsicOf, toHostValue, type TemplateContext } from '../hosts/cloudformation/values';
import type { RenderEnv, TemplateResource, Unresolved } from './render';
import { arnFromFormat, labelPath, RANDOM_STAND_IN, render, renderString, renderStrings, unresolvedWarning } from './render';
import { iamPath, RESOURCE_SHAPES } from '../hosts/cloudformation/resourceArns';
import { linkEntities, type Attachment, type FoundEntities } from './link';

/** Resource types listed as model resources (with the property that holds their policy, if any). */
const RESOURCE_TYPES = new Set([
  'AWS::S3::Bucket',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::DynamoDB::Table',
  'AWS::Serverless::SimpleTable',
  'AWS::Lambda::Function',
  'AWS::Serverless::Function',
  'AWS::ECR::Repository',
  'AWS::Kinesis::Stream',
  'AWS::Logs::LogGroup',
  'AWS::Events::EventBus',
  'AWS::StepFunctions::StateMachine',
  'AWS::Serverless::StateMachine',
]);

/**
 * The AWS managed policy SAM attaches to every execution role it creates (SAM specification,
 * AWS::Serverless::Function, "Role": "If this property isn't specified, AWS SAM creates a default
 * execution role", with AWSLambdaBasicExecutionRole).
 */
const SAM_BASIC_EXECUTION = 'arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

interface Resource {
  readonly id: string;
  readonly type: string;
  readonly props: CfnNode | undefined;
  readonly at: SourceLocation;
}

/** What `read` finds in the resources: the policies attached by resources of their own, inline and managed apart. */
interface Found extends FoundEntities {
  readonly extraInline: { kind: 'role' | 'user' | 'group'; name: string; def: PolicyDefSpec }[];
  readonly extraManaged: { kind: 'role' | 'user' | 'group'; name: string; ref: RefSpec }[];
}

/** One resource as `read` sees it. */
interface Reading {
  readonly r: Resource;
  /** Its name and ARN. */
  readonly info: TemplateResource;
  prop(key: string): CfnNode | undefined;
  /** The location of a property (`where('Groups', 0)`). */
  where(...path: (string | number)[]): SourceLocation;
}

/** Reads a template (YAML or JSON) at workspace-relative `file` into model entities. */
export function cloudFormationEntities(text: string, file: string, options: TemplateImportOptions): TemplateSpec {
  const json = file.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{');
  const parsed = json ? parseJsonTemplate(text) : parseYamlTemplate(text);
  const problems: { message: string; severity: 'error' | 'warning' }[] = parsed.problems.map((p) => ({
    message: `${file}:${lineOf(text, p.range.start)}: ${p.message}`,
    severity: 'error',
  }));
  const empty: TemplateSpec = {
    kind: 'cloudformation',
    users: [],
    groups: [],
    roles: [],
    resources: [],
    policies: [],
    problems,
    files: [file],
  };
  const root = parsed.root;
  if (root?.kind !== 'map' || !entry(root, 'Resources')) {
    if (problems.length === 0) problems.push({ message: `${file} has no Resources.`, severity: 'error' });
    return empty;
  }
  const reader = new TemplateReader(
    text,
    file,
    root,
    extractTemplate(text, parsed, json ? 'json' : 'yaml', `model:${file}`).policies,
    options,
  );
  return { kind: 'cloudformation', ...reader.read(), problems: [...problems, ...reader.problems()], files: [file] };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

class TemplateReader {
  private readonly ctx: TemplateContext;
  private readonly resources: Resource[] = [];
  private readonly byLabel = new Map<string, ExtractedPolicy>();
  private readonly unresolved: Unresolved = new Map();
  private readonly skipped: string[] = [];
  private env: RenderEnv;

  constructor(
    text: string,
    private readonly file: string,
    root: CfnNode,
    policies: readonly ExtractedPolicy[],
    options: TemplateImportOptions,
  ) {
    this.ctx = templateContext(text, root);
    for (const p of policies) {
      const key = p.label.replace(/ \((if|else) branch\)$/, '');
      if (!this.byLabel.has(key)) this.byLabel.set(key, p);
    }
    const resources = entry(root, 'Resources');
    if (resources?.kind === 'map') {
      for (const e of resources.entries) {
        const type = scalarString(entry(e.value, 'Type'));
        if (type) this.resources.push({ id: e.key, type, props: entry(e.value, 'Properties'), at: { file, path: ['Resources', e.key] } });
      }
    }
    const values = new Map<string, string>(Object.entries(options.parameters));
    const stackName = options.stackName ?? (file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '') || 'stack');
    this.env = { account: options.account, region: options.region, partition: options.partition, stackName, values, resources: new Map() };
    // Names first (they may use parameters and pseudo parameters only), then ARNs and Ref values.
    const named = new Map<string, { name: string; arn?: string; ref: string; id?: string }>();
    for (const r of this.resources) {
      const shape = RESOURCE_SHAPES[r.type];
      const name = (shape?.nameProperty ? this.string(entry(r.props, shape.nameProperty)) : undefined) ?? r.id;
      const path = iamPath(this.string(entry(r.props, 'Path')));
      const arn = shape?.arn ? this.arnOf(shape.arn, name, path) : undefined;
      const url = `https://sqs.${options.region}.amazonaws.com/${options.account}/${name}`;
      const ref = shape?.ref === 'arn' && arn ? arn : shape?.ref === 'url' ? url : name;
      named.set(r.id, { name, ref, ...(arn ? { arn } : {}) });
      // `!GetAtt X.Arn` (a log group's ends in `:*`); the resource's ARN is `arn`.
      if (arn) values.set(`${r.id}.Arn`, arn + (shape?.getAttArnSuffix ?? ''));
      if (r.type === 'AWS::SQS::Queue') values.set(`${r.id}.QueueName`, name);
      if (r.type === 'AWS::SNS::Topic') values.set(`${r.id}.TopicName`, name);
      if (r.type === 'AWS::KMS::Key') values.set(`${r.id}.KeyId`, name);
      if (r.type === 'AWS::Serverless::Function' && entry(r.props, 'Role') === undefined) {
        // The execution role SAM creates: logical ID `<Function>Role` (SAM specification, generated resources).
        const roleId = `${r.id}Role`;
        const roleArn = this.arnOf(RESOURCE_SHAPES['AWS::IAM::Role']!.arn!, roleId, iamPath(this.string(entry(r.props, 'RolePath'))));
        named.set(roleId, { name: roleId, arn: roleArn, ref: roleId });
        values.set(`${roleId}.Arn`, roleArn);
      }
    }
    this.env = { ...this.env, resources: named };
  }

  problems(): { message: string; severity: 'error' | 'warning' }[] {
    const out: { message: string; severity: 'error' | 'warning' }[] = [];
    const unresolved = unresolvedWarning(this.unresolved, 'parameters');
    if (unresolved) out.push({ severity: 'warning', message: `${this.file}: ${unresolved}` });
    for (const s of this.skipped) out.push({ severity: 'warning', message: `${this.file}: ${s}` });
    return out;
  }

  read(): Pick<TemplateSpec, 'users' | 'groups' | 'roles' | 'resources' | 'policies'> {
    const found: Found = {
      roles: new Map(),
      users: new Map(),
      groups: new Map(),
      policies: [],
      resources: [],
      resourcePolicies: [],
      extraInline: [],
      extraManaged: [],
      memberships: [],
      profiles: [],
    };
    for (const r of this.resources) {
      const reading: Reading = {
        r,
        info: this.env.resources.get(r.id)!,
        prop: (key) => entry(r.props, key),
        where: (...path) => ({ file: this.file, path: [...r.at.path, 'Properties', ...path] }),
      };
      this.readEntity(reading, found);
      this.readAttachment(reading, found);
      this.readResourcePolicy(reading, found);
      if (RESOURCE_TYPES.has(r.type) && reading.info.arn) found.resources.push(this.resource(reading, reading.info.arn));
    }
    // The inline policies first, then the managed ones, each in the order found.
    const attached: Attachment[] = [
      ...found.extraInline.map(({ kind, name, def }) => ({ kind, name, inline: def })),
      ...found.extraManaged.map(({ kind, name, ref }) => ({ kind, name, managed: ref })),
    ];
    return linkEntities(found, attached, (x) =>
      this.skipped.push(
        x.inline
          ? `policy ${x.inline.name} is attached to ${x.kind} '${x.name}', which the template does not define; left out.`
          : `a managed policy is attached to ${x.kind} '${x.name}', which the template does not define; left out.`,
      ),
    );
  }

  /** Roles, users, groups and managed policies (with the roles, users and groups a managed policy names). */
  private readEntity({ r, info, prop, where }: Reading, found: Found): void {
    const at = r.at;
    switch (r.type) {
      case 'AWS::IAM::Role': {
        const trust = this.document(`${r.id}.Properties.AssumeRolePolicyDocument`);
        const boundary = this.string(prop('PermissionsBoundary'));
        const max = this.string(prop('MaxSessionDuration'));
        found.roles.set(info.name, {
          name: info.name,
          alias: r.id,
          path: iamPath(this.string(prop('Path'))),
          at,
          tags: this.tags(prop('Tags')),
          managed: this.managedRefs(prop('ManagedPolicyArns'), where('ManagedPolicyArns')),
          inline: this.inline(r, prop('Policies')),
          ...(trust ? { trust: { ref: { document: trust.document }, at, docAt: trust.at, name: `${r.id} trust policy` } } : {}),
          ...(boundary ? { boundary: { ref: boundary, at: where('PermissionsBoundary'), name: `${r.id} permissions boundary` } } : {}),
          ...(max && /^\d+$/.test(max) ? { maxSessionDuration: Number(max) } : {}),
        });
        break;
      }
      case 'AWS::IAM::User': {
        const boundary = this.string(prop('PermissionsBoundary'));
        const groupNames = this.strings(prop('Groups'));
        found.users.set(info.name, {
          name: info.name,
          alias: r.id,
          path: iamPath(this.string(prop('Path'))),
          at,
          tags: this.tags(prop('Tags')),
          groups: groupNames.map((g, i) => ({ name: g, at: where('Groups', i) })),
          managed: this.managedRefs(prop('ManagedPolicyArns'), where('ManagedPolicyArns')),
          inline: this.inline(r, prop('Policies')),
          ...(boundary ? { boundary: { ref: boundary, at: where('PermissionsBoundary'), name: `${r.id} permissions boundary` } } : {}),
        });
        break;
      }
      case 'AWS::IAM::Group':
        found.groups.set(info.name, {
          name: info.name,
          alias: r.id,
          path: iamPath(this.string(prop('Path'))),
          at,
          managed: this.managedRefs(prop('ManagedPolicyArns'), where('ManagedPolicyArns')),
          inline: this.inline(r, prop('Policies')),
        });
        break;
      case 'AWS::IAM::ManagedPolicy': {
        const doc = this.document(`${r.id}.Properties.PolicyDocument`);
        if (doc)
          found.policies.push({ name: info.name, document: doc.document, at, docSource: doc.at, ...(info.arn ? { arn: info.arn } : {}) });
        const ref: RefSpec = { ref: info.arn, at };
        for (const [kind, key] of [
          ['role', 'Roles'],
          ['user', 'Users'],
          ['group', 'Groups'],
        ] as const) {
          for (const name of this.strings(prop(key))) found.extraManaged.push({ kind, name, ref });
        }
        break;
      }
      default:
        break;
    }
  }

  /** Policies attached to roles, users and groups by a resource of their own; group memberships; instance profiles. */
  private readAttachment({ r, info, prop, where }: Reading, found: Found): void {
    switch (r.type) {
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::RolePolicy':
      case 'AWS::IAM::UserPolicy':
      case 'AWS::IAM::GroupPolicy': {
        const doc = this.document(`${r.id}.Properties.PolicyDocument`);
        if (!doc) break;
        const def: PolicyDefSpec = { name: this.string(prop('PolicyName')) ?? r.id, document: doc.document, at: r.at, docSource: doc.at };
        const targets: [kind: 'role' | 'user' | 'group', names: string[]][] =
          r.type === 'AWS::IAM::Policy'
            ? [
                ['role', this.strings(prop('Roles'))],
                ['user', this.strings(prop('Users'))],
                ['group', this.strings(prop('Groups'))],
              ]
            : [
                [
                  r.type === 'AWS::IAM::RolePolicy' ? 'role' : r.type === 'AWS::IAM::UserPolicy' ? 'user' : 'group',
                  this.strings(
                    prop(r.type === 'AWS::IAM::RolePolicy' ? 'RoleName' : r.type === 'AWS::IAM::UserPolicy' ? 'UserName' : 'GroupName'),
                  ),
                ],
              ];
        for (const [kind, names] of targets) for (const name of names) found.extraInline.push({ kind, name, def });
        break;
      }
      case 'AWS::IAM::UserToGroupAddition': {
        const group = this.string(prop('GroupName'));
        if (group) this.strings(prop('Users')).forEach((u, i) => found.memberships.push({ user: u, group, at: where('Users', i) }));
        break;
      }
      case 'AWS::IAM::InstanceProfile':
        for (const role of this.strings(prop('Roles'))) found.profiles.push({ role, profile: info.name });
        break;
      case 'AWS::Serverless::Function':
        if (prop('Role') === undefined) found.roles.set(`${r.id}Role`, this.samRole(r));
        break;
      default:
        break;
    }
  }

  /** Policies a separate resource sets on a bucket, queue, topic or secret. */
  private readResourcePolicy({ r, prop }: Reading, found: Found): void {
    const out = found.resourcePolicies;
    switch (r.type) {
      case 'AWS::S3::BucketPolicy':
        this.attach(r, `${r.id}.Properties.PolicyDocument`, prop('Bucket'), 's3', out);
        break;
      case 'AWS::SQS::QueuePolicy':
        for (const q of this.strings(prop('Queues'))) this.attachTo(r, `${r.id}.Properties.PolicyDocument`, q, out);
        break;
      case 'AWS::SNS::TopicPolicy':
        for (const t of this.strings(prop('Topics'))) this.attachTo(r, `${r.id}.Properties.PolicyDocument`, t, out);
        break;
      case 'AWS::SecretsManager::ResourcePolicy':
        this.attach(r, `${r.id}.Properties.ResourcePolicy`, prop('SecretId'), 'secretsmanager', out);
        break;
      default:
        break;
    }
  }

  /** A resource of RESOURCE_TYPES, with its own policy (a key's, a repository's) and a function's role. */
  private resource({ r, prop, where }: Reading, arn: string): ResourceSpec {
    const at = r.at;
    const own =
      r.type === 'AWS::KMS::Key'
        ? this.document(`${r.id}.Properties.KeyPolicy`)
        : r.type === 'AWS::ECR::Repository'
          ? this.document(`${r.id}.Properties.RepositoryPolicyText`)
          : undefined;
    const roleArn = r.type.endsWith('::Function')
      ? (this.string(prop('Role')) ?? (r.type === 'AWS::Serverless::Function' ? this.env.resources.get(`${r.id}Role`)?.arn : undefined))
      : undefined;
    return {
      arn,
      alias: r.id,
      at,
      tags: this.tags(prop('Tags')),
      ...(own ? { policy: { ref: { document: own.document }, at, docAt: own.at, name: `${r.id} policy` } } : {}),
      ...(roleArn ? { runsAs: { name: roleArn, at: where('Role') } } : {}),
    };
  }

  /** The execution role SAM creates for a function without `Role`. */
  private samRole(r: Resource): RoleSpec {
    const id = `${r.id}Role`;
    const at = r.at;
    const prop = (key: string) => entry(r.props, key);
    const trust = this.document(`${r.id}.Properties.AssumeRolePolicyDocument`);
    const boundary = this.string(prop('PermissionsBoundary'));
    const managed: RefSpec[] = [{ ref: SAM_BASIC_EXECUTION.replace('{partition}', this.env.partition), at }];
    const inline: PolicyDefSpec[] = [];
    const policies = prop('Policies');
    const items = policies?.kind === 'seq' ? policies.items : policies ? [policies] : [];
    items.forEach((item, i) => {
      const label = policies?.kind === 'seq' ? `Policies[${i}]` : 'Policies';
      const loc: SourceLocation = { file: this.file, path: [...at.path, 'Properties', ...labelPath(label)] };
      const text = this.string(item);
      if (text !== undefined) {
        // A managed policy by name or ARN (SAM turns a name into the AWS managed policy's ARN).
        managed.push({ ref: text.startsWith('arn:') ? text : `arn:${this.env.partition}:iam::aws:policy/${text}`, at: loc });
        return;
      }
      if (item.kind !== 'map') return;
      const isDoc = item.entries.some((e) => e.key === 'Statement');
      const key = isDoc ? `${r.id}.Properties.${label}` : `${r.id}.Properties.${label}.${item.entries[0]?.key ?? ''}`;
      const doc = this.document(key);
      // SAM names inline policies <Function>RolePolicy<index> (SAM specification, generated resources).
      if (doc)
        inline.push({
          name: isDoc ? `${id}Policy${i}` : `${id}Policy${i} (${item.entries[0]?.key ?? ''})`,
          document: doc.document,
          at: loc,
          docSource: doc.at,
        });
    });
    const defaultTrust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    };
    return {
      name: id,
      alias: id,
      path: iamPath(this.string(prop('RolePath'))),
      at,
      tags: this.samTags(prop('Tags')),
      managed,
      inline,
      trust: trust
        ? { ref: { document: trust.document }, at, docAt: trust.at, name: `${id} trust policy` }
        : { ref: { document: defaultTrust }, at, name: `${id} trust policy (SAM default: lambda.amazonaws.com)` },
      ...(boundary ? { boundary: { ref: boundary, at, name: `${id} permissions boundary` } } : {}),
    };
  }

  /** A policy view's document rendered, with where it is; undefined (reported) when it is not known before deployment. */
  private document(label: string): { document: unknown; at: SourceLocation } | undefined {
    const p = this.byLabel.get(label);
    if (!p) return undefined;
    if (p.value.kind !== 'object') {
      const what = p.value.kind === 'symbolic' ? p.value.parts.map((x) => (typeof x === 'string' ? x : x.expr)).join('') : p.value.kind;
      this.skipped.push(`${label} is ${what}, not a document known before deployment; left out of simulations.`);
      return undefined;
    }
    return { document: render(p.value, this.env, this.unresolved), at: { file: this.file, path: ['Resources', ...labelPath(label)] } };
  }

  private inline(r: Resource, policies: CfnNode | undefined): PolicyDefSpec[] {
    if (policies?.kind !== 'seq') return [];
    return policies.items.flatMap((item, i) => {
      const doc = this.document(`${r.id}.Properties.Policies[${i}].PolicyDocument`);
      if (!doc) return [];
      const name = this.string(entry(item, 'PolicyName')) ?? `${r.id}Policy${i}`;
      return [
        { name, document: doc.document, at: { file: this.file, path: [...r.at.path, 'Properties', 'Policies', i] }, docSource: doc.at },
      ];
    });
  }

  private managedRefs(list: CfnNode | undefined, at: SourceLocation): RefSpec[] {
    if (list?.kind !== 'seq' || intrinsicOf(list)) return [];
    return list.items.flatMap((item, i) => {
      const arn = this.string(item);
      return arn ? [{ ref: arn, at: { file: at.file, path: [...at.path, i] } }] : [];
    });
  }

  /** A resource policy written on `target` (`Bucket: !Ref B` → that bucket's ARN). */
  private attach(r: Resource, label: string, target: CfnNode | undefined, service: string, out: { target: string; ref: RefSpec }[]): void {
    const value = this.string(target);
    if (value === undefined) return;
    const arn = service === 's3' ? (value.startsWith('arn:') ? value : `arn:${this.env.partition}:s3:::${value}`) : value;
    this.attachTo(r, label, arn, out);
  }

  private attachTo(r: Resource, label: string, target: string, out: { target: string; ref: RefSpec }[]): void {
    const doc = this.document(label);
    if (!doc) return;
    // A queue is named by its URL in QueuePolicy: the queue's ARN is what requests name.
    const arn = [...this.env.resources.values()].find((x) => x.ref === target && x.arn)?.arn ?? target;
    out.push({ target: arn, ref: { ref: { document: doc.document }, at: r.at, docAt: doc.at, name: `${r.id}` } });
  }

  private hostValue(node: CfnNode | undefined): HostValue | undefined {
    return node ? toHostValue(node, this.ctx, { partial: false }) : undefined;
  }

  private string(node: CfnNode | undefined): string | undefined {
    return renderString(this.hostValue(node), this.env, this.unresolved);
  }

  private strings(node: CfnNode | undefined): string[] {
    return renderStrings(this.hostValue(node), this.env, this.unresolved);
  }

  /** CloudFormation tags: `[{Key, Value}]`. */
  private tags(node: CfnNode | undefined): Tags {
    const out: Record<string, string> = {};
    if (node?.kind === 'map' && !intrinsicOf(node)) return this.samTags(node);
    if (node?.kind !== 'seq') return out;
    for (const item of node.items) {
      const key = this.string(entry(item, 'Key'));
      const value = this.string(entry(item, 'Value'));
      if (key !== undefined && value !== undefined) out[key] = value;
    }
    return out;
  }

  /** SAM tags: a map. */
  private samTags(node: CfnNode | undefined): Tags {
    const out: Record<string, string> = {};
    if (node?.kind !== 'map' || intrinsicOf(node)) return out;
    for (const e of node.entries) {
      const v = this.string(e.value);
      if (v !== undefined) out[e.key] = v;
    }
    return out;
  }

  private arnOf(format: string, name: string, path: string): string {
    return arnFromFormat(format, this.env, name, path, RANDOM_STAND_IN);
  }
}
