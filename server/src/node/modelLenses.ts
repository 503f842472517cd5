/**
 * Code lenses of a workspace model file, served over LSP (`textDocument/codeLens` and
 * `codeLens/resolve`) so every editor gets them: on each resource entry "7 principals can read ·
 * 2 can write", on each user and role entry "can become admin: 1 path". `textDocument/codeLens`
 * only places the lenses; the counts are computed when the editor resolves a lens (VS Code
 * resolves the visible ones), from the reachability view cached with the model object, so an
 * unchanged model costs no work and a lens never runs per keystroke. `iamPolicy/accessView`
 * returns the same answer in full (principals per access level, or the paths, with links to the
 * deciding statements) for the view the lens opens.
 */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import type { Catalog } from '../core/catalog';
import {
  describePath,
  escalationPaths,
  resourceAccess,
  accessLensTitle,
  type EscalationPath,
  type Model,
  type SourceLocation,
} from '../core/model';
import { SHOW_ACCESS_COMMAND, type AccessViewParams, type AccessViewResult, type EscalationPathItem, type FileLocation } from '../protocol';
import type { Links } from './modelItems';
import type { ModelWorkspace, WorkspaceModelEntry } from './modelWorkspace';

/** The wall-clock budget of one resource lens (who can read/write), in milliseconds: past it the count is partial (`≥`). */
export const LENS_BUDGET_MS = 5_000;

/** The model entry whose file is `uri`. */
export function entryOf(models: ModelWorkspace, uri: string): WorkspaceModelEntry | undefined {
  try {
    return models.models().find((m) => m.uri === uri);
  } catch {
    return undefined;
  }
}

/** Unresolved lenses (data only) on the resources, users and roles the model file itself lists. */
export function modelCodeLenses(models: ModelWorkspace, links: Links, params: CodeLensParams): CodeLens[] {
  const uri = params.textDocument.uri;
  const entry = entryOf(models, uri);
  if (!entry) return [];
  const model = entry.model;
  const lenses: CodeLens[] = [];
  const add = (source: SourceLocation, data: AccessViewParams) => {
    if (source.file !== model.file) return;
    const at = links.location(uri, source.path);
    if (at) lenses.push({ range: { start: at.range.start, end: at.range.start }, data });
  };
  for (const a of model.accounts.values()) {
    for (const u of a.users.values()) add(u.source, { modelUri: uri, principal: u.arn });
    for (const r of a.roles.values()) add(r.source, { modelUri: uri, principal: r.arn });
    for (const r of a.resources) add(r.source, { modelUri: uri, resource: r.arn });
  }
  return lenses;
}

/** Fills in a lens's title and command. */
export function resolveModelCodeLens(models: ModelWorkspace, links: Links, catalog: Catalog | undefined, lens: CodeLens): CodeLens {
  const data = lens.data as AccessViewParams | undefined;
  if (!data || typeof data.modelUri !== 'string') return lens;
  const view = accessView(models, links, catalog, data, true);
  const title = view.errors.length > 0 ? (view.errors[0] as string) : view.title;
  return { ...lens, command: { title, command: SHOW_ACCESS_COMMAND, arguments: [data] } };
}

/** The view's data (`summaryOnly`: the title, without links). */
export function accessView(
  models: ModelWorkspace,
  links: Links,
  catalog: Catalog | undefined,
  params: AccessViewParams,
  summaryOnly = false,
): AccessViewResult {
  const entry = entryOf(models, params.modelUri) ?? models.pick(params.modelUri);
  const fail = (message: string): AccessViewResult => ({ modelUri: params.modelUri, title: message, errors: [message] });
  if (!entry) return fail(`No workspace model at ${params.modelUri}.`);
  if (!catalog) return fail('The AWS service catalog could not be loaded.');
  const model = entry.model;
  const link = (s: Parameters<Links['statement']>[2]) => links.statement(entry, models, s);
  if (params.resource !== undefined) {
    // A lens waits for its answer: past the editor's time budget it shows a partial count.
    const access = resourceAccess(model, params.resource, { catalog, budgetMs: LENS_BUDGET_MS });
    const title = accessLensTitle(access);
    if (summaryOnly || access.errors.length > 0) return { modelUri: entry.uri, title, errors: access.errors };
    return {
      modelUri: entry.uri,
      title,
      resource: {
        arn: access.resource,
        resources: access.resources,
        levels: access.levels.map((l) => ({
          level: l.level,
          actions: l.actions,
          principals: l.principals.map((p) => {
            const location = principalLocation(model, entry, models, links, p.principal);
            return {
              principal: p.principal,
              kind: p.kind,
              via: p.via,
              actions: p.actions,
              decidedBy: p.decidedBy.map(link),
              ...(location ? { location } : {}),
            };
          }),
        })),
        undetermined: access.undetermined,
        partial: access.partial,
      },
      errors: [],
    };
  }
  if (params.principal !== undefined) {
    const r = escalationPaths(model, { from: params.principal }, { catalog });
    if (r.errors.length > 0) return fail(r.errors.join(' '));
    const n = r.paths.length;
    const title = n === 0 ? 'no path to admin' : `can become admin: ${n} path${n === 1 ? '' : 's'}`;
    if (summaryOnly) return { modelUri: entry.uri, title, errors: [] };
    return { modelUri: entry.uri, title, principal: { arn: params.principal, paths: r.paths.map((p) => pathItem(p, link)) }, errors: [] };
  }
  return fail('Give a resource or a principal.');
}

function pathItem(
  p: EscalationPath,
  link: (s: EscalationPath['steps'][number]['decidedBy'][number]) => ReturnType<Links['statement']>,
): EscalationPathItem {
  return {
    from: p.from,
    to: p.to,
    ...(p.account ? { account: p.account } : {}),
    via: p.via,
    methods: p.methods,
    summary: describePath(p),
    steps: p.steps.map((s) => ({
      method: s.method,
      name: s.name,
      action: s.action,
      resource: s.resource,
      principal: s.principal,
      decidedBy: s.decidedBy.map(link),
    })),
  };
}

/** Where a user or role of the model is defined. */
function principalLocation(
  model: Model,
  entry: WorkspaceModelEntry,
  models: ModelWorkspace,
  links: Links,
  arn: string,
): FileLocation | undefined {
  for (const a of model.accounts.values()) {
    for (const x of [...a.users.values(), ...a.roles.values()])
      if (x.arn === arn) return links.location(models.fileUri(entry, x.source.file), x.source.path);
  }
  return undefined;
}
