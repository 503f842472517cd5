/**
 * The catalog as the "IAM: Simulate Access…" pickers need it: a filtered, capped list of
 * services, actions and patterns (22k actions are too many to send on every keystroke), and the
 * ARN templates of chosen actions. Plain catalog values in, plain items out.
 */
import type { Catalog } from '../core/catalog';
import type { ActionListItem, ListActionsResult, ResourceTemplateItem } from '../protocol';
import { CACHES } from '../core/caches';

const DEFAULT_LIMIT = 200;
/** Patterns expand to at most this many actions when collecting ARN templates. */
const TEMPLATE_ACTIONS = 100;

const lowered = CACHES.weak<Catalog, readonly { readonly name: string; readonly lower: string }[]>('actionList.lowerCasedNames');

/** Every action name with its lowercase form, once per catalog. */
function allNames(catalog: Catalog): readonly { readonly name: string; readonly lower: string }[] {
  let names = lowered.get(catalog);
  if (!names) {
    names = catalog.expandActions('*').map((name) => ({ name, lower: name.toLowerCase() }));
    lowered.set(catalog, names);
  }
  return names;
}

/**
 * Items for `filter`: empty → one `prefix:*` item per service; a pattern (`*`, `?`) → the
 * pattern itself with its count, then its actions; otherwise the services whose prefix starts
 * with the text, then actions containing it (those starting with it first).
 */
export function listActions(catalog: Catalog, filter = '', limit = DEFAULT_LIMIT): ListActionsResult {
  const text = filter.trim().toLowerCase();
  if (text === '') {
    const services = catalog.services().map(serviceItem);
    return { items: services.slice(0, limit), total: services.length };
  }
  const items: ActionListItem[] = [];
  if (/[*?]/.test(text)) {
    const count = catalog.countActions(text);
    items.push({ name: filter.trim(), kind: 'pattern', detail: `${count} action(s)`, count });
  }
  const prefix = text.includes(':') ? undefined : text;
  // The service named exactly comes first (the catalog sorts `s3-outposts` before `s3`).
  if (prefix !== undefined)
    items.push(
      ...catalog
        .servicesWithPrefix(prefix)
        .sort((a, b) => Number(b.prefix === prefix) - Number(a.prefix === prefix))
        .map(serviceItem),
    );
  const head = items.length;
  const matches = matchingNames(catalog, text);
  for (const name of matches.slice(0, Math.max(0, limit - head))) items.push(actionItem(catalog, name));
  return { items: items.slice(0, limit), total: head + matches.length };
}

/** Action names matching `text`: a glob when it has wildcards, else a substring (prefix matches first). */
function matchingNames(catalog: Catalog, text: string): string[] {
  if (/[*?]/.test(text)) return catalog.expandActions(text);
  const starts: string[] = [];
  const contains: string[] = [];
  for (const n of allNames(catalog)) {
    const at = n.lower.indexOf(text);
    if (at === 0 || (at > 0 && n.lower[at - 1] === ':')) starts.push(n.name);
    else if (at > 0) contains.push(n.name);
  }
  return [...starts, ...contains];
}

function serviceItem(s: { readonly prefix: string; readonly name: string; readonly actionCount: number }): ActionListItem {
  return { name: `${s.prefix}:*`, kind: 'service', detail: `${s.name}: every action (${s.actionCount})`, count: s.actionCount };
}

function actionItem(catalog: Catalog, name: string): ActionListItem {
  const info = catalog.action(name);
  return { name, kind: 'action', detail: info ? `${info.accessLevel}${info.description ? ` · ${info.description}` : ''}` : '' };
}

/**
 * The ARN templates of the resource types the actions act on (patterns expand, capped), one item
 * per distinct template, required types first. Wildcard-only actions contribute none: their
 * resource is `*`.
 */
export function resourceTemplates(catalog: Catalog, actions: readonly string[]): ResourceTemplateItem[] {
  const names = actions.flatMap((a) => (/[*?]/.test(a) ? catalog.expandActions(a) : [a])).slice(0, TEMPLATE_ACTIONS);
  const seen = new Map<string, ResourceTemplateItem>();
  for (const name of names) {
    const info = catalog.action(name);
    for (const rt of info?.resourceTypes ?? []) {
      for (const template of rt.resourceType.arns) {
        const prev = seen.get(template);
        if (!prev || (!prev.required && rt.required)) {
          seen.set(template, {
            action: info?.fullName ?? name,
            resourceType: `${rt.resourceType.service}:${rt.resourceType.name}`,
            template,
            required: rt.required,
          });
        }
      }
    }
  }
  return [...seen.values()].sort((a, b) => Number(b.required) - Number(a.required));
}
