/**
 * The language server's LSP glue: connection, open documents, and the language service. Handlers
 * get the document, get its cached parse, call the service, and return. Runs over IPC (VS Code) or
 * stdio (`--stdio`, any LSP editor).
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  FoldingRangeRequest,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type DocumentSelector,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, ValidationCancelled } from '../service';
import { ParseCache } from './parseCache';
import { applySettings, readSettings } from './settings';
import { catalogSelection, catalogVersionLine, getCatalog } from './catalogFile';
import type { Catalog } from '../core/catalog';
import { isPolicyType, policyTypeLabel } from '../core/policyType';
import {
  CompareWithBaseRequest,
  ListActionsRequest,
  PolicyTypeRequest,
  ResourceTemplatesRequest,
  SetPolicyTypeNotification,
} from '../protocol';
import { compareWithBase } from '../service/compare';
import { listActions, resourceTemplates } from '../service/actionList';
import { ModelWorkspace, workspaceRoots } from './modelWorkspace';
import { enableTerraformImports } from './terraformModels';
import { registerModelFeatures } from './modelServer';
import { registerAgentTools } from './agentToolsServer';
import { ValidationScheduler } from './validationScheduler';
import { TerraformSupport, terraformWasmFiles } from './terraformSupport';
import { fileNameOf } from '../service/hosts/registry';

/** Where the server finds the files that ship beside its bundle (the Terraform parser's WebAssembly). */
export interface LanguageServerOptions {
  readonly bundleDir: string;
}

/**
 * Runs the language server on `connection` until the client ends it: registers every handler,
 * then listens. Called by `server.ts` (VS Code, any editor) and by `iam-policy-studio lsp`; tests
 * can call it over in-memory streams.
 */
