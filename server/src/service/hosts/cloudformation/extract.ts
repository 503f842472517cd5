/**
 * Finds the policy documents of a CloudFormation or SAM template and types them by where they
 * sit (CloudFormation User Guide, resource type reference, 2024 pages; SAM specification).
 */
import type { PolicyType } from '../../../core/policyType';
import type { ExtractedPolicy, HostExtraction, HostProblem, HostValue } from '../types';
import { entry, scalarString, type CfnEntry, type CfnNode, type ParsedTemplate } from './parse';
import { ifBranches, ifCollection, intrinsicOf, isNoValue, sourceText, toHostValue, type TemplateContext } from './values';
import { samPolicies } from './sam';
import { embeddedDocument, type EmbeddedDocument } from './embedded';
import { CACHES } from '../../../core/caches';
import { movePolicy, shiftRange } from '../moved';
import { expandExecuteApi } from './apiGateway';

/** Where a resource type keeps a policy document, and what kind of policy it is. */
interface Location {
  /** The property, or a dotted path of properties (`ResourcePolicy.PolicyDocument`). */
  readonly property: string;
  readonly type: PolicyType;
  readonly service?: string;
  /** The property holds one statement, which the service puts in a document of its own. */
  readonly statement?: true;
}

const DOCUMENTS: Readonly<Record<string, readonly Location[]>> = {
  'AWS::IAM::Policy': [{ property: 'PolicyDocument', type: 'identity' }],
  'AWS::IAM::ManagedPolicy': [{ property: 'PolicyDocument', type: 'identity' }],
  'AWS::IAM::RolePolicy': [{ property: 'PolicyDocument', type: 'identity' }],
  'AWS::IAM::UserPolicy': [{ property: 'PolicyDocument', type: 'identity' }],
  'AWS::IAM::GroupPolicy': [{ property: 'PolicyDocument', type: 'identity' }],
  'AWS::IAM::Role': [{ property: 'AssumeRolePolicyDocument', type: 'trust' }],
  'AWS::S3::BucketPolicy': [{ property: 'PolicyDocument', type: 'resource', service: 's3' }],
  'AWS::SQS::QueuePolicy': [{ property: 'PolicyDocument', type: 'resource', service: 'sqs' }],
  'AWS::SNS::TopicPolicy': [{ property: 'PolicyDocument', type: 'resource', service: 'sns' }],
  'AWS::KMS::Key': [{ property: 'KeyPolicy', type: 'resource', service: 'kms' }],
  'AWS::SecretsManager::ResourcePolicy': [{ property: 'ResourcePolicy', type: 'resource', service: 'secretsmanager' }],
  'AWS::ECR::Repository': [{ property: 'RepositoryPolicyText', type: 'resource', service: 'ecr' }],
  'AWS::EC2::VPCEndpoint': [{ property: 'PolicyDocument', type: 'vpc-endpoint' }],
  'AWS::OpenSearchService::Domain': [{ property: 'AccessPolicies', type: 'resource', service: 'es' }],
  'AWS::Elasticsearch::Domain': [{ property: 'AccessPolicies', type: 'resource', service: 'es' }],
  'AWS::EFS::FileSystem': [{ property: 'FileSystemPolicy', type: 'resource', service: 'elasticfilesystem' }],
  // PolicyDocument is a String holding JSON (CloudFormation Template Reference, AWS::Logs::ResourcePolicy, 2024).
  'AWS::Logs::ResourcePolicy': [{ property: 'PolicyDocument', type: 'resource', service: 'logs' }],
  'AWS::Serverless::Function': [{ property: 'AssumeRolePolicyDocument', type: 'trust' }],
  // Outside the issue's list (CloudFormation Template Reference, 2024 pages): inline queue and
  // topic policies, a replica key's policy, an IAM Identity Center permission set's inline
  // (identity) policy, and API Gateway resource policies (apiGateway.ts: their `execute-api:/…`
  // resources are checked as the ARNs API Gateway expands them to).
  'AWS::SQS::QueueInlinePolicy': [{ property: 'PolicyDocument', type: 'resource', service: 'sqs' }],
  'AWS::SNS::TopicInlinePolicy': [{ property: 'PolicyDocument', type: 'resource', service: 'sns' }],
  'AWS::KMS::ReplicaKey': [{ property: 'KeyPolicy', type: 'resource', service: 'kms' }],
  'AWS::SSO::PermissionSet': [{ property: 'InlinePolicy', type: 'identity' }],
  // An OpenAPI body may carry the policy as API Gateway's extension x-amazon-apigateway-policy.
  'AWS::ApiGateway::RestApi': [
    { property: 'Policy', type: 'resource', service: 'execute-api' },
    { property: 'Body.x-amazon-apigateway-policy', type: 'resource', service: 'execute-api' },
  ],
  'AWS::ApiGateway::DomainNameV2': [{ property: 'Policy', type: 'resource', service: 'execute-api' }],
  // SAM's API (SAM specification, AWS::Serverless::Api): `Policy`, and `Domain.Policy` and
  // `Auth.ResourcePolicy.CustomStatements` below.
  'AWS::Serverless::Api': [
    { property: 'Policy', type: 'resource', service: 'execute-api' },
    { property: 'DefinitionBody.x-amazon-apigateway-policy', type: 'resource', service: 'execute-api' },
  ],
  // More resource policies (CloudFormation Template Reference, resource types of each service):
  'AWS::Backup::BackupVault': [{ property: 'AccessPolicy', type: 'resource', service: 'backup' }],
  'AWS::Events::EventBus': [{ property: 'Policy', type: 'resource', service: 'events' }],
  // EventBusPolicy.Statement is one statement; EventBridge makes the bus's policy of it.
  'AWS::Events::EventBusPolicy': [{ property: 'Statement', type: 'resource', service: 'events', statement: true }],
  'AWS::S3::AccessPoint': [{ property: 'Policy', type: 'resource', service: 's3' }],
  'AWS::S3::MultiRegionAccessPointPolicy': [{ property: 'Policy', type: 'resource', service: 's3' }],
  'AWS::S3Express::BucketPolicy': [{ property: 'PolicyDocument', type: 'resource', service: 's3express' }],
  'AWS::DynamoDB::Table': [{ property: 'ResourcePolicy.PolicyDocument', type: 'resource', service: 'dynamodb' }],
  'AWS::Kinesis::ResourcePolicy': [{ property: 'ResourcePolicy', type: 'resource', service: 'kinesis' }],
  'AWS::ECR::RegistryPolicy': [{ property: 'PolicyText', type: 'resource', service: 'ecr' }],
  'AWS::ECR::PublicRepository': [{ property: 'RepositoryPolicyText', type: 'resource', service: 'ecr-public' }],
  'AWS::Organizations::ResourcePolicy': [{ property: 'Content', type: 'resource', service: 'organizations' }],
  'AWS::Logs::Destination': [{ property: 'DestinationPolicy', type: 'resource', service: 'logs' }],
  'AWS::MSK::ClusterPolicy': [{ property: 'Policy', type: 'resource', service: 'kafka' }],
};

