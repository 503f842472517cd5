/**
 * iam:PassRole and iam:CreateServiceLinkedRole granted too broadly: with `Resource: "*"`, with
 * NotResource, through wildcard actions or NotAction. Allow statements only.
 */
import { defineCheck, type CheckInfo } from './registry';
import type { Catalog } from '../catalog';
import type { PolicyType } from '../policyType';
import { compileGlob, hasWildcard } from '../wildcard';
import { parseOperatorName } from '../policy';
import type { CheckFamily, Finding, Fix, RawStatement, StringAt } from './types';
import { conditionValues, elementStrings, elementTarget, has, rawConditions } from './walk';
import { resourceTemplatesFix } from './resourceMatch';

interface Family {
  readonly action: string;
  readonly prefix: 'PASS_ROLE' | 'CREATE_SLR';
  readonly category: 'security' | 'warning';
  readonly titlePrefix: string;
}
const FAMILIES: readonly Family[] = [
  { action: 'iam:PassRole', prefix: 'PASS_ROLE', category: 'security', titlePrefix: 'Pass role' },
  { action: 'iam:CreateServiceLinkedRole', prefix: 'CREATE_SLR', category: 'warning', titlePrefix: 'Create SLR' },
];
const VARIANTS = [
  ['WITH_NOT_RESOURCE', 'with NotResource'],
  ['WITH_STAR_IN_ACTION_AND_NOT_RESOURCE', 'with star in action and NotResource'],
  ['WITH_NOT_ACTION_AND_NOT_RESOURCE', 'with NotAction and NotResource'],
  ['WITH_STAR_IN_RESOURCE', 'with star in resource'],
  ['WITH_STAR_IN_ACTION_AND_RESOURCE', 'with star in action and resource'],
  ['WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', 'with star in resource and NotAction'],
] as const;
// AWS's anchors spell NotResource/NotAction as two words ("…-with-not-resource"), unlike the titles.
const anchorOf = (f: Family, title: string) =>
  `access-analyzer-reference-policy-checks-${f.category === 'security' ? 'security-warning' : 'general-warning'}-${`${f.titlePrefix} ${title}`
    .replace(/Not(Resource|Action)/g, 'not $1')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')}`;
/** The codes this module reports. */
export const passRoleCodes: readonly CheckInfo[] = [
  ...FAMILIES.flatMap((f) =>
    VARIANTS.map(([code, title]) => defineCheck(`${f.prefix}_${code}`, f.category, `${f.titlePrefix} ${title}`, anchorOf(f, title))),
  ),
];

/**
 * The policy types that give a principal iam:PassRole (id_roles_use_passrole: "you must grant the
 * iam:PassRole permission to an identity"), and the boundaries and session policies that cap it.
 * Resource policies, VPC endpoint policies (AWS's default is Allow * on *), RCPs and trust
 * policies never authorize PassRole, and an SCP grants nothing (the default FullAWSAccess SCP is
 * Allow * on *).
 */
const GRANTING: ReadonlySet<PolicyType> = new Set(['identity', 'boundary', 'session']);

/** PassRole and CreateServiceLinkedRole breadth checks. */
export const passRoleChecks: CheckFamily = (ctx, statements, out) => {
  if (!GRANTING.has(ctx.type)) return;
  for (const st of statements) {
    // Statements with both Action and NotAction (or Resource and NotResource) are grammar errors, reported there.
    if (st.effect !== 'Allow' || (has(st, 'Action') && has(st, 'NotAction')) || (has(st, 'Resource') && has(st, 'NotResource'))) continue;
    // Only `"*"` among the resources, or NotResource, is too broad (most statements name their resources).
    if (!hasStarResource(st) && !has(st, 'NotResource')) continue;
    for (const f of FAMILIES) family(ctx.catalog, st, f, out);
  }
};

/** Whether `"*"` is the Resource or one of its entries. */
function hasStarResource(st: RawStatement): boolean {
  const r = st.obj['Resource'];
  return r === '*' || (Array.isArray(r) && r.includes('*'));
}

/**
 * The condition keys that scope each family, as Access Analyzer applies them (ValidatePolicy on
 * AWS managed policies, 2026-03-07): iam:PassedToService or iam:AssociatedResourceArn for
 * PassRole, iam:AWSServiceName for CreateServiceLinkedRole. A test that is also true without the
 * key (…IfExists, negated operators, ForAllValues) or a value that starts with a wildcard
 * (`*a4b.amazonaws.com`, any service) scopes nothing: AWS still reports
 * AWSServiceRoleForAmazonEKSNodegroup's StringEqualsIfExists and AlexaForBusinessFullAccess's
 * StringLike "*a4b.amazonaws.com", and not AutoScalingServiceRolePolicy's StringLike "ec2.amazonaws.com*".
 */