export function startLanguageServer(connection: Connection, options: LanguageServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  // Workspace models (*.iam-model.json): where each policy file is used, accounts for completion, simulation.
  const models = new ModelWorkspace(
    (uri) => documents.get(uri)?.getText(),
    () => documents.keys(),
  );
  const catalog = loadCatalogOrReport();
  // Terraform (.tf): the parser (WebAssembly, next to this bundle) loads in the background.
  const terraform = new TerraformSupport(terraformWasmFiles(options.bundleDir), () => roots);
  const service = getLanguageService({
    catalog,
    policyTypeOf: (uri) => models.policyTypeOf(uri) ?? terraform.policyTypeOf(uri),
    workspaceAccounts: () => models.accounts(),
    hosts: [terraform.host],
  });
  const modelFeatures = registerModelFeatures(
    connection,
    documents,
    models,
    () => catalog,
    revalidateRetyped,
    () => client.modelSchema,
    () => client.codeLensRefresh,
  );
  const parses = new ParseCache(service);
  // Edits validate after a pause (node/validationScheduler.ts): typing never waits for an older version's checks.
  const scheduler = new ValidationScheduler((uri) => {
    const document = documents.get(uri);
    if (document) void validate(document);
  });

  /**
   * The documents that get folding and formatting, when the client names them
   * (`initializationOptions.policyDocumentSelector`) and registers those features dynamically;
   * otherwise they are static capabilities for every document the client sends.
   */
  let policySelector: DocumentSelector | undefined;

  /**
   * What the client supports (configuration pull, snippet edits in code actions, snippets in
   * completion, code lens refresh) and whether it validates model files with the model schema itself.
   */
  const client = {
    configuration: false,
    configurationChanges: false,
    snippetEdits: false,
    snippetCompletion: false,
    modelSchema: false,
    codeLensRefresh: false,
  };

  connection.onInitialize((params): InitializeResult => {
    rememberClient(params);
    return {
      capabilities: {
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.SourceFixAll] },
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ':', '/', '$', '{'] },
        // Go to definition in workspace model files (node/modelServer.ts).
        definitionProvider: true,
        hoverProvider: true,
        documentSymbolProvider: true,
        // Model files: who can act on each resource, escalation paths of each principal (node/modelLenses.ts).
        codeLensProvider: { resolveProvider: true },
        // Registered per document selector after initialize when the client asks for it (below).
        ...(policySelector ? {} : { foldingRangeProvider: true, documentFormattingProvider: true, documentRangeFormattingProvider: true }),
      },
      serverInfo: { name: 'iam-policy-studio' },
    };
  });

  // The catalog data version goes to the extension's output channel (and loads the catalog early).
  connection.onInitialized(() => {
    connection.console.info(catalogVersionLine());
    if (client.configurationChanges)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'iamPolicyStudio' });
    if (policySelector) {
      // Folding and formatting for policy documents only: the client also syncs JSON and YAML files
      // (templates), whose own formatter and folding must stay the only ones.
      const documentSelector = policySelector;
      void connection.client.register(FoldingRangeRequest.type, { documentSelector });
      void connection.client.register(DocumentFormattingRequest.type, { documentSelector });
      void connection.client.register(DocumentRangeFormattingRequest.type, { documentSelector });
    }
    void loadSettings();
    modelFeatures.publishAll();
    // Models may import Terraform configurations: once the HCL parser is loaded, resolve them again.
    void enableTerraformImports([options.bundleDir]).then((ok) => {
      if (!ok) return;
      models.invalidate();
      modelFeatures.publishAll();
    });
  });

  connection.onDidChangeConfiguration(() => void loadSettings());

  connection.onCodeAction(({ textDocument, range, context }) => {
    const document = served(textDocument.uri);
    return document ? service.doCodeActions(document, parses.get(document), range, context, { snippetEdits: client.snippetEdits }) : null;
  });

  connection.onRequest(PolicyTypeRequest.type, ({ uri, position }) => {
    const document = served(uri);
    if (!document) return null;
    const detected = service.getPolicyType(document, parses.get(document), position);
    return { ...detected, label: policyTypeLabel(detected.type) };
  });

  // The "vs HEAD" code lens: the client sends the base text; cancelled requests are dropped before the work.
  connection.onRequest(CompareWithBaseRequest.type, ({ uri, baseText }, token) => {
    const document = documents.get(uri);
    if (!document || !catalog || token.isCancellationRequested) return null;
    const parsed = parses.get(document);
    return compareWithBase(catalog, document, parsed, service.getPolicyType(document, parsed).type, baseText);
  });

  connection.onRequest(ListActionsRequest.type, ({ filter, limit }) =>
    catalog ? listActions(catalog, filter, limit) : { items: [], total: 0 },
  );

  connection.onRequest(ResourceTemplatesRequest.type, ({ actions }) => (catalog ? resourceTemplates(catalog, actions) : []));

  connection.onNotification(SetPolicyTypeNotification.type, ({ uri, type }) => {
    service.setPolicyTypeOverride(uri, isPolicyType(type) ? type : undefined);
    const document = documents.get(uri);
    if (document) scheduler.schedule(uri);
  });

  connection.onCompletion(({ textDocument, position }) => {
    const document = served(textDocument.uri);
    if (document) return service.doComplete(document, parses.get(document), position, { snippetSupport: client.snippetCompletion });
    const model = documents.get(textDocument.uri);
    return model ? modelFeatures.complete(model, position) : null;
  });

  connection.onDefinition(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    return document ? modelFeatures.define(document, position) : null;
  });

  connection.onHover(({ textDocument, position }) => {
    const document = served(textDocument.uri);
    return document ? service.doHover(document, parses.get(document), position) : null;
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const document = served(textDocument.uri);
    return document ? service.findDocumentSymbols(document, parses.get(document)) : null;
  });

  connection.onFoldingRanges(({ textDocument }) => {
    const document = served(textDocument.uri, 'policy');
    return document ? service.getFoldingRanges(document) : null;
  });

  connection.onDocumentFormatting(({ textDocument, options }) => {
    const document = served(textDocument.uri, 'policy');
    return document ? service.format(document, undefined, options) : null;
  });

  connection.onDocumentRangeFormatting(({ textDocument, range, options }) => {
    const document = served(textDocument.uri, 'policy');
    return document ? service.format(document, range, options) : null;
  });

  // An opened document is validated at once (its diagnostics should be there when it shows); an
  // edit after a pause. Either way validation runs in slices (see `validate`), never ahead of requests.
  const opening = new Set<string>();
  documents.onDidOpen((event) => opening.add(event.document.uri));

  documents.onDidChangeContent((event) => {
    const uri = event.document.uri;
    if (opening.delete(uri)) {
      scheduler.cancel(uri);
      void validate(event.document);
    } else scheduler.schedule(uri);
    modelFeatures.changed(uri);
  });

  // Until the Terraform parser is loaded .tf files show nothing: parse and validate them again then.
  void terraform.ready.then((loaded) => {
    if (!loaded) connection.console.error(`The Terraform parser could not be loaded: ${terraform.failure ?? 'unknown error'}`);
    for (const document of documents.all()) {
      if (!isTerraformUri(document.uri)) continue;
      parses.delete(document.uri);
      void validate(document);
    }
  });

  function isTerraformUri(uri: string): boolean {
    return fileNameOf(uri).toLowerCase().endsWith('.tf');
  }

  /** A `.tf` file's `file("x.json")` types x.json: re-validate the open files whose type it may have changed. */
  function revalidateReferenced(uris: readonly string[]): void {
    for (const uri of new Set(uris)) {
      const document = documents.get(uri);
      if (document && !isTerraformUri(uri)) void validate(document);
    }
  }

  // Saves and other disk changes (model files are not synced as documents; the client watches **/*.json).
  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) modelFeatures.changed(change.uri);
  });

  documents.onDidClose((event) => {
    scheduler.cancel(event.document.uri);
    opening.delete(event.document.uri);
    parses.delete(event.document.uri);
    validatedType.delete(event.document.uri);
    if (isTerraformUri(event.document.uri)) revalidateReferenced(terraform.forget(event.document.uri));
    // Only documents the service published for: model files (JSON the client also syncs) keep theirs.
    if (service.documentKind(event.document)) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    modelFeatures.changed(event.document.uri);
  });

  /**
   * The open document at `uri` when the service handles it: policies, and templates holding
   * policies (`kind` narrows to one). Other JSON and YAML files the client syncs are left alone.
   */
  function served(uri: string, kind?: 'policy' | 'host'): TextDocument | undefined {
    const document = documents.get(uri);
    const found = document && service.documentKind(document);
    return found && (!kind || found === kind) ? document : undefined;
  }

  /** The model-given policy type each open document was last validated with. */
  const validatedType = new Map<string, string | undefined>();

  /**
   * After the workspace models change (on disk or in the editor), the open documents whose
   * model-given policy type changed are validated again: their text did not change, their meaning did.
   */
  function revalidateRetyped(): void {
    for (const document of documents.all()) {
      if (validatedType.has(document.uri) && validatedType.get(document.uri) !== models.policyTypeOf(document.uri)) void validate(document);
    }
  }

  /**
   * Validates one version in slices: between slices (before the grammar, between check families)
   * the run waits for the event loop, so requests that arrived meanwhile are answered first, and it
   * stops as soon as its version is no longer current (a newer version gets its own run). A result
   * for a version that is no longer current is dropped. With `$/setTrace` on, each run's start,
   * cancellation and end are traced (the protocol tests follow them).
   */
  async function validate(document: TextDocument): Promise<void> {
    if (!service.documentKind(document)) return;
    // A .tf file is validated once the Terraform parser is there (terraform.ready), not before.
    if (isTerraformUri(document.uri) && !terraform.settled) return;
    validatedType.set(document.uri, models.policyTypeOf(document.uri));
    // TextDocuments updates a document object in place, and a closed-and-reopened document starts
    // again at version 1: capture the version now and require the same object, so a result for
    // older text (or for a previous document of the same URI) is never published.
    const version = document.version;
    const referenced = isTerraformUri(document.uri) ? terraform.referencedBy(document.uri) : undefined;
    const current = () => documents.get(document.uri) === document && document.version === version;
    const pause = () => new Promise<boolean>((resolve) => setImmediate(() => resolve(current())));
    const label = `${document.uri} version ${version}`;
    try {
      connection.tracer.log(`validating ${label}`);
      const diagnostics = await service.doValidation(document, parses.get(document), { pause });
      if (referenced) revalidateReferenced([...referenced, ...terraform.referencedBy(document.uri)]);
      if (!current()) return;
      connection.tracer.log(`validated ${label}`);
      await connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
    } catch (err) {
      if (err instanceof ValidationCancelled) connection.tracer.log(`validation of ${label} cancelled: the document changed`);
      else connection.console.error(`validation of ${document.uri} failed: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }

  /** Records the client's capabilities and the initialization options' severities (editors without configuration pull). */
  function rememberClient(params: InitializeParams): void {
    client.configuration = params.capabilities.workspace?.configuration === true;
    client.configurationChanges = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    client.snippetEdits = params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
    client.snippetCompletion = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    client.codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    roots = workspaceRoots(params);
    models.setRoots(roots);
    const options = params.initializationOptions as
      { severity?: unknown; policyDocumentSelector?: unknown; modelSchemaValidation?: unknown } | undefined;
    client.modelSchema = options?.modelSchemaValidation === true;
    const text = params.capabilities.textDocument;
    const dynamic =
      text?.foldingRange?.dynamicRegistration === true &&
      text.formatting?.dynamicRegistration === true &&
      text.rangeFormatting?.dynamicRegistration === true;
    policySelector = dynamic && isDocumentSelector(options?.policyDocumentSelector) ? options.policyDocumentSelector : undefined;
    if (options?.severity) applySettings(service, readSettings(options).settings);
    if (options && typeof options === 'object') modelFeatures.configure(readSettings(options).settings, false);
  }

  /** A non-empty list of `{ language?, scheme?, pattern? }` filters with string values. */
  function isDocumentSelector(value: unknown): value is DocumentSelector {
    return (
      Array.isArray(value) &&
      value.length > 0 &&
      value.every(
        (f) =>
          typeof f === 'object' &&
          f !== null &&
          Object.values(f as object).length > 0 &&
          Object.entries(f as object).every(([k, v]) => ['language', 'scheme', 'pattern'].includes(k) && typeof v === 'string'),
      )
    );
  }

  /** Reads `iamPolicyStudio.severity` and re-validates the open documents. */
  async function loadSettings(): Promise<void> {
    if (!client.configuration) return;
    try {
      // The same settings → service mapping as the CLI's `check` (node/settings.ts).
      const settings: unknown = await connection.workspace.getConfiguration('iamPolicyStudio');
      const read = readSettings(settings ?? {}).settings;
      applySettings(service, read);
      modelFeatures.configure(read);
      for (const document of documents.all()) scheduler.schedule(document.uri);
    } catch (err) {
      connection.console.error(`reading settings failed: ${String(err)}`);
    }
  }

  /** The catalog, or undefined (with an error in the log) when the artifact cannot be read. */
  function loadCatalogOrReport(): Catalog | undefined {
    try {
      const loaded = getCatalog();
      for (const note of catalogSelection()?.notes ?? []) connection.console.warn(`AWS service catalog: ${note}`);
      return loaded;
    } catch (err) {
      connection.console.error(`The AWS service catalog could not be loaded; catalog checks, completion and hover are off. ${String(err)}`);
      return undefined;
    }
  }

  /** The workspace folders (file system paths) from initialize. */
  let roots: string[] = [];
  registerAgentTools(connection, catalog, () => roots);

  documents.listen(connection);
  connection.listen();
}
