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
 * - REGION: reference_policies_condition-keys.md, aws:RequestedRegion: "IAM calls are always made to
 *   the us-east-1 Region".
 * - KEYS: reference_policies_condition-keys.md, each global key's "Availability" (which keys every
 *   request carries, from the principal alone).
 * - REPOST: AWS re:Post, "ForAnyValue:StringEqualsIfExists behaving unexpectedly" (read 2026-12-03):
 *   a role allowed only under `ForAnyValue:StringEqualsIfExists` on `aws:TagKeys` was denied
 *   `sqs:ListQueues`, a request without tag keys — AWS's answer: ForAnyValue is false without the key,
 *   IfExists or not.
 * - ROOTROLE: AWS's answer to the root user calling AssumeRole, AccessDenied "Roles may not be
 *   assumed by root accounts" (reported in github.com/Netflix/security_monkey/issues/1026 and
 *   github.com/kubeflow/testing/pull/961, read 2026-12-04).
 * - FEDTOKEN: STS API Reference, GetFederationToken (read 2026-12-04): a federated user session has
 *   no permissions without a session policy; a resource-based policy naming the session grants "in
 *   addition"; it "cannot call any STS operations except GetCallerIdentity" nor "any IAM operations
 *   using the CLI or the Amazon Web Services API". EVAL (IAM federated user sessions): a grant to the
 *   ARN "of the IAM user who federated" is "limited by an implicit deny in a permission boundary or
 *   session policy".
 * - WEBID: IAM User Guide, "Create a role for OpenID Connect federation" / "SAML 2.0 federation" and
 *   the STS API Reference (AssumeRoleWithWebIdentity, AssumeRoleWithSAML): the caller is no AWS
 *   identity; the role's trust policy must name its provider in a `Federated` principal.
 * - SLR: id_roles_terms-and-concepts.md and the Organizations guide: SCPs and RCPs do not restrict
 *   service-linked roles. ROOT: id_root-user.md (full access; SCPs and explicit denies still apply).
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
/** Context as the input line gives it: JSON booleans and numbers stand for their text. */
type InputContext = Readonly<Record<string, string | boolean | number | readonly (string | boolean | number)[]>>;
/** A principal as the input line gives it: an ARN, `*`, a service principal, or an object. */
type InputPrincipal =
  | string
  | {
      readonly type: string;
      readonly arn?: string;
      readonly roleArn?: string;
      readonly userArn?: string;
      readonly provider?: string;
      readonly serviceLinked?: boolean;
    };

export interface ReferenceInput {
  readonly identityPolicies?: readonly Json[];
  readonly resourcePolicy?: Json;
  readonly permissionBoundaries?: readonly Json[];
  readonly sessionPolicy?: Json;
  readonly scps?: readonly (readonly Json[])[];
  readonly rcps?: readonly (readonly Json[])[];
  readonly request: {
    readonly principal: InputPrincipal;
    readonly action: string;
    readonly resource: string;
    readonly resourceAccount: string;
    readonly context: InputContext;
  };
}

/**
 * Who calls: an IAM user, a role session (maybe of a service-linked role), the root user, a
 * service principal or an anonymous caller (`*`): the universe's principals.
 */
interface Caller {
  readonly arn: string;
  readonly account: string;
  readonly session: boolean;
  /** For a role session: the role's ARN. */
  readonly roleArn?: string;
  readonly anonymous?: boolean;
  readonly root?: boolean;
  /** For a service principal: its name (`sns.amazonaws.com`). */
  readonly service?: string;
  readonly serviceLinked?: boolean;
  /** For a federated user session (GetFederationToken): the IAM user who federated. */
  readonly userArn?: string;
  readonly federatedUser?: boolean;
  /** For a web identity or SAML caller (AssumeRoleWith…): its provider, as a `Federated` principal names it. */
  readonly provider?: string;
}

