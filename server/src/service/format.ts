/**
 * Formatting and folding. Formatting only changes whitespace (json-languageservice's formatter:
 * key order and content stay as written) and returns no edits at all for a document with syntax
 * errors — comments and trailing commas included, since AWS rejects them — so a half-typed file
 * is never rearranged.
 */
import { parse, type ParseError } from 'jsonc-parser';
import type { FoldingRange, FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import { MAX_NESTING, maxNesting } from './limits';

/** Whitespace edits for the document (or `range`), or none when it has a syntax error. */
export function formatDocument(
  jsonLs: JsonLanguageService,
  document: TextDocument,
  range: Range | undefined,
  options: FormattingOptions,
): TextEdit[] {
  const text = document.getText();
  // Too deep to parse safely (the parser recurses per level): not an IAM policy, left alone.
  if (maxNesting(text).depth > MAX_NESTING || hasSyntaxErrors(text)) return [];
  return jsonLs.format(document, range, { ...options, keepLines: options['keepLines'] === true });
}

/** Whether strict JSON parsing reports any error. */
export function hasSyntaxErrors(text: string): boolean {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors.length > 0;
}

/** Folding ranges of objects and arrays. */
export function foldingRanges(jsonLs: JsonLanguageService, document: TextDocument): FoldingRange[] {
  return jsonLs.getFoldingRanges(document, { rangeLimit: 5000 });
}
