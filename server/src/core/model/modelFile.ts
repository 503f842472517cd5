/**
 * Reads a model file (`*.iam-model.json`, see schemas/iam-model.schema.json) into specs. Lenient:
 * a wrong-typed entry is reported (MODEL_INVALID) and skipped, the rest still loads, so the editor
 * can simulate while the file is being written. Account-details files named by `import` (at the
 * top or per account) are read through the context and merged: entries written in the model file
 * win over imported ones with the same name.
 */
import { isRecord } from '../json';
import { importAccountDetails, isAccountDetails, tags } from './gaad';
import { at, isInlineDocument, ResolveContext } from './policies';
import type {
  AccountSpec,
  GroupSpec,
  NamedRef,
  NeverSpec,
  NoPathSpec,
  OrganizationSpec,
  OrgLevelSpec,
  PolicyDefSpec,
  RefSpec,
  ResourceSpec,
  RoleSpec,
  TestSpec,
  UserSpec,
} from './spec';
import type { SourceLocation } from './types';

/** Everything a model file declares. */
export interface ModelFileSpec {
  readonly accounts: AccountSpec[];
  readonly organization?: OrganizationSpec;
  readonly tests: TestSpec[];
  readonly noPaths?: NoPathSpec[];
  readonly nevers?: NeverSpec[];
  readonly defaultRegion?: string;
}

/** Reads a parsed model file (or bare account-details output) located at `file`. */
export function readModelFile(value: unknown, file: string, ctx: ResolveContext): ModelFileSpec {
  const root: SourceLocation = { file, path: [] };
  if (isAccountDetails(value)) return { accounts: imported(value, file, ctx), tests: [] };
  if (!isRecord(value)) {
    ctx.report(
      'MODEL_INVALID',
      root,
      'A model file must be a JSON object with "accounts" (or the output of aws iam get-account-authorization-details).',
    );
    return { accounts: [], tests: [] };
  }
  const region = typeof value['defaultRegion'] === 'string' ? value['defaultRegion'] : undefined;
  const declared = Array.isArray(value['accounts'])
    ? value['accounts'].flatMap((a) => (isRecord(a) && typeof a['id'] === 'string' && /^\d{12}$/.test(a['id']) ? [a['id']] : []))
    : [];
  const place: Placement = { declared: [...new Set(declared)], ...(region ? { region } : {}) };
  const accounts = [
    ...imports(value['imports'], root, ctx, place),
    ...list(value, 'accounts', root, ctx).flatMap(([v, loc]) => account(v, loc, ctx, place)),
  ];
  const org = isRecord(value['organization']) ? organization(value['organization'], at(root, 'organization'), ctx) : undefined;
  const entries = list(value, 'tests', root, ctx);
  const tests = entries.filter(([v]) => !isNoPath(v) && !isNever(v)).flatMap(([v, loc]) => test(v, loc, ctx));
  const nevers = entries.filter(([v]) => isNever(v)).flatMap(([v, loc]) => never(v as Record<string, unknown>, loc, ctx));
  const noPaths = entries.filter(([v]) => isNoPath(v)).flatMap(([v, loc]) => noPath(v as Record<string, unknown>, loc, ctx));
  return {
    accounts,
    tests,
    ...(noPaths.length > 0 ? { noPaths } : {}),
    ...(nevers.length > 0 ? { nevers } : {}),
    ...(region ? { defaultRegion: region } : {}),
    ...(org ? { organization: org } : {}),
  };
}

function isNoPath(v: unknown): boolean {
  return isRecord(v) && v['noPath'] !== undefined;
}

