/**
 * The language server's LSP glue: connection, open documents, and the language service, put
 * together from its parts: what the client supports (node/clientSupport.ts), validation of open
 * documents (node/documentValidation.ts), the policy features and commands
 * (node/policyFeatures.ts), the workspace models with Simulate Access (node/modelServer.ts) and
 * the agent tools (node/agentToolsServer.ts). Runs over IPC (VS Code) or stdio (`--stdio`, any LSP
 * editor).
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  FoldingRangeRequest,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, type PolicyLanguageService } from '../service';
import { ParseCache } from './parseCache';
import { applySettings, readSettings } from './settings';
import { catalogSelection, catalogVersionLine, getCatalog } from './catalogFile';
import type { Catalog } from '../core/catalog';
import { ModelWorkspace } from './modelWorkspace';
import { loadTerraformImports } from './terraformModels';
import { registerModelFeatures, type ModelFeatures } from './modelServer';
import { registerAgentTools } from './agentToolsServer';
import { TerraformSupport, terraformWasmFiles } from './terraformSupport';
import { NO_CLIENT, readClientSupport, serverCapabilities, type ClientSupport } from './clientSupport';
import { DocumentValidation } from './documentValidation';
import { registerPolicyFeatures } from './policyFeatures';

/** Where the server finds the files that ship beside its bundle (the Terraform parser's WebAssembly). */
export interface LanguageServerOptions {
  readonly bundleDir: string;
}

/** The parts of a running server that its lifecycle handlers (initialize, settings) reach. */
interface Server {
  readonly connection: Connection;
  readonly options: LanguageServerOptions;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: PolicyLanguageService;
  readonly parses: ParseCache;
  readonly catalog: Catalog | undefined;
  readonly models: ModelWorkspace;
  readonly modelFeatures: ModelFeatures;
  readonly validation: DocumentValidation;
  /** What the client said at initialize ({@link NO_CLIENT} before). */
  client: ClientSupport;
}

/**
 * Runs the language server on `connection` until the client ends it: registers every handler,
 * then listens. Called by `server.ts` (VS Code, any editor) and by `iam-policy-studio lsp`; tests
 * can call it over in-memory streams.
 */
export function startLanguageServer(connection: Connection, options: LanguageServerOptions): void {
  const server = createServer(connection, options);
  const { documents, modelFeatures, validation } = server;
  registerLifecycle(server);
  registerPolicyFeatures({ ...server, client: () => server.client });
  validation.listen((uri) => modelFeatures.changed(uri));
  // Saves and other disk changes (model files are not synced as documents; the client watches
  // **/*.json), and `.tf` files (the server asks to hear of them): the open `.tf` files of their
  // folder read the closed ones from disk.
  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      modelFeatures.changed(change.uri);
      validation.fileChanged(change.uri);
    }
  });
  registerAgentTools(
    connection,
    server.catalog,
    () => server.client.roots,
    () => server.models.parseTerraform,
  );
  documents.listen(connection);
  connection.listen();
}

/** Builds the server's parts and registers the model features (workspace models, Simulate Access, lenses). */
function createServer(connection: Connection, options: LanguageServerOptions): Server {
  const documents = new TextDocuments(TextDocument);
  // Workspace models (*.iam-model.json): where each policy file is used, accounts for completion, simulation.
  const models = new ModelWorkspace(
    (uri) => documents.get(uri)?.getText(),
    () => documents.keys(),
  );
  const catalog = loadCatalogOrReport(connection);
  // Terraform (.tf): the parser (WebAssembly, next to this bundle) loads in the background.
  const terraform = new TerraformSupport(terraformWasmFiles(options.bundleDir), () => server.client.roots);
  const service = getLanguageService({
    catalog,
    policyTypeOf: (uri) => models.policyTypeOf(uri) ?? terraform.policyTypeOf(uri),
    workspaceAccounts: () => models.accounts(),
    hosts: [terraform.host, terraform.templateHost],
  });
  const parses = new ParseCache(service);
  const validation = new DocumentValidation({ connection, documents, service, parses, models, terraform });
  const modelFeatures = registerModelFeatures(
    connection,
    documents,
    models,
    () => catalog,
    () => validation.revalidateRetyped(),
    () => server.client.modelSchema,
    () => server.client.codeLensRefresh,
  );
  const server: Server = { connection, options, documents, service, parses, catalog, models, modelFeatures, validation, client: NO_CLIENT };
  return server;
}

