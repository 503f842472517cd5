/**
 * A Terraform configuration (the `.tf` files of one folder, or one file) as workspace-model
 * entities of one account: `aws_iam_role` (trust, `inline_policy`, `managed_policy_arns`,
 * `permissions_boundary`, tags), `aws_iam_user`, `aws_iam_group` and their memberships, policies
 * and attachments, `aws_iam_policy`, `aws_iam_instance_profile`, and resources with their policies
 * and tags (buckets, queues, topics, keys, secrets, tables, functions). Argument names are the AWS
 * provider's (registry.terraform.io/providers/hashicorp/aws, resource pages).
 *
 * Policy documents are the host layer's policy views (hosts/terraform.ts: `aws_iam_policy_document`,
 * `jsonencode`, heredocs), rendered with the import's account and region (render.ts). Entities are
 * named by their `name` (or the resource's label) and found by their address (`aws_iam_role.app`).
 */
import type { PolicyDefSpec, ResourceSpec, RoleSpec, TemplateImportOptions, TemplateSpec } from '../../core/model/spec';
import type { SourceLocation, Tags } from '../../core/model/types';
import type { HclNode } from '../hosts/hclTree';
import { childOfType } from '../hosts/hclTree';
import { hclValue, unwrap, type Source } from '../hosts/hclValues';
import { extractTerraform, type TopLevelBlock } from '../hosts/terraform';
import { attributesOf, blockLabels, blockName } from '../hosts/terraformDocument';
import type { ExtractedPolicy, HostValue } from '../hosts/types';
import type { RenderEnv, Unresolved } from './render';
import { arnFromFormat, labelPath, RANDOM_STAND_IN, render, renderString, renderStrings, unresolvedWarning } from './render';
import { iamPath } from '../hosts/cloudformation/resourceArns';
import { linkEntities, type Attachment, type FoundEntities } from './link';

/** ARN format and attributes per resource type (provider "Attribute Reference" sections). */
interface Shape {
  readonly name: string;
  readonly arn: string;
  /** What `.id` is. */
  readonly id: 'name' | 'arn' | 'url' | 'key';
}

const SHAPES: Readonly<Record<string, Shape>> = {
  aws_iam_role: { name: 'name', arn: 'arn:{partition}:iam::{account}:role{path}{name}', id: 'name' },
  aws_iam_user: { name: 'name', arn: 'arn:{partition}:iam::{account}:user{path}{name}', id: 'name' },
  aws_iam_group: { name: 'name', arn: 'arn:{partition}:iam::{account}:group{path}{name}', id: 'name' },
  aws_iam_policy: { name: 'name', arn: 'arn:{partition}:iam::{account}:policy{path}{name}', id: 'arn' },
  aws_iam_instance_profile: { name: 'name', arn: 'arn:{partition}:iam::{account}:instance-profile{path}{name}', id: 'name' },
  aws_s3_bucket: { name: 'bucket', arn: 'arn:{partition}:s3:::{name}', id: 'name' },
  aws_sqs_queue: { name: 'name', arn: 'arn:{partition}:sqs:{region}:{account}:{name}', id: 'url' },
  aws_sns_topic: { name: 'name', arn: 'arn:{partition}:sns:{region}:{account}:{name}', id: 'arn' },
  aws_kms_key: { name: '', arn: 'arn:{partition}:kms:{region}:{account}:key/{name}', id: 'key' },
  aws_secretsmanager_secret: {
    name: 'name',
    arn: `arn:{partition}:secretsmanager:{region}:{account}:secret:{name}-${RANDOM_STAND_IN}`,
    id: 'arn',
  },
  aws_dynamodb_table: { name: 'name', arn: 'arn:{partition}:dynamodb:{region}:{account}:table/{name}', id: 'name' },
  aws_lambda_function: { name: 'function_name', arn: 'arn:{partition}:lambda:{region}:{account}:function:{name}', id: 'name' },
  aws_ecr_repository: { name: 'name', arn: 'arn:{partition}:ecr:{region}:{account}:repository/{name}', id: 'name' },
};

const RESOURCE_TYPES = new Set([
  'aws_s3_bucket',
  'aws_sqs_queue',
  'aws_sns_topic',
  'aws_kms_key',
  'aws_secretsmanager_secret',
  'aws_dynamodb_table',
  'aws_lambda_function',
  'aws_ecr_repository',
]);

type Attrs = Map<string, { node: HclNode; value: HclNode }>;