/** `{ "noPath": { "from": "<principal>", "to": "admin" | "<principal>" }, "name"? }`. */
function noPath(v: Record<string, unknown>, loc: SourceLocation, ctx: ResolveContext): NoPathSpec[] {
  const np = v['noPath'];
  if (!isRecord(np) || typeof np['from'] !== 'string' || (np['to'] !== undefined && typeof np['to'] !== 'string')) {
    return bad(
      ctx,
      at(loc, 'noPath'),
      'A noPath assertion is { "noPath": { "from": "<user or role>", "to": "admin" or "<user or role>" } }.',
    );
  }
  return [
    {
      from: np['from'],
      to: typeof np['to'] === 'string' ? np['to'] : 'admin',
      at: loc,
      ...(typeof v['name'] === 'string' ? { name: v['name'] } : {}),
    },
  ];
}

function isNever(v: unknown): boolean {
  return isRecord(v) && v['never'] !== undefined && v['noPath'] === undefined;
}

const NEVER_SHAPE =
  'A never-assertion is { "never": { "principal": "*" | "<user, role, ARN or ARN pattern>" | { "outside": "o-…" | ["<account id>", …], "except": ["<principal>", …] }, "action": "<pattern>" | [...], "resource": "<ARN pattern>" | [...] } }.';

/** `{ "never": { "principal", "action", "resource"? }, "name"? }`. */
function never(v: Record<string, unknown>, loc: SourceLocation, ctx: ResolveContext): NeverSpec[] {
  const n = v['never'];
  const here = at(loc, 'never');
  if (!isRecord(n)) return bad(ctx, here, NEVER_SHAPE);
  const actions = stringsOf(n['action']);
  const resources = n['resource'] === undefined ? ['*'] : stringsOf(n['resource']);
  if (!actions) return bad(ctx, at(here, 'action'), `"action" must be an action pattern or a non-empty list of them. ${NEVER_SHAPE}`);
  if (!resources) return bad(ctx, at(here, 'resource'), `"resource" must be an ARN pattern or a non-empty list of them. ${NEVER_SHAPE}`);
  const p = n['principal'];
  let principal: NeverSpec['principal'];
  if (typeof p === 'string' && p.trim() !== '') principal = { kind: 'one', text: p.trim() };
  else if (isRecord(p)) {
    const outside = p['outside'] === undefined ? [] : stringsOf(p['outside']);
    const except = p['except'] === undefined ? [] : stringsOf(p['except']);
    const unknownKeys = Object.keys(p).filter((k) => k !== 'outside' && k !== 'except');
    if (!outside || !except || unknownKeys.length > 0 || (outside.length === 0 && except.length === 0)) {
      return bad(
        ctx,
        at(here, 'principal'),
        `"principal" as an object has "outside" (organization ids o-… or account ids) and/or "except" (principals). ${NEVER_SHAPE}`,
      );
    }
    const badOutside = outside.find((o) => !/^o-[a-z0-9]{10,32}$/.test(o) && !/^\d{12}$/.test(o));
    if (badOutside !== undefined)
      return bad(ctx, at(here, 'principal', 'outside'), `'${badOutside}' is neither an organization id (o-…) nor a 12-digit account id.`);
    principal = { kind: 'any', outside, except };
  } else return bad(ctx, at(here, 'principal'), `"principal" is missing. ${NEVER_SHAPE}`);
  return [{ principal, actions, resources, at: loc, ...(typeof v['name'] === 'string' ? { name: v['name'] } : {}) }];
}

function imported(value: Record<string, unknown>, file: string, ctx: ResolveContext): AccountSpec[] {
  const problems: { at: SourceLocation; message: string }[] = [];
  const specs = importAccountDetails(value, file, problems);
  for (const p of problems) ctx.report('INVALID_IMPORT', p.at, p.message, 'warning');
  return specs;
}

/** Where imported templates go: the model's accounts and its default region. */
interface Placement {
  readonly declared: readonly string[];
  readonly region?: string;
  /** Set for an account's own `import`. */
  readonly account?: string;
}

/** The account a template stands in when nothing names one (shown as `${AWS::AccountId}` would be). */
export const UNKNOWN_ACCOUNT = '000000000000';

const TEMPLATE_FILE = /(\.ya?ml|\.template|\.cfn|\.tf|\.tofu)$|\/$/i;