/** The entry at a dotted path of properties. */
function entryAt(props: CfnNode, path: string): CfnEntry | undefined {
  let node: CfnNode | undefined = props;
  let found: CfnEntry | undefined;
  for (const key of path.split('.')) {
    found = node?.kind === 'map' && !intrinsicOf(node) ? node.entries.find((x) => x.key === key) : undefined;
    node = found?.value;
  }
  return found;
}

/** A property holding one statement, as the document the service makes of it (`Version` 2012-10-17). */
function statementDocument(
  e: CfnEntry,
  loc: Location,
  label: string,
  ctx: TemplateContext,
  syntax: 'json' | 'yaml',
): ExtractedPolicy | undefined {
  const conv = { partial: false };
  const statement = e.value.kind === 'map' && !intrinsicOf(e.value) ? toHostValue(e.value, ctx, conv) : undefined;
  if (!statement) return undefined;
  return {
    value: {
      kind: 'object',
      range: { start: e.keyRange.start, end: e.value.range.end },
      entries: [
        { key: 'Version', keyRange: e.keyRange, value: { kind: 'string', range: e.keyRange, value: '2012-10-17' } },
        { key: 'Statement', keyRange: e.keyRange, value: statement },
      ],
    },
    policyType: loc.type,
    ...(loc.service ? { resourceService: loc.service } : {}),
    label,
    range: e.keyRange,
    syntax,
    ...(conv.partial ? { partial: true } : {}),
    assumptions: [`${loc.property} is one statement of the resource's policy`],
  };
}

/** Roles, users and groups carry inline `Policies: [{PolicyName, PolicyDocument}]`. */
const INLINE_POLICIES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);