/** One instance of a resource or data block (a block with `count`/`for_each` has several). */
interface Block {
  readonly file: string;
  readonly src: Source;
  readonly node: HclNode;
  readonly kind: string;
  readonly type: string;
  readonly name: string;
  readonly attrs: Attrs;
  /** `aws_iam_role.app`: what the host layer's policy labels start with. */
  readonly base: string;
  /** `aws_iam_role.app`, `aws_iam_role.app[0]`, `aws_iam_role.app["a"]` (inside its module). */
  readonly address: string;
  /** The instance's values: `count.index`, `each.key`, `each.value` over the configuration's. */
  readonly env: RenderEnv;
}

/** A parsed Terraform file. */
export interface TerraformFile {
  readonly path: string;
  readonly blocks: readonly TopLevelBlock[];
  readonly problems: readonly string[];
}

/** Reads the `.tf` files of a workspace-relative folder (a local module), or undefined when it has none. */
export type ModuleLoader = (dir: string) => readonly TerraformFile[] | undefined;

/** At most this many instances per `count`/`for_each` block, and this deep a module nesting. */
const MAX_INSTANCES = 100;
const MAX_MODULE_DEPTH = 4;
/**
 * Module instances read per import, all levels together: a folder whose module blocks name itself
 * (`source = "./"`) would otherwise be read k^4 times for k such blocks (8 blocks: 4,680 readers, 5.7 s).
 */
const MAX_MODULES = 100;

/** Reads Terraform files (already parsed into top-level blocks) at workspace-relative paths. */
export function terraformEntities(
  files: readonly TerraformFile[],
  options: TemplateImportOptions,
  loadModule?: ModuleLoader,
): TemplateSpec {
  const shared = { unresolved: new Map() as Unresolved, skipped: [] as string[], files: [] as TerraformFile[], modules: 0 };
  const reader = new TerraformReader(files, options, shared, loadModule);
  const all = [...files, ...shared.files];
  return {
    kind: 'terraform',
    ...reader.read(),
    problems: reader.problems(all.flatMap((f) => f.problems)),
    files: [...new Set(all.map((f) => f.path))],
  };
}

/** Values of one instance over the configuration's (looked up when asked, so later names count). */
class InstanceValues extends Map<string, string> {
  constructor(
    private readonly base: ReadonlyMap<string, string>,
    own: Iterable<readonly [string, string]>,
  ) {
    super(own);
  }

  override get(key: string): string | undefined {
    const own = super.get(key);
    if (own !== undefined) return own;
    // `aws_iam_role.app[count.index].name` beside a block with the same count: this instance's sibling.
    const index = super.get('count.index');
    const each = super.get('each.key');
    let k = key;
    if (index !== undefined) k = k.replaceAll('[count.index]', `[${index}]`);
    if (each !== undefined) k = k.replaceAll('[each.key]', `[${JSON.stringify(each)}]`);
    return this.base.get(k);
  }

  override has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

class TerraformReader {
  private readonly blocks: Block[] = [];
  private readonly byLabel = new Map<string, { file: string; policy: ExtractedPolicy }>();
  private readonly unresolved: Unresolved;
  private readonly skipped: string[];
  private readonly env: RenderEnv;
  private readonly values = new Map<string, string>();
  /** Variable defaults and locals as written (lists and maps too, for `for_each`). */
  private readonly raw = new Map<string, HostValue>();
  private readonly children: TerraformReader[] = [];
  private readonly outputs = new Map<string, string>();