function caller(principal: InputPrincipal): Caller {
  if (typeof principal !== 'string' && (principal.type === 'web-identity' || principal.type === 'saml'))
    return { arn: principal.provider ?? '', account: '', session: false, provider: principal.provider ?? '' };
  if (typeof principal !== 'string' && principal.type === 'federated-user') {
    const arn = principal.arn ?? '';
    const account = arn.split(':')[4] ?? '';
    return { arn, account, session: true, federatedUser: true, ...(principal.userArn ? { userArn: principal.userArn } : {}) };
  }
  if (typeof principal !== 'string') {
    // The object form: the universe uses it for a service-linked role's session, whose role ARN
    // (with the /aws-service-role/ path) the session ARN does not show.
    const base = caller(principal.arn ?? '');
    const roleArn = principal.roleArn ?? base.roleArn;
    const slr = principal.serviceLinked ?? (roleArn ?? '').includes(':role/aws-service-role/');
    return { ...base, ...(roleArn ? { roleArn } : {}), serviceLinked: slr };
  }
  const arn = principal;
  if (arn === '*') return { arn, account: '', session: false, anonymous: true };
  if (arn.endsWith('.amazonaws.com')) return { arn, account: '', session: false, service: arn };
  const [, , service, , account = '', resource = ''] = arn.split(':');
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const role = resource.split('/')[1];
    return { arn, account, session: true, roleArn: `arn:aws:iam::${account}:role/${role}` };
  }
  if (service === 'iam' && resource === 'root') return { arn, account, session: false, root: true };
  return { arn, account, session: false };
}

/**
 * KEYS: the request context AWS builds: the input's keys (JSON booleans and numbers as their
 * text) plus, when the input does not give them, the keys every request carries from its
 * principal: aws:PrincipalArn ("For IAM roles, the request context returns the ARN of the role";
 * signed requests only), aws:PrincipalAccount ("anonymous" for anonymous requests),
 * aws:PrincipalType, aws:username (IAM users), aws:PrincipalIsAWSService (signed requests),
 * aws:PrincipalServiceName (service principals) and aws:userid where the variables page's
 * "Principal key values" gives it from the principal alone ("AWS account ID" for the root user,
 * "account:caller-specified-name" for a federated user, "anonymous"); and aws:ResourceAccount
 * ("always included in the request context for most service actions", "equal to the AWS account
 * ID for the account with the resources evaluated in the request"; none of the universe's actions
 * is among the page's exceptions), the request's resource account; and aws:RequestedRegion of an
 * IAM call (REGION).
 */
