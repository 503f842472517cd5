/**
 * Principal values: formats (service principals, unique IDs instead of ARNs, wildcards), which
 * policy types accept federated principals, and the condition keys that go with service
 * principals (the confused-deputy keys aws:SourceArn / aws:SourceAccount).
 */
import { defineCheck, type CheckInfo } from './registry';
import { arnFields } from '../evaluator/arn';
import type { PolicyType } from '../policyType';
import type { CheckFamily, Finding, RawStatement, StringAt } from './types';
import { isRecord, json, rawConditions, stringsAt } from './walk';

/** The codes this module reports. */
export const principalsCodes: readonly CheckInfo[] = [
  defineCheck('INVALID_SERVICE_PRINCIPAL_FORMAT', 'error', 'Invalid service principal format'),
  defineCheck('UNSUPPORTED_WILDCARD_IN_PRINCIPAL', 'error', 'Unsupported wildcard in principal'),
  defineCheck('INVALID_ROLE_REFERENCE', 'warning', 'Invalid role reference'),
  defineCheck('INVALID_USER_REFERENCE', 'warning', 'Invalid user reference'),
  defineCheck('FEDERATED_PRINCIPAL_NOT_SUPPORTED', 'error', 'Federated principal not supported'),
  defineCheck('RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL', 'security', 'Restrict access to service principal'),
  defineCheck('RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL', 'suggestion', 'Recommended condition key for service principal'),
  defineCheck('UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL', 'error', 'Unsupported condition key for service principal'),
  defineCheck(
    'INVALID_PRINCIPAL_ARN',
    'warning',
    'Invalid principal ARN',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  ),
];