  constructor(
    files: readonly TerraformFile[],
    options: TemplateImportOptions,
    private readonly shared: { unresolved: Unresolved; skipped: string[]; files: TerraformFile[]; modules: number },
    loadModule?: ModuleLoader,
    /** `module.net.` inside a module: entities are found by `module.net.aws_iam_role.app`. */
    private readonly prefix = '',
    depth = 0,
  ) {
    this.unresolved = shared.unresolved;
    this.skipped = shared.skipped;
    const values = this.values;
    const locals: { name: string; src: Source; node: HclNode }[] = [];
    const modules: { file: string; name: string; src: Source; attrs: Attrs }[] = [];
    const outputs: { name: string; src: Source; node: HclNode }[] = [];
    const written: Omit<Block, 'address' | 'env'>[] = [];
    for (const f of files) {
      for (const p of extractTerraform(f.blocks).policies)
        if (!this.byLabel.has(p.label)) this.byLabel.set(p.label, { file: f.path, policy: p });
      for (const b of f.blocks) {
        if (b.node.type !== 'block') continue;
        const src: Source = { text: b.text, resolve: () => undefined };
        const kind = blockName(src, b.node);
        const [type = '', name = ''] = blockLabels(src, b.node);
        const attrs = attributesOf(src, b.node);
        if (kind === 'variable') {
          const def = attrs.get('default') && hclValue(src, attrs.get('default')!.value);
          if (def?.kind === 'string' || def?.kind === 'number' || def?.kind === 'boolean') values.set(`var.${type}`, String(def.value));
          if (def) this.raw.set(`var.${type}`, def);
        } else if (kind === 'locals') {
          // Locals of every file of the folder (Terraform reads a module's files as one).
          for (const [n, a] of attrs) {
            locals.push({ name: n, src, node: a.value });
            this.raw.set(`local.${n}`, hclValue(src, a.value));
          }
        } else if (kind === 'module') modules.push({ file: f.path, name: type, src, attrs });
        else if (kind === 'output' && attrs.get('value')) outputs.push({ name: type, src, node: attrs.get('value')!.value });
        else if (kind === 'resource' || kind === 'data')
          written.push({
            file: f.path,
            src,
            node: b.node,
            kind,
            type,
            name,
            attrs,
            base: `${kind === 'data' ? 'data.' : ''}${type}.${name}`,
          });
      }
    }
    for (const [k, v] of Object.entries(options.parameters)) {
      values.set(`var.${k}`, v);
      this.raw.delete(`var.${k}`);
    }
    this.env = {
      account: options.account,
      region: options.region,
      partition: options.partition,
      stackName: '',
      values,
      resources: new Map(),
    };
    this.resolveLocals(locals);
    for (const b of written) this.blocks.push(...this.instances(b));
    // Names use variables and locals only; then every entity's attributes are known to the policies.
    for (const b of this.blocks) {
      const shape = b.kind === 'resource' ? SHAPES[b.type] : undefined;
      if (!shape) continue;
      const address = b.address;
      const name = (shape.name ? this.string(b, shape.name) : undefined) ?? unnamed(b);
      const arn = this.arnOf(shape.arn, name, iamPath(this.string(b, 'path')));
      const url = `https://sqs.${options.region}.amazonaws.com/${options.account}/${name}`;
      values.set(`${address}.arn`, arn);
      values.set(`${address}.id`, shape.id === 'arn' ? arn : shape.id === 'url' ? url : name);
      if (shape.name) values.set(`${address}.${shape.name}`, name);
      if (b.type === 'aws_sqs_queue') values.set(`${address}.url`, url);
      if (b.type === 'aws_kms_key') values.set(`${address}.key_id`, name);
    }
    // Locals built from the configuration's own resources (`local.bucket_arn = aws_s3_bucket.b.arn`).
    this.resolveLocals(locals);
    for (const m of modules) this.module(m, options, loadModule, depth);
    for (const o of outputs) {
      const probe: Unresolved = new Map();
      const v = renderString(hclValue(o.src, o.node), this.env, probe);
      if (v !== undefined && probe.size === 0) this.outputs.set(o.name, v);
    }
  }

  /** Locals whose value is known from variables, other locals and names (a few passes, for locals using locals). */
  private resolveLocals(locals: readonly { name: string; src: Source; node: HclNode }[]): void {
    for (let pass = 0; pass < 8; pass++) {
      let changed = false;
      for (const l of locals) {
        const key = `local.${l.name}`;
        if (this.values.has(key)) continue;
        const probe: Unresolved = new Map();
        const v = renderString(hclValue(l.src, l.node), this.env, probe);
        if (v !== undefined && probe.size === 0) {
          this.values.set(key, v);
          changed = true;
        }
      }
      if (!changed) return;
    }
  }

