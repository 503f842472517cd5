/**
 * Who can do what to one resource, grouped by the catalog's access levels ("7 principals can read
 * · 2 can write"): the resource's actions are those of its service whose resource types match its
 * ARN (an S3 bucket also stands for its objects, asked as `<bucket>/*`), and each access level's
 * answer is {@link whoCan} over those actions — the principals allowed at least one of them. The
 * code lenses of a model's resources and the view they open show this; the CLI's `who-can` with
 * the same actions and resources gives the same principals.
 *
 * Answers are cached with the model object (one per model version). The editor's lenses give a
 * time budget (`budgetMs`, where a late count is worse than a partial one); an answer cut short
 * says so (`partial`) and is not cached. Without `budgetMs` the clock is never read and the answer
 * is complete: the actions are finite and each {@link whoCan} ends on its own.
 */
import type { AccessLevel, Catalog } from '../../catalog';
import type { LocatedStatement } from '../simulate';
import type { Model } from '../types';
import { whoCan, type WhoCanKind } from './whoCan';
import type { ReachOptions } from './reach';
import { CACHES } from '../../caches';

/** The access levels in the order a reader wants them. */
export const ACCESS_LEVELS: readonly AccessLevel[] = ['Read', 'Write', 'List', 'Permissions management', 'Tagging'];

/** One principal that may act at one access level. */
export interface AccessPrincipal {
  /** As `who-can` prints it: a user or role ARN, `arn:aws:iam::<account>:root`, a service principal, `*`. */
  readonly principal: string;
  readonly kind: WhoCanKind;
  /** Roles assumed first (the shortest chain of the first allowed action). */
  readonly via: readonly string[];
  /** The actions of this level the principal may make, sorted. */
  readonly actions: readonly string[];
  /** The statements that allowed the first of them. */
  readonly decidedBy: readonly LocatedStatement[];
}

/** One access level of a resource. */
export interface AccessLevelAnswer {
  readonly level: AccessLevel;
  /** The actions asked (canonical names, sorted). */
  readonly actions: readonly string[];
  readonly principals: readonly AccessPrincipal[];
}

/** Who can act on a resource, per access level. */
export interface ResourceAccess {
  readonly resource: string;
  /** The resources asked: the resource, and for an S3 bucket `<bucket>/*`. */
  readonly resources: readonly string[];
  /** Levels with at least one action, in {@link ACCESS_LEVELS} order. */
  readonly levels: readonly AccessLevelAnswer[];
  /** Principals denied only for lack of context keys the model cannot derive (see `who-can`). */
  readonly undetermined: number;
  /** The time budget (`budgetMs`) ran out: the counts are lower bounds. */
  readonly partial: boolean;
  readonly errors: readonly string[];
}

export interface ResourceAccessOptions extends ReachOptions {
  /** Stop after this many milliseconds (default: no limit, the clock is not read); the answer is then `partial`. */
  readonly budgetMs?: number;
  /** The clock (tests). */
  readonly clock?: () => number;
}

const CACHE = CACHES.weak<Model, Map<string, ResourceAccess>>('reach.resourceAccess');

/** An action to ask: its access levels, and the resources (of the question's) whose type it applies to. */
export interface AskedAction {
  readonly levels: readonly AccessLevel[];
  readonly resources: readonly string[];
}