function requestContext(input: InputContext, who: Caller, resourceAccount: string, action: string): Context {
  const out: Record<string, string | readonly string[]> = {};
  for (const [k, v] of Object.entries(input)) out[k] = Array.isArray(v) ? v.map(String) : String(v as string);
  const derived: Record<string, string> = {};
  if (resourceAccount) derived['aws:ResourceAccount'] = resourceAccount;
  // REGION: "IAM calls are always made to the us-east-1 Region" (aws:RequestedRegion; the universe
  // is in the aws partition).
  if (action.toLowerCase().startsWith('iam:')) derived['aws:RequestedRegion'] = 'us-east-1';
  if (who.anonymous)
    Object.assign(derived, { 'aws:PrincipalAccount': 'anonymous', 'aws:PrincipalType': 'Anonymous', 'aws:userid': 'anonymous' });
  else if (who.provider !== undefined) {
    // WEBID: no AWS identity signs the request; KEYS states nothing for it (the universe's
    // conditions on such requests read no principal key).
  } else if (who.service) Object.assign(derived, { 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': who.service });
  else {
    Object.assign(derived, { 'aws:PrincipalAccount': who.account, 'aws:PrincipalIsAWSService': 'false' });
    if (who.root)
      Object.assign(derived, {
        'aws:PrincipalArn': `arn:aws:iam::${who.account}:root`,
        'aws:PrincipalType': 'Account',
        'aws:userid': who.account,
      });
    else if (who.federatedUser)
      Object.assign(derived, {
        'aws:PrincipalArn': who.arn,
        'aws:PrincipalType': 'FederatedUser',
        'aws:userid': `${who.account}:${who.arn.split('/').pop()}`,
      });
    else if (who.session) Object.assign(derived, { 'aws:PrincipalArn': who.roleArn, 'aws:PrincipalType': 'AssumedRole' });
    else Object.assign(derived, { 'aws:PrincipalArn': who.arn, 'aws:PrincipalType': 'User', 'aws:username': who.arn.split('/').pop() });
  }
  const given = new Set(Object.keys(out).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(derived)) if (!given.has(k.toLowerCase())) out[k] = v;
  return out;
}

// RCPS (page of 2026-09-26): which of the universe's services RCPs support (CloudWatch Logs is listed). sns, ec2, lambda and iam are not.
const RCP_SERVICES = new Set(['s3', 'sqs', 'kms', 'sts', 'dynamodb', 'secretsmanager', 'logs']);

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
 * resource part may cross `/`); `*` alone matches everything. RES (current page, read 2026-12-04):
 * "If the * wildcard is the last character of a resource ARN segment, it can expand to match
 * beyond the colon boundaries" — written here as one regular expression where a segment-ending
 * `*` of the first five segments may match colons and every other wildcard there may not.
 */
function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  const p = pattern.split(':');
  if (p.length < 6 || resource.split(':').length < 6) return marked(pattern, resource, false);
  const head = p.slice(0, 5).map((seg) => {
    // A `*` ending the segment (not a literal one from `${*}`).
    const ends = seg.endsWith('*') && !seg.endsWith(`${LITERAL}*`);
    return ends ? `${regexOf(seg.slice(0, -1), true)}.*` : regexOf(seg, true);
  });
  return new RegExp(`^${head.join(':')}:${regexOf(p.slice(5).join(':'), false)}$`, 's').test(resource);
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
  const tail = entry.slice(from).replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
    // VARS "Special characters": ${*}, ${?}, ${$} stand for the character itself.
    if (inner === '*' || inner === '?' || inner === '$') return LITERAL + inner;
    // VARS "Specifying default values": `${key, 'default'}`.
    const m = /^\s*([^,]+?)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
    const key = m?.[1] ?? inner;
    // VARS: "You can't use a multivalued condition key as a variable": a list-valued key has no value here.
    const v = lookup(ctx, key);
    if (!v || v.length !== 1 || isList(ctx, key)) {
      if (m?.[2] !== undefined) return literal(m[2]);
      missing = true;
      return '';
    }
    return literal(v[0] as string);
  });
  return missing ? undefined : entry.slice(0, from) + tail;
}

function isList(ctx: Context, key: string): boolean {
  for (const k of Object.keys(ctx)) if (k.toLowerCase() === key.toLowerCase()) return typeof ctx[k] !== 'string';
  return false;
}

/** COND "IP address condition operators": IPv4 or IPv6 addresses and CIDR ranges (RFC 4632, RFC 4291). */
function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bitsText] = cidr.split('/');
  const a = ipBits(ip);
  const b = ipBits(base);
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  const bits = bitsText === undefined ? a.length : Number(bitsText);
  return a.slice(0, bits) === b.slice(0, bits);
}

/** An address as a string of 32 or 128 binary digits. */
function ipBits(text: string): string | undefined {
  const bin = (n: number, width: number) => n.toString(2).padStart(width, '0');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(text))
    return text
      .split('.')
      .map((o) => bin(Number(o), 8))
      .join('');
  if (!text.includes(':')) return undefined;
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.length === 8 ? groups.map((g) => bin(parseInt(g, 16), 16)).join('') : undefined;
}

/**
 * VARS: "You can use a policy variable for Condition values in any condition that involves the
 * string operators or the ARN operators" (only there); a variable without value matches nothing
 * (undefined here). `${*}`, `${?}`, `${$}` stand for the character itself, never a wildcard: the
 * value becomes a pattern whose such characters are marked literal (\uE000 prefix).
 */
function conditionValue(operator: string, value: string, ctx: Context, variables: boolean): string | undefined {
  const base = operator.replace(/^For(All|Any)Values?:/, '');
  if (!variables || !/^(String|Arn)/.test(base)) return value;
  let missing = false;
  const out = value.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return LITERAL + inner;
    const m = /^\s*([^,]+?)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
    if (!m) return `\${${inner}}`;
    const v = lookup(ctx, m[1] as string);
    if (v && v.length === 1 && !isList(ctx, m[1] as string)) return literal(v[0] as string);
    if (m[2] !== undefined) return literal(m[2]);
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}

