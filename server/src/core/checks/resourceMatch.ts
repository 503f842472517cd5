/**
 * Resources against the statement's actions: Parliament's RESOURCE_MISMATCH (an ARN that no
 * action of the statement can act on, so it grants nothing) and the ARN templates that replace
 * `"Resource": "*"`.
 */
import { defineCheck, type CheckInfo } from './registry';
import { arnTemplateToSnippet, type ActionInfo, type Catalog } from '../catalog';
import { hasWildcard } from '../wildcard';
import type { Finding, Fix, RawStatement, StringAt } from './types';
import { elementStrings, elementTarget, json } from './walk';
import { memoOf } from './catalogMemo';

/**
 * Our own check (Parliament's), at Information: the catalog's resource types per action are
 * incomplete (ssmmessages:OpenDataChannel lists none, yet AWS's Session Manager examples scope it
 * to session ARNs), so a mismatch is a hint to look, not proof that the statement is broken.
 */
/** The codes this module reports. */
export const resourceMatchCodes: readonly CheckInfo[] = [
  defineCheck(
    'RESOURCE_MISMATCH',
    'suggestion',
    'Resource mismatch',
    'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
  ),
];

/**
 * Services whose actions' resource types the catalog has only in part: API Gateway's V1 and V2
 * references share the `apigateway` prefix and one of them wins, so V2 ARNs (`/apis`) would look
 * unsupported by `apigateway:GET`; Elastic Load Balancing's V1 and V2 share `elasticloadbalancing`
 * the same way (AWS's managed policies tag `listener/net/…` and `targetgroup/…` with
 * elasticloadbalancing:AddTags, which the catalog keeps as V1's).
 */
export const INCOMPLETE: ReadonlySet<string> = new Set(['apigateway', 'elasticloadbalancing']);

/**
 * Service prefixes that name one service: AWS CodeConnections was AWS CodeStar Connections, and
 * both prefixes work for actions and ARNs alike (AWS's managed policies pair
 * codestar-connections:UseConnection with arn:aws:codeconnections:… and the reverse).
 */
const SAME_SERVICE: ReadonlyArray<ReadonlySet<string>> = [new Set(['codestar-connections', 'codeconnections'])];

function sameService(a: string, b: string): boolean {
  return a === b || SAME_SERVICE.some((s) => s.has(a) && s.has(b));
}

/** Above this many actions a pattern is not expanded (e.g. `ec2:*`): the check stays silent. */
const MAX_EXPANDED = 400;

/**
 * The actions a statement's `Action` names, or undefined when too broad to decide (`*`, `ec2:*`).
 * Kept per catalog by the list of names (large policies repeat the same lists); the array is shared.
 */
export function statementActions(catalog: Catalog, st: RawStatement, max = MAX_EXPANDED): readonly ActionInfo[] | undefined {
  const names = elementStrings(st, 'Action').map((a) => a.value);
  const answer = memoOf(catalog).statementActions(`${max}${JSON.stringify(names)}`, () => expandActions(catalog, names, max) ?? null);
  return answer ?? undefined;
}

function expandActions(catalog: Catalog, names: readonly string[], max: number): ActionInfo[] | undefined {
  const out = new Map<string, ActionInfo>();
  for (const a of names) {
    if (!hasWildcard(a)) {
      const info = catalog.action(a);
      if (!info) return undefined; // unknown actions are reported elsewhere; don't guess
      out.set(info.fullName, info);
      continue;
    }
    if (memoOf(catalog).countActions(a) > max) return undefined;
    for (const info of memoOf(catalog).actionsMatching(a)) out.set(info.fullName, info);
    if (out.size > max) return undefined;
  }
  return [...out.values()];
}