/**
 * `imports` entries: account-details files, CloudFormation/SAM templates and Terraform
 * configurations (a `.tf` file or a folder), as a path or `{ "template": path, "account",
 * "region", "parameters" }`.
 */
function imports(raw: unknown, loc: SourceLocation, ctx: ResolveContext, place: Placement): AccountSpec[] {
  if (raw === undefined) return [];
  const refs = Array.isArray(raw) ? raw : [raw];
  return refs.flatMap((ref, i) => {
    const here = at(loc, place.account ? 'import' : 'imports', ...(Array.isArray(raw) ? [i] : []));
    if (isRecord(ref) && typeof ref['template'] === 'string') return templateImport(ref['template'], ref, here, ctx, place);
    if (typeof ref !== 'string')
      return bad(
        ctx,
        here,
        'An import is the path of a get-account-authorization-details JSON file, a CloudFormation/SAM template or a Terraform configuration, or { "template": path, "account": id }.',
      );
    if (TEMPLATE_FILE.test(ref) && ctx.host.importTemplate) return templateImport(ref, {}, here, ctx, place);
    const read = ctx.readJson(ref, here);
    if (!read) return [];
    if (isTemplateValue(read.value) && ctx.host.importTemplate) return templateImport(ref, {}, here, ctx, place);
    if (!isAccountDetails(read.value))
      return bad(
        ctx,
        here,
        `'${ref}' is not get-account-authorization-details output (no UserDetailList, GroupDetailList, RoleDetailList or Policies) nor a CloudFormation template.`,
      );
    return imported(read.value, read.path, ctx);
  });
}

/** A JSON CloudFormation template: `AWSTemplateFormatVersion`, or `Resources` with typed entries. */
function isTemplateValue(v: unknown): boolean {
  return (
    isRecord(v) &&
    (v['AWSTemplateFormatVersion'] !== undefined ||
      (isRecord(v['Resources']) && Object.values(v['Resources']).some((r) => isRecord(r) && typeof r['Type'] === 'string')))
  );
}

/** Reads a template through the host into the account it is placed in. */
function templateImport(
  ref: string,
  options: Record<string, unknown>,
  here: SourceLocation,
  ctx: ResolveContext,
  place: Placement,
): AccountSpec[] {
  const resolved = ctx.resolvePath(ref, here);
  // '' is the workspace folder itself (`"./"` beside a model at the workspace root).
  if (resolved === undefined || !ctx.host.importTemplate) {
    if (!ctx.host.importTemplate) ctx.report('INVALID_IMPORT', here, `'${ref}' is a template; templates cannot be imported here.`);
    return [];
  }
  const given = typeof options['account'] === 'string' ? options['account'] : place.account;
  if (given !== undefined && !/^\d{12}$/.test(given)) return bad(ctx, at(here, 'account'), '"account" must be a 12-digit account id.');
  const account = given ?? (place.declared.length === 1 ? (place.declared[0] as string) : UNKNOWN_ACCOUNT);
  const region = typeof options['region'] === 'string' ? options['region'] : (place.region ?? 'us-east-1');
  const parameters: Record<string, string> = {};
  if (isRecord(options['parameters']))
    for (const [k, v] of Object.entries(options['parameters'])) if (v !== null && typeof v !== 'object') parameters[k] = String(v);
  const read = ctx.host.importTemplate(resolved, {
    account,
    region,
    partition: region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws',
    parameters,
    ...(typeof options['stackName'] === 'string' ? { stackName: options['stackName'] } : {}),
  });
  ctx.files.add(resolved);
  if (!read.ok) {
    const why =
      read.reason === 'missing'
        ? `'${ref}' does not exist (resolved to '${resolved}').`
        : read.reason === 'outside'
          ? `'${ref}' resolves outside the workspace (through a symbolic link).`
          : read.reason === 'not-template'
            ? `'${ref}' is not a CloudFormation/SAM template or Terraform configuration${read.message ? `: ${read.message}` : '.'}`
            : `'${ref}' cannot be read${read.message ? `: ${read.message}` : '.'}`;
    ctx.report(
      read.reason === 'missing' ? 'MISSING_FILE' : read.reason === 'outside' ? 'PATH_OUTSIDE_WORKSPACE' : 'INVALID_IMPORT',
      here,
      why,
    );
    return [];
  }
  const spec = read.spec;
  if (given === undefined && place.declared.length > 1) {
    ctx.report(
      'INVALID_IMPORT',
      here,
      `The model has ${place.declared.length} accounts: say which one '${ref}' is deployed to with { "template": "${ref}", "account": "<id>" } (using ${UNKNOWN_ACCOUNT} for \${AWS::AccountId}).`,
      'warning',
    );
  }
  for (const f of spec.files) ctx.files.add(f);
  for (const p of spec.problems) ctx.report('INVALID_IMPORT', here, p.message, p.severity);
  return [
    {
      id: account,
      at: here,
      outsideOrganization: false,
      policies: [...spec.policies],
      awsManaged: [],
      users: [...spec.users],
      groups: [...spec.groups],
      roles: [...spec.roles],
      resources: [...spec.resources],
      scps: [],
      rcps: [],
    },
  ];
}

