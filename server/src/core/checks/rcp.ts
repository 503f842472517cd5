/**
 * Resource control policies (AWS Organizations, 2024; not in the 2023 Access Analyzer reference,
 * hence codes of our own with the RCP syntax page as documentation): Deny only (Allow is reserved
 * for the managed RCPFullAWSAccess), `"Principal": "*"` only (narrow principals with conditions),
 * no NotPrincipal or NotAction, and only actions of the services RCPs support.
 */
import { defineCheck, type CheckInfo } from './registry';
import type { Catalog } from '../catalog';
import { hasWildcard } from '../wildcard';
import { DEFAULT_RCP_SERVICES } from '../evaluator/rcp';
import { RCP_SERVICES_AS_OF } from '../evaluator/rcpServices';
import type { CheckFamily, Finding, RawStatement } from './types';
import { elementStrings, elementTarget, has, json } from './walk';

const RCP_DOC = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html';
/** The codes this module reports. */
export const rcpCodes: readonly CheckInfo[] = [
  defineCheck('RCP_SYNTAX_ERROR_ALLOW', 'error', 'RCP syntax error allow', RCP_DOC),
  defineCheck('RCP_SYNTAX_ERROR_PRINCIPAL', 'error', 'RCP syntax error principal', RCP_DOC),
  defineCheck('RCP_SYNTAX_ERROR_NOTACTION', 'error', 'RCP syntax error NotAction', RCP_DOC),
  defineCheck('RCP_UNSUPPORTED_SERVICE', 'warning', 'RCP unsupported service', RCP_DOC),
];

/** RCP grammar checks (only for policies of type `rcp`). */
export const rcpChecks: CheckFamily = (ctx, statements, out) => {
  if (ctx.type !== 'rcp') return;
  for (const st of statements) {
    rcpStatement(st, out);
    if (ctx.catalog) unsupportedServices(ctx.catalog, st, out);
  }
};

/** The managed RCPFullAWSAccess statement: Allow, Principal *, Action *, Resource *, nothing else. */
function isFullAccess(st: RawStatement): boolean {
  const keys = Object.keys(st.obj).filter((k) => k !== 'Sid');
  return keys.length === 4 && st.obj['Principal'] === '*' && st.obj['Action'] === '*' && st.obj['Resource'] === '*';
}

function rcpStatement(st: RawStatement, out: Finding[]): void {
  if (st.effect === 'Allow' && !isFullAccess(st)) {
    out.push({
      code: 'RCP_SYNTAX_ERROR_ALLOW',
      path: [...st.path, 'Effect'],
      target: 'value',
      message: 'RCPs support only Deny statements (Allow is reserved for the managed RCPFullAWSAccess policy).',
      fixes: [
        { title: 'Replace with "Deny"', edits: [{ kind: 'replace', path: [...st.path, 'Effect'], target: 'value', json: '"Deny"' }] },
      ],
    });
  }
  if (has(st, 'NotPrincipal'))
    out.push({
      code: 'RCP_SYNTAX_ERROR_PRINCIPAL',
      path: [...st.path, 'NotPrincipal'],
      target: 'key',
      message: 'RCPs do not support NotPrincipal: use "Principal": "*" with conditions on aws:PrincipalArn, aws:PrincipalAccount, …',
    });
  const p = st.obj['Principal'];
  if (p !== undefined && p !== '*') {
    out.push({
      code: 'RCP_SYNTAX_ERROR_PRINCIPAL',
      path: [...st.path, 'Principal'],
      target: 'value',
      message:
        'RCPs support only "Principal": "*": narrow the principals with conditions (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, …).',
      fixes: [{ title: 'Replace with "*"', edits: [{ kind: 'replace', path: [...st.path, 'Principal'], target: 'value', json: '"*"' }] }],
    });
  }
  if (has(st, 'NotAction'))
    out.push({
      code: 'RCP_SYNTAX_ERROR_NOTACTION',
      path: [...st.path, 'NotAction'],
      target: 'key',
      message: 'RCPs do not support NotAction: list the actions with Action.',
    });
}

function unsupportedServices(catalog: Catalog, st: RawStatement, out: Finding[]): void {
  for (const a of elementStrings(st, 'Action')) {
    const colon = a.value.indexOf(':');
    const prefix = a.value.slice(0, colon);
    if (colon <= 0 || hasWildcard(prefix) || !catalog.service(prefix) || DEFAULT_RCP_SERVICES.has(prefix.toLowerCase())) continue;
    out.push({
      code: 'RCP_UNSUPPORTED_SERVICE',
      path: a.path,
      target: elementTarget(a.path),
      message: `RCPs do not apply to ${prefix} (${json(a.value)}): ${prefix} is not on AWS's list of the ${DEFAULT_RCP_SERVICES.size} services that support RCPs (as of ${RCP_SERVICES_AS_OF}), so this entry has no effect.`,
    });
  }
}