  /**
   * The instances of a block: one per `count` index or `for_each` key when the count or the
   * collection is written in the configuration (a literal, a variable's default, a local), else
   * one instance whose `count.index`/`each.*` stay unknown, with a warning.
   */
  private instances(b: Omit<Block, 'address' | 'env'>): Block[] {
    const count = b.attrs.get('count');
    const forEach = b.attrs.get('for_each');
    const one = (address: string, own: [string, string][]): Block => ({
      ...b,
      address,
      env: own.length > 0 ? { ...this.env, values: new InstanceValues(this.values, own) } : this.env,
    });
    if (!count && !forEach) return [one(b.base, [])];
    if (count) {
      const probe: Unresolved = new Map();
      const text = renderString(hclValue(b.src, count.value), this.env, probe);
      const n = text !== undefined && probe.size === 0 && /^\d+$/.test(text) ? Number(text) : undefined;
      if (n !== undefined && n <= MAX_INSTANCES)
        return Array.from({ length: n }, (_, i) => one(`${b.base}[${i}]`, [['count.index', String(i)]]));
    } else if (forEach) {
      const entries = this.collection(b.src, forEach.value);
      if (entries && entries.length <= MAX_INSTANCES)
        return entries.map(([k, v]) =>
          one(`${b.base}[${JSON.stringify(k)}]`, [
            ['each.key', k],
            ...(v !== undefined ? ([['each.value', v]] as [string, string][]) : []),
          ]),
        );
    }
    this.skipped.push(
      `${this.prefix}${b.base}: its ${count ? 'count' : 'for_each'} is known only at deployment (or above ${MAX_INSTANCES}); read as one entity, ${count ? 'count.index' : 'each.key and each.value'} unknown.`,
    );
    return [one(b.base, [])];
  }

  /** The keys and values of a `for_each` collection written in the configuration (toset/tomap of a literal, a variable's default, a local). */
  private collection(src: Source, node: HclNode): [string, string | undefined][] | undefined {
    let inner = unwrap(node);
    if (inner.type === 'function_call') {
      const fn = src.text.slice(inner.children[0]?.start ?? 0, inner.children[0]?.end ?? 0);
      const arg = childOfType(inner, 'function_arguments')?.children.find((c) => c.type === 'expression');
      if (!['toset', 'tomap', 'tolist'].includes(fn) || !arg) return undefined;
      inner = arg;
    }
    let v: HostValue | undefined = hclValue(src, inner);
    if (v.kind === 'symbolic' && v.parts.length === 1 && typeof v.parts[0] !== 'string') v = this.raw.get(v.parts[0]!.expr);
    const probe: Unresolved = new Map();
    let out: [string, string | undefined][] | undefined;
    if (v?.kind === 'array') out = v.items.map((i) => renderString(i, this.env, probe)).map((k) => [k ?? '', k]);
    else if (v?.kind === 'object') out = v.entries.map((e) => [e.key, renderString(e.value, this.env, probe)]);
    return out && probe.size === 0 && out.every(([k]) => k !== '') ? out : undefined;
  }

  /** A local module (`source = "./mod"`): its files read with the module block's arguments as variables. */
  private module(
    m: { file: string; name: string; src: Source; attrs: Attrs },
    options: TemplateImportOptions,
    loadModule: ModuleLoader | undefined,
    depth: number,
  ): void {
    const where = `${this.prefix}module.${m.name}`;
    const source = m.attrs.get('source') && hclValue(m.src, m.attrs.get('source')!.value);
    const path = source?.kind === 'string' ? source.value : undefined;
    if (path === undefined || !/^\.\.?(\/|$)/.test(path)) {
      this.skipped.push(`${where}: only local modules (source = "./…") are read; left out.`);
      return;
    }
    const dir = joinPath(m.file.includes('/') ? m.file.slice(0, m.file.lastIndexOf('/')) : '', path);
    if (this.shared.modules >= MAX_MODULES) {
      this.skipped.push(`${where}: more than ${MAX_MODULES} module instances in one import; left out.`);
      return;
    }
    this.shared.modules++;
    const files = dir !== undefined && depth < MAX_MODULE_DEPTH ? loadModule?.(dir) : undefined;
    if (!files || files.length === 0) {
      this.skipped.push(
        `${where}: ${dir ?? path} has no .tf files to read${depth >= MAX_MODULE_DEPTH ? ' (modules nested too deep)' : ''}; left out.`,
      );
      return;
    }
    this.shared.files.push(...files);
    const inputs: Record<string, string> = {};
    for (const [k, a] of m.attrs) {
      if (['source', 'version', 'providers', 'count', 'for_each', 'depends_on'].includes(k)) continue;
      const v = renderString(hclValue(m.src, a.value), this.env, this.unresolved);
      if (v !== undefined) inputs[k] = v;
    }
    const child = new TerraformReader(files, { ...options, parameters: inputs }, this.shared, loadModule, `${where}.`, depth + 1);
    this.children.push(child);
    for (const [k, v] of child.outputs) this.values.set(`module.${m.name}.${k}`, v);
  }