function bad(ctx: ResolveContext, loc: SourceLocation, message: string): [] {
  ctx.report('MODEL_INVALID', loc, message);
  return [];
}

/** The entries of an array-valued key, with locations; reports a non-array. */
function list(obj: Record<string, unknown>, key: string, loc: SourceLocation, ctx: ResolveContext): [unknown, SourceLocation][] {
  const raw = obj[key];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return bad(ctx, at(loc, key), `"${key}" must be an array.`);
  return raw.map((v, i) => [v, at(loc, key, i)]);
}

/** The entries of an object-valued map (name → object), with locations. */
function entries(
  obj: Record<string, unknown>,
  key: string,
  loc: SourceLocation,
  ctx: ResolveContext,
): [string, Record<string, unknown>, SourceLocation][] {
  const raw = obj[key];
  if (raw === undefined) return [];
  if (!isRecord(raw)) return bad(ctx, at(loc, key), `"${key}" must be an object mapping names to definitions.`);
  return Object.entries(raw).flatMap(([name, v]) =>
    isRecord(v) ? [[name, v, at(loc, key, name)]] : bad(ctx, at(loc, key, name), `"${name}" must be an object.`),
  );
}

function account(v: unknown, loc: SourceLocation, ctx: ResolveContext, place: Placement): AccountSpec[] {
  if (!isRecord(v) || typeof v['id'] !== 'string' || !/^\d{12}$/.test(v['id']))
    return bad(ctx, loc, 'An account needs "id", a 12-digit account id.');
  const base = imports(v['import'], loc, ctx, { ...place, account: v['id'] }).filter((a) => a.id === v['id']);
  const own: AccountSpec = {
    id: v['id'],
    at: loc,
    outsideOrganization: v['outsideOrganization'] === true,
    ...(typeof v['name'] === 'string' ? { name: v['name'] } : {}),
    ...(typeof v['ou'] === 'string' ? { ou: { name: v['ou'], at: at(loc, 'ou') } } : {}),
    policies: policyDefs(v, 'policies', loc, ctx),
    awsManaged: [],
    users: entries(v, 'users', loc, ctx).map(([n, u, l]) => user(n, u, l, ctx)),
    groups: entries(v, 'groups', loc, ctx).map(([n, g, l]) => group(n, g, l, ctx)),
    roles: entries(v, 'roles', loc, ctx).map(([n, r, l]) => role(n, r, l, ctx)),
    resources: list(v, 'resources', loc, ctx).flatMap(([r, l]) => resource(r, l, ctx)),
    scps: refs(v, 'scps', loc, ctx),
    rcps: refs(v, 'rcps', loc, ctx),
  };
  return [...base, own];
}

