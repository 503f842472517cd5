/**
 * Role trust policies: the elements they reject (NotPrincipal, Resource, `"*"` principals), the
 * action each federated principal needs, IAM Roles Anywhere's actions, OIDC and GitHub
 * conditions, and assumed-role principals that repeat their role.
 */
import { defineCheck, type CheckInfo } from './registry';
import type { CheckFamily, Finding, RawStatement, StringAt } from './types';
import { elementStrings, has, json, rawConditions } from './walk';
import { principalEntries } from './principals';

/** The codes this module reports. */
export const trustCodes: readonly CheckInfo[] = [
  defineCheck('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', 'error', 'Role trust policy syntax error notprincipal'),
  defineCheck('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', 'error', 'Role trust policy unsupported wildcard in principal'),
  defineCheck('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', 'error', 'Role trust policy syntax error resource'),
  defineCheck('MISMATCHED_ACTION_FOR_PRINCIPAL', 'error', 'Mismatched action for principal'),
  defineCheck('MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY', 'error', 'Missing action for roles anywhere trust policy'),
  defineCheck(
    'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
    'error',
    'Invalid federated principal syntax in role trust policy',
  ),
  defineCheck('REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY', 'suggestion', 'Redundant principal in role trust policy'),
  defineCheck('MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', 'security', 'Missing condition key for oidc principal'),
  defineCheck('MISSING_GITHUB_REPO_CONDITION_KEY', 'security', 'Missing github repo condition key'),
];

/** Trust policy checks (only for policies of type `trust`). */
export const trustChecks: CheckFamily = (ctx, statements, out) => {
  if (ctx.type !== 'trust') return;
  for (const st of statements) {
    elements(st, out);
    if (st.effect !== 'Allow') continue;
    const federated = principalEntries(st).get('Federated') ?? [];
    for (const f of federated) federatedPrincipal(st, f, out);
    mismatchedActions(st, federated, out);
    rolesAnywhere(st, out);
    redundantAssumedRoles(st, out);
  }
};

function elements(st: RawStatement, out: Finding[]): void {
  const remove = (key: string) => [{ title: `Remove ${key}`, edits: [{ kind: 'remove' as const, path: [...st.path, key] }] }];
  if (has(st, 'NotPrincipal'))
    out.push({
      code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL',
      path: [...st.path, 'NotPrincipal'],
      target: 'key',
      message: 'Role trust policies do not support NotPrincipal: use Principal.',
    });
  for (const key of ['Resource', 'NotResource']) {
    if (has(st, key))
      out.push({
        code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE',
        path: [...st.path, key],
        target: 'key',
        message: `A role trust policy applies to its role: remove ${key}.`,
        fixes: remove(key),
      });
  }
  if (st.effect !== 'Allow') return;
  const p = st.obj['Principal'];
  // Only the string wildcard: Access Analyzer's message names `"Principal:" "*"`, and AWS's
  // CloudFormation policy validator suite (test_role_validator.py, validated as
  // AWS::IAM::AssumeRolePolicyDocument) expects no ValidatePolicy finding for a trust policy with
  // `{"AWS": "*"}` (only the access preview's EXTERNAL_PRINCIPAL). Who may then assume the role is
  // PUBLIC_ACCESS's question.
  if (p !== '*') return;
  out.push({
    code: 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
    path: [...st.path, 'Principal'],
    target: 'value',
    message: '"Principal": "*" is not supported in a role trust policy: name the accounts, roles or services that may assume the role.',
  });
}

const SAML = /^arn:aws[a-z-]*:iam::(\d{12}|\*):saml-provider\/.+$/;
const OIDC = /^arn:aws[a-z-]*:iam::(\d{12}|\*):oidc-provider\/(.+)$/;
const DOMAIN = /^([a-z0-9-]+\.)+[a-z]{2,}$/i;

function oidcHost(value: string): string | undefined {
  const m = OIDC.exec(value);
  if (m) return m[2];
  return DOMAIN.test(value) ? value : undefined;
}

