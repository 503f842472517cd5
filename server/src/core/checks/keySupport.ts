/**
 * Condition keys against the statement's actions: service keys that some actions do not list
 * (our own CONDITION_KEY_NOT_FOR_ACTION, Information), tag keys on services without tag-based access
 * control, and trust-policy keys that need a companion action (`sts:SetSourceIdentity`,
 * `sts:TagSession`).
 */
import { defineCheck, type CheckInfo } from './registry';
import type { Catalog } from '../catalog';
import { parseOperatorName } from '../policy';
import type { Finding, RawStatement } from './types';
import { elementStrings, json, rawConditions, type RawCondition } from './walk';
import { memoOf } from './catalogMemo';
import { hasWildcard } from '../wildcard';
import { CACHES } from '../caches';

/**
 * Access Analyzer's UNSUPPORTED_ACTION_FOR_CONDITION_KEY is not reproduced: AWS reported it on none
 * of the 698 AWS managed policies it validated (../shared/reference/access-analyzer-findings, 2026-03-07)
 * where the catalog's per-action key lists flagged dozens, and on AWS's published examples a key
 * the reference does not list for an action is often still in the request (saml:sub_type with S3
 * actions, id_roles_providers_saml). So the catalog's view is our own advice, at Information.
 */
/** The codes this module reports. */
export const keySupportCodes: readonly CheckInfo[] = [
  defineCheck(
    'CONDITION_KEY_NOT_FOR_ACTION',
    'suggestion',
    'Condition key not for action',
    'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
  ),
  defineCheck('DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE', 'security', 'Deny with unsupported tag condition key for service'),
  defineCheck(
    'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
    'security',
    'Deny NotAction with unsupported tag condition key for service',
  ),
  defineCheck('ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE', 'suggestion', 'Allow with unsupported tag condition key for service'),
  defineCheck(
    'ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
    'suggestion',
    'Allow NotAction with unsupported tag condition key for service',
  ),
  defineCheck('MISSING_ACTION_FOR_CONDITION_KEY', 'error', 'Missing action for condition key'),
];

const TAG_KEY = /^aws:(resourcetag\/.+|requesttag\/.+|tagkeys)$/i;

/** Key support checks for one statement (catalog required). */
export function keySupportChecks(catalog: Catalog, st: RawStatement, out: Finding[]): void {
  const conditions = rawConditions(st);
  if (conditions.length === 0) return;
  const actions = elementStrings(st, 'Action').map((a) => a.value);
  for (const c of conditions) {
    const op = parseOperatorName(c.operator);
    if ('error' in op || op.base === 'Null') continue;
    if (TAG_KEY.test(c.key)) tagKeySupport(catalog, st, c, actions, out);
    else if (actions.length > 0 && !op.ifExists) actionSupport(catalog, c, actions, out);
    companionAction(st, c, actions, out);
  }
}

/**
 * Actions STS authorizes as part of an AssumeRole* call, against that call's request context:
 * next to sts:AssumeRole* in a statement, a key of the assume call (a web identity claim such as
 * cognito-identity.amazonaws.com:aud) applies to them too (AWS's trust policies pair
 * sts:AssumeRoleWithWebIdentity and sts:TagSession under such conditions).
 */
const COMPANION_ACTIONS = /^sts:(tagsession|setsourceidentity|setcontext)$/i;

/**
 * Keys that describe the session rather than one action: a SAML session's assertion keys are in
 * the context of every request it makes, and AWS's own example pairs `saml:sub_type` with S3
 * actions in a role's permissions policy (IAM User Guide, id_roles_providers_saml, "Uniquely
 * identifying users in SAML-based federation"), though the reference lists them for
 * sts:AssumeRoleWithSAML only.
 */
const SESSION_KEY = /^saml:/i;

/**
 * Negated operators (StringNotEquals, ArnNotLike, NotIpAddress, …) are true when the key is
 * absent (condition operators page: "the condition returns true" for a missing key with a
 * negated operator), so for actions without the key the condition always holds.
 */
const NEGATED = /Not(Equals|Like)|^NotIpAddress$/;

function actionSupport(catalog: Catalog, c: RawCondition, actions: readonly string[], out: Finding[]): void {
  const def = catalog.conditionKey(c.key);
  // Global keys apply to every request; provider claim keys (`${OidcProvider}:sub`) are not per action.
  if (!def || def.global || def.key.startsWith('${') || SESSION_KEY.test(def.key) || actions.includes('*')) return;
  const memo = memoOf(catalog);
  // Access Analyzer leaves wildcard actions out of this error (access-analyzer-reference-policy-checks:
  // "If the Action element has actions with wildcards, IAM Access Analyzer doesn't evaluate those
  // actions"): AWS's own key policies pair `kms:Describe*` with kms:EncryptionContext keys.
  const assumes = actions.some((a) => /^sts:assumerole/i.test(a));
  const unsupported = actions.filter(
    (a) => !hasWildcard(a) && !(assumes && COMPANION_ACTIONS.test(a)) && memo.countActions(a) > 0 && !memo.keySupported(c.key, a),
  );
  if (unsupported.length === 0) return;
  const op = parseOperatorName(c.operator);
  const negated = !('error' in op) && NEGATED.test(op.base);
  const these = unsupported.length === 1 ? 'this action' : 'these actions';
  const outcome = negated
    ? `the ${c.operator} condition is always true for ${these} (the key is absent from their requests)`
    : `the condition is never true for ${these}`;
  out.push({
    code: 'CONDITION_KEY_NOT_FOR_ACTION',
    path: c.path,
    target: 'key',
    message: `The AWS reference does not list the condition key ${c.key} for ${unsupported.map(json).join(', ')}: if AWS does not set it for ${unsupported.length === 1 ? 'that action' : 'those actions'}, ${outcome}. Consider moving ${unsupported.length === 1 ? 'it' : 'them'} to a statement without this key.`,
  });
}