/** Marks each character of a substituted value as literal (no wildcard). */
const LITERAL = '\uE000';
const literal = (v: string) => [...v].map((c) => LITERAL + c).join('');
/** The text a value stands for when compared as a string (literal marks removed). */
const plain = (v: string) => v.replace(/\uE000(.)/gs, '$1');

/** COND and MULTI, for the operators the universe uses. */
function conditionHolds(operator: string, key: string, rawValues: readonly string[], ctx: Context, variables: boolean): boolean {
  const values = lookup(ctx, key);
  if (operator === 'Null') return (rawValues[0] === 'true') === (values === undefined || values.every((v) => v === ''));
  // A value whose variable has no value matches nothing (VARS "Policy variables with no value").
  const policyValues = rawValues.map((v) => conditionValue(operator, v, ctx, variables)).filter((v): v is string => v !== undefined);
  if (operator.startsWith('ForAllValues:')) {
    // MULTI: true if every request value matches a policy value, and when there are no values.
    // A negated operator: every request value matches none of the policy values.
    const op = operator.slice('ForAllValues:'.length).replace(/IfExists$/, '');
    const negated = op.includes('Not');
    const positive = op.replace('Not', '');
    return (values ?? []).filter((v) => v !== '').every((v) => policyValues.some((p) => valueMatches(positive, p, v)) !== negated);
  }
  if (operator.startsWith('ForAnyValue:')) {
    // MULTI: false without values; REPOST: IfExists does not change that.
    const op = operator.slice('ForAnyValue:'.length).replace(/IfExists$/, '');
    const negated = op.includes('Not');
    const positive = op.replace('Not', '');
    return (values ?? []).some((v) => v !== '' && policyValues.some((p) => valueMatches(positive, p, v)) !== negated);
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

/** `*` any run of characters, `?` any one character, a \uE000-marked character literal. */
function marked(pattern: string, text: string, ignoreCase: boolean): boolean {
  return new RegExp(`^${regexOf(pattern, false)}$`, ignoreCase ? 'is' : 's').test(text);
}

/** The regular expression of a (marked) pattern; with `noColon`, `*` and `?` do not match a colon. */
function regexOf(pattern: string, noColon: boolean): string {
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === LITERAL) body += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    else if (c === '*') body += noColon ? '[^:]*' : '.*';
    else if (c === '?') body += noColon ? '[^:]' : '.';
    else body += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return body;
}

/** COND "Numeric condition operators": integers and decimals; anything else does not match. */
function num(text: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/**
 * COND "Date condition operators": "one of the W3C implementations of the ISO 8601 date formats or
 * in epoch (UNIX) time" — the universe writes dates with a zone (`Z` or `+hh:mm`), bare dates
 * (`YYYY-MM-DD`) and epoch seconds.
 */
function date(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))?$/.test(text)) return undefined;
  const t = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * COND "Amazon Resource Name (ARN) condition operators": case-sensitive; "Each of the six
 * colon-delimited components of the ARN is checked separately and each can include multi-character
 * match wildcards (*) or single-character match wildcards (?)". A request value is never a pattern.
 */