/** SAM resources whose `Policies` are inline documents, managed policy names or policy templates. */
const SAM_POLICIES = new Set(['AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);

/** Organizations policy types that are IAM policy documents. */
const ORGANIZATIONS_TYPES: Readonly<Record<string, PolicyType>> = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' };

/** The template's parameters and resources, for resolving `!Ref`, `!GetAtt` and `${…}`. */
export function templateContext(text: string, root: CfnNode | undefined): TemplateContext {
  const parameters = new Map<string, { type?: string; default?: string }>();
  for (const e of mapEntries(entry(root, 'Parameters'))) {
    const type = scalarString(entry(e.value, 'Type'));
    // An empty Default is CloudFormation's idiom for an optional parameter "not given", paired with
    // a Condition (`!Not [!Equals [!Ref P, '']]`) around what uses it: it is no value to check.
    const def = scalarString(entry(e.value, 'Default'));
    parameters.set(e.key, { ...(type ? { type } : {}), ...(def !== undefined && def !== '' ? { default: def } : {}) });
  }
  const resources = new Map<string, { type: string; properties?: CfnNode }>();
  for (const e of mapEntries(entry(root, 'Resources'))) {
    const type = scalarString(entry(e.value, 'Type'));
    const properties = entry(e.value, 'Properties');
    if (type) resources.set(e.key, { type, ...(properties ? { properties } : {}) });
  }
  return { text, parameters, resources };
}

function mapEntries(node: CfnNode | undefined): readonly CfnEntry[] {
  return node?.kind === 'map' && !intrinsicOf(node) ? node.entries : [];
}

/**
 * Every policy document of a parsed template. `doc` names the document (its URI) whose earlier
 * extraction is re-used; texts without one share a slot.
 */
export function extractTemplate(text: string, parsed: ParsedTemplate, syntax: 'json' | 'yaml', doc = ''): HostExtraction {
  const ctx = templateContext(text, parsed.root);
  const boundaries = boundaryPolicies(parsed.root);
  const context = contextKey(ctx, boundaries, syntax);
  const policies: ExtractedPolicy[] = [];
  const problems: HostProblem[] = [...parsed.problems];
  // SAM's Globals.Api.Auth.ResourcePolicy applies to every AWS::Serverless::Api of the template.
  const globals = customStatements(entry(entry(entry(entry(parsed.root, 'Globals'), 'Api'), 'Auth'), 'ResourcePolicy'), ctx, syntax);
  if (globals) policies.push({ ...globals, label: `Globals.Api.${globals.label}`, value: expandExecuteApi(globals.value, 'Api') });
  const before = extracted.get(doc);
  const now = new Map<string, Kept>();
  for (const res of mapEntries(entry(parsed.root, 'Resources'))) {
    const start = res.keyRange.start;
    const source = text.slice(start, res.value.range.end);
    let done = now.get(source) ?? before?.get(source);
    if (!done || done.context !== context) {
      const own: HostProblem[] = [];
      const found = resourcePolicies(res, ctx, syntax, boundaries, own);
      for (const policy of found) own.push(...unresolvedPolicyVariables(policy.value, ctx));
      done = { context, start, policies: found, problems: own, last: { start, policies: found, problems: own } };
    }
    now.set(source, done);
    if (done.last.start !== start) {
      const by = start - done.start;
      done.last = {
        start,
        policies: done.policies.map((p) => movePolicy(p, by)),
        problems: done.problems.map((p) => ({ ...p, range: shiftRange(p.range, by) })),
      };
    }
    policies.push(...done.last.policies);
    problems.push(...done.last.problems);
  }
  extracted.delete(doc);
  extracted.set(doc, now);
  if (extracted.size > KEPT_DOCUMENTS) extracted.delete(extracted.keys().next().value as string);
  return { policies, problems };
}

/** `${aws:username}`, `${s3:prefix}`, `${aws:PrincipalTag/team}`: an IAM policy variable's form. */
const POLICY_VARIABLE = /^[A-Za-z0-9-]+:[A-Za-z][^\s]*$/;

/**
 * A policy variable written in `Fn::Sub` without `!` (`!Sub "arn:aws:s3:::b/${aws:username}/*"`):
 * Fn::Sub takes `${aws:username}` for a parameter or resource, none has that name (logical IDs
 * and parameter names are alphanumeric), and CloudFormation rejects the template (its error is
 * "Unresolved resource dependencies [aws:username]"). The intrinsic function reference's
 * Fn::Sub: "To write a dollar sign and curly braces (${}) literally, add an exclamation point
 * (!) after the open curly brace, such as ${!Literal}".
 */
function unresolvedPolicyVariables(value: HostValue, ctx: TemplateContext): HostProblem[] {
  const out: HostProblem[] = [];
  const seen = new Set<string>();
  const walk = (v: HostValue): void => {
    if (v.kind === 'object') v.entries.forEach((e) => walk(e.value));
    else if (v.kind === 'array') v.items.forEach(walk);
    else if (v.kind === 'symbolic')
      for (const p of v.parts) {
        if (typeof p === 'string' || p.kind !== 'unknown' || !POLICY_VARIABLE.test(p.expr)) continue;
        if (p.expr.startsWith('AWS::') || ctx.parameters.has(p.expr) || ctx.resources.has(p.expr)) continue;
        const key = `${p.range.start}:${p.expr}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          range: p.range,
          message: `Fn::Sub reads \${${p.expr}} as a parameter or resource of the template, and there is none of that name: CloudFormation rejects the template ("Unresolved resource dependencies"). Write \${!${p.expr}} for the IAM policy variable.`,
        });
      }
  };
  walk(value);
  return out;
}

interface Extracted {
  readonly start: number;
  readonly policies: readonly ExtractedPolicy[];
  readonly problems: readonly HostProblem[];
}

type Kept = Extracted & { readonly context: string; last: Extracted };

/**
 * Extraction per resource, by its text, relative to where it starts, for one context (see
 * contextKey), per document (its key: the URI; most recently extracted last): a keystroke
 * re-extracts the resource it changed; the resources after it, moved but unchanged, come back as
 * moved copies of the same policies (whose views are re-used), and the resources before it as the
 * same objects. `last` is what was returned last, at its start. A document keeps only the
 * resources of its last extraction.
 */
const extracted = CACHES.map<string, Map<string, Kept>>('cloudformation.extracted');
const KEPT_DOCUMENTS = 64;

/** Property names that resolving `!Ref`/`!GetAtt` of a resource reads (resourceArns.ts), besides its type. */
const RESOLVED_PROPERTIES = /(Name|^Path)$/;

/**
 * What a resource's policies can depend on outside the resource: the parameters (type, default),
 * each resource's type and its name-like properties and Path (resolved ARNs), the managed policies
 * used as permissions boundaries, and the syntax.
 */
function contextKey(ctx: TemplateContext, boundaries: ReadonlySet<string>, syntax: string): string {
  const parts: string[] = [syntax, [...boundaries].join(',')];
  for (const [name, p] of ctx.parameters) parts.push(`P${name}=${p.type ?? ''}=${p.default ?? ''}`);
  for (const [id, r] of ctx.resources) {
    parts.push(`R${id}=${r.type}`);
    if (r.properties?.kind === 'map')
      for (const e of r.properties.entries)
        if (RESOLVED_PROPERTIES.test(e.key)) parts.push(`${e.key}=${ctx.text.slice(e.value.range.start, e.value.range.end)}`);
  }
  return parts.join('\u0001');
}

/**
 * The logical IDs of managed policies that a role, user or SAM function names as its
 * `PermissionsBoundary`: `!Ref Policy` (a managed policy's Ref is its ARN) or `!GetAtt
 * Policy.PolicyArn`, also in either branch of an `Fn::If`.
 */
function boundaryPolicies(root: CfnNode | undefined): Set<string> {
  const out = new Set<string>();
  for (const res of mapEntries(entry(root, 'Resources'))) {
    const boundary = entry(entry(res.value, 'Properties'), 'PermissionsBoundary');
    for (const node of boundary ? (ifBranches(boundary) ?? [boundary]) : []) {
      const fn = intrinsicOf(node);
      const target = fn?.fn === 'Ref' ? scalarString(fn.arg) : fn?.fn === 'Fn::GetAtt' ? policyArnOf(fn.arg) : undefined;
      if (target) out.add(target);
    }
  }
  return out;
}

/** `Policy.PolicyArn` or `[Policy, PolicyArn]`: the policy's logical ID. */
function policyArnOf(arg: CfnNode): string | undefined {
  const s = scalarString(arg);
  if (s !== undefined) return s.endsWith('.PolicyArn') ? s.slice(0, -'.PolicyArn'.length) : undefined;
  if (arg.kind === 'seq' && arg.items.length === 2 && scalarString(arg.items[1]) === 'PolicyArn') return scalarString(arg.items[0]);
  return undefined;
}

/** Extraction of one resource (a unit of caching: it depends on its text and the context). */
export function resourcePolicies(
  res: CfnEntry,
  ctx: TemplateContext,
  syntax: 'json' | 'yaml',
  boundaries: ReadonlySet<string>,
  problems?: HostProblem[],
): ExtractedPolicy[] {
  const type = scalarString(entry(res.value, 'Type'));
  const props = entry(res.value, 'Properties');
  if (!type || !props || props.kind !== 'map') return [];
  const out: ExtractedPolicy[] = [];
  const add = (e: CfnEntry, label: string, policyType: PolicyType, service?: string) => {
    const found = documentsAt(e, `${res.key}.Properties.${label}`, policyType, service, ctx, syntax, problems);
    out.push(...(service === 'execute-api' ? found.map((p) => ({ ...p, value: expandExecuteApi(p.value, res.key) })) : found));
  };
  for (const loc of DOCUMENTS[type] ?? []) {
    const e = entryAt(props, loc.property);
    const policyType =
      loc.property === 'PolicyDocument' && type === 'AWS::IAM::ManagedPolicy' && boundaries.has(res.key) ? 'boundary' : loc.type;
    if (e && loc.statement) {
      const doc = statementDocument(e, loc, `${res.key}.Properties.${loc.property}`, ctx, syntax);
      if (doc) out.push(doc);
    } else if (e) add(e, loc.property, policyType, loc.service);
  }
  if (type === 'AWS::Organizations::Policy') {
    const orgType = ORGANIZATIONS_TYPES[scalarString(entry(props, 'Type')) ?? ''];
    const e = props.entries.find((x) => x.key === 'Content');
    if (orgType && e) add(e, 'Content', orgType);
  }
  if (INLINE_POLICIES.has(type)) {
    const list = props.entries.find((x) => x.key === 'Policies');
    eachItem(list?.value, (item, i) => {
      const doc = item.kind === 'map' ? item.entries.find((x) => x.key === 'PolicyDocument') : undefined;
      if (doc) add(doc, `Policies[${i}].PolicyDocument`, 'identity');
    });
  }
  if (SAM_POLICIES.has(type)) out.push(...samPolicies(res.key, props, ctx, syntax, problems));
  // An Api event of a function may give the implicit API's resource policy (SAM specification, Api event, Auth).
  if (type === 'AWS::Serverless::Function')
    for (const ev of mapEntries(entry(props, 'Events'))) {
      if (scalarString(entry(ev.value, 'Type')) !== 'Api') continue;
      const custom = customStatements(entry(entry(entry(ev.value, 'Properties'), 'Auth'), 'ResourcePolicy'), ctx, syntax);
      const label = `${res.key}.Properties.Events.${ev.key}.Properties.${custom?.label ?? ''}`;
      if (custom) out.push({ ...custom, label, value: expandExecuteApi(custom.value, 'ServerlessRestApi') });
    }
  if (type === 'AWS::Serverless::Api') {
    const domain = entry(props, 'Domain');
    const policy = domain?.kind === 'map' && !intrinsicOf(domain) ? domain.entries.find((x) => x.key === 'Policy') : undefined;
    if (policy) add(policy, 'Domain.Policy', 'resource', 'execute-api');
    const custom = customStatements(entry(entry(props, 'Auth'), 'ResourcePolicy'), ctx, syntax);
    if (custom) out.push({ ...custom, label: `${res.key}.Properties.${custom.label}`, value: expandExecuteApi(custom.value, res.key) });
  }
  return out;
}

/**
 * SAM's `Auth.ResourcePolicy` of an API: its `CustomStatements` (a statement or a list of them) are
 * written as they are into the API's resource policy, with `Version: 2012-10-17` (SAM's
 * translator, api_with_resource_policy test output). The other keys (`AwsAccountWhitelist`,
 * `IpRangeBlacklist`, …) make statements SAM writes; with them the document is partial.
 */
function customStatements(resourcePolicy: CfnNode | undefined, ctx: TemplateContext, syntax: 'json' | 'yaml'): ExtractedPolicy | undefined {
  if (resourcePolicy?.kind !== 'map' || intrinsicOf(resourcePolicy)) return undefined;
  const e = resourcePolicy.entries.find((x) => x.key === 'CustomStatements');
  if (!e) return undefined;
  const conv = { partial: resourcePolicy.entries.length > 1 };
  const statements = ifCollection(e.value, ctx, conv, true) ?? toHostValue(e.value, ctx, conv);
  if (!statements) return undefined;
  const key = e.keyRange;
  const value: HostValue = {
    kind: 'object',
    range: { start: key.start, end: e.value.range.end },
    entries: [
      { key: 'Version', keyRange: key, value: { kind: 'string', range: key, value: '2012-10-17' } },
      { key: 'Statement', keyRange: key, value: statements },
    ],
  };
  return {
    value,
    policyType: 'resource',
    resourceService: 'execute-api',
    label: 'Auth.ResourcePolicy.CustomStatements',
    range: key,
    syntax,
    ...(conv.partial ? { partial: true } : {}),
    assumptions: ["SAM writes CustomStatements into the API's resource policy, with Version 2012-10-17"],
  };
}

/** The items of a list, with both branches of an `Fn::If` item and without `AWS::NoValue`. */
export function eachItem(list: CfnNode | undefined, visit: (item: CfnNode, index: number) => void): void {
  if (list?.kind !== 'seq' || list.tag) return;
  list.items.forEach((item, i) => {
    for (const n of ifBranches(item) ?? [item]) if (!isNoValue(n)) visit(n, i);
  });
}

/**
 * The documents at one property: its value, or each branch of an `Fn::If` around it. A document
 * given as a JSON string (also the template of an `Fn::Sub`) is parsed (embedded.ts); one built
 * by another function (`!ImportValue`, `!Join`) is reported as not analysed (a symbolic value).
 * The string's JSON syntax errors go to `problems`.
 */
export function documentsAt(
  e: CfnEntry,
  label: string,
  policyType: PolicyType,
  service: string | undefined,
  ctx: TemplateContext,
  syntax: 'json' | 'yaml',
  problems?: HostProblem[],
): ExtractedPolicy[] {
  const branches = ifBranches(e.value);
  const nodes = branches ? branches.filter((b) => !isNoValue(b)) : [e.value];
  return nodes.map((node, i) => {
    const conv = { partial: false };
    const suffix = branches ? ` (${i === 0 ? 'if' : 'else'} branch)` : '';
    const string = node.kind === 'map' && !intrinsicOf(node) ? undefined : stringDocument(node, ctx, syntax, label + suffix);
    if (string) problems?.push(...string.problems);
    const value: HostValue =
      string?.value ??
      (node.kind === 'map' && !intrinsicOf(node) ? (toHostValue(node, ctx, conv) ?? notAnalyzed(node, ctx)) : notAnalyzed(node, ctx));
    return {
      value,
      policyType,
      ...(service ? { resourceService: service } : {}),
      label: label + suffix,
      range: e.keyRange,
      // A JSON string is JSON text wherever it is written.
      syntax: string ? 'json' : syntax,
      ...(string ? { embedded: string.embedded } : {}),
      ...(conv.partial ? { partial: true } : {}),
    };
  });
}

/** A document written as a JSON string, plain or as the template of `Fn::Sub` (`!Sub |`, `Fn::Sub: [text, {vars}]`). */
function stringDocument(node: CfnNode, ctx: TemplateContext, syntax: 'json' | 'yaml', label: string): EmbeddedDocument | undefined {
  if (node.kind === 'scalar' && !node.tag) return embeddedDocument(node, ctx, syntax, label);
  const fn = intrinsicOf(node);
  if (fn?.fn !== 'Fn::Sub') return undefined;
  const template = fn.arg.kind === 'seq' ? fn.arg.items[0] : fn.arg;
  const vars = fn.arg.kind === 'seq' ? fn.arg.items[1] : undefined;
  if (template?.kind !== 'scalar' || template.tag) return undefined;
  return embeddedDocument(template, ctx, syntax, label, { vars, node });
}

/** A document that cannot be seen as one value: a JSON string, `!ImportValue`, `!Sub` of a document, … */
function notAnalyzed(node: CfnNode, ctx: TemplateContext): HostValue {
  const what = node.kind === 'scalar' && !node.tag ? 'a string' : sourceText(ctx, node);
  return { kind: 'symbolic', range: node.range, parts: [{ expr: what, kind: 'unknown', range: node.range }] };
}