function federatedPrincipal(st: RawStatement, f: StringAt, out: Finding[]): void {
  const target = typeof f.path[f.path.length - 1] === 'number' ? ('element' as const) : ('value' as const);
  if (!SAML.test(f.value) && !oidcHost(f.value)) {
    out.push({
      code: 'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
      path: f.path,
      target,
      message: `${json(f.value)} is not a federated principal: use an identity provider domain name or a SAML/OIDC provider ARN.`,
    });
    return;
  }
  const host = oidcHost(f.value);
  if (!host || SAML.test(f.value)) return;
  const keys = rawConditions(st).map((c) => c.key.toLowerCase());
  if (host.toLowerCase() === 'token.actions.githubusercontent.com') {
    if (!keys.includes('token.actions.githubusercontent.com:sub'))
      out.push({
        code: 'MISSING_GITHUB_REPO_CONDITION_KEY',
        path: f.path,
        target,
        message:
          'Trusting GitHub Actions without a token.actions.githubusercontent.com:sub condition lets any repository assume the role: add the condition with your repository and branch.',
      });
  } else if (!keys.some((k) => k.startsWith(`${host.toLowerCase()}:`))) {
    out.push({
      code: 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
      path: f.path,
      target,
      message: `Trusting the OIDC provider ${host} without a condition on its claims (${host}:aud, ${host}:sub) lets any of its identities assume the role.`,
    });
  }
}

function mismatchedActions(st: RawStatement, federated: readonly StringAt[], out: Finding[]): void {
  const entries = principalEntries(st);
  const others = [...entries.entries()].filter(([k]) => k !== 'Federated').flatMap(([, v]) => v.map((e) => e.value));
  for (const a of elementStrings(st, 'Action')) {
    const name = a.value.toLowerCase();
    const needs = name === 'sts:assumerolewithsaml' ? 'saml' : name === 'sts:assumerolewithwebidentity' ? 'oidc' : undefined;
    if (!needs) continue;
    const wrong = [
      ...others,
      ...federated.filter((f) => (needs === 'saml' ? !SAML.test(f.value) : SAML.test(f.value))).map((f) => f.value),
    ];
    if (st.obj['Principal'] === '*' || wrong.length === 0) continue;
    out.push({
      code: 'MISMATCHED_ACTION_FOR_PRINCIPAL',
      path: a.path,
      target: typeof a.path[a.path.length - 1] === 'number' ? 'element' : 'value',
      message: `${a.value} is invalid with the principal(s) ${wrong.join(', ')}: use a ${needs === 'saml' ? 'SAML' : 'OIDC'} provider in Federated with this action.`,
    });
  }
}

const ROLES_ANYWHERE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

function rolesAnywhere(st: RawStatement, out: Finding[]): void {
  const service = (principalEntries(st).get('Service') ?? []).find((s) => s.value === 'rolesanywhere.amazonaws.com');
  if (!service) return;
  const actions = elementStrings(st, 'Action').map((a) => a.value.toLowerCase());
  if (actions.includes('*') || actions.includes('sts:*')) return;
  const missing = ROLES_ANYWHERE_ACTIONS.filter((a) => !actions.includes(a.toLowerCase()));
  if (missing.length === 0) return;
  const all = [...elementStrings(st, 'Action').map((a) => a.value), ...missing];
  out.push({
    code: 'MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY',
    path: [...st.path, 'Action'],
    target: 'value',
    message: `rolesanywhere.amazonaws.com needs sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession: add ${missing.join(', ')}.`,
    fixes: [
      {
        title: `Add ${missing.join(', ')}`,
        edits: [{ kind: 'replace', path: [...st.path, 'Action'], target: 'value', json: JSON.stringify(all) }],
        preferred: true,
      },
    ],
  });
}

const ASSUMED = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

function redundantAssumedRoles(st: RawStatement, out: Finding[]): void {
  const aws = principalEntries(st).get('AWS') ?? [];
  const roles = new Set(aws.map((a) => a.value));
  for (const a of aws) {
    const m = ASSUMED.exec(a.value);
    if (!m) continue;
    const role = [...roles].find((r) => r.startsWith(`arn:${m[1]}:iam::${m[2]}:role/`) && r.slice(r.lastIndexOf('/') + 1) === m[3]);
    if (!role || typeof a.path[a.path.length - 1] !== 'number') continue;
    out.push({
      code: 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY',
      path: a.path,
      target: 'element',
      message: `The assumed-role principal ${a.value} is redundant with its role ${role}. Remove it.`,
      fixes: [{ title: 'Remove the assumed-role principal', edits: [{ kind: 'remove', path: a.path }], preferred: true }],
    });
  }
}
