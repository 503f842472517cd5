/**
 * Actions against the catalog: unknown services and actions (with the nearest names), wrong
 * case, wildcards in the service name and wildcards that match nothing.
 */
import { defineCheck, type CheckInfo } from './registry';
import type { Catalog } from '../catalog';
import { hasWildcard } from '../wildcard';
import type { CheckFamily, Finding, Fix, RawStatement, StringAt } from './types';
import { elementStrings, elementTarget, json } from './walk';
import { memoOf } from './catalogMemo';
import { CACHES } from '../caches';

const ACTION_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html';
/** The codes this module reports. */
export const actionsCodes: readonly CheckInfo[] = [
  defineCheck('INVALID_ACTION', 'error', 'Invalid action'),
  defineCheck('INVALID_SERVICE_IN_ACTION', 'error', 'Invalid service in action'),
  defineCheck('WILDCARD_IN_SERVICE_NAME', 'suggestion', 'Wildcard in service name'),
  // Style only (actions are case-insensitive, and AWS's managed policies write many in other case): a Hint.
  defineCheck('ACTION_CASE_MISMATCH', 'hint', 'Action case mismatch', ACTION_DOC),
  defineCheck('WILDCARD_MATCHES_NO_ACTION', 'warning', 'Wildcard matches no action', ACTION_DOC),
];

/** Action and NotAction entries. */
export const actionChecks: CheckFamily = (ctx, statements, out) => {
  for (const st of statements) {
    for (const a of actionsOf(st)) {
      if (a.value === '*') continue;
      if (ctx.catalog) catalogActionOnce(ctx.catalog, a, out);
      else if (serviceHasWildcard(a.value)) wildcardService(a, out);
    }
  }
};

const verdicts = CACHES.weak<Catalog, Map<string, readonly Finding[]>>('checks.actionVerdicts');
const NONE: readonly Finding[] = Object.freeze([]);

/**
 * {@link catalogAction}, remembered per action text (and catalog): the findings depend only on
 * the text, and big policies (AWSSupportServiceRolePolicy: 4,500 actions) are re-checked on
 * every keystroke. Findings are kept at path [] and rebased onto each occurrence.
 */
function catalogActionOnce(catalog: Catalog, a: StringAt, out: Finding[]): void {
  let byText = verdicts.get(catalog);
  if (!byText) verdicts.set(catalog, (byText = new Map()));
  let found = byText.get(a.value);
  if (!found) {
    const fresh: Finding[] = [];
    catalogAction(catalog, { value: a.value, path: [] }, fresh);
    found = fresh.length ? fresh : NONE;
    if (byText.size >= 50_000) byText.clear();
    byText.set(a.value, found);
  }
  if (found.length === 0) return;
  const target = elementTarget(a.path);
  for (const f of found) {
    out.push({
      ...f,
      path: a.path,
      target,
      ...(f.fixes ? { fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, path: a.path })) })) } : {}),
    });
  }
}

/** The Action and NotAction strings of a statement. */
export function actionsOf(st: RawStatement): StringAt[] {
  return [...elementStrings(st, 'Action'), ...elementStrings(st, 'NotAction')];
}

function serviceHasWildcard(action: string): boolean {
  const colon = action.indexOf(':');
  return colon >= 0 && hasWildcard(action.slice(0, colon));
}

function wildcardService(a: StringAt, out: Finding[]): void {
  out.push({
    code: 'WILDCARD_IN_SERVICE_NAME',
    path: a.path,
    target: elementTarget(a.path),
    message: `Avoid wildcards in the service name of ${json(a.value)}: they may grant access to other services with similar names.`,
  });
}

function catalogAction(catalog: Catalog, a: StringAt, out: Finding[]): void {
  const colon = a.value.indexOf(':');
  const target = elementTarget(a.path);
  if (colon < 0) {
    out.push({
      code: 'INVALID_ACTION',
      path: a.path,
      target,
      message: `The action ${json(a.value)} does not exist: actions have the form service:ActionName.`,
    });
    return;
  }
  const prefix = a.value.slice(0, colon);
  if (hasWildcard(prefix)) {
    wildcardService(a, out);
    if (memoOf(catalog).countActions(a.value) === 0) noMatch(a, out);
    return;
  }
  const service = catalog.service(prefix);
  if (!service) {
    unknownService(catalog, a, prefix, out);
    return;
  }
  // A retired former prefix (zocalo): AWS accepts it, and its action names are not known.
  if (service.openActions) return;
  if (hasWildcard(a.value)) {
    if (memoOf(catalog).countActions(a.value) === 0) noMatch(a, out);
    return;
  }
  knownServiceAction(catalog, a, out);
}