  problems(fileProblems: readonly string[]): { message: string; severity: 'error' | 'warning' }[] {
    const out: { message: string; severity: 'error' | 'warning' }[] = fileProblems.map((message) => ({ message, severity: 'error' }));
    const unresolved = unresolvedWarning(this.unresolved, 'variables');
    if (unresolved) out.push({ severity: 'warning', message: unresolved });
    for (const s of this.skipped) out.push({ severity: 'warning', message: s });
    return out;
  }

  read(): Pick<TemplateSpec, 'users' | 'groups' | 'roles' | 'resources' | 'policies'> {
    const found = this.fromModules();
    for (const b of this.blocks) {
      if (b.kind !== 'resource') continue;
      const r = this.reading(b);
      this.readEntity(r, found);
      this.readAttachment(r, found);
      this.readResourcePolicy(r, found);
      if (RESOURCE_TYPES.has(b.type)) found.resources.push(this.resource(r));
    }
    return linkEntities(found, found.attached, (x) =>
      this.skipped.push(`a policy is attached to ${x.kind} '${x.name}', which the configuration does not define; left out.`),
    );
  }

  /** Entities of local modules first: the configuration may attach policies to a module's role. */
  private fromModules(): Found {
    const fromModules = this.children.map((c) => c.read());
    return {
      roles: new Map(fromModules.flatMap((m) => m.roles.map((r) => [r.name, r] as const))),
      users: new Map(fromModules.flatMap((m) => m.users.map((u) => [u.name, u] as const))),
      groups: new Map(fromModules.flatMap((m) => m.groups.map((g) => [g.name, g] as const))),
      policies: fromModules.flatMap((m) => [...m.policies]),
      resources: fromModules.flatMap((m) => [...m.resources]),
      attached: [],
      memberships: [],
      profiles: [],
      resourcePolicies: [],
    };
  }

  /** A resource block's address and location, and its arguments rendered with its instance's values. */
  private reading(b: Block): BlockReading {
    return {
      b,
      address: `${this.prefix}${b.address}`,
      at: { file: b.file, path: [b.type, b.name] },
      name: () => this.values.get(`${b.address}.${SHAPES[b.type]?.name || 'id'}`) ?? unnamed(b),
      str: (arg) => this.string(b, arg),
      strs: (arg) => this.strings(b, arg),
      doc: (arg, label = `${b.base}.${arg}`) => this.document(b, arg, label),
    };
  }

  /** Roles, users, groups and managed policies. */
  private readEntity(r: BlockReading, found: Found): void {
    const { b, address, at, name, str } = r;
    switch (b.type) {
      case 'aws_iam_role':
        found.roles.set(name(), this.role(r));
        break;
      case 'aws_iam_user': {
        const boundary = str('permissions_boundary');
        found.users.set(name(), {
          name: name(),
          alias: address,
          path: iamPath(str('path')),
          at,
          tags: this.tags(b),
          groups: [],
          managed: [],
          inline: [],
          ...(boundary ? { boundary: { ref: boundary, at, name: `${address} permissions boundary` } } : {}),
        });
        break;
      }
      case 'aws_iam_group':
        found.groups.set(name(), { name: name(), alias: address, path: iamPath(str('path')), at, managed: [], inline: [] });
        break;
      case 'aws_iam_policy': {
        const d = r.doc('policy');
        if (d) found.policies.push({ name: name(), document: d.document, at, docSource: d.at, arn: this.values.get(`${b.address}.arn`)! });
        break;
      }
      default:
        break;
    }
  }

