/**
 * Hover markdown built from the catalog: actions (description, access level, resource types with
 * ARN formats, condition keys, reference link), wildcard actions (count and a truncated list),
 * condition keys and resource ARNs. Each ends with the catalog's data version.
 */
import type { ActionInfo, Catalog, ConditionKeyInfo } from '../../core/catalog';
import { hasWildcard } from '../../core/wildcard';
import { DEFAULT_RCP_SERVICES, rcpReach } from '../../core/evaluator/rcp';
import { RCP_SERVICES_AS_OF } from '../../core/evaluator/rcpServices';
import { inert } from './inert';

/** How many names a wildcard hover lists before "… and N more". */
export const MAX_LISTED = 25;

/** The data version footer. */
export function footer(catalog: Catalog): string {
  return `\n\n---\n\n*${catalog.versionLabel}*`;
}

/** Markdown for an action name or pattern, or undefined when the catalog has no such action. */
export function actionMarkdown(catalog: Catalog, name: string): string | undefined {
  if (hasWildcard(name)) return wildcardMarkdown(catalog, name);
  const a = catalog.action(name);
  if (a) return actionDetails(a) + footer(catalog);
  const service = catalog.service(name.slice(0, Math.max(0, name.indexOf(':'))));
  return service?.openActions
    ? `**${inert(name)}** — ${RETIRED_NOTE} (${service.name}; the AWS reference no longer lists its actions).${footer(catalog)}`
    : undefined;
}

/** What a retired service or action is. */
export const RETIRED_NOTE = 'retired — AWS still accepts it in existing policies';

function actionDetails(a: ActionInfo): string {
  const parts = [`**${a.fullName}** — access level: **${a.accessLevel}**`, a.description];
  if (a.retired)
    parts.splice(
      1,
      0,
      `**${RETIRED_NOTE[0]!.toUpperCase()}${RETIRED_NOTE.slice(1)}**: the AWS Service Authorization Reference no longer lists it.`,
    );
  if (a.wildcardOnly) parts.push('Resource types: none — the action supports only `"Resource": "*"`.');
  else parts.push(['| Resource type | ARN format |', '|---|---|', ...a.resourceTypes.map(resourceRow)].join('\n'));
  const keys = actionKeys(a);
  if (keys.length) parts.push(`Condition keys: ${keys.map((k) => `\`${k}\``).join(', ')}`);
  parts.push(`RCPs: ${rcpReach(a.fullName).replace(/^RCPs /, '')}`);
  parts.push(`[${a.service.name} — actions, resources and condition keys](${a.service.docsUrl})`);
  return parts.filter(Boolean).join('\n\n');
}

function resourceRow(r: ActionInfo['resourceTypes'][number]): string {
  const arns = r.resourceType.arns.map((t) => `\`${t.replace(/\|/g, '\\|')}\``).join('<br>');
  return `| ${r.resourceType.name}${r.required ? ' (required)' : ''} | ${arns} |`;
}

/** The action's own keys and the keys on its resource type rows, in order, once each. */
function actionKeys(a: ActionInfo): string[] {
  const keys = new Set<string>();
  for (const k of a.conditionKeys) keys.add(k.key);
  for (const r of a.resourceTypes) for (const k of r.conditionKeys) keys.add(k.key);
  return [...keys];
}

function wildcardMarkdown(catalog: Catalog, pattern: string): string {
  const names = catalog.expandActions(pattern);
  const service = catalog.service(pattern.slice(0, Math.max(0, pattern.indexOf(':'))));
  if (service?.openActions)
    return `**${inert(pattern)}** — ${RETIRED_NOTE} (${service.name}; the AWS reference no longer lists its actions).${footer(catalog)}`;
  if (names.length === 0) return `**${inert(pattern)}** matches no action in the catalog.${footer(catalog)}`;
  const listed = names
    .slice(0, MAX_LISTED)
    .map((n) => `\`${n}\``)
    .join(', ');
  const more = names.length > MAX_LISTED ? ` … and ${names.length - MAX_LISTED} more` : '';
  const head = `**${inert(pattern)}** matches **${names.length}** action${names.length === 1 ? '' : 's'} (and any AWS adds later).`;
  return `${head}\n\n${listed}${more}\n\n${rcpLine(names)}${footer(catalog)}`;
}

