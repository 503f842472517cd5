/**
 * A small brute-force reference evaluator, written from the AWS pages alone (not from
 * server/src/core/evaluator, which it must not import), for the differential test next to it.
 * It reads the raw JSON of the CLI's input line shape and knows only what the test's universe
 * uses: IAM users, role sessions and anonymous callers as principals, the condition operators
 * below, the `AWS` / `*` principal forms and `NotPrincipal` with `Deny`. Every rule cites the page
 * it comes from:
 *
 * - EVAL: ../shared/reference/aws-iam-user-guide/reference_policies_evaluation-logic.md
 * - XACCT: reference_policies_evaluation-logic-cross-account.md
 * - RES: reference_policies_elements_resource.md; VARS: reference_policies_variables.md
 * - ACTION: reference_policies_elements_action.md; PRINC: reference_policies_elements_principal.md
 * - NOTPRINC: reference_policies_elements_notprincipal.md; SCP: AWS Organizations User Guide, SCPs
 * - COND: reference_policies_elements_condition_operators.md; MULTI: reference_policies_multi-value-conditions.md
 * - STS: STS API Reference, GetCallerIdentity; RCPS: AWS Organizations User Guide, "List of AWS
 *   services that support RCPs" (the services of the universe only).
 * - BOUNDARY: IAM User Guide, "Permissions boundaries for IAM entities" (current page, read
 *   2026-12-03): NotPrincipal with Deny "will always deny any IAM principal that has a permissions
 *   boundary policy attached, regardless of the values specified in the NotPrincipal element".
 *
 * Slow on purpose: patterns become regular expressions afresh for every comparison.
 */

export type Decision = 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';

/**
 * Thrown for a request no AWS page decides (the test counts these and compares nothing): a
 * `NotPrincipal` with `Deny` that names some but not all of the caller's account, role/user and
 * session, where NOTPRINC says AWS "might" deny.
 */
export class Undecided extends Error {}

type Json = Record<string, unknown>;
type Context = Readonly<Record<string, string | readonly string[]>>;

export interface ReferenceInput {
  readonly identityPolicies?: readonly Json[];
  readonly resourcePolicy?: Json;
  readonly permissionBoundaries?: readonly Json[];
  readonly sessionPolicy?: Json;
  readonly scps?: readonly (readonly Json[])[];
  readonly rcps?: readonly (readonly Json[])[];
  readonly request: {
    readonly principal: string;
    readonly action: string;
    readonly resource: string;
    readonly resourceAccount: string;
    readonly context: Context;
  };
}

/** Who calls: an IAM user, a role session or an anonymous caller (`*`): the universe's principals. */
interface Caller {
  readonly arn: string;
  readonly account: string;
  readonly session: boolean;
  /** For a role session: the role's ARN. */
  readonly roleArn?: string;
  readonly anonymous?: boolean;
}

function caller(arn: string): Caller {
  if (arn === '*') return { arn, account: '', session: false, anonymous: true };
  const [, , service, , account = '', resource = ''] = arn.split(':');
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const role = resource.split('/')[1];
    return { arn, account, session: true, roleArn: `arn:aws:iam::${account}:role/${role}` };
  }
  return { arn, account, session: false };
}

// RCPS (page of 2026-09-26): which of the universe's services RCPs support. sns and ec2 are not listed.
const RCP_SERVICES = new Set(['s3', 'sqs', 'kms', 'sts', 'dynamodb', 'secretsmanager']);

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `*` any run of characters, `?` any one character, everything else literal. */
function glob(pattern: string, text: string, ignoreCase: boolean): boolean {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's').test(text);
}

/** ACTION: "The prefix and the action name are case insensitive"; wildcards allowed. */
const actionMatches = (pattern: string, action: string) => glob(pattern, action, true);

/**
 * RES: an ARN pattern matches segment by segment (wildcards "within ARN segments", a `*` in the
 * resource part may cross `/`); `*` alone matches everything.
 */