/** The actions of the resource's service whose resource types match `arn`, and the resources to ask. */
export function resourceQuestion(catalog: Catalog, arn: string): { resources: string[]; actions: Map<string, AskedAction> } {
  const resources = [arn];
  // An S3 bucket ARN (no `/`) stands for its objects too: reading a bucket is reading its objects.
  if (/^arn:[^:]+:s3:::[^/*?]+$/.test(arn)) resources.push(`${arn}/*`);
  const actions = new Map<string, AskedAction>();
  const services = new Set<string>();
  for (const r of resources) for (const rt of catalog.resourceTypesForArn(r)) services.add(rt.service);
  for (const prefix of [...services].sort()) {
    for (const a of catalog.actionsOf(prefix)) {
      const applies = resources.filter((r) => catalog.actionResourceTypesForArn(a, r).length > 0);
      if (applies.length > 0) actions.set(a.fullName, { levels: a.accessLevels, resources: applies });
    }
  }
  return { resources, actions };
}

/** Who can act on `arn`, per access level (see the file comment). Never throws for a bad ARN. */
export function resourceAccess(model: Model, arn: string, options: ResourceAccessOptions): ResourceAccess {
  const catalog = options.catalog;
  if (!catalog)
    return { resource: arn, resources: [arn], levels: [], undetermined: 0, partial: false, errors: ['No AWS service catalog.'] };
  let byArn = CACHE.get(model);
  if (!byArn) CACHE.set(model, (byArn = new Map()));
  const key = JSON.stringify([arn, options.now?.toISOString() ?? '', options.context ?? {}]);
  const cached = byArn.get(key);
  if (cached) return cached;
  const result = compute(model, arn, catalog, options);
  if (!result.partial) byArn.set(key, result);
  return result;
}

function compute(model: Model, arn: string, catalog: Catalog, options: ResourceAccessOptions): ResourceAccess {
  const clock = options.clock ?? Date.now;
  const deadline = options.budgetMs === undefined ? undefined : clock() + options.budgetMs;
  const { resources, actions } = resourceQuestion(catalog, arn);
  if (actions.size === 0)
    return {
      resource: arn,
      resources,
      levels: [],
      undetermined: 0,
      partial: false,
      errors: [`No action of the AWS service catalog applies to ${arn}.`],
    };
  const reachOptions: ReachOptions = {
    catalog,
    ...(options.now ? { now: options.now } : {}),
    ...(options.context ? { context: options.context } : {}),
  };
  const byLevel = new Map<
    AccessLevel,
    Map<string, { kind: WhoCanKind; via: readonly string[]; actions: Set<string>; decidedBy: readonly LocatedStatement[] }>
  >();
  const undetermined = new Set<string>();
  let partial = false;
  for (const [action, { levels, resources: on }] of [...actions].sort(([a], [b]) => a.localeCompare(b))) {
    if (deadline !== undefined && clock() > deadline) {
      partial = true;
      break;
    }
    const r = whoCan(model, { actions: [action], resources: on }, reachOptions);
    for (const u of r.undetermined) undetermined.add(u.principal);
    for (const e of r.entries) {
      for (const level of levels) {
        let principals = byLevel.get(level);
        if (!principals) byLevel.set(level, (principals = new Map()));
        const found = principals.get(e.principal);
        if (found) found.actions.add(e.action);
        else principals.set(e.principal, { kind: e.kind, via: e.via, actions: new Set([e.action]), decidedBy: e.decidedBy });
      }
    }
  }
  const levels: AccessLevelAnswer[] = [];
  for (const level of ACCESS_LEVELS) {
    const asked = [...actions].filter(([, a]) => a.levels.includes(level)).map(([a]) => a);
    if (asked.length === 0) continue;
    const principals = [...(byLevel.get(level) ?? new Map()).entries()]
      .map(([principal, p]) => ({ principal, kind: p.kind, via: p.via, actions: [...p.actions].sort(), decidedBy: p.decidedBy }))
      .sort((a, b) => a.principal.localeCompare(b.principal));
    levels.push({ level, actions: asked.sort(), principals });
  }
  return { resource: arn, resources, levels, undetermined: undetermined.size, partial, errors: [] };
}

/** "7 principals can read · 2 can write" (`≥` when partial). */
export function accessLensTitle(access: ResourceAccess): string {
  if (access.errors.length > 0) return access.errors[0] as string;
  const count = (level: AccessLevel) => {
    const n = access.levels.find((l) => l.level === level)?.principals.length ?? 0;
    return `${access.partial ? '≥' : ''}${n}`;
  };
  const read = count('Read');
  return `${read} principal${read === '1' ? '' : 's'} can read · ${count('Write')} can write`;
}