function policyDefs(obj: Record<string, unknown>, key: string, loc: SourceLocation, ctx: ResolveContext): PolicyDefSpec[] {
  const raw = obj[key];
  if (raw === undefined) return [];
  if (!isRecord(raw)) return bad(ctx, at(loc, key), `"${key}" must map policy names to a file path or a policy document.`);
  return Object.entries(raw).flatMap(([name, def]) => policyDef(name, def, at(loc, key, name), ctx));
}

/** `"file.json"`, `{ "file": … }`, `{ "document": … }` or an inline document. */
function policyDef(name: string, def: unknown, loc: SourceLocation, ctx: ResolveContext): PolicyDefSpec[] {
  if (typeof def === 'string') return [{ name, fileRef: def, at: loc }];
  if (isInlineDocument(def)) return [{ name, document: def, at: loc }];
  if (isRecord(def) && typeof def['file'] === 'string') return [{ name, fileRef: def['file'], at: at(loc, 'file') }];
  if (isRecord(def) && def['document'] !== undefined) return [{ name, document: def['document'], at: loc, docSource: at(loc, 'document') }];
  return bad(ctx, loc, `Policy '${name}' must be a file path, { "file": … }, { "document": … } or a policy document.`);
}

function refs(obj: Record<string, unknown>, key: string, loc: SourceLocation, ctx: ResolveContext): RefSpec[] {
  return list(obj, key, loc, ctx).map(([ref, l]) => ({ ref, at: l }));
}

function optionalRef(obj: Record<string, unknown>, key: string, loc: SourceLocation, name?: string): RefSpec | undefined {
  return obj[key] === undefined ? undefined : { ref: obj[key], at: at(loc, key), ...(name ? { name } : {}) };
}

function names(obj: Record<string, unknown>, key: string, loc: SourceLocation, ctx: ResolveContext): NamedRef[] {
  return list(obj, key, loc, ctx).flatMap(([n, l]) => (typeof n === 'string' ? [{ name: n, at: l }] : bad(ctx, l, 'Expected a name.')));
}

/** The IAM path with its leading and trailing slash (`eng` → `/eng/`), as ARNs spell it. */
function pathOf(v: Record<string, unknown>): string {
  const p = typeof v['path'] === 'string' ? v['path'] : '/';
  const lead = p.startsWith('/') ? p : `/${p}`;
  return lead.endsWith('/') ? lead : `${lead}/`;
}

function user(name: string, v: Record<string, unknown>, loc: SourceLocation, ctx: ResolveContext): UserSpec {
  const b = optionalRef(v, 'permissionsBoundary', loc, `${name} permissions boundary`);
  return {
    name,
    path: pathOf(v),
    at: loc,
    groups: names(v, 'groups', loc, ctx),
    managed: refs(v, 'policies', loc, ctx),
    inline: policyDefs(v, 'inlinePolicies', loc, ctx),
    tags: tags(v['tags']),
    ...(b ? { boundary: b } : {}),
    ...(typeof v['mfa'] === 'boolean' ? { mfa: v['mfa'] } : {}),
  };
}

function group(name: string, v: Record<string, unknown>, loc: SourceLocation, ctx: ResolveContext): GroupSpec {
  return { name, path: pathOf(v), at: loc, managed: refs(v, 'policies', loc, ctx), inline: policyDefs(v, 'inlinePolicies', loc, ctx) };
}

function role(name: string, v: Record<string, unknown>, loc: SourceLocation, ctx: ResolveContext): RoleSpec {
  const b = optionalRef(v, 'permissionsBoundary', loc, `${name} permissions boundary`);
  const t = optionalRef(v, 'trustPolicy', loc, `${name} trust policy`);
  return {
    name,
    path: pathOf(v),
    at: loc,
    managed: refs(v, 'policies', loc, ctx),
    inline: policyDefs(v, 'inlinePolicies', loc, ctx),
    tags: tags(v['tags']),
    ...(b ? { boundary: b } : {}),
    ...(t ? { trust: t } : {}),
    ...(typeof v['maxSessionDuration'] === 'number' ? { maxSessionDuration: v['maxSessionDuration'] } : {}),
    ...(v['instanceProfiles'] !== undefined ? { instanceProfiles: names(v, 'instanceProfiles', loc, ctx).map((n) => n.name) } : {}),
  };
}