function arnLike(pattern: string, value: string): boolean {
  const split = (s: string) => {
    const parts = s.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const v = split(value);
  return p !== undefined && v !== undefined && p.every((seg, i) => marked(seg, v[i] as string, false));
}

function valueMatches(op: string, policy: string, value: string): boolean {
  const cmp = (f: (a: number, b: number) => boolean, parse: (t: string) => number | undefined) => {
    const a = parse(value);
    const b = parse(policy);
    return a !== undefined && b !== undefined && f(a, b);
  };
  switch (op) {
    case 'StringEquals':
      return plain(policy) === value;
    case 'StringEqualsIgnoreCase':
      return plain(policy).toLowerCase() === value.toLowerCase();
    case 'StringLike':
      return marked(policy, value, false);
    case 'Bool':
      return policy.toLowerCase() === value.toLowerCase();
    case 'IpAddress':
      return inCidr(value, policy);
    case 'ArnEquals':
    case 'ArnLike':
      return arnLike(policy, value);
    case 'NumericEquals':
      return cmp((a, b) => a === b, num);
    case 'NumericLessThan':
      return cmp((a, b) => a < b, num);
    case 'NumericGreaterThanEquals':
      return cmp((a, b) => a >= b, num);
    case 'DateEquals':
      return cmp((a, b) => a === b, date);
    case 'DateLessThan':
      return cmp((a, b) => a < b, date);
    case 'DateGreaterThan':
      return cmp((a, b) => a > b, date);
    default:
      throw new Error(`reference evaluator: operator ${op} is not in the universe`);
  }
}

function conditionsHold(condition: unknown, ctx: Context, variables: boolean): boolean {
  if (condition === undefined) return true;
  // COND: all operators, all keys AND-ed; the values of one key OR-ed.
  return Object.entries(condition as Record<string, Record<string, unknown>>).every(([op, keys]) =>
    Object.entries(keys).every(([key, v]) => conditionHolds(op, key, list(v).map(String), ctx, variables)),
  );
}

/** `role`: the role ARN for its session, or the IAM user who federated for a federated user session (both capped). */
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
  // WEBID: the provider named in `Federated`; whether `{"AWS": "*"}` names a web identity no page says.
  if (who.provider !== undefined) {
    if (list((principal as Json | undefined)?.['Federated']).includes(who.provider)) return 'direct';
    if (list((principal as Json | undefined)?.['AWS']).includes('*')) throw new Undecided('{"AWS": "*"} and a web identity or SAML caller');
    return undefined;
  }
  // PRINC "AWS service principals": named in the Service element, as written. Whether
  // `{"AWS": "*"}` also names a service, no page says (PRINC: "For anonymous users" it equals "*").
  if (who.service) {
    if (list((principal as Json | undefined)?.['Service']).includes(who.service)) return 'direct';
    if (list((principal as Json | undefined)?.['AWS']).includes('*')) throw new Undecided('{"AWS": "*"} and a service principal');
    return undefined;
  }
  const entries = list((principal as Json | undefined)?.['AWS']).map(String);
  let best: Grant | undefined;
  const rank = { direct: 0, role: 1, account: 2 };
  for (const e of entries) {
    let g: Grant | undefined;
    if (e === '*' || e === who.arn) g = 'direct';
    // PRINC "AWS account principals": for the root user itself the account is the principal.
    else if (who.root && (e === who.account || e === `arn:aws:iam::${who.account}:root`)) g = 'direct';
    else if (who.roleArn !== undefined && e === who.roleArn) g = 'role';
    // EVAL (IAM federated user sessions): the IAM user who federated is capped like a role ARN.
    else if (who.userArn !== undefined && e === who.userArn) g = 'role';
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
  const { action, resource } = input.request;
  const context = input.request.context as Context;
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
      if (!conditionsHold(st['Condition'], context, variables)) continue;
      // BOUNDARY: with a permissions boundary attached, NotPrincipal with Deny exempts no one.
      const bounded = !who.anonymous && (input.permissionBoundaries ?? []).length > 0;
      if (!bounded && notPrincipalExempts(st['NotPrincipal'], who)) continue;
      deny = true; // the universe has NotPrincipal only with Deny (NOTPRINC advises against Allow)
      continue;
    }
    const g = withPrincipal ? principalGrant(st['Principal'], who) : undefined;
    if (withPrincipal && g === undefined) continue;
    if (!conditionsHold(st['Condition'], context, variables)) continue;
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
  if (who.federatedUser || who.provider !== undefined) throw new Undecided('NotPrincipal and a federated caller');
  if (who.service) throw new Undecided('NotPrincipal and a service principal');
  const entries = new Set(list((notPrincipal as Json | undefined)?.['AWS']).map(String));
  // NOTPRINC: the root user is its account ("arn:aws:iam::123456789012:root" names the account).
  if (who.root) return entries.has(who.account) || entries.has(`arn:aws:iam::${who.account}:root`);
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
  if (TRUST_ACTIONS.has(a)) return /^arn:aws:iam::\d{12}:role\//.test(resource);
  if (a.startsWith('kms:')) return /^arn:aws:kms:[^:]*:\d{12}:key\//.test(resource);
  return false;
}

