/**
 * Template values as the plain JSON a model evaluates: a policy view's value (see hosts/types.ts)
 * with every value known only at deployment replaced by what the import says it is — the model's
 * account and region, the import's `parameters`, a parameter's or variable's default, the name or
 * ARN of a resource declared in the template. A value nothing tells is replaced by a marker that
 * matches no request (`{unresolved:…}`), never by a guess, and is reported.
 */
import type { HostValue, SymbolicPart } from '../hosts/types';

/** What the symbolic values of one template resolve to. */
export interface RenderEnv {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly stackName: string;
  /** Values by expression: `Env` (a parameter), `aws_iam_role.app.arn`, `var.env`, … */
  readonly values: ReadonlyMap<string, string>;
  /** Template resources by logical ID / address. */
  readonly resources: ReadonlyMap<string, TemplateResource>;
}

/**
 * What AWS appends to a name in an ARN at creation (`{random}` in RESOURCE_SHAPES: a secret's six
 * random characters), unknown before deployment: the model stands in these.
 */
export const RANDOM_STAND_IN = 'AbCdEf';

/**
 * The ARN an ARN format (`arn:{partition}:iam::{account}:role{path}{name}`) gives for the import's
 * partition, region and account, `name` and `path`; `{random}` is filled with `random` when it is
 * given (CloudFormation's RESOURCE_SHAPES; Terraform's formats write the stand-in out).
 */
export function arnFromFormat(
  format: string,
  env: Pick<RenderEnv, 'partition' | 'region' | 'account'>,
  name: string,
  path: string,
  random?: string,
): string {
  const arn = format
    .replace('{partition}', env.partition)
    .replace('{region}', env.region)
    .replace('{account}', env.account)
    .replace('{path}', path)
    .replace('{name}', name);
  return random === undefined ? arn : arn.replace('{random}', random);
}

/** A template resource: what its name, its ARN and `Ref` are. */
export interface TemplateResource {
  readonly name: string;
  readonly arn?: string;
  readonly ref: string;
  readonly id?: string;
}

/** Expressions that stayed unknown, with the marker they were given (reported once per import). */
export type Unresolved = Map<string, string>;

/**
 * The warning on an import whose values stayed unknown (the first five named), or undefined when
 * none did; `settings`: what the import's `parameters` set (CloudFormation parameters, Terraform variables).
 */
export function unresolvedWarning(unresolved: Unresolved, settings: 'parameters' | 'variables'): string | undefined {
  if (unresolved.size === 0) return undefined;
  const list = [...unresolved.keys()]
    .slice(0, 5)
    .map((e) => `'${e}'`)
    .join(', ');
  return `${unresolved.size} value(s) known only at deployment (${list}${unresolved.size > 5 ? ', …' : ''}) match no request in simulations; give ${settings} in { "template": …, "parameters": { … } }.`;
}

/** The marker for an unknown value: literal text no ARN or action matches (no `*`, `?` or `${`). */
export function marker(expr: string): string {
  return `{unresolved:${expr.replace(/[*?$\s]+/g, ' ').trim()}}`;
}

/** The value of one deployment-time part. */
export function partValue(p: SymbolicPart, env: RenderEnv, unresolved: Unresolved): string {
  const expr = p.expr;
  const given = env.values.get(expr);
  if (given !== undefined) return given;
  if (expr === 'AWS::AccountId' || p.kind === 'account-id') return env.account;
  if (expr === 'AWS::Region' || p.kind === 'region') return env.region;
  if (expr === 'AWS::Partition' || p.kind === 'partition') return env.partition;
  if (expr === 'AWS::URLSuffix') return env.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  if (expr === 'AWS::StackName') return env.stackName;
  const res = env.resources.get(expr);
  if (res) {
    if (p.kind === 'arn' && res.arn) return res.arn;
    if (p.kind === 'name') return res.name;
    if (p.kind === 'id') return res.id ?? res.name;
    return res.ref;
  }
  if (p.assumed !== undefined) return p.assumed;
  const m = marker(expr);
  unresolved.set(expr, m);
  return m;
}

/** A symbolic string as text. */
export function renderParts(parts: ReadonlyArray<string | SymbolicPart>, env: RenderEnv, unresolved: Unresolved): string {
  return parts.map((p) => (typeof p === 'string' ? p : partValue(p, env, unresolved))).join('');
}

/** A host value as plain JSON. */
export function render(v: HostValue, env: RenderEnv, unresolved: Unresolved): unknown {
  switch (v.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of v.entries) out[e.key] = render(e.value, env, unresolved);
      return out;
    }
    case 'array':
      return v.items.map((i) => render(i, env, unresolved));
    case 'symbolic':
      return renderParts(v.parts, env, unresolved);
    case 'null':
      return null;
    default:
      return v.value;
  }
}

/** A host value as a string (a name, an ARN, a tag value), or undefined for a list or map. */
export function renderString(v: HostValue | undefined, env: RenderEnv, unresolved: Unresolved): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number' || v.kind === 'boolean') return String(v.value);
  if (v.kind === 'symbolic') return renderParts(v.parts, env, unresolved);
  return undefined;
}

/** A host value as a list of strings (a single string is a list of one). */
export function renderStrings(v: HostValue | undefined, env: RenderEnv, unresolved: Unresolved): string[] {
  if (!v) return [];
  if (v.kind === 'array') return v.items.flatMap((i) => renderString(i, env, unresolved) ?? []);
  const one = renderString(v, env, unresolved);
  return one === undefined ? [] : [one];
}

/**
 * `Resources.AppRole.Properties.Policies[0].PolicyDocument` → its JSON path segments. Labels are
 * the policy views' (hosts/types.ts `ExtractedPolicy.label`); a branch suffix is dropped.
 */
export function labelPath(label: string): (string | number)[] {
  const text = label.replace(/ \((if|else) branch\)$/, '');
  const out: (string | number)[] = [];
  for (const piece of text.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(piece);
    if (!m) {
      out.push(piece);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}