/** Markdown for a condition key, with a note when it does not apply to the statement's actions. */
export function conditionKeyMarkdown(catalog: Catalog, name: string, actionPatterns: readonly string[]): string | undefined {
  const k = catalog.conditionKey(name);
  if (!k) return undefined;
  const parts = [`**${inert(name)}** — ${keyKind(k)}`, k.description];
  if (k.multiValued) parts.push('Multivalued: use `ForAnyValue:` or `ForAllValues:` with it.');
  if (!k.global && actionPatterns.length && !catalog.conditionKeySupportForPatterns(name, actionPatterns).supported) {
    parts.push("⚠ None of this statement's actions supports this key: the condition would never match as intended.");
  }
  return parts.filter(Boolean).join('\n\n') + footer(catalog);
}

function keyKind(k: ConditionKeyInfo): string {
  const scope = k.global ? 'global condition key' : 'service condition key';
  const valued = k.multiValued
    ? ' (multivalued)'
    : k.formerlyMultiValued
      ? ' (single-valued; an older reference and Access Analyzer: multivalued)'
      : ' (single-valued)';
  return `${k.type}${valued}, ${scope}${k.variable ? `, defined as \`${k.key}\`` : ''}`;
}

/** Statements with more named actions than this get no per-action resource note. */
const MAX_CHECKED_ACTIONS = 20;

/**
 * Markdown for a resource ARN (or pattern): the resource types it can denote, and which of the
 * statement's actions (exact names) accept it — an action that accepts none never matches it.
 */
export function arnMarkdown(catalog: Catalog, arn: string, actionNames: readonly string[] = []): string | undefined {
  if (arn === '*') return `**\`*\`** — every resource.${footer(catalog)}`;
  if (!arn.toLowerCase().startsWith('arn:')) return undefined;
  const types = catalog.resourceTypesForArn(arn);
  if (types.length === 0) return `No resource type in the catalog matches this ARN.${footer(catalog)}`;
  const rows = types.slice(0, MAX_LISTED).map((t) => `- **${t.service} ${t.name}** — ${t.arns.map((a) => `\`${a}\``).join(', ')}`);
  const more = types.length > MAX_LISTED ? `\n- … and ${types.length - MAX_LISTED} more` : '';
  const head = `Matches resource type${types.length === 1 ? '' : 's'}:\n\n${rows.join('\n')}${more}`;
  return head + acceptance(catalog, arn, actionNames) + footer(catalog);
}

function acceptance(catalog: Catalog, arn: string, actionNames: readonly string[]): string {
  const actions = actionNames.filter((n) => !hasWildcard(n)).flatMap((n) => catalog.action(n) ?? []);
  if (actions.length === 0 || actions.length > MAX_CHECKED_ACTIONS) return '';
  // An action without resource types is only ever requested on `*`: an ARN never matches it.
  const accepted = actions.filter((a) => !a.wildcardOnly && catalog.actionResourceTypesForArn(a, arn).length > 0);
  const rejected = actions.filter((a) => !accepted.includes(a));
  const names = (list: readonly ActionInfo[]) =>
    list.map((a) => `\`${a.fullName}\`${a.wildcardOnly ? ' (supports only `*`)' : ''}`).join(', ');
  const parts: string[] = [];
  if (accepted.length) parts.push(`Accepted by ${names(accepted)}.`);
  if (rejected.length)
    parts.push(`⚠ Not a resource of ${names(rejected)}: for ${rejected.length === 1 ? 'it' : 'them'} this ARN never matches.`);
  return `\n\n${parts.join('\n\n')}`;
}

/** Which of the services behind `names` an RCP reaches (AWS's list, core/evaluator/rcpServices.ts). */
function rcpLine(names: readonly string[]): string {
  const services = [...new Set(names.map((n) => n.slice(0, n.indexOf(':')).toLowerCase()))];
  const reached = services.filter((s) => DEFAULT_RCP_SERVICES.has(s));
  const asOf = `AWS's list of services that support RCPs, ${RCP_SERVICES_AS_OF}`;
  if (services.length === 1) return `RCPs: ${reached.length ? 'apply' : 'do not apply'} to ${services[0]} actions (${asOf}).`;
  const shown = reached
    .slice(0, MAX_LISTED)
    .map((s) => `\`${s}\``)
    .join(', ');
  const rest = reached.length > MAX_LISTED ? ` … and ${reached.length - MAX_LISTED} more` : '';
  return `RCPs: reach ${reached.length} of these ${services.length} services${reached.length ? `: ${shown}${rest}` : ''} (${asOf}).`;
}