/** Principal entries of a statement by kind (`AWS`, `Service`, …), with paths. */
export function principalEntries(st: RawStatement, element = 'Principal'): Map<string, StringAt[]> {
  const out = new Map<string, StringAt[]>();
  const p = st.obj[element];
  if (!isRecord(p)) return out;
  for (const [kind, v] of Object.entries(p)) out.set(kind, stringsAt(v, [...st.path, element, kind]));
  return out;
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazon\.com|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;
const SOURCE_KEYS = /^aws:(sourcearn|sourceaccount|sourceorgid|sourceorgpaths)$/i;
const PRINCIPAL_KEYS = /^aws:(principalarn|principalaccount|principalorgid|principalorgpaths|principaltag\/.+|userid|username)$/i;
const KINDS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const NO_FEDERATED: ReadonlySet<PolicyType> = new Set(['resource', 'rcp', 'vpc-endpoint']);

/** Principal format and service-principal condition checks. */
export const principalChecks: CheckFamily = (ctx, statements, out) => {
  for (const st of statements) {
    for (const element of ['Principal', 'NotPrincipal']) {
      for (const [kind, entries] of principalEntries(st, element)) {
        // Unknown principal types are the grammar's INVALID_PRINCIPAL_KEY.
        if (KINDS.has(kind)) for (const e of entries) entry(ctx.type, kind, e, out);
      }
    }
    if (ctx.type === 'resource' || ctx.type === 'vpc-endpoint') serviceConditions(st, out);
  }
};

function target(e: StringAt): 'element' | 'value' {
  return typeof e.path[e.path.length - 1] === 'number' ? 'element' : 'value';
}

function entry(type: PolicyType, kind: string, e: StringAt, out: Finding[]): void {
  const push = (code: string, message: string) => out.push({ code, path: e.path, target: target(e), message });
  const wildcard = /[*?]/.test(e.value);
  if (wildcard && !(kind === 'AWS' && e.value === '*')) {
    push(
      'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
      `Wildcards are not supported in ${kind} principals: ${json(e.value)}. Name the principal, or use "*" with a condition such as aws:PrincipalArn.`,
    );
    return;
  }
  if (kind === 'Service' && !SERVICE_PRINCIPAL.test(e.value))
    push('INVALID_SERVICE_PRINCIPAL_FORMAT', `${json(e.value)} is not a service principal: use the form service-name.amazonaws.com.`);
  if (kind === 'AWS' && e.value.startsWith('arn:')) {
    const why = principalArnProblem(e.value);
    if (why)
      push(
        'INVALID_PRINCIPAL_ARN',
        `${json(e.value)} is not an IAM principal ARN: ${why}. IAM rejects the policy ("Invalid principal in policy"); write arn:aws:iam::111122223333:root, …:role/name, …:user/name or arn:aws:sts::111122223333:assumed-role/role/session.`,
      );
  }
  // Neither an ARN nor an account ID (11 digits, an account alias): IAM rejects it as well.
  if (
    kind === 'AWS' &&
    e.value !== '*' &&
    !e.value.trim().startsWith('arn:') &&
    !/^\d{12}$/.test(e.value) &&
    !/^A[A-Z]{3}[A-Z0-9]{12,}$/.test(e.value)
  )
    push(
      'INVALID_PRINCIPAL_ARN',
      `${json(e.value)} is neither an account ID (12 digits) nor an IAM or STS ARN. IAM rejects the policy ("Invalid principal in policy"); write 111122223333, arn:aws:iam::111122223333:root, …:role/name or …:user/name.`,
    );
  if (kind === 'AWS' && /^AROA[A-Z0-9]{12,}$/.test(e.value))
    push(
      'INVALID_ROLE_REFERENCE',
      `${json(e.value)} is a role ID: use the role ARN instead (IAM replaces ARNs with IDs only when the role is deleted).`,
    );
  if (kind === 'AWS' && /^AIDA[A-Z0-9]{12,}$/.test(e.value))
    push('INVALID_USER_REFERENCE', `${json(e.value)} is a user ID: use the user ARN instead.`);
  if (kind === 'Federated' && NO_FEDERATED.has(type))
    push(
      'FEDERATED_PRINCIPAL_NOT_SUPPORTED',
      `This policy type does not support federated principals (${json(e.value)}): federated identities assume a role through its trust policy.`,
    );
}

/**
 * What is wrong with an ARN given as an AWS principal: principals are IAM or STS ARNs, which have
 * six fields and no Region, of an account (12 digits) and of an entity that authenticates: the
 * account (`root`), a user, a role, a role session or a federated user session (IAM User Guide,
 * AWS JSON policy elements: Principal; IAM identifiers, ARNs). A user group is no principal
 * ("You cannot identify a user group as a Principal", IAM user groups). CloudFront's origin access
 * identities are IAM users of the account `cloudfront`.
 */
function principalArnProblem(value: string): string | undefined {
  const p = arnFields(value);
  if (!p) return 'an ARN has six fields, arn:partition:service:region:account:resource';
  if (p.service !== 'iam' && p.service !== 'sts') return `its service is ${json(p.service)}, where principals are iam or sts ARNs`;
  if (p.region !== '') return `it names a Region (${json(p.region)}), which IAM and STS ARNs never have`;
  const resource = p.resource;
  if (p.service === 'iam' && p.account === 'cloudfront' && resource.startsWith('user/CloudFront Origin Access Identity ')) return undefined;
  if (!/^\d{12}$/.test(p.account)) return `its account ${json(p.account)} is not a 12-digit account ID`;
  if (p.service === 'iam') {
    if (resource === 'root' || /^(user|role)\/(.+\/)?[^/]+$/.test(resource)) return undefined;
    return `its resource ${json(resource)} is not root, user/name or role/name`;
  }
  if (/^assumed-role\/[^/]+\/[^/]+$/.test(resource) || /^federated-user\/[^/]+$/.test(resource)) return undefined;
  return `its resource ${json(resource)} is not assumed-role/role-name/session-name or federated-user/name`;
}

function serviceConditions(st: RawStatement, out: Finding[]): void {
  const entries = principalEntries(st);
  const services = entries.get('Service') ?? [];
  if (services.length === 0 || st.effect !== 'Allow') return;
  const conditions = rawConditions(st);
  const onlyServices = [...entries.keys()].every((k) => k === 'Service');
  if (onlyServices) {
    for (const c of conditions) {
      if (PRINCIPAL_KEYS.test(c.key))
        out.push({
          code: 'UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL',
          path: c.path,
          target: 'key',
          message: `The condition key ${c.key} is not in the request context of a service principal: the condition never matches ${services.map((s) => s.value).join(', ')}.`,
        });
    }
  }
  if (conditions.some((c) => SOURCE_KEYS.test(c.key))) return;
  const servicesKey = [...st.path, 'Principal', 'Service'];
  if (conditions.length === 0) {
    out.push({
      code: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
      path: servicesKey,
      target: 'key',
      message: `Granting access to ${services.map((s) => s.value).join(', ')} without naming a source lets the service act for any account (confused deputy). Add an aws:SourceArn or aws:SourceAccount condition.`,
    });
    return;
  }
  for (const c of conditions) {
    if (!PRINCIPAL_KEYS.test(c.key))
      out.push({
        code: 'RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL',
        path: c.path,
        target: 'key',
        message: `To restrict ${services.map((s) => s.value).join(', ')} to requests on your behalf, use aws:SourceArn or aws:SourceAccount instead of ${c.key}.`,
      });
  }
}