function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  const p = pattern.split(':');
  const r = resource.split(':');
  if (p.length < 6 || r.length < 6) return glob(pattern, resource, false);
  const head = (xs: string[]) => xs.slice(0, 5);
  const tail = (xs: string[]) => xs.slice(5).join(':');
  return head(p).every((seg, i) => glob(seg, head(r)[i] as string, false)) && glob(tail(p), tail(r), false);
}

function lookup(ctx: Context, key: string): readonly string[] | undefined {
  // VARS / COND: condition key names are case-insensitive.
  for (const k of Object.keys(ctx))
    if (k.toLowerCase() === key.toLowerCase()) {
      const v = ctx[k] as string | readonly string[];
      return typeof v === 'string' ? [v] : v;
    }
  return undefined;
}

/**
 * VARS: substitutes `${key}` in a Resource entry, only in "the resource portion of the ARN ...
 * after the fifth colon"; before it the text stays as written. A variable without a value makes
 * the entry "not match any resource" (undefined here).
 */
function substitute(entry: string, ctx: Context): string | undefined {
  const colons = [...entry].reduce<number[]>((at, c, i) => (c === ':' ? [...at, i] : at), []);
  const from = colons.length >= 5 ? (colons[4] as number) + 1 : entry.length;
  let missing = false;
  const tail = entry.slice(from).replace(/\$\{([^}]*)\}/g, (_, key: string) => {
    // VARS: "You can't use a multivalued condition key as a variable": a list-valued key has no value here.
    const v = lookup(ctx, key);
    if (!v || v.length !== 1 || isList(ctx, key)) {
      missing = true;
      return '';
    }
    return v[0] as string;
  });
  return missing ? undefined : entry.slice(0, from) + tail;
}

function isList(ctx: Context, key: string): boolean {
  for (const k of Object.keys(ctx)) if (k.toLowerCase() === key.toLowerCase()) return typeof ctx[k] !== 'string';
  return false;
}

function inCidr(ip: string, cidr: string): boolean {
  const num = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(num(ip) / size) === Math.floor(num(base) / size);
}

/** COND and MULTI, for the operators the universe uses. */
function conditionHolds(operator: string, key: string, policyValues: readonly string[], ctx: Context): boolean {
  const values = lookup(ctx, key);
  if (operator === 'Null') return (policyValues[0] === 'true') === (values === undefined);
  if (operator.startsWith('ForAllValues:')) {
    // MULTI: true if every request value matches a policy value, and when there are no values.
    const op = operator.slice('ForAllValues:'.length);
    return (values ?? []).filter((v) => v !== '').every((v) => policyValues.some((p) => valueMatches(op, p, v)));
  }
  if (operator.startsWith('ForAnyValue:')) {
    const op = operator.slice('ForAnyValue:'.length);
    return (values ?? []).some((v) => v !== '' && policyValues.some((p) => valueMatches(op, p, v)));
  }
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  const negated = base.includes('Not');
  // COND: a missing key does not match; negated operators are then true; ...IfExists is true.
  if (values === undefined) return ifExists || negated;
  const positive = base.replace('Not', '');
  const any = values.some((v) => policyValues.some((p) => valueMatches(positive, p, v)));
  return negated ? !any : any;
}

function valueMatches(op: string, policy: string, value: string): boolean {
  switch (op) {
    case 'StringEquals':
      return policy === value;
    case 'StringLike':
      return glob(policy, value, false);
    case 'Bool':
      return policy.toLowerCase() === value.toLowerCase();
    case 'IpAddress':
      return inCidr(value, policy);
    default:
      throw new Error(`reference evaluator: operator ${op} is not in the universe`);
  }
}

function conditionsHold(condition: unknown, ctx: Context): boolean {
  if (condition === undefined) return true;
  // COND: all operators, all keys AND-ed; the values of one key OR-ed.
  return Object.entries(condition as Record<string, Record<string, unknown>>).every(([op, keys]) =>
    Object.entries(keys).every(([key, v]) => conditionHolds(op, key, list(v).map(String), ctx)),
  );
}

type Grant = 'direct' | 'role' | 'account';

/**
 * PRINC / EVAL: how a resource-based statement's Principal names the caller: `*` and the exact
 * user or session ARN grant directly, the role ARN grants to its sessions (capped), an account
 * (id or `:root`) delegates to the account's identity policies.
 */
