/**
 * The language server's Simulate Access requests over the workspace models (`protocol.ts`): list
 * models, principals and resources, the roles a principal can assume, the context keys a
 * simulation needs, and the simulation itself, through the one simulation API
 * (`service/simulation.ts`), with progress and cancellation.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { Catalog } from '../core/catalog';
import { parseJsonText } from '../core/json';
import {
  allPrincipals,
  findPrincipal,
  reachableRoles,
  standalonePolicy,
  type Model,
  type ModelPolicy,
  type SimulationInput,
} from '../core/model';
import {
  AssumableRolesRequest,
  ContextKeysRequest,
  ListModelsRequest,
  ListPrincipalsRequest,
  ListResourcesRequest,
  SimulateAccessRequest,
  SimulationPicksRequest,
  type AssumableRoleItem,
  type AssumableRolesParams,
  type ContextKeysResult,
  type ListModelsParams,
  type ModelSummary,
  type SimulateAccessParams,
  type SimulateAccessResult,
  type SimulationPicks,
  type SimulationPicksParams,
} from '../protocol';
import { isSimulation, Simulation } from '../service/simulation';
import { workspaceRelative } from './modelFiles';
import { listPrincipals, listResources, simulationResultItem, type Links } from './modelItems';
import type { ModelWorkspace, WorkspaceModelEntry } from './modelWorkspace';

/** Registers the Simulate Access requests on `connection`. */
export function registerSimulationRequests(
  connection: Connection,
  models: ModelWorkspace,
  links: Links,
  catalog: () => Catalog | undefined,
): void {
  // Every answer waits until the models can be read whole (see ModelWorkspace.ready).
  connection.onRequest(ListModelsRequest.type, async (p) => {
    await models.ready;
    return listModels(models, p);
  });
  connection.onRequest(ListPrincipalsRequest.type, async (p) => {
    await models.ready;
    return listPrincipals(models.pick(p.modelUri), models, links);
  });
  connection.onRequest(ListResourcesRequest.type, async (p) => {
    await models.ready;
    return listResources(models.pick(p.modelUri), models, links);
  });
  connection.onRequest(SimulationPicksRequest.type, async (p) => {
    await models.ready;
    return simulationPicks(models, links, p);
  });
  connection.onRequest(AssumableRolesRequest.type, async (p) => {
    await models.ready;
    return assumableRoles(models, p, catalog());
  });
  const simulations = new LastSimulation();
  connection.onRequest(ContextKeysRequest.type, async (p, token) => {
    await models.ready;
    return contextKeys(p, token, models, links, catalog(), simulations);
  });
  connection.onRequest(SimulateAccessRequest.type, async (p, token) => {
    await models.ready;
    return simulateAccess(p, token, models, links, catalog(), connection, simulations);
  });
}

/** The workspace models, and the template at `templateUri` as a model of its own when no model imports it. */
function listModels(models: ModelWorkspace, p: ListModelsParams | undefined): ModelSummary[] {
  const implicit = p?.templateUri && !models.imports(p.templateUri) ? models.implicit(p.templateUri) : undefined;
  return [...models.models(), ...(implicit ? [implicit] : [])].map((m) => ({
    uri: m.uri,
    accounts: [...m.model.accounts.values()].map((a) => ({ id: a.id, ...(a.name ? { name: a.name } : {}) })),
    principals: allPrincipals(m.model).length,
    resources: [...m.model.accounts.values()].reduce((n, a) => n + a.resources.length + a.roles.size, 0),
    tests: m.model.tests.length,
    problems: m.model.problems.length,
    ...(m.implicit ? { implicit: true as const } : {}),
  }));
}

/** The models, and the principals and resources of the chosen model (or of the only one). */
function simulationPicks(models: ModelWorkspace, links: Links, p: SimulationPicksParams): SimulationPicks {
  const all = listModels(models, p);
  const modelUri = p.modelUri ?? (all.length === 1 ? all[0]?.uri : undefined);
  const entry = modelUri !== undefined ? models.pick(modelUri) : undefined;
  return {
    models: all,
    ...(entry ? { modelUri } : {}),
    principals: listPrincipals(entry, models, links),
    resources: listResources(entry, models, links),
  };
}

/** The roles a principal can assume, directly or through role chains. */
function assumableRoles(
  models: ModelWorkspace,
  p: AssumableRolesParams,
  catalog: Catalog | undefined,
): { roles: readonly AssumableRoleItem[]; errors: readonly string[] } {
  const entry = models.pick(p.modelUri);
  if (!entry) return { roles: [], errors: ['No workspace model (*.iam-model.json) found.'] };
  const found = findPrincipal(entry.model, p.principal);
  if (!found.ok) return { roles: [], errors: [found.message] };
  const options = { ...(p.context ? { context: p.context } : {}), ...(catalog ? { catalog } : {}) };
  return { roles: reachableRoles(entry.model, found.principal, p.maxDepth ?? 4, options), errors: [] };
}

/**
 * The last simulation planned, kept with its evaluated requests: the editor asks for the missing
 * context keys (`iamPolicy/contextKeys`) and then, with the same parameters, for the result
 * (`iamPolicy/simulateAccess`); the requests are evaluated once for both.
 */
class LastSimulation {
  private last:
    { readonly key: string; readonly model: Model; readonly catalog: Catalog | undefined; readonly simulation: Simulation } | undefined;