const SCOPING_KEYS: Record<Family['prefix'], ReadonlySet<string>> = {
  PASS_ROLE: new Set(['iam:passedtoservice', 'iam:associatedresourcearn']),
  CREATE_SLR: new Set(['iam:awsservicename']),
};

function scoped(st: RawStatement, f: Family): boolean {
  const keys = SCOPING_KEYS[f.prefix];
  return rawConditions(st).some((c) => {
    if (!keys.has(c.key.toLowerCase())) return false;
    const op = parseOperatorName(c.operator);
    if ('error' in op || op.ifExists || op.setOperator === 'ForAllValues' || /Not/.test(op.base) || op.base === 'Null') return false;
    const values = conditionValues(c);
    return values.length > 0 && values.every((v) => !/^[*?]/.test(v.value));
  });
}

function family(catalog: Catalog | undefined, st: RawStatement, f: Family, out: Finding[]): void {
  const how = actionCoverage(st, f.action);
  if (!how) return;
  const starResource = elementStrings(st, 'Resource').find((r) => r.value === '*');
  const notResource = has(st, 'NotResource');
  if (!starResource && !notResource) return;
  // AWS's advice for "*" resources: name the roles, or restrict the receiving service; either settles it.
  if (!notResource && scoped(st, f)) return;
  const variant = notResource
    ? how.kind === 'notAction'
      ? 'WITH_NOT_ACTION_AND_NOT_RESOURCE'
      : how.kind === 'wildcard'
        ? 'WITH_STAR_IN_ACTION_AND_NOT_RESOURCE'
        : 'WITH_NOT_RESOURCE'
    : how.kind === 'notAction'
      ? 'WITH_STAR_IN_RESOURCE_AND_NOT_ACTION'
      : how.kind === 'wildcard'
        ? 'WITH_STAR_IN_ACTION_AND_RESOURCE'
        : 'WITH_STAR_IN_RESOURCE';
  const fix = !notResource && how.kind === 'named' && catalog ? resourceTemplatesFix(catalog, st, [...st.path, 'Resource']) : undefined;
  const advice =
    f.prefix === 'PASS_ROLE' ? 'specify role ARNs, or add the iam:PassedToService condition key' : 'specify the service-linked role ARNs';
  const via =
    how.kind === 'notAction'
      ? ' through NotAction'
      : how.kind === 'wildcard'
        ? ` through the wildcard action ${JSON.stringify(how.at.value)}`
        : '';
  const scope = notResource ? 'NotResource' : '"Resource": "*"';
  // Access Analyzer points at the action that grants it (the Action element when it is a string).
  out.push({
    code: `${f.prefix}_${variant}`,
    path: how.at.path,
    target: how.kind === 'notAction' ? 'key' : elementTarget(how.at.path),
    message: `Granting ${f.action}${via} with ${scope} allows it on ${notResource ? 'many' : 'all'} roles: ${advice}.`,
    ...(variant === 'WITH_STAR_IN_RESOURCE' ? { fixes: starFixes(st, f, fix) } : {}),
  });
}

/** The ARN templates (for a plain `"*"`), and for PassRole a condition on the receiving service. */
function starFixes(st: RawStatement, f: Family, templates: Fix | undefined): Fix[] {
  const fixes: Fix[] = templates && !Array.isArray(st.obj['Resource']) ? [templates] : [];
  if (f.prefix === 'PASS_ROLE' && !has(st, 'Condition')) {
    fixes.push({
      title: 'Add an iam:PassedToService condition',
      snippet: true,
      edits: [
        {
          kind: 'insert',
          path: st.path,
          key: 'Condition',
          json: '{ "StringEquals": { "iam:PassedToService": "${1:ec2}.amazonaws.com" } }',
        },
      ],
    });
  }
  return fixes;
}

/** How the statement grants `action` (by name, through a wildcard pattern, through NotAction) and where, or not at all. */
function actionCoverage(
  st: RawStatement,
  action: string,
): { readonly kind: 'named' | 'wildcard' | 'notAction'; readonly at: StringAt } | undefined {
  const lower = action.toLowerCase();
  const actions = elementStrings(st, 'Action');
  const named = actions.find((a) => a.value.toLowerCase() === lower);
  if (named) return { kind: 'named', at: named };
  const wildcard = actions.find((a) => hasWildcard(a.value) && compileGlob(a.value, { ignoreCase: true }).matches(action));
  if (wildcard) return { kind: 'wildcard', at: wildcard };
  const not = elementStrings(st, 'NotAction');
  if (has(st, 'NotAction') && !not.some((a) => compileGlob(a.value, { ignoreCase: true }).matches(action)))
    return { kind: 'notAction', at: { value: '', path: [...st.path, 'NotAction'] } };
  return undefined;
}
