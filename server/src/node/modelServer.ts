/**
 * The language server's side of the workspace model: the custom requests of `protocol.ts`
 * (list models, principals and resources, simulate access, run access tests, assumable roles) and
 * the diagnostics of model files (broken references, failing access tests with the deciding
 * statement as related information). server.ts calls {@link registerModelFeatures} once.
 */
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  CodeLensRefreshRequest,
  type CancellationToken,
  type CompletionItem,
  type Connection,
  type Location,
  type Position,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Catalog } from '../core/catalog';
import {
  allPrincipals,
  describePath,
  escalationPaths,
  findPrincipal,
  isModelFileName,
  reachableRoles,
  runNeverAssertions,
  runPathAssertions,
  standalonePolicy,
  type EscalationPath,
  type Model,
  type ModelPolicy,
  type NeverAssertionResult,
  type SimulationInput,
  type SourceLocation,
} from '../core/model';
import { runAccessTests } from '../service/accessTests';
import {
  AccessViewRequest,
  AssumableRolesRequest,
  ContextKeysRequest,
  ListModelsRequest,
  ListPrincipalsRequest,
  ListResourcesRequest,
  RunAccessTestsRequest,
  SimulateAccessRequest,
  type AccessTestItem,
  type ContextKeysResult,
  type SimulateAccessParams,
  type SimulateAccessResult,
} from '../protocol';
import { modelDiagnostics, type ModelFinding } from '../service/modelDiagnostics';
import { parseJsonText } from '../core/json';
import { workspaceRelative } from './modelFiles';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { Links, listPrincipals, listResources, simulationResultItem } from './modelItems';
import { isSimulation, Simulation } from '../service/simulation';
import { findFiles, type ModelWorkspace, type WorkspaceModelEntry } from './modelWorkspace';
import { completeInModel, defineInModel, type ModelEditingContext } from '../service/modelEditing';
import { ModelSchemaValidation } from '../service/modelSchemaDuplicates';
import { accessView, modelCodeLenses, resolveModelCodeLens } from './modelLenses';