  /** The simulation for these parameters (the kept one when nothing changed), or the result that stops it. */
  plan(entry: WorkspaceModelEntry, p: SimulateAccessParams, input: SimulationInput, links: Links, catalog: Catalog | undefined) {
    const { workDoneToken: _token, ...params } = p as SimulateAccessParams & { workDoneToken?: unknown };
    // Documents given as policies may have changed without the model changing: their text is part of the key.
    const texts = [p.customPolicyUri, p.sessionPolicyUri].map((uri) => (uri ? links.document(uri)?.getText() : undefined));
    const key = JSON.stringify([params, texts]);
    const last = this.last;
    if (last && last.key === key && last.model === entry.model && last.catalog === catalog) return last.simulation;
    const planned = Simulation.plan(entry.model, input, { ...(catalog ? { catalog } : {}), brief: p.brief === true });
    this.last = isSimulation(planned) ? { key, model: entry.model, catalog, simulation: planned } : undefined;
    return planned;
  }
}

async function simulateAccess(
  p: SimulateAccessParams & { workDoneToken?: string | number },
  token: CancellationToken,
  models: ModelWorkspace,
  links: Links,
  catalog: Catalog | undefined,
  connection: Connection,
  simulations: LastSimulation,
): Promise<SimulateAccessResult> {
  const entry = models.pick(p.modelUri);
  if (!entry)
    return {
      entries: [],
      errors: [
        p.modelUri
          ? `No workspace model at ${p.modelUri} (nor a CloudFormation/SAM template or Terraform file to simulate on its own).`
          : 'No workspace model (*.iam-model.json) found in the workspace.',
      ],
      unknownActions: [],
    };
  const input = simulationInput(p, entry, links);
  if (typeof input === 'string') return { modelUri: entry.uri, entries: [], errors: [input], unknownActions: [] };
  const planned = simulations.plan(entry, p, input, links, catalog);
  if (!isSimulation(planned)) return simulationResultItem(entry, models, links, planned);
  const progress = p.workDoneToken !== undefined ? await connection.window.attachWorkDoneProgress(p.workDoneToken) : undefined;
  progress?.begin('Simulating access', 0, `${planned.total} request(s)`, true);
  const run = await planned.run({
    onProgress: (done, total) => progress?.report(Math.round((done / total) * 100), `${done} / ${total}`),
    isCancelled: () => token.isCancellationRequested,
  });
  progress?.done();
  return simulationResultItem(entry, models, links, run);
}

/** The keys to ask the user for: the union of the missing keys of every request (see ContextKeysRequest). */
async function contextKeys(
  p: SimulateAccessParams,
  token: CancellationToken,
  models: ModelWorkspace,
  links: Links,
  catalog: Catalog | undefined,
  simulations: LastSimulation,
): Promise<ContextKeysResult> {
  const entry = models.pick(p.modelUri);
  if (!entry) return { missing: [], derived: {}, errors: ['No workspace model (*.iam-model.json) found in the workspace.'] };
  const input = simulationInput(p, entry, links);
  if (typeof input === 'string') return { missing: [], derived: {}, errors: [input] };
  const planned = simulations.plan(entry, p, input, links, catalog);
  if (!isSimulation(planned)) return { missing: [], derived: {}, errors: [...planned.errors] };
  const found = await planned.missingContext({ isCancelled: () => token.isCancellationRequested });
  return found ? { ...found, errors: [] } : { missing: [], derived: {}, errors: ['Cancelled.'] };
}

/** The core's input from request parameters: documents from the editor become policies. */
function simulationInput(p: SimulateAccessParams, entry: WorkspaceModelEntry, links: Links): SimulationInput | string {
  const policyAt = (uri: string, kind: 'inline' | 'session'): ModelPolicy | string => {
    const doc = links.document(uri);
    if (!doc) return `Cannot read ${uri}: only regular files inside the workspace (at most 16 MB) are read.`;
    const parsed = parseJsonText(doc.getText());
    if (!parsed.ok) return `${uri} is ${parsed.message}.`;
    const value = parsed.value;
    const name = uri.slice(uri.lastIndexOf('/') + 1);
    const made = standalonePolicy(value, name, kind, relativeFile(entry, uri));
    return 'error' in made ? made.error : made.policy;
  };
  let principal: SimulationInput['principal'];
  if (p.customPolicyUri) {
    const custom = policyAt(p.customPolicyUri, 'inline');
    if (typeof custom === 'string') return custom;
    principal = { customPolicy: custom, ...(p.customPolicyAccount ? { account: p.customPolicyAccount } : {}) };
  } else if (p.principal) principal = p.principal;
  else return 'Give a principal or a custom policy document.';
  const session = p.sessionPolicyUri ? policyAt(p.sessionPolicyUri, 'session') : undefined;
  if (typeof session === 'string') return session;
  return {
    principal,
    actions: p.actions,
    ...(p.resources ? { resources: p.resources } : {}),
    ...(p.context ? { context: p.context } : {}),
    ...(session ? { sessionPolicy: session } : {}),
    ...(p.sessionTags ? { sessionTags: p.sessionTags } : {}),
    ...(p.sessionName ? { sessionName: p.sessionName } : {}),
    ...(p.via ? { via: p.via } : {}),
  };
}

/** A document URI as the model's workspace-relative path (for links), or the URI itself. */
export function relativeFile(entry: WorkspaceModelEntry, uri: string): string {
  // Path-wise, not string-wise: /ws/app-other/p.json is not inside /ws/app.
  const fsPath = uri.startsWith('file:') ? URI.parse(uri).fsPath : undefined;
  return (fsPath !== undefined ? workspaceRelative(entry.root, fsPath) : undefined) ?? uri;
}