/** Reports each ARN (already format-checked) that no action of the statement applies to. */
export function resourceMismatch(catalog: Catalog, st: RawStatement, arns: readonly StringAt[], out: Finding[]): void {
  if (arns.length === 0) return;
  const actions = statementActions(catalog, st);
  if (!actions || actions.length === 0 || actions.some((a) => INCOMPLETE.has(a.service.prefix))) return;
  // An action the reference lists with no resource type (s3:ListAllMyBuckets, ssmmessages:OpenDataChannel)
  // says nothing about which ARNs fit it: AWS's own examples give such actions `arn:aws:s3:::*` and
  // session ARNs. Only a statement whose every action lists its types can mismatch.
  if (actions.some((a) => a.resourceTypes.length === 0)) return;
  for (const r of arns) {
    const namespace = r.value.split(':')[2]?.toLowerCase() ?? '';
    const types = memoOf(catalog).ownResourceTypes(asRegionalAccessPoint(r.value), namespace);
    if (types.length === 0) continue;
    if (actions.some((a) => a.resourceTypes.some((rt) => types.includes(rt.resourceType)))) continue;
    if (namespace !== '' && actions.some((a) => a.service.prefix !== namespace && sameService(a.service.prefix, namespace))) continue;
    const names =
      actions
        .slice(0, 3)
        .map((a) => a.fullName)
        .join(', ') + (actions.length > 3 ? `, … (${actions.length} actions)` : '');
    // Other services reuse a type's ARN (ssm:bucket, ec2:role): name the ARN's own service's type.
    const own = types.filter((t) => t.service === namespace);
    const kinds = (own.length > 0 ? own : types)
      .slice(0, 3)
      .map((t) => `${t.service}:${t.name}`)
      .join(', ');
    out.push({
      code: 'RESOURCE_MISMATCH',
      path: r.path,
      target: elementTarget(r.path),
      message: `No action of the statement (${names}) applies to ${json(r.value)} (${kinds}): this resource grants nothing here.`,
    });
  }
}

/**
 * A Multi-Region Access Point object ARN (`arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*`,
 * S3 User Guide, MultiRegionAccessPointPermissions) has no Region; the reference lists only the
 * regional access point object type, so it is matched as that type (with any Region).
 */
function asRegionalAccessPoint(arn: string): string {
  return arn.replace(/^(arn:[^:]+:s3)::([^:]*:accesspoint\/[^/]+\/object\/)/i, '$1:*:$2');
}

/**
 * The ARN templates of the statement's actions as a fix for `"Resource": "*"` at `path`: one
 * array element per distinct template, placeholders as snippet tab stops (`${2:BucketName}`).
 * Undefined when the actions are unknown, too many, or accept only `*`.
 */
export function resourceTemplatesFix(catalog: Catalog, st: RawStatement, path: readonly (string | number)[]): Fix | undefined {
  const actions = statementActions(catalog, st, 40);
  if (!actions) return undefined;
  const templates = new Set<string>();
  for (const a of actions) {
    // The types marked required (`*` in the AWS reference) are the ones the action always acts on.
    const required = a.resourceTypes.filter((rt) => rt.required);
    for (const rt of required.length ? required : a.resourceTypes) for (const t of rt.resourceType.arns) templates.add(t);
  }
  if (templates.size === 0 || templates.size > 12) return undefined;
  // Each template numbers its tab stops from 1; shift them so that items do not share stops.
  let offset = 0;
  const items = [...templates].map((t) => {
    let max = 0;
    const snippet = arnTemplateToSnippet(t).replace(/\$\{(\d+):/g, (_, n: string) => {
      max = Math.max(max, Number(n));
      return `\${${Number(n) + offset}:`;
    });
    offset += max;
    return json(snippet);
  });
  const text = items.length === 1 ? items[0]! : `[${items.join(', ')}]`;
  return {
    title: `Replace "*" with the ARN format${items.length > 1 ? 's' : ''} of the statement's actions`,
    edits: [{ kind: 'replace', path, target: 'value', json: text }],
    snippet: true,
  };
}
