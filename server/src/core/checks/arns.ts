/**
 * Resource ARNs: the format checks of Access Analyzer (prefix, fields, partition, service case,
 * Region, account) and the catalog checks (unknown service, no matching resource type, and
 * Parliament's RESOURCE_MISMATCH: no action of the statement applies to the ARN).
 */
import { defineCheck, type CheckInfo } from './registry';
import type { Catalog } from '../catalog';
import type { CheckFamily, Finding, StringAt } from './types';
import { arnFormats, isDynamic, isRegionName, PARTITIONS } from './arnFormat';
import { arnFields, type Arn } from '../evaluator/arn';
import { elementStrings, elementTarget, json } from './walk';
import { replaceFix } from './actions';
import { INCOMPLETE, resourceMismatch } from './resourceMatch';
import { memoOf } from './catalogMemo';
import { distance } from './operators';
import { arnTokensIntersect, arnPatternTokens, compileArnTemplate, type ArnTokens } from '../catalog/arn';
import { CACHES } from '../caches';

/** The codes this module reports. */
export const arnsCodes: readonly CheckInfo[] = [
  defineCheck('INVALID_ARN_PREFIX', 'error', 'Invalid ARN prefix'),
  defineCheck('MISSING_ARN_FIELD', 'error', 'Missing ARN field'),
  defineCheck('INVALID_PARTITION', 'error', 'Invalid partition'),
  defineCheck('INVALID_ARN_SERVICE_CASE', 'error', 'Invalid ARN service case'),
  defineCheck('INVALID_ARN_REGION', 'error', 'Invalid ARN Region'),
  defineCheck('INVALID_ARN_ACCOUNT', 'error', 'Invalid ARN account'),
  defineCheck('ARN_REGION_NOT_ALLOWED', 'error', 'ARN Region not allowed'),
  defineCheck('ARN_ACCOUNT_NOT_ALLOWED', 'error', 'ARN account not allowed'),
  defineCheck('MISSING_ARN_REGION', 'error', 'Missing ARN Region'),
  defineCheck('INVALID_SERVICE', 'error', 'Invalid service'),
  defineCheck('INVALID_ARN_RESOURCE', 'error', 'Invalid ARN resource'),
];

/** Resource and NotResource entries. */
export const arnChecks: CheckFamily = (ctx, statements, out) => {
  for (const st of statements) {
    const resources = [...elementStrings(st, 'Resource'), ...elementStrings(st, 'NotResource')];
    const valid: StringAt[] = [];
    for (const r of resources) {
      if (r.value === '*' || r.value.startsWith('${')) continue;
      if (apiGatewayShorthand(ctx.type, ctx.resourceService, r.value)) continue;
      if (checkArnOnce(ctx.catalog, r, out)) valid.push(r);
    }
    if (ctx.catalog && st.obj['Resource'] !== undefined)
      resourceMismatch(
        ctx.catalog,
        st,
        valid.filter((r) => r.path.includes('Resource')),
        out,
      );
  }
};

/**
 * `execute-api:/stage/METHOD/path` in an API Gateway resource policy: API Gateway writes the full
 * ARN itself when the policy is saved (apigateway-resource-policies-examples.html: "You can use
 * execute-api:/* to represent all stages, methods, and paths in the current API").
 */
export function apiGatewayShorthand(type: string, resourceService: string | undefined, value: string): boolean {
  return type === 'resource' && (resourceService ?? '').split('|').includes('execute-api') && value.startsWith('execute-api:/');
}

interface ArnVerdict {
  readonly ok: boolean;
  /** Findings at path [] (rebased onto each occurrence). */
  readonly findings: readonly Finding[];
}

const NO_CATALOG = {};
const verdicts = CACHES.weak<object, Map<string, ArnVerdict>>('checks.arnVerdicts');

/**
 * {@link checkArn}, remembered per ARN text (and catalog): the verdict depends only on the text,
 * and a keystroke re-checks a policy whose ARNs mostly did not change.
 */
