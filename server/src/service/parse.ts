/**
 * One parse per document version, shared by every feature (validation, completion, hover, ...).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { JSONDocument, LanguageService as JsonLanguageService } from 'vscode-json-languageservice';

/** The parse of one version of a policy document. */
export interface ParsedDocument {
  readonly uri: string;
  readonly version: number;
  /** json-languageservice's tree: nodes with offsets, used for schema validation and ranges. */
  readonly json: JSONDocument;
}

/** Parses `document` with json-languageservice's error-tolerant parser. */
export function parseDocument(jsonLs: JsonLanguageService, document: TextDocument): ParsedDocument {
  return { uri: document.uri, version: document.version, json: jsonLs.parseJSONDocument(document) };
}