/** EVAL "must explicitly allow" for roles: the actions a trust policy authorizes (session-tags and source-identity pages add sts:TagSession and sts:SetSourceIdentity). */
const TRUST_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithwebidentity',
  'sts:assumerolewithsaml',
  'sts:tagsession',
  'sts:setsourceidentity',
]);

/** The decision for one input (the universe's shapes only). */
export function referenceDecision(given: ReferenceInput): Decision {
  const who = caller(given.request.principal);
  const input: ReferenceInput = {
    ...given,
    request: {
      ...given.request,
      context: requestContext(given.request.context, who, given.request.resourceAccount, given.request.action),
    },
  };
  const { request } = input;
  // STS: an explicit deny of sts:GetCallerIdentity does not stop it (signed requests by IAM
  // identities; a service principal does not call it).
  if ((who.anonymous || who.service) && request.action.toLowerCase() === 'sts:getcalleridentity')
    throw new Undecided('GetCallerIdentity without credentials');
  if (request.action.toLowerCase() === 'sts:getcalleridentity') return 'Allowed';
  if (who.anonymous && input.rcps) throw new Undecided('RCPs and anonymous callers');
  const identity = (input.identityPolicies ?? []).map((d) => apply(d, input, who, false));
  const resource = apply(input.resourcePolicy, input, who, true);
  const boundaries = (input.permissionBoundaries ?? []).map((d) => apply(d, input, who, false));
  const session = who.session && input.sessionPolicy ? apply(input.sessionPolicy, input, who, false) : undefined;
  // SCP: SCPs restrict IAM users and roles of member accounts (and the root user: ROOT); an
  // anonymous caller or a service principal is neither; SLR: never a service-linked role.
  const scps =
    who.anonymous || who.service || who.serviceLinked || who.provider !== undefined
      ? []
      : (input.scps ?? []).map((level) => level.map((d) => apply(d, input, who, false)));
  const service = request.action.split(':')[0]?.toLowerCase() ?? '';
  // RCPS and SLR: RCPs reach the services on the list, never a service-linked role.
  const rcps =
    RCP_SERVICES.has(service) && !who.serviceLinked ? (input.rcps ?? []).map((level) => level.map((d) => apply(d, input, who, true))) : [];
  // EVAL step 1: an explicit deny in any applicable policy.
  const all = [...identity, resource, ...boundaries, ...(session ? [session] : []), ...scps.flat(), ...rcps.flat()];
  if (all.some((a) => a.deny)) return 'ExplicitDeny';
  // ROOTROLE: STS refuses the root user's AssumeRole ("Roles may not be assumed by root accounts",
  // AWS's answer as reported in Netflix/security_monkey#1026 and kubeflow/testing#961).
  if (who.root && TRUST_ACTIONS.has(request.action.toLowerCase())) return 'ImplicitDeny';
  // FEDTOKEN: no STS operation but GetCallerIdentity, no IAM operation through the API.
  if (who.federatedUser && /^(sts|iam):/i.test(request.action)) return 'ImplicitDeny';
  // EVAL step 2 (and the Organizations guide): every SCP level must allow.
  if (scps.some((level) => !level.some((a) => a.allow))) return 'ImplicitDeny';
  // RCPS: no such check: "RCPFullAWSAccess" is attached to every level and "You cannot detach this
  // policy" (Organizations user guide, RCP evaluation, read 2026-12-03): RCPs only deny.
  const identityAllows = identity.some((a) => a.allow);
  const boundaryOk = boundaries.every((a) => a.allow);
  // EVAL step 6: a role session without a session policy keeps its role's permissions;
  // FEDTOKEN: a federated user session without one has none.
  const sessionOk = who.federatedUser ? session !== undefined && session.allow : session === undefined || session.allow;
  // ROOT: the root user has full access in its account (no identity policies, no boundary).
  const identitySide = who.root ? true : identityAllows && boundaryOk && sessionOk;
  const grant = resource.allow ? resource.grant : undefined;
  // PRINC "AWS service principals": a service acts only through a resource policy naming it.
  if (who.service) return grant === 'direct' ? 'Allowed' : 'ImplicitDeny';
  // WEBID: only the trust policy naming the provider lets a web identity or SAML caller in.
  if (who.provider !== undefined) return grant === 'direct' ? 'Allowed' : 'ImplicitDeny';
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