  /** An `aws_iam_role`: trust policy, `inline_policy` blocks, managed policies, boundary, session duration. */
  private role(r: BlockReading): RoleSpec {
    const { b, address, at, name, str } = r;
    const trust = r.doc('assume_role_policy');
    const boundary = str('permissions_boundary');
    const max = str('max_session_duration');
    const inline: PolicyDefSpec[] = [];
    let i = 0;
    for (const item of childOfType(b.node, 'body')?.children ?? []) {
      if (item.type !== 'block' || blockName(b.src, item) !== 'inline_policy') continue;
      const label = `${b.base}.inline_policy[${i}].policy`;
      const d = this.byLabel.get(label);
      const n = attributesOf(b.src, item).get('name');
      const policyName = (n && renderString(hclValue(b.src, n.value), b.env, this.unresolved)) ?? `${b.name}-inline-${i}`;
      if (d && d.policy.value.kind === 'object')
        inline.push({
          name: policyName,
          document: render(d.policy.value, b.env, this.unresolved),
          at,
          docSource: { file: d.file, path: labelPath(label) },
        });
      i++;
    }
    return {
      name: name(),
      alias: address,
      path: iamPath(str('path')),
      at,
      tags: this.tags(b),
      inline,
      managed: r.strs('managed_policy_arns').map((ref) => ({ ref, at })),
      ...(trust ? { trust: { ref: { document: trust.document }, at, docAt: trust.at, name: `${address} trust policy` } } : {}),
      ...(boundary ? { boundary: { ref: boundary, at, name: `${address} permissions boundary` } } : {}),
      ...(max && /^\d+$/.test(max) ? { maxSessionDuration: Number(max) } : {}),
    };
  }

  /** Inline policies and attachments of roles, users and groups; group memberships; instance profiles. */
  private readAttachment(r: BlockReading, found: Found): void {
    const { b, at, str, strs } = r;
    switch (b.type) {
      case 'aws_iam_role_policy':
      case 'aws_iam_user_policy':
      case 'aws_iam_group_policy': {
        const d = r.doc('policy');
        const kind = b.type === 'aws_iam_role_policy' ? 'role' : b.type === 'aws_iam_user_policy' ? 'user' : 'group';
        const target = str(kind);
        if (d && target)
          found.attached.push({ kind, name: target, inline: { name: str('name') ?? b.name, document: d.document, at, docSource: d.at } });
        break;
      }
      case 'aws_iam_role_policy_attachment':
      case 'aws_iam_user_policy_attachment':
      case 'aws_iam_group_policy_attachment': {
        const kind = b.type === 'aws_iam_role_policy_attachment' ? 'role' : b.type === 'aws_iam_user_policy_attachment' ? 'user' : 'group';
        const target = str(kind);
        const arn = str('policy_arn');
        if (target && arn) found.attached.push({ kind, name: target, managed: { ref: arn, at } });
        break;
      }
      case 'aws_iam_policy_attachment': {
        const arn = str('policy_arn');
        if (!arn) break;
        for (const [kind, arg] of [
          ['role', 'roles'],
          ['user', 'users'],
          ['group', 'groups'],
        ] as const)
          for (const n of strs(arg)) found.attached.push({ kind, name: n, managed: { ref: arn, at } });
        break;
      }
      case 'aws_iam_user_group_membership': {
        const user = str('user');
        if (user) for (const g of strs('groups')) found.memberships.push({ user, group: g, at });
        break;
      }
      case 'aws_iam_group_membership': {
        const group = str('group');
        if (group) for (const u of strs('users')) found.memberships.push({ user: u, group, at });
        break;
      }
      case 'aws_iam_instance_profile': {
        const role = str('role');
        if (role) found.profiles.push({ role, profile: r.name() });
        break;
      }
      default:
        break;
    }
  }

  /** Policies a separate block sets on a bucket, queue, topic, key or secret. */
  private readResourcePolicy(r: BlockReading, found: Found): void {
    const { b, address, at } = r;
    const arg = POLICY_TARGET_ARGUMENT.get(b.type);
    if (!arg) return;
    const named = r.str(arg);
    const d = r.doc('policy');
    if (!named || !d) return;
    const target =
      b.type !== 'aws_s3_bucket_policy' ? this.arnFor(named) : named.startsWith('arn:') ? named : `arn:${this.env.partition}:s3:::${named}`;
    found.resourcePolicies.push({ target, ref: { ref: { document: d.document }, at, docAt: d.at, name: address } });
  }

  /** A bucket, queue, topic, key, secret, table or function, with its own policy and a function's role. */
  private resource(r: BlockReading): ResourceSpec {
    const { b, address, at, str } = r;
    const own = b.attrs.has('policy') ? r.doc('policy') : undefined;
    const role = b.type === 'aws_lambda_function' ? str('role') : undefined;
    return {
      arn: this.values.get(`${b.address}.arn`)!,
      alias: address,
      at,
      tags: this.tags(b),
      ...(own ? { policy: { ref: { document: own.document }, at, docAt: own.at, name: `${address} policy` } } : {}),
      ...(role ? { runsAs: { name: role, at } } : {}),
    };
  }

