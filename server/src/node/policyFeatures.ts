/**
 * The editor features of policies and templates (code actions, completion, hover, symbols, folding,
 * formatting) and the extension's policy commands (the policy type, "vs HEAD", the action and
 * resource pickers). Each handler gets the document, its cached parse, calls the service, returns.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog';
import { isPolicyType, policyTypeLabel } from '../core/policyType';
import {
  CompareWithBaseRequest,
  ListActionsRequest,
  PolicyTypeRequest,
  ResourceTemplatesRequest,
  SetPolicyTypeNotification,
} from '../protocol';
import type { PolicyLanguageService } from '../service';
import { listActions, resourceTemplates } from '../service/actionList';
import { compareWithBase } from '../service/compare';
import type { ClientSupport } from './clientSupport';
import type { DocumentValidation } from './documentValidation';
import type { ModelFeatures } from './modelServer';
import type { ParseCache } from './parseCache';

/** What the policy handlers use. */
export interface PolicyParts {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: PolicyLanguageService;
  readonly parses: ParseCache;
  readonly catalog: Catalog | undefined;
  /** What the client said at initialize (read when a request comes). */
  readonly client: () => ClientSupport;
  /** Completion and definition in model files. */
  readonly modelFeatures: ModelFeatures;
  readonly validation: DocumentValidation;
}

/** Registers every policy feature and command on the connection. */
export function registerPolicyFeatures(parts: PolicyParts): void {
  registerEditing(parts);
  registerLayout(parts);
  registerPolicyCommands(parts);
}

/**
 * The open document at `uri` when the service handles it: policies, and templates holding
 * policies (`kind` narrows to one). Other JSON and YAML files the client syncs are left alone.
 */
function served(parts: PolicyParts, uri: string, kind?: 'policy' | 'host'): TextDocument | undefined {
  const document = parts.documents.get(uri);
  const found = document && parts.service.documentKind(document);
  return found && (!kind || found === kind) ? document : undefined;
}

/** Code actions, completion (policies, then model files), go to definition (model files), hover, symbols. */
function registerEditing(parts: PolicyParts): void {
  const { connection, service, parses, documents, modelFeatures } = parts;
  connection.onCodeAction(({ textDocument, range, context }) => {
    const document = served(parts, textDocument.uri);
    const snippetEdits = parts.client().snippetEdits;
    return document ? service.doCodeActions(document, parses.get(document), range, context, { snippetEdits }) : null;
  });
  connection.onCompletion(({ textDocument, position }) => {
    const document = served(parts, textDocument.uri);
    if (document) return service.doComplete(document, parses.get(document), position, { snippetSupport: parts.client().snippetCompletion });
    const model = documents.get(textDocument.uri);
    return model ? modelFeatures.complete(model, position) : null;
  });
  connection.onDefinition(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    return document ? modelFeatures.define(document, position) : null;
  });
  connection.onHover(({ textDocument, position }) => {
    const document = served(parts, textDocument.uri);
    return document ? service.doHover(document, parses.get(document), position) : null;
  });
  connection.onDocumentSymbol(({ textDocument }) => {
    const document = served(parts, textDocument.uri);
    return document ? service.findDocumentSymbols(document, parses.get(document)) : null;
  });
}

/** Folding and formatting, for policy documents only (templates keep their own). */
function registerLayout(parts: PolicyParts): void {
  const { connection, service } = parts;
  connection.onFoldingRanges(({ textDocument }) => {
    const document = served(parts, textDocument.uri, 'policy');
    return document ? service.getFoldingRanges(document) : null;
  });
  connection.onDocumentFormatting(({ textDocument, options }) => {
    const document = served(parts, textDocument.uri, 'policy');
    return document ? service.format(document, undefined, options) : null;
  });
  connection.onDocumentRangeFormatting(({ textDocument, range, options }) => {
    const document = served(parts, textDocument.uri, 'policy');
    return document ? service.format(document, range, options) : null;
  });
}

/** The extension's policy commands: the policy type (read, set), "vs HEAD", the action and resource pickers. */
function registerPolicyCommands(parts: PolicyParts): void {
  const { connection, service, parses, documents, catalog } = parts;
  connection.onRequest(PolicyTypeRequest.type, ({ uri, position }) => {
    const document = served(parts, uri);
    if (!document) return null;
    const detected = service.getPolicyType(document, parses.get(document), position);
    return { ...detected, label: policyTypeLabel(detected.type) };
  });
  connection.onNotification(SetPolicyTypeNotification.type, ({ uri, type }) => {
    service.setPolicyTypeOverride(uri, isPolicyType(type) ? type : undefined);
    if (documents.get(uri)) parts.validation.schedule(uri);
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
}