const tagSupport = CACHES.weak<Catalog, Map<string, Set<string>>>('checks.tagSupport');

/** The `aws:` tag keys (lower case) a service's condition key tables list. */
function serviceTagKeys(catalog: Catalog, prefix: string): Set<string> {
  let byService = tagSupport.get(catalog);
  if (!byService) tagSupport.set(catalog, (byService = new Map()));
  let keys = byService.get(prefix);
  if (!keys) {
    keys = new Set();
    const s = catalog.service(prefix);
    for (const k of s?.conditionKeys ?? []) keys.add(k.key.toLowerCase());
    for (const rt of s?.resourceTypes ?? []) for (const k of rt.conditionKeys) keys.add(k.key.toLowerCase());
    byService.set(prefix, keys);
  }
  return keys;
}

function tagKeySupport(catalog: Catalog, st: RawStatement, c: RawCondition, actions: readonly string[], out: Finding[]): void {
  const def = catalog.conditionKey(c.key);
  if (!def || !st.effect) return;
  const effect = st.effect;
  if (st.obj['NotAction'] !== undefined) {
    const code =
      effect === 'Deny'
        ? 'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE'
        : 'ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE';
    const what = effect === 'Deny' ? 'some service actions are not denied' : 'only actions of services that support it are allowed';
    out.push({
      code,
      path: c.path,
      target: 'key',
      message: `${effect} with NotAction and the tag key ${c.key}: the key does not apply to every service, so ${what}. Use Action instead of NotAction.`,
    });
    return;
  }
  const services = new Set<string>();
  for (const a of actions) {
    const colon = a.indexOf(':');
    const prefix = a.slice(0, colon).toLowerCase();
    if (colon <= 0 || !catalog.service(prefix)) continue;
    const keys = serviceTagKeys(catalog, prefix);
    // A service whose reference lists no condition key at all (the Resource Groups Tagging API,
    // `tag:`) says nothing about tag keys: Access Analyzer uses data of its own there, and reported
    // nothing for aws:TagKeys with tag:TagResources, tag:UntagResources (Deny) or tag:GetResources
    // in AWS managed policies (calibration set, validated 2026-03-07: AwsGlueSessionUserRestrictedPolicy).
    if (keys.size > 0 && !keys.has(def.key.toLowerCase())) services.add(prefix);
  }
  if (services.size === 0) return;
  const list = [...services].sort().join(', ');
  const code =
    effect === 'Deny' ? 'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE' : 'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE';
  const what = effect === 'Deny' ? 'are not denied by this statement' : 'are not allowed by this statement';
  out.push({
    code,
    path: c.path,
    target: 'key',
    message: `The tag key ${c.key} does not apply to the services ${list}: their actions ${what}. Move them to a statement without this key.`,
  });
}

// Trust policies set these keys only when the companion action is allowed too (id_session-tags.md, id_credentials_temp_control-access_monitor.md).
const COMPANION: ReadonlyArray<readonly [RegExp, string]> = [
  [/^sts:sourceidentity$/i, 'sts:SetSourceIdentity'],
  [/^(aws:requesttag\/.+|aws:tagkeys|sts:transitivetagkeys)$/i, 'sts:TagSession'],
];

function companionAction(st: RawStatement, c: RawCondition, actions: readonly string[], out: Finding[]): void {
  if (st.effect !== 'Allow' || !actions.some((a) => /^sts:assumerole/i.test(a))) return;
  const needed = COMPANION.find(([re]) => re.test(c.key))?.[1];
  if (!needed || actions.some((a) => a.toLowerCase() === needed.toLowerCase() || a === '*' || a.toLowerCase() === 'sts:*')) return;
  const path = [...st.path, 'Action'];
  out.push({
    code: 'MISSING_ACTION_FOR_CONDITION_KEY',
    path: c.path,
    target: 'key',
    message: `The ${needed} action must be in the Action element to allow setting values for the condition key ${c.key}. Add ${needed}.`,
    fixes: Array.isArray(st.obj['Action'])
      ? [
          {
            title: `Add ${json(needed)} to Action`,
            edits: [{ kind: 'replace', path, target: 'value', json: JSON.stringify([...(st.obj['Action'] as unknown[]), needed]) }],
          },
        ]
      : [
          {
            title: `Add ${json(needed)} to Action`,
            edits: [{ kind: 'replace', path, target: 'value', json: JSON.stringify([st.obj['Action'], needed]) }],
          },
        ],
  });
}