function unknownService(catalog: Catalog, a: StringAt, prefix: string, out: Finding[]): void {
  const rest = a.value.slice(prefix.length);
  const near = catalog.suggestServices(prefix).map((s) => s.prefix);
  const fixes = near.map((p, i) => replaceFix(a, `${p}${rest}`, i === 0));
  const hint = near.length ? ` Did you mean ${near.map((p) => json(p)).join(' or ')}?` : '';
  out.push({
    code: 'INVALID_SERVICE_IN_ACTION',
    path: a.path,
    target: elementTarget(a.path),
    message: `The service ${json(prefix)} in ${json(a.value)} does not exist.${hint}`,
    fixes,
  });
}

/**
 * API operations authorized by an action of another name, which people write as actions: the
 * action to offer first (S3 User Guide, using-with-s3-policy-actions, "Required permissions for
 * Amazon S3 API operations": ListBuckets → s3:ListAllMyBuckets, ListObjectsV2 and HeadBucket →
 * s3:ListBucket, HeadObject → s3:GetObject, DeleteObjects → s3:DeleteObject).
 */
const API_ACTIONS: Readonly<Record<string, string>> = {
  's3:listbuckets': 's3:ListAllMyBuckets',
  's3:listobjects': 's3:ListBucket',
  's3:listobjectsv2': 's3:ListBucket',
  's3:headbucket': 's3:ListBucket',
  's3:headobject': 's3:GetObject',
  's3:deleteobjects': 's3:DeleteObject',
};

function knownServiceAction(catalog: Catalog, a: StringAt, out: Finding[]): void {
  const canonical = catalog.canonicalActionName(a.value);
  const target = elementTarget(a.path);
  if (canonical === undefined) {
    // The service exists: suggest its own actions only ("sns:Receive" is not "iot:Receive"), since
    // the first suggestion is the preferred fix that Fix all applies.
    const service = `${a.value.slice(0, a.value.indexOf(':')).toLowerCase()}:`;
    const api = API_ACTIONS[a.value.toLowerCase()];
    const near = [
      ...(api ? [api] : []),
      ...catalog.suggestActions(a.value).filter((n) => n.toLowerCase().startsWith(service) && n !== api && !catalog.action(n)?.retired),
    ];
    const hint = api
      ? ` The API operation ${a.value.slice(a.value.indexOf(':') + 1)} is authorized by ${json(api)}.`
      : near.length
        ? ` Did you mean ${near.map((n) => json(n)).join(' or ')}?`
        : '';
    out.push({
      code: 'INVALID_ACTION',
      path: a.path,
      target,
      message: `The action ${json(a.value)} does not exist.${hint}`,
      fixes: near.map((n, i) => replaceFix(a, n, i === 0)),
    });
  } else if (canonical !== a.value) {
    out.push({
      code: 'ACTION_CASE_MISMATCH',
      path: a.path,
      target,
      message: `${json(a.value)} is written ${json(canonical)} in the AWS reference (actions are case-insensitive, but the canonical case is easier to search).`,
      fixes: [replaceFix(a, canonical, true)],
    });
  }
}

function noMatch(a: StringAt, out: Finding[]): void {
  out.push({
    code: 'WILDCARD_MATCHES_NO_ACTION',
    path: a.path,
    target: elementTarget(a.path),
    message: `The pattern ${json(a.value)} matches no action of the AWS catalog.`,
  });
}

/** A fix that replaces a string element by `text`. */
export function replaceFix(at: StringAt, text: string, preferred = false): Fix {
  return {
    title: `Replace with ${json(text)}`,
    edits: [{ kind: 'replace', path: at.path, target: 'value', json: json(text) }],
    ...(preferred ? { preferred } : {}),
  };
}