  /** A queue URL, key id or secret ARN as the ARN of the resource it names. */
  private arnFor(target: string): string {
    if (target.startsWith('arn:')) return target;
    for (const [k, v] of this.env.values) {
      if ((k.endsWith('.url') || k.endsWith('.key_id') || k.endsWith('.id')) && v === target) {
        const arn = this.env.values.get(`${k.slice(0, k.lastIndexOf('.'))}.arn`);
        if (arn) return arn;
      }
    }
    return target;
  }

  /** The document an argument holds (inline or a data source's `.json`), rendered, with where it is. */
  private document(b: Block, arg: string, label: string): { document: unknown; at: SourceLocation } | undefined {
    let hit = this.byLabel.get(label);
    if (!hit) {
      const a = b.attrs.get(arg);
      const v = a ? hclValue(b.src, a.value) : undefined;
      const expr = v?.kind === 'symbolic' && v.parts.length === 1 && typeof v.parts[0] !== 'string' ? v.parts[0]!.expr : undefined;
      const m = expr ? /^data\.aws_iam_policy_document\.([^.]+)\.(json|minified_json)$/.exec(expr) : null;
      if (m) hit = this.byLabel.get(`data.aws_iam_policy_document.${m[1]}`);
      else if (a) {
        this.skipped.push(`${label} is not a document known before deployment; left out of simulations.`);
        return undefined;
      }
    }
    if (!hit) return undefined;
    if (hit.policy.value.kind !== 'object') {
      this.skipped.push(`${hit.policy.label} is not a document known before deployment; left out of simulations.`);
      return undefined;
    }
    return { document: render(hit.policy.value, b.env, this.unresolved), at: { file: hit.file, path: labelPath(hit.policy.label) } };
  }

  private value(b: Block, arg: string): HostValue | undefined {
    const a = b.attrs.get(arg);
    return a ? hclValue(b.src, a.value) : undefined;
  }

  private string(b: Block, arg: string): string | undefined {
    return renderString(this.value(b, arg), b.env, this.unresolved);
  }

  private strings(b: Block, arg: string): string[] {
    return renderStrings(this.value(b, arg), b.env, this.unresolved);
  }

  private tags(b: Block): Tags {
    const v = this.value(b, 'tags');
    const out: Record<string, string> = {};
    if (v?.kind !== 'object') return out;
    for (const e of v.entries) {
      const s = renderString(e.value, b.env, this.unresolved);
      if (s !== undefined) out[e.key] = s;
    }
    return out;
  }

  private arnOf(format: string, name: string, path: string): string {
    return arnFromFormat(format, this.env, name, path);
  }
}

/** `dir` joined with a relative `path` (`./mod`, `../shared`), `/`-separated; undefined when it leaves the workspace. */
function joinPath(dir: string, path: string): string | undefined {
  const out = dir === '' ? [] : dir.split('/');
  for (const piece of path.split('/')) {
    if (piece === '' || piece === '.') continue;
    if (piece === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(piece);
  }
  return out.join('/');
}

/** What `read` finds in the blocks: with the policies attached by blocks of their own. */
interface Found extends FoundEntities {
  readonly attached: Attachment[];
}

/** One resource block as `read` sees it: address, location, and its arguments rendered. */
interface BlockReading {
  readonly b: Block;
  /** With the module prefix (`module.net.aws_iam_role.app`). */
  readonly address: string;
  readonly at: SourceLocation;
  name(): string;
  str(arg: string): string | undefined;
  strs(arg: string): string[];
  doc(arg: string, label?: string): { document: unknown; at: SourceLocation } | undefined;
}

/** The argument naming the resource whose policy a policy block sets. */
const POLICY_TARGET_ARGUMENT: ReadonlyMap<string, string> = new Map([
  ['aws_s3_bucket_policy', 'bucket'],
  ['aws_sqs_queue_policy', 'queue_url'],
  ['aws_sns_topic_policy', 'arn'],
  ['aws_kms_key_policy', 'key_id'],
  ['aws_secretsmanager_secret_policy', 'secret_arn'],
]);

/** The name of an entity the configuration does not name: its label, with the instance key (`app-0`, `app-a`). */
function unnamed(b: Pick<Block, 'name' | 'base' | 'address'>): string {
  if (b.address === b.base) return b.name;
  const key = b.address.slice(b.base.length + 1, -1);
  return `${b.name}-${key.startsWith('"') ? (JSON.parse(key) as string) : key}`;
}