/** The settings that shape model features (`iamPolicyStudio.accessLenses`, `iamPolicyStudio.escalationWarnings`). */
export interface ModelSettings {
  /** Code lenses on resources and principals of model files. */
  readonly accessLenses: boolean;
  /** Escalation paths to administrator as warnings on the model's principals (`noPath` assertions always run). */
  readonly escalationWarnings: boolean;
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = { accessLenses: true, escalationWarnings: true };

/** What server.ts needs back: a change hook that republishes model diagnostics, and editing in model files. */
export interface ModelFeatures {
  /** Completion in a model file (null for other documents). */
  complete(document: TextDocument, position: Position): CompletionItem[] | null;
  /** Go to definition in a model file (null for other documents). */
  define(document: TextDocument, position: Position): Location | null;
  /** A document changed or was saved: refresh model diagnostics if it matters to a model. */
  changed(uri: string): void;
  /** Publishes the diagnostics of every model (after initialization). */
  publishAll(): void;
  /** New settings: republishes diagnostics and asks the editor to refresh the lenses (unless `publish` is false: before initialization). */
  configure(settings: ModelSettings, publish?: boolean): void;
}

/** Registers the model requests on `connection`. */
export function registerModelFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  models: ModelWorkspace,
  catalog: () => Catalog | undefined,
  /** Called after the models were read again (a model or a policy they use changed). */
  onModelsRefreshed: () => void = () => {},
  /**
   * Whether the client validates model files with the model schema itself (VS Code): then
   * MODEL_INVALID problems the schema reports at the same place are left out (no problem twice).
   */
  clientValidatesSchema: () => boolean = () => false,
  /** Whether the client can be asked to refresh code lenses (`workspace.codeLens.refreshSupport`). */
  canRefreshLenses: () => boolean = () => false,
): ModelFeatures {
  const links = new Links(documents, () => models.readableRoots());
  let settings = DEFAULT_MODEL_SETTINGS;
  connection.onCodeLens((p) => (settings.accessLenses ? modelCodeLenses(models, links, p) : []));
  connection.onCodeLensResolve((lens) => resolveModelCodeLens(models, links, catalog(), lens));
  connection.onRequest(AccessViewRequest.type, (p) => accessView(models, links, catalog(), p));
  const refreshLenses = () => {
    if (canRefreshLenses()) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };
  connection.onRequest(ListModelsRequest.type, (p) => {
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
  });
  connection.onRequest(ListPrincipalsRequest.type, (p) => listPrincipals(models.pick(p.modelUri), models, links));
  connection.onRequest(ListResourcesRequest.type, (p) => listResources(models.pick(p.modelUri), models, links));
  const simulations = new LastSimulation();
  connection.onRequest(SimulateAccessRequest.type, (p, token) =>
    simulateAccess(p, token, models, links, catalog(), connection, simulations),
  );
  connection.onRequest(RunAccessTestsRequest.type, (p) =>
    accessTests(p.modelUri ? [models.pick(p.modelUri)] : models.models(), models, links, catalog()),
  );
  connection.onRequest(ContextKeysRequest.type, (p, token) => contextKeys(p, token, models, links, catalog(), simulations));
  connection.onRequest(AssumableRolesRequest.type, (p) => {
    const entry = models.pick(p.modelUri);
    if (!entry) return { roles: [], errors: ['No workspace model (*.iam-model.json) found.'] };
    const found = findPrincipal(entry.model, p.principal);
    if (!found.ok) return { roles: [], errors: [found.message] };
    const c = catalog();
    return {
      roles: reachableRoles(entry.model, found.principal, p.maxDepth ?? 4, {
        ...(p.context ? { context: p.context } : {}),
        ...(c ? { catalog: c } : {}),
      }),
      errors: [],
    };
  });
  const published = new Set<string>();
  const rounds = new Map<string, number>();
  const schema = new ModelSchemaValidation();
  let timer: NodeJS.Timeout | undefined;
  const publishAll = () => {
    let all: readonly WorkspaceModelEntry[];
    try {
      all = models.models();
    } catch (err) {
      connection.console.error(`model diagnostics failed: ${err instanceof Error ? err.stack : String(err)}`);
      return;
    }
    const now = new Set<string>();
    for (const m of all) {
      now.add(m.uri);
      // Each model on its own: a failure stays with its file, the other models still report.
      const diagnostics = isolatedDiagnostics(m, models, links, catalog(), settings, (err) =>
        connection.console.error(`model diagnostics of ${m.uri} failed: ${err instanceof Error ? err.stack : String(err)}`),
      );
      const round = (rounds.get(m.uri) ?? 0) + 1;
      rounds.set(m.uri, round);
      const doc = clientValidatesSchema() ? links.document(m.uri) : undefined;
      void (doc ? schema.filter(doc, diagnostics) : Promise.resolve(diagnostics)).then((kept) => {
        // Schema validation is asynchronous: a round that a newer one overtook is dropped.
        if (rounds.get(m.uri) === round) void connection.sendDiagnostics({ uri: m.uri, diagnostics: kept });
      });
    }
    for (const uri of published) {
      if (now.has(uri)) continue;
      rounds.set(uri, (rounds.get(uri) ?? 0) + 1);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    published.clear();
    now.forEach((u) => published.add(u));
  };
  const editing = (document: TextDocument) =>
    isModelFileName(document.uri) ? editingContext(document.uri, models, links, catalog()) : undefined;
  return {
    publishAll,
    configure(next, publish = true) {
      if (next.accessLenses === settings.accessLenses && next.escalationWarnings === settings.escalationWarnings) return;
      settings = { accessLenses: next.accessLenses, escalationWarnings: next.escalationWarnings };
      if (!publish) return;
      publishAll();
      refreshLenses();
    },
    complete: (document, position) => {
      const ctx = editing(document);
      return ctx ? completeInModel(document, position, ctx) : null;
    },
    define: (document, position) => {
      const ctx = editing(document);
      return ctx ? defineInModel(document, position, ctx) : null;
    },
    changed(uri) {
      if (!models.touch(uri)) return;
      // Debounced: typing in a policy re-runs every model's access tests once it pauses.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        links.clear();
        publishAll();
        refreshLenses();
        onModelsRefreshed();
      }, 300);
    },
  };
}

