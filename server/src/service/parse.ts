/**
 * One parse per document version, shared by every feature (validation, completion, hover, ...).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocument as TextDocuments } from 'vscode-languageserver-textdocument';
import type { JSONDocument, LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import { MAX_NESTING, maxNesting, type Nesting } from './limits';
import type { HostParse } from './hosts/hostService';

/** The parse of one version of a policy document. */
export interface ParsedDocument {
  readonly uri: string;
  readonly version: number;
  /** json-languageservice's tree: nodes with offsets, used for schema validation and ranges. */
  readonly json: JSONDocument;
  /** Set for host documents (templates): the policies found in them. `json` is then empty. */
  readonly host?: HostParse;
  /**
   * Set when the text nests deeper than {@link MAX_NESTING}: the tree is then that of an empty
   * document (the parsers recurse per level), and features treat the document as empty.
   */
  readonly tooDeep?: Nesting;
}

/** Parses `document` with json-languageservice's error-tolerant parser (too-deep text is not parsed). */
export function parseDocument(jsonLs: JsonLanguageService, document: TextDocument): ParsedDocument {
  const nesting = maxNesting(document.getText());
  if (nesting.depth > MAX_NESTING) {
    const empty = TextDocuments.create(document.uri, document.languageId, document.version, '');
    return { uri: document.uri, version: document.version, json: jsonLs.parseJSONDocument(empty), tooDeep: nesting };
  }
  return { uri: document.uri, version: document.version, json: jsonLs.parseJSONDocument(document) };
}
