/**
 * The language server's LSP glue: connection, open documents, and the language service. Handlers
 * get the document, get its cached parse, call the service, and return. Runs over IPC (VS Code) or
 * stdio (`--stdio`, any LSP editor).
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from './service';
import { ParseCache } from './node/parseCache';
import { catalogVersionLine, getCatalog } from './node/catalogFile';
import type { Catalog } from './core/catalog';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = getLanguageService({ catalog: loadCatalogOrReport() });
const parses = new ParseCache(service);

connection.onInitialize(
  (): InitializeResult => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['"', ':', '/', '$', '{'] },
      hoverProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
    },
    serverInfo: { name: 'iam-policy-studio' },
  }),
);

// The catalog data version goes to the extension's output channel (and loads the catalog early).
connection.onInitialized(() => connection.console.info(catalogVersionLine()));

connection.onCompletion(({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  return document ? service.doComplete(document, parses.get(document), position) : null;
});

connection.onHover(({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  return document ? service.doHover(document, parses.get(document), position) : null;
});

connection.onDocumentSymbol(({ textDocument }) => {
  const document = documents.get(textDocument.uri);
  return document ? service.findDocumentSymbols(document, parses.get(document)) : null;
});

connection.onFoldingRanges(({ textDocument }) => {
  const document = documents.get(textDocument.uri);
  return document ? service.getFoldingRanges(document) : null;
});

connection.onDocumentFormatting(({ textDocument, options }) => {
  const document = documents.get(textDocument.uri);
  return document ? service.format(document, undefined, options) : null;
});

connection.onDocumentRangeFormatting(({ textDocument, range, options }) => {
  const document = documents.get(textDocument.uri);
  return document ? service.format(document, range, options) : null;
});

documents.onDidChangeContent((event) => {
  void validate(event.document);
});

documents.onDidClose((event) => {
  parses.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

/** Validates one version; a result for a version that is no longer current is dropped. */
async function validate(document: TextDocument): Promise<void> {
  try {
    const diagnostics = await service.doValidation(document, parses.get(document));
    if (documents.get(document.uri)?.version !== document.version) return;
    await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  } catch (err) {
    connection.console.error(`validation of ${document.uri} failed: ${err instanceof Error ? err.stack : String(err)}`);
  }
}

/** The catalog, or undefined (with an error in the log) when the artifact cannot be read. */
function loadCatalogOrReport(): Catalog | undefined {
  try {
    return getCatalog();
  } catch (err) {
    connection.console.error(`The AWS service catalog could not be loaded; catalog checks, completion and hover are off. ${String(err)}`);
    return undefined;
  }
}

documents.listen(connection);
connection.listen();