/** The workspace around the model file at `uri`, for completion and definition (read when asked). */
function editingContext(uri: string, models: ModelWorkspace, links: Links, catalog: Catalog | undefined): ModelEditingContext {
  const entry = models.pick(uri);
  const path = URI.parse(uri).fsPath;
  const root = entry?.root ?? dirname(path);
  return {
    file: entry?.model.file ?? basename(path),
    policyFiles: () =>
      findFiles(root, (name) => name.toLowerCase().endsWith('.json') && !isModelFileName(name), 8, 2000).flatMap((f) => {
        const rel = workspaceRelative(root, f);
        return rel === undefined ? [] : [rel];
      }),
    fileUri: (rel) => {
      const file = join(root, ...rel.split('/'));
      return workspaceRelative(root, file) !== undefined && isFile(file) ? URI.file(file).toString() : undefined;
    },
    principals: () => listPrincipals(entry, models, links),
    resources: () => listResources(entry, models, links),
    ...(catalog ? { catalog } : {}),
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
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

function accessTests(
  entries: readonly (WorkspaceModelEntry | undefined)[],
  models: ModelWorkspace,
  links: Links,
  catalog: Catalog | undefined,
): AccessTestItem[] {
  return entries.flatMap((entry) => {
    if (!entry) return [];
    return runAccessTests(entry.model, catalog ? { catalog } : {}).map((r): AccessTestItem => {
      const location = links.location(models.fileUri(entry, r.test.source.file), r.test.source.path);
      return {
        modelUri: entry.uri,
        index: r.index,
        passed: r.passed,
        message: r.message,
        ...(r.test.name ? { name: r.test.name } : {}),
        ...(location ? { location } : {}),
        decidedBy: (r.failures[0]?.decidedBy ?? []).map((s) => links.statement(entry, models, s)),
      };
    });
  });
}

/**
 * The diagnostics the editor shows on a model file (problems, failing access tests), read from
 * disk: the CLI's `check` and `test --format sarif` report exactly these.
 */
export function modelFileDiagnostics(
  entry: WorkspaceModelEntry,
  models: ModelWorkspace,
  catalog: Catalog | undefined,
  settings: ModelSettings = DEFAULT_MODEL_SETTINGS,
): ReturnType<typeof diagnosticsOf> {
  return isolatedDiagnostics(entry, models, new Links({ get: () => undefined }, () => models.readableRoots()), catalog, settings);
}

/** {@link diagnosticsOf}, or one MODEL_INVALID diagnostic at the file's start when that fails. */
function isolatedDiagnostics(
  entry: WorkspaceModelEntry,
  models: ModelWorkspace,
  links: Links,
  catalog: Catalog | undefined,
  settings: ModelSettings,
  log?: (err: unknown) => void,
): ReturnType<typeof diagnosticsOf> {
  try {
    return diagnosticsOf(entry, models, links, catalog, settings);
  } catch (err) {
    log?.(err);
    const reason = err instanceof Error ? err.name : typeof err;
    return [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        severity: DiagnosticSeverity.Error,
        code: 'MODEL_INVALID',
        source: 'iam-policy-studio',
        message: `The diagnostics of this model could not be computed (internal error: ${reason}); the other models are not affected.`,
      },
    ];
  }
}

/** Problems and failing access tests of one model, as diagnostics on the model file. */
function diagnosticsOf(
  entry: WorkspaceModelEntry,
  models: ModelWorkspace,
  links: Links,
  catalog: Catalog | undefined,
  settings: ModelSettings,
) {
  const modelFile = entry.model.file;
  const findings: ModelFinding[] = entry.model.problems.map((p) => ({
    code: p.code,
    severity: p.severity,
    path: p.file === modelFile ? p.path : [],
    message: p.file === modelFile ? p.message : `${p.file}: ${p.message}`,
  }));
  for (const t of accessTests([entry], models, links, catalog)) {
    if (t.passed) continue;
    const test = entry.model.tests[t.index];
    findings.push({
      code: 'ACCESS_TEST_FAILED',
      severity: 'error',
      path: test && test.source.file === modelFile ? test.source.path : ['tests', t.index],
      message: `Access test failed: ${t.message}`,
      related: t.decidedBy.flatMap((s) =>
        s.location
          ? [
              {
                uri: s.location.uri,
                range: s.location.range,
                message: `${s.effect === 'Deny' ? 'Denied' : 'Allowed'} by ${s.policyName} ${s.sid ? `statement '${s.sid}'` : `statement #${s.statementIndex + 1}`}`,
              },
            ]
          : [],
      ),
    });
  }
  findings.push(...escalationFindings(entry, models, links, catalog, settings.escalationWarnings));
  findings.push(...neverFindings(entry, models, links, catalog));
  const doc = links.document(entry.uri);
  return doc ? modelDiagnostics(doc, findings) : [];
}

/**
 * `noPath` assertions that fail (errors on the assertion) and escalation paths to administrator
 * (warnings on the principal that can escalate, with the deciding statements as related
 * information). Principals defined in another file (an account-details import) are summed up in
 * one warning on the model file.
 */
function escalationFindings(
  entry: WorkspaceModelEntry,
  models: ModelWorkspace,
  links: Links,
  catalog: Catalog | undefined,
  warnings: boolean,
): ModelFinding[] {
  const model = entry.model;
  const modelFile = model.file;
  const options = catalog ? { catalog } : {};
  const related = (p: EscalationPath) =>
    p.steps.flatMap((step) =>
      step.decidedBy.slice(0, 1).flatMap((d) => {
        const link = links.statement(entry, models, d);
        return link.location
          ? [
              {
                uri: link.location.uri,
                range: link.location.range,
                message: `${step.action} on ${step.resource} (${step.method}) allowed by ${d.policyName} ${d.sid ? `statement '${d.sid}'` : `statement #${d.statementIndex + 1}`}`,
              },
            ]
          : [];
      }),
    );
  const out: ModelFinding[] = [];
  for (const r of runPathAssertions(model, options)) {
    if (r.passed) continue;
    const at = r.assertion.source.file === modelFile ? r.assertion.source.path : [];
    out.push({
      code: 'NO_PATH_FAILED',
      severity: 'error',
      path: at,
      message: `noPath assertion failed: ${r.message}`,
      ...(r.path ? { related: related(r.path) } : {}),
    });
  }
  if (!warnings) return out;
  const elsewhere: string[] = [];
  for (const p of escalationPaths(model, {}, options).paths) {
    const source = principalSource(model, p.from);
    if (source?.file === modelFile)
      out.push({
        code: 'ESCALATION_PATH',
        severity: 'warning',
        path: source.path,
        message: `Escalation path: ${describePath(p)}`,
        related: related(p),
      });
    else elsewhere.push(p.from);
  }
  if (elsewhere.length > 0) {
    out.push({
      code: 'ESCALATION_PATH',
      severity: 'warning',
      path: [],
      message: `${elsewhere.length} imported principal(s) can become administrator: ${elsewhere.slice(0, 5).join(', ')}${elsewhere.length > 5 ? ', …' : ''} (iam-policy-studio paths --model ${modelFile}).`,
    });
  }
  return out;
}

const neverResults = new WeakMap<Model, NeverAssertionResult[]>();

/**
 * Never-assertions that fail or cannot be decided: errors on the assertion, the counterexample in
 * the message and the statements that allow it as related information.
 */
function neverFindings(entry: WorkspaceModelEntry, models: ModelWorkspace, links: Links, catalog: Catalog | undefined): ModelFinding[] {
  const model = entry.model;
  if (!model.neverAssertions?.length) return [];
  const out: ModelFinding[] = [];
  // A model is re-resolved when one of its files changes: results stay valid for the same object.
  let results = catalog ? neverResults.get(model) : undefined;
  if (!results) {
    results = runNeverAssertions(model, catalog ? { catalog } : {});
    if (catalog) neverResults.set(model, results);
  }
  for (const r of results) {
    if (r.passed) continue;
    const at = r.assertion.source.file === model.file ? r.assertion.source.path : [];
    const related = (r.counterexample?.decidedBy ?? []).flatMap((d) => {
      const link = links.statement(entry, models, d);
      return link.location
        ? [
            {
              uri: link.location.uri,
              range: link.location.range,
              message: `Allowed by ${d.policyName} ${d.sid ? `statement '${d.sid}'` : `statement #${d.statementIndex + 1}`}`,
            },
          ]
        : [];
    });
    out.push({
      code: 'NEVER_FAILED',
      severity: 'error',
      path: at,
      message: `Never-assertion ${r.verdict === 'unknown' ? 'not proved' : 'failed'}: ${r.message}`,
      ...(related.length > 0 ? { related } : {}),
    });
  }
  return out;
}

function principalSource(model: Model, arn: string): SourceLocation | undefined {
  for (const a of model.accounts.values()) {
    for (const u of a.users.values()) if (u.arn === arn) return u.source;
    for (const r of a.roles.values()) if (r.arn === arn) return r.source;
  }
  return undefined;
}