function resource(v: unknown, loc: SourceLocation, ctx: ResolveContext): ResourceSpec[] {
  if (!isRecord(v) || typeof v['arn'] !== 'string') return bad(ctx, loc, 'A resource needs "arn".');
  const p = optionalRef(v, 'policy', loc, `policy of ${v['arn']}`);
  const runsAs = typeof v['runsAs'] === 'string' ? { runsAs: { name: v['runsAs'], at: at(loc, 'runsAs') } } : {};
  if (v['runsAs'] !== undefined && typeof v['runsAs'] !== 'string')
    bad(ctx, at(loc, 'runsAs'), '"runsAs" is the name or ARN of the role the compute runs as (or its instance profile).');
  return [{ arn: v['arn'], at: loc, tags: tags(v['tags']), ...(p ? { policy: p } : {}), ...runsAs }];
}

function organization(v: Record<string, unknown>, loc: SourceLocation, ctx: ResolveContext): OrganizationSpec {
  const rootRaw = isRecord(v['root']) ? v['root'] : {};
  return {
    ...(typeof v['id'] === 'string' ? { id: v['id'] } : {}),
    ...(typeof v['managementAccount'] === 'string' ? { managementAccount: v['managementAccount'] } : {}),
    policies: policyDefs(v, 'policies', loc, ctx),
    root: level('Root', rootRaw, at(loc, 'root'), ctx),
    ous: entries(v, 'ous', loc, ctx).map(([n, o, l]) => level(n, o, l, ctx)),
  };
}

function level(name: string, v: Record<string, unknown>, loc: SourceLocation, ctx: ResolveContext): OrgLevelSpec {
  return {
    name,
    at: loc,
    scps: refs(v, 'scps', loc, ctx),
    rcps: refs(v, 'rcps', loc, ctx),
    ...(typeof v['id'] === 'string' ? { id: v['id'] } : {}),
    ...(typeof v['parent'] === 'string' ? { parent: { name: v['parent'], at: at(loc, 'parent') } } : {}),
  };
}

function stringsOf(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

function test(v: unknown, loc: SourceLocation, ctx: ResolveContext): TestSpec[] {
  if (!isRecord(v)) return bad(ctx, loc, 'An access test is an object with principal, action, resource and expect.');
  const actions = stringsOf(v['action']);
  const resources = v['resource'] === undefined ? ['*'] : stringsOf(v['resource']);
  if (typeof v['principal'] !== 'string' || !actions || !resources || typeof v['expect'] !== 'string') {
    return bad(ctx, loc, 'An access test needs "principal" (string), "action" and "resource" (string or list) and "expect".');
  }
  const sp = optionalRef(v, 'sessionPolicy', loc, 'session policy');
  return [
    {
      principal: v['principal'],
      actions,
      resources,
      expect: v['expect'],
      at: loc,
      context: contextOf(v['context']),
      ...(typeof v['name'] === 'string' ? { name: v['name'] } : {}),
      ...(sp ? { sessionPolicy: sp } : {}),
      ...(isRecord(v['sessionTags']) ? { sessionTags: tags(v['sessionTags']) } : {}),
      ...(v['via'] !== undefined ? { via: stringsOf(v['via']) ?? [] } : {}),
    },
  ];
}

/** Context values: strings, lists of strings; numbers and booleans become strings as in IAM. */
export function contextOf(raw: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!isRecord(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v !== null && v !== undefined && typeof v !== 'object') out[k] = String(v);
  }
  return out;
}

/**
 * What the model file itself declares (accounts, groups, policies, the organization, tests), read
 * without following imports or policy files: the editor's names and definitions inside the file.
 */
export function modelFileDeclarations(value: unknown, file: string): ModelFileSpec {
  return readModelFile(value, file, new ResolveContext({ readFile: () => ({ ok: false, reason: 'missing' }) }));
}
