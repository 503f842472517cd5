/**
 * The language server's side of the workspace model: the diagnostics of model files (broken
 * references, failing access tests with the deciding statement as related information), the
 * access tests request, code lenses, completion and definition in model files, and the Simulate
 * Access requests (node/simulationServer.ts). node/languageServer.ts calls
 * {@link registerModelFeatures} once.
 */
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  CodeLensRefreshRequest,
  type CodeLens,
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
  describePath,
  escalationPaths,
  isModelFileName,
  runNeverAssertions,
  runPathAssertions,
  type EscalationPath,
  type Model,
  type NeverAssertionResult,
  type SourceLocation,
} from '../core/model';
import { runAccessTests } from '../service/accessTests';
import {
  AccessViewRequest,
  RunAccessTestsRequest,
  SIMULATE_ACCESS_COMMAND,
  type AccessTestItem,
  type SimulateAccessParams,
} from '../protocol';
import { modelDiagnostics, type ModelFinding } from '../service/modelDiagnostics';
import { workspaceRelative } from './modelFiles';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { Links, listPrincipals, listResources } from './modelItems';
import { registerSimulationRequests } from './simulationServer';
import { findFiles, type ModelWorkspace, type WorkspaceModelEntry } from './modelWorkspace';
import { completeInModel, defineInModel, type ModelEditingContext } from '../service/modelEditing';
import { ModelSchemaValidation } from '../service/modelSchemaDuplicates';
import { accessView, entryOf, modelCodeLenses, resolveModelCodeLens } from './modelLenses';

/** The settings that shape model features (`iamPolicyStudio.accessLenses`, `iamPolicyStudio.escalationWarnings`). */
export interface ModelSettings {
  /** Code lenses on resources and principals of model files. */
  readonly accessLenses: boolean;
  /** Escalation paths to administrator as warnings on the model's principals (`noPath` assertions always run). */
  readonly escalationWarnings: boolean;
  /**
   * A wall-clock limit per never-assertion (milliseconds) on top of its step budget: set by the
   * editor only ({@link EDITOR_NEVER_TIME_LIMIT_MS}), where a late answer is worse than an
   * `unknown` one. The CLI leaves it out, so `test` and `check` answer the same under any load.
   */
  readonly neverTimeLimitMs?: number;
}

/** The editor's wall-clock limit per never-assertion (the step budget applies as well). */
export const EDITOR_NEVER_TIME_LIMIT_MS = 5_000;

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
  const links = new Links(
    documents,
    () => models.readableRoots(),
    () => models.hostKinds(),
  );
  let settings = DEFAULT_MODEL_SETTINGS;
  connection.onCodeLens(async (p) => {
    if (!isModelFileName(p.textDocument.uri)) return [];
    await models.ready;
    const uri = p.textDocument.uri;
    return [...accessTestLenses(uri, models, links, catalog()), ...(settings.accessLenses ? modelCodeLenses(models, links, p) : [])];
  });
  connection.onCodeLensResolve((lens) => resolveModelCodeLens(models, links, catalog(), lens));
  connection.onRequest(AccessViewRequest.type, async (p) => {
    await models.ready;
    return accessView(models, links, catalog(), p);
  });
  const refreshLenses = () => {
    if (canRefreshLenses()) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };
  registerSimulationRequests(connection, models, links, catalog);
  connection.onRequest(RunAccessTestsRequest.type, async (p) => {
    await models.ready;
    return accessTests(p.modelUri ? [models.pick(p.modelUri)] : models.models(), models, links, catalog());
  });
  const diagnostics = new ModelDiagnosticsPublisher(connection, models, links, catalog, clientValidatesSchema);
  const publishAll = () => diagnostics.publishAll(settings);
  let timer: NodeJS.Timeout | undefined;
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

/**
 * Publishes the diagnostics of every model file, each model on its own (a failure stays with its
 * file), and clears those of models that are gone.
 */
class ModelDiagnosticsPublisher {
  private readonly published = new Set<string>();
  /** Per model file, the number of its latest round: schema filtering is asynchronous, an overtaken round is dropped. */
  private readonly rounds = new Map<string, number>();
  private readonly schema = new ModelSchemaValidation();

  constructor(
    private readonly connection: Connection,
    private readonly models: ModelWorkspace,
    private readonly links: Links,
    private readonly catalog: () => Catalog | undefined,
    private readonly clientValidatesSchema: () => boolean,
  ) {}