function checkArnOnce(catalog: Catalog | undefined, r: StringAt, out: Finding[]): boolean {
  let byText = verdicts.get(catalog ?? NO_CATALOG);
  if (!byText) verdicts.set(catalog ?? NO_CATALOG, (byText = new Map()));
  let verdict = byText.get(r.value);
  if (!verdict) {
    const findings: Finding[] = [];
    const ok = checkArn(catalog, { value: r.value, path: [] }, findings);
    if (byText.size >= 50_000) byText.clear();
    byText.set(r.value, (verdict = { ok, findings }));
  }
  const target = elementTarget(r.path);
  for (const f of verdict.findings) {
    out.push({
      ...f,
      path: r.path,
      target,
      ...(f.fixes ? { fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, path: r.path })) })) } : {}),
    });
  }
  return verdict.ok;
}

/** Checks one ARN; true when it is well-formed and matches a resource type (or no catalog). */
function checkArn(catalog: Catalog | undefined, r: StringAt, out: Finding[]): boolean {
  const push = (code: string, message: string, fixes?: Finding['fixes']) =>
    out.push({ code, path: r.path, target: elementTarget(r.path), message, ...(fixes ? { fixes } : {}) });
  if (!r.value.startsWith('arn:')) {
    const fixed = r.value.toLowerCase().startsWith('arn:')
      ? `arn:${r.value.slice(4)}`
      : r.value.startsWith('aws:')
        ? `arn:${r.value}`
        : undefined;
    push(
      'INVALID_ARN_PREFIX',
      `The resource ${json(r.value)} is not an ARN: resource ARNs start with "arn:".`,
      fixed ? [replaceFix(r, fixed, true)] : undefined,
    );
    return false;
  }
  const parts = arnFields(r.value);
  if (!parts) {
    if (!isDynamic(r.value.slice(r.value.lastIndexOf(':') + 1))) {
      push('MISSING_ARN_FIELD', `The ARN ${json(r.value)} has fewer than 6 fields: arn:partition:service:region:account:resource.`);
    }
    return false;
  }
  const problems = out.length;
  fieldChecks(r, parts, push);
  if (catalog && out.length === problems) catalogChecks(catalog, r, parts, push);
  return out.length === problems;
}

type Push = (code: string, message: string, fixes?: Finding['fixes']) => void;

function fieldChecks(r: StringAt, p: Arn, push: Push): void {
  if (!isDynamic(p.partition) && !PARTITIONS.includes(p.partition)) {
    push(
      'INVALID_PARTITION',
      `The partition ${json(p.partition)} in ${json(r.value)} does not exist. Use one of: ${PARTITIONS.join(', ')}.`,
    );
  }
  if (p.service !== p.service.toLowerCase()) {
    const fixed = arnWith(p, { service: p.service.toLowerCase() });
    push('INVALID_ARN_SERVICE_CASE', `The service ${json(p.service)} in the resource ARN must be lowercase.`, [replaceFix(r, fixed, true)]);
  }
  if (p.region !== '' && !isDynamic(p.region) && !isRegionName(p.region)) {
    push('INVALID_ARN_REGION', `The Region ${json(p.region)} in ${json(r.value)} is not a valid Region.`);
  }
  // `aws` is the account of AWS managed policies (arn:aws:iam::aws:policy/...).
  if (p.account !== '' && !isDynamic(p.account) && !/^\d{12}$/.test(p.account) && p.account !== 'aws') {
    push('INVALID_ARN_ACCOUNT', `The account ID ${json(p.account)} in ${json(r.value)} is not valid: provide a 12-digit account ID.`);
  }
}

