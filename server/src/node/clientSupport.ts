/**
 * What the client said at `initialize`: the capabilities the server adapts to, the workspace
 * folders, and the initialization options; and the capabilities the server answers with.
 */
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type DocumentSelector,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { workspaceRoots } from './modelWorkspace';
import { isRecord } from '../core/json';

/** What the client supports and asked for. */
export interface ClientSupport {
  /** `workspace/configuration` pull. */
  readonly configuration: boolean;
  /** Dynamic registration of `workspace/didChangeConfiguration`. */
  readonly configurationChanges: boolean;
  /** Snippet edits in code actions. */
  readonly snippetEdits: boolean;
  /** Snippets in completion items. */
  readonly snippetCompletion: boolean;
  /** The client validates model files with the model schema itself (VS Code). */
  readonly modelSchema: boolean;
  /** `workspace/codeLens/refresh`. */
  readonly codeLensRefresh: boolean;
  /** Dynamic registration of `workspace/didChangeWatchedFiles` (the server asks to hear of `.tf` changes). */
  readonly watchedFiles: boolean;
  /** The workspace folders (file system paths). */
  readonly roots: readonly string[];
  /**
   * The documents that get folding and formatting, when the client names them
   * (`initializationOptions.policyDocumentSelector`) and registers those features dynamically;
   * otherwise they are static capabilities for every document the client sends.
   */
  readonly policySelector?: DocumentSelector;
  /** The initialization options, when they are an object (severities, model settings). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Before `initialize`: nothing supported, no folders. */
export const NO_CLIENT: ClientSupport = {
  configuration: false,
  configurationChanges: false,
  snippetEdits: false,
  snippetCompletion: false,
  modelSchema: false,
  codeLensRefresh: false,
  watchedFiles: false,
  roots: [],
};

/** Reads the client's capabilities, folders and initialization options. */
export function readClientSupport(params: InitializeParams): ClientSupport {
  const workspace = params.capabilities.workspace;
  const options = isRecord(params.initializationOptions) ? params.initializationOptions : undefined;
  const policySelector =
    formatsDynamically(params) && isDocumentSelector(options?.policyDocumentSelector) ? options.policyDocumentSelector : undefined;
  return {
    configuration: workspace?.configuration === true,
    configurationChanges: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    snippetEdits: workspace?.workspaceEdit?.snippetEditSupport === true,
    snippetCompletion: params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true,
    modelSchema: options?.modelSchemaValidation === true,
    codeLensRefresh: workspace?.codeLens?.refreshSupport === true,
    watchedFiles: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    roots: workspaceRoots(params),
    ...(policySelector ? { policySelector } : {}),
    ...(options ? { options } : {}),
  };
}

/** The server's capabilities for this client. */
export function serverCapabilities(client: ClientSupport): ServerCapabilities {
  return {
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.SourceFixAll] },
    textDocumentSync: TextDocumentSyncKind.Incremental,
    completionProvider: { triggerCharacters: ['"', ':', '/', '$', '{'] },
    // Go to definition in workspace model files (node/modelServer.ts).
    definitionProvider: true,
    hoverProvider: true,
    documentSymbolProvider: true,
    // Model files: who can act on each resource, escalation paths of each principal (node/modelLenses.ts).
    codeLensProvider: { resolveProvider: true },
    // Registered per document selector after initialize when the client asks for it (languageServer.ts).
    ...(client.policySelector
      ? {}
      : { foldingRangeProvider: true, documentFormattingProvider: true, documentRangeFormattingProvider: true }),
  };
}

/** Whether the client registers folding and both formattings dynamically. */
function formatsDynamically(params: InitializeParams): boolean {
  const text = params.capabilities.textDocument;
  return (
    text?.foldingRange?.dynamicRegistration === true &&
    text.formatting?.dynamicRegistration === true &&
    text.rangeFormatting?.dynamicRegistration === true
  );
}

/** A non-empty list of `{ language?, scheme?, pattern? }` filters with string values. */
function isDocumentSelector(value: unknown): value is DocumentSelector {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (f) =>
        isRecord(f) &&
        Object.values(f).length > 0 &&
        Object.entries(f).every(([k, v]) => ['language', 'scheme', 'pattern'].includes(k) && typeof v === 'string'),
    )
  );
}