  publishAll(settings: ModelSettings): void {
    let all: readonly WorkspaceModelEntry[];
    try {
      all = this.models.models();
    } catch (err) {
      this.connection.console.error(`model diagnostics failed: ${err instanceof Error ? err.stack : String(err)}`);
      return;
    }
    for (const m of all) this.publish(m, settings);
    this.clearGone(new Set(all.map((m) => m.uri)));
  }

  private publish(m: WorkspaceModelEntry, settings: ModelSettings): void {
    // In the editor a never-assertion also stops after a wall-clock limit (see ModelSettings).
    const editor = { ...settings, neverTimeLimitMs: EDITOR_NEVER_TIME_LIMIT_MS };
    const diagnostics = isolatedDiagnostics(m, this.models, this.links, this.catalog(), editor, (err) =>
      this.connection.console.error(`model diagnostics of ${m.uri} failed: ${err instanceof Error ? err.stack : String(err)}`),
    );
    const round = this.nextRound(m.uri);
    const doc = this.clientValidatesSchema() ? this.links.document(m.uri) : undefined;
    void (doc ? this.schema.filter(doc, diagnostics) : Promise.resolve(diagnostics)).then((kept) => {
      if (this.rounds.get(m.uri) === round) void this.connection.sendDiagnostics({ uri: m.uri, diagnostics: kept });
    });
  }

  /** Empty diagnostics for the model files published before and not now. */
  private clearGone(now: ReadonlySet<string>): void {
    for (const uri of this.published) {
      if (now.has(uri)) continue;
      this.nextRound(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.published.clear();
    now.forEach((u) => this.published.add(u));
  }

  private nextRound(uri: string): number {
    const round = (this.rounds.get(uri) ?? 0) + 1;
    this.rounds.set(uri, round);
    return round;
  }
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
 * "✓ passes" or "✗ fails: …" above each access test of the model file at `uri`; the lens's command
 * simulates the test's request ({@link SIMULATE_ACCESS_COMMAND}). The tests run when the lenses
 * are asked for (the editor asks again when the server asks it to refresh them: after a change).
 */
function accessTestLenses(uri: string, models: ModelWorkspace, links: Links, catalog: Catalog | undefined): CodeLens[] {
  const entry = entryOf(models, uri);
  if (!entry) return [];
  return accessTests([entry], models, links, catalog).flatMap((t) => {
    const test = entry.model.tests[t.index];
    if (!test || !t.location || test.source.file !== entry.model.file) return [];
    const request: SimulateAccessParams = {
      modelUri: uri,
      principal: test.principal,
      actions: [...test.actions],
      resources: test.resources.length > 0 ? [...test.resources] : ['*'],
      ...(Object.keys(test.context).length > 0 ? { context: test.context } : {}),
      ...(test.via?.length ? { via: [...test.via] } : {}),
    };
    const at = t.location.range.start;
    return [
      {
        range: { start: at, end: at },
        command: {
          title: t.passed ? '✓ passes' : `✗ fails: ${t.message}`,
          tooltip: t.message,
          command: SIMULATE_ACCESS_COMMAND,
          arguments: [request],
        },
      },
    ];
  });
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
  return isolatedDiagnostics(
    entry,
    models,
    new Links(
      { get: () => undefined },
      () => models.readableRoots(),
      () => models.hostKinds(),
    ),
    catalog,
    settings,
  );
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
  findings.push(...neverFindings(entry, models, links, catalog, settings.neverTimeLimitMs));
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
function neverFindings(
  entry: WorkspaceModelEntry,
  models: ModelWorkspace,
  links: Links,
  catalog: Catalog | undefined,
  timeLimitMs: number | undefined,
): ModelFinding[] {
  const model = entry.model;
  if (!model.neverAssertions?.length) return [];
  const out: ModelFinding[] = [];
  // A model is re-resolved when one of its files changes: results stay valid for the same object.
  let results = catalog ? neverResults.get(model) : undefined;
  if (!results) {
    results = runNeverAssertions(model, {
      ...(catalog ? { catalog } : {}),
      ...(timeLimitMs !== undefined ? { timeLimitMs } : {}),
    });
    // An answer the clock cut short may come out otherwise next time: it is not kept.
    const clocked = timeLimitMs !== undefined && results.some((r) => r.verdict === 'unknown');
    if (catalog && !clocked) neverResults.set(model, results);
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