function catalogChecks(catalog: Catalog, r: StringAt, p: Arn, push: Push): void {
  if (isDynamic(p.service)) return;
  const format = arnFormats(catalog).get(p.service);
  // A service without resource types (applicationinsights, migrationhub-strategy): AWS accepts its ARNs.
  if (!format && catalog.service(p.service)) return;
  if (!format) {
    const wanted = p.service.toLowerCase();
    const near = [...arnFormats(catalog).keys()]
      .map((ns) => ({ ns, d: distance(ns, wanted, 2) }))
      .filter((x) => x.d <= 2)
      .sort((a, b) => a.d - b.d || a.ns.localeCompare(b.ns))
      .slice(0, 3)
      .map((x) => x.ns);
    const hint = near.length ? ` Did you mean ${near.map(json).join(' or ')}?` : '';
    push(
      'INVALID_SERVICE',
      `The service ${json(p.service)} in the resource ARN does not exist.${hint}`,
      near.map((ns, i) => replaceFix(r, arnWith(p, { service: ns }), i === 0)),
    );
    return;
  }
  let found = 0;
  const counted: Push = (c, m, f) => {
    found++;
    push(c, m, f);
  };
  if (p.region !== '' && !isDynamic(p.region) && format.regionNever)
    counted(
      'ARN_REGION_NOT_ALLOWED',
      `The service ${p.service} does not support a Region in its resource ARNs: remove ${json(p.region)}.`,
      [replaceFix(r, arnWith(p, { region: '' }), true)],
    );
  if (p.region === '' && format.regionAlways)
    counted('MISSING_ARN_REGION', `Add a Region to the ${p.service} resource ARN (or * for any Region).`);
  if (p.account !== '' && !isDynamic(p.account) && format.accountNever)
    counted(
      'ARN_ACCOUNT_NOT_ALLOWED',
      `The service ${p.service} does not support an account ID in its resource ARNs: remove ${json(p.account)}.`,
      [replaceFix(r, arnWith(p, { account: '' }), true)],
    );
  // Only types of the ARN's own namespace count (see CatalogMemo.ownResourceTypes for variable-namespace templates).
  // Resources that AWS owns (account `aws`: CloudFormation's transforms `arn:aws:cloudformation:*:aws:transform/*`,
  // in AWS's data perimeter SCP, aws-samples/data-perimeter-policy-examples resource_perimeter_scp.json)
  // are not all resource types of the Service Authorization Reference, which lists what customers own.
  if (
    found === 0 &&
    !INCOMPLETE.has(p.service) &&
    p.account !== 'aws' &&
    memoOf(catalog).ownResourceTypes(r.value, p.service).length === 0 &&
    !looselyDenotes(catalog, r.value, p.service.toLowerCase())
  ) {
    push('INVALID_ARN_RESOURCE', `The ARN ${json(r.value)} matches no ${p.service} resource type: check the resource part.`);
  }
}

const looseTemplates = CACHES.weak<Catalog, Map<string, ArnTokens[]>>('checks.looseArnTemplates');

/**
 * Whether the ARN can denote a resource of its namespace when wildcards and template variables
 * are read as loosely as IAM allows (see ArnCompileOptions.loose). Access Analyzer accepts ARNs
 * our stricter resource-type matching rejects: on 2026-03-07 it reported nothing for AWS managed
 * policies with `arn:aws:logs:*:*:/aws-glue/*` (no `log-group:`), `arn:aws:sagemaker:*:*:endpointconfig/*`
 * (the type is `endpoint-config`), `arn:aws:appflow:*:*:connector-profile/*` or
 * `arn:aws:secretsmanager:*:*:sqlworkbench!*` (../shared/reference/access-analyzer-findings):
 * a `*` in the Region or account field may span the following colons, so only the literal text
 * around it must fit a template.
 */
function looselyDenotes(catalog: Catalog, arn: string, namespace: string): boolean {
  let byNs = looseTemplates.get(catalog);
  if (!byNs) {
    byNs = new Map();
    for (const s of catalog.services()) {
      for (const rt of s.resourceTypes) {
        for (const t of rt.arns) {
          const ns = t.split(':')[2]?.toLowerCase() ?? '';
          const key = ns.includes('$') ? s.prefix.toLowerCase() : ns;
          let list = byNs.get(key);
          if (!list) byNs.set(key, (list = []));
          list.push(compileArnTemplate(t, { loose: true }));
        }
      }
    }
    looseTemplates.set(catalog, byNs);
  }
  const templates = byNs.get(namespace);
  if (!templates) return false;
  const user = arnPatternTokens(arn, { loose: true });
  return templates.some((t) => arnTokensIntersect(user, t));
}

/** The ARN of `p` with some fields replaced. */
function arnWith(p: Arn, change: Partial<Arn>): string {
  const q = { ...p, ...change };
  return ['arn', q.partition, q.service, q.region, q.account, q.resource].join(':');
}