function principalGrant(principal: unknown, who: Caller): Grant | undefined {
  // PRINC "All principals": `*` and `{"AWS": "*"}` grant "to all users, including anonymous users".
  if (principal === '*') return 'direct';
  if (who.anonymous) return list((principal as Json | undefined)?.['AWS']).includes('*') ? 'direct' : undefined;
  const entries = list((principal as Json | undefined)?.['AWS']).map(String);
  let best: Grant | undefined;
  const rank = { direct: 0, role: 1, account: 2 };
  for (const e of entries) {
    let g: Grant | undefined;
    if (e === '*' || e === who.arn) g = 'direct';
    else if (who.roleArn !== undefined && e === who.roleArn) g = 'role';
    else if (e === who.account || e === `arn:aws:iam::${who.account}:root`) g = 'account';
    if (g && (best === undefined || rank[g] < rank[best])) best = g;
  }
  return best;
}

interface Applied {
  readonly allow: boolean;
  readonly deny: boolean;
  readonly grant?: Grant;
}

/** Which Allow and Deny statements of `doc` apply to the request. */
function apply(doc: Json | undefined, input: ReferenceInput, who: Caller, withPrincipal: boolean): Applied {
  if (!doc) return { allow: false, deny: false };
  const { action, resource, context } = input.request;
  const variables = doc['Version'] === '2012-10-17';
  let allow = false;
  let deny = false;
  let grant: Grant | undefined;
  for (const raw of list(doc['Statement'])) {
    const st = raw as Json;
    const actions = list(st['Action'] ?? st['NotAction']).map(String);
    const actionHit = actions.some((a) => actionMatches(a, action));
    if (st['NotAction'] !== undefined ? actionHit : !actionHit) continue;
    const resources = list(st['Resource'] ?? st['NotResource']).map(String);
    const resourceHit = resources.some((r) => {
      const entry = variables ? substitute(r, context) : r;
      return entry !== undefined && resourceMatches(entry, resource);
    });
    if (st['NotResource'] !== undefined ? resourceHit : !resourceHit) continue;
    if (withPrincipal && st['NotPrincipal'] !== undefined) {
      if (!conditionsHold(st['Condition'], context)) continue;
      // BOUNDARY: with a permissions boundary attached, NotPrincipal with Deny exempts no one.
      const bounded = !who.anonymous && (input.permissionBoundaries ?? []).length > 0;
      if (!bounded && notPrincipalExempts(st['NotPrincipal'], who)) continue;
      deny = true; // the universe has NotPrincipal only with Deny (NOTPRINC advises against Allow)
      continue;
    }
    const g = withPrincipal ? principalGrant(st['Principal'], who) : undefined;
    if (withPrincipal && g === undefined) continue;
    if (!conditionsHold(st['Condition'], context)) continue;
    if (st['Effect'] === 'Deny') deny = true;
    else {
      allow = true;
      const rank = { direct: 0, role: 1, account: 2 };
      if (g && (grant === undefined || rank[g] < rank[grant])) grant = g;
    }
  }
  return { allow, deny, ...(grant ? { grant } : {}) };
}

/**
 * NOTPRINC, with Deny: "explicitly denied to all principals except for the ones specified"; the
 * page's examples exempt a user by naming the user and its account, a session by naming the
 * session, its role and the account. Naming none of them denies; naming only some "might" deny
 * (AWS "might validate the account first, then the role, and then the assumed-role user"), which
 * no page decides: Undecided. An anonymous caller can be named by nothing.
 */
function notPrincipalExempts(notPrincipal: unknown, who: Caller): boolean {
  if (who.anonymous) return false;
  const entries = new Set(list((notPrincipal as Json | undefined)?.['AWS']).map(String));
  const levels = [
    entries.has(who.account) || entries.has(`arn:aws:iam::${who.account}:root`),
    ...(who.roleArn !== undefined ? [entries.has(who.roleArn)] : []),
    entries.has(who.arn),
  ];
  if (levels.every(Boolean)) return true;
  if (!levels.some(Boolean)) return false;
  throw new Undecided("NotPrincipal names only some of the caller's account, role or user, and session");
}