/** initialize (the client's capabilities, the server's), initialized (registrations, settings, models) and settings changes. */
function registerLifecycle(server: Server): void {
  const { connection } = server;
  connection.onInitialize((params): InitializeResult => {
    server.client = readClientSupport(params);
    server.models.setRoots(server.client.roots);
    applyInitializationOptions(server);
    return { capabilities: serverCapabilities(server.client), serverInfo: { name: 'iam-policy-studio' } };
  });
  // The catalog data version goes to the extension's output channel (and loads the catalog early).
  connection.onInitialized(() => {
    connection.console.info(catalogVersionLine());
    registerDynamically(server);
    void loadSettings(server);
    // Models may import Terraform configurations: model requests and diagnostics wait until the
    // HCL parser has loaded (or failed to), then see them resolved.
    const loading = loadTerraformImports([server.options.bundleDir]).then((parse) => {
      if (parse) server.models.useTerraformParser(parse);
    });
    server.models.waitFor(loading);
    void server.models.ready.then(() => server.modelFeatures.publishAll());
  });
  connection.onDidChangeConfiguration(() => void loadSettings(server));
}

/** The initialization options' severities (editors without configuration pull) and model settings. */
function applyInitializationOptions({ client, service, modelFeatures }: Server): void {
  const options = client.options;
  if (!options) return;
  if (options.severity) applySettings(service, readSettings(options).settings);
  modelFeatures.configure(readSettings(options).settings, false);
}

/** After initialize: settings changes, and folding and formatting for the client's policy documents. */
function registerDynamically({ connection, client }: Server): void {
  if (client.configurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'iamPolicyStudio' });
  // The closed `.tf` files of an open one's folder, and the templates `.tf` files read
  // (`templatefile("policy.json.tpl", …)`), are read from disk: hear when they change (JSON files:
  // the client watches them already).
  if (client.watchedFiles)
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.tf' }, { globPattern: '**/*.tofu' }, { globPattern: '**/*.tpl' }, { globPattern: '**/*.tftpl' }],
    });
  const documentSelector = client.policySelector;
  if (!documentSelector) return;
  // Folding and formatting for policy documents only: the client also syncs JSON and YAML files
  // (templates), whose own formatter and folding must stay the only ones.
  void connection.client.register(FoldingRangeRequest.type, { documentSelector });
  void connection.client.register(DocumentFormattingRequest.type, { documentSelector });
  void connection.client.register(DocumentRangeFormattingRequest.type, { documentSelector });
}

/** Reads `iamPolicyStudio.severity` and the model settings, and re-validates the open documents. */
async function loadSettings({ connection, client, service, modelFeatures, validation }: Server): Promise<void> {
  if (!client.configuration) return;
  try {
    // The same settings → service mapping as the CLI's `check` (node/settings.ts).
    const settings: unknown = await connection.workspace.getConfiguration('iamPolicyStudio');
    const read = readSettings(settings ?? {}).settings;
    applySettings(service, read);
    modelFeatures.configure(read);
    validation.scheduleAll();
  } catch (err) {
    connection.console.error(`reading settings failed: ${String(err)}`);
  }
}

/** The catalog, or undefined (with an error in the log) when the artifact cannot be read. */
function loadCatalogOrReport(connection: Connection): Catalog | undefined {
  try {
    const loaded = getCatalog();
    for (const note of catalogSelection()?.notes ?? []) connection.console.warn(`AWS service catalog: ${note}`);
    return loaded;
  } catch (err) {
    connection.console.error(`The AWS service catalog could not be loaded; catalog checks, completion and hover are off. ${String(err)}`);
    return undefined;
  }
}
