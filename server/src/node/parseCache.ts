/**
 * One parse per document version: every feature asks here, so a document that did not change is
 * never parsed again.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument, PolicyLanguageService } from '../service';

export class ParseCache {
  private readonly entries = new Map<string, ParsedDocument>();

  constructor(private readonly service: PolicyLanguageService) {}

  /** The parse of `document`'s current version. */
  get(document: TextDocument): ParsedDocument {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const parsed = this.service.parse(document, cached);
    this.entries.set(document.uri, parsed);
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