/**
 * EVAL "must explicitly allow": a role's trust policy for the trust actions on a role, a key
 * policy for KMS actions on a key. In the universe: `sts:AssumeRole` on a role ARN and `kms:*`
 * on a key ARN.
 */
function mustAllow(action: string, resource: string): boolean {
  const a = action.toLowerCase();
  if (a === 'sts:assumerole') return /^arn:aws:iam::\d{12}:role\//.test(resource);
  if (a.startsWith('kms:')) return /^arn:aws:kms:[^:]*:\d{12}:key\//.test(resource);
  return false;
}

/** The decision for one input (the universe's shapes only). */
export function referenceDecision(input: ReferenceInput): Decision {
  const { request } = input;
  const who = caller(request.principal);
  // STS: an explicit deny of sts:GetCallerIdentity does not stop it (signed requests: every
  // principal of the universe is an IAM user or a role session).
  if (who.anonymous && request.action.toLowerCase() === 'sts:getcalleridentity')
    throw new Undecided('GetCallerIdentity without credentials');
  if (request.action.toLowerCase() === 'sts:getcalleridentity') return 'Allowed';
  if (who.anonymous && input.rcps) throw new Undecided('RCPs and anonymous callers');
  const identity = (input.identityPolicies ?? []).map((d) => apply(d, input, who, false));
  const resource = apply(input.resourcePolicy, input, who, true);
  const boundaries = (input.permissionBoundaries ?? []).map((d) => apply(d, input, who, false));
  const session = who.session && input.sessionPolicy ? apply(input.sessionPolicy, input, who, false) : undefined;
  // SCP: SCPs restrict IAM users and roles of member accounts; an anonymous caller is neither.
  const scps = who.anonymous ? [] : (input.scps ?? []).map((level) => level.map((d) => apply(d, input, who, false)));
  const service = request.action.split(':')[0]?.toLowerCase() ?? '';
  const rcps = RCP_SERVICES.has(service) ? (input.rcps ?? []).map((level) => level.map((d) => apply(d, input, who, true))) : [];
  // EVAL step 1: an explicit deny in any applicable policy.
  const all = [...identity, resource, ...boundaries, ...(session ? [session] : []), ...scps.flat(), ...rcps.flat()];
  if (all.some((a) => a.deny)) return 'ExplicitDeny';
  // EVAL step 2 (and the Organizations guide): every SCP level must allow.
  if (scps.some((level) => !level.some((a) => a.allow))) return 'ImplicitDeny';
  // RCPS: no such check: "RCPFullAWSAccess" is attached to every level and "You cannot detach this
  // policy" (Organizations user guide, RCP evaluation, read 2026-12-03): RCPs only deny.
  const identityAllows = identity.some((a) => a.allow);
  const boundaryOk = boundaries.every((a) => a.allow);
  // EVAL step 6: a role session without a session policy keeps its role's permissions.
  const sessionOk = session === undefined || session.allow;
  const identitySide = identityAllows && boundaryOk && sessionOk;
  const grant = resource.allow ? resource.grant : undefined;
  // PRINC "All principals": an anonymous caller has no identity policies; only a resource
  // policy granting `*` lets it in.
  if (who.anonymous) return grant === 'direct' ? 'Allowed' : 'ImplicitDeny';
  // XACCT: across accounts both the identity side and the resource policy must allow.
  if (who.account !== request.resourceAccount) return identitySide && grant !== undefined ? 'Allowed' : 'ImplicitDeny';
  // EVAL step 3, same account: a direct grant is not limited by implicit denies, a grant to the
  // role ARN is limited by the boundary and the session policy, a grant to the account delegates.
  const viaResource = grant === 'direct' || (grant === 'role' && boundaryOk && sessionOk) || (grant === 'account' && identitySide);
  if (mustAllow(request.action, request.resource)) return viaResource ? 'Allowed' : 'ImplicitDeny';
  return viaResource || identitySide ? 'Allowed' : 'ImplicitDeny';
}
