/**
 * One parse per document version, shared by every feature (validation, completion, hover, ...).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { JSONDocument, LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { HostParse } from './hosts/hostService';

/** The parse of one version of a policy document. */
export interface ParsedDocument {
  readonly uri: string;
  readonly version: number;
  /** json-languageservice's tree: nodes with offsets, used for schema validation and ranges. */
  readonly json: JSONDocument;
  /** Set for host documents (templates): the policies found in them. `json` is then empty. */
  readonly host?: HostParse;
}

/** Parses `document` with json-languageservice's error-tolerant parser. */
export function parseDocument(jsonLs: JsonLanguageService, document: TextDocument): ParsedDocument {
  return { uri: document.uri, version: document.version, json: jsonLs.parseJSONDocument(document) };
}
