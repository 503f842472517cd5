/**
 * Syntax and grammar diagnostics: strict JSON (no comments, no trailing commas, no duplicate keys,
 * as AWS accepts) and the policy grammar of schemas/iam-policy.schema.json, with messages that name
 * the element and the value found.
 */
import { ErrorCode, type JSONSchema, type LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocUrl, checkInfo } from '../core/checks';
import type { ParsedDocument } from './parse';
import { nodeAt, pathOf } from './jsonPath';
import { describeSchemaProblem } from './schemaMessages';

/** The `source` of every diagnostic the extension reports. */
export const DIAGNOSTIC_SOURCE = 'iam-policy-studio';

const MAX_FOUND = 60;

/** Builds a diagnostic for a registered check code. */
export function makeDiagnostic(
  range: Range,
  code: string,
  message: string,
  severity: DiagnosticSeverity = DiagnosticSeverity.Error,
): Diagnostic {
  const info = checkInfo(code);
  const diagnostic = Diagnostic.create(range, message, severity, code, DIAGNOSTIC_SOURCE);
  if (info) diagnostic.codeDescription = { href: checkDocUrl(info) };
  return diagnostic;
}

/** JSON syntax and schema diagnostics for one parsed document. */
export async function validateGrammar(
  jsonLs: JsonLanguageService,
  schema: JSONSchema,
  document: TextDocument,
  parsed: ParsedDocument,
): Promise<Diagnostic[]> {
  // The schema is passed explicitly: an association by file name would yield to a `$schema`
  // property in the document, and a policy must not escape validation that way.
  const settings = { comments: 'error', trailingCommas: 'error', schemaValidation: 'error', schemaRequest: 'ignore' } as const;
  const text = document.getText();
  // An empty file is no policy: AWS rejects it, and a policy file must not pass silently.
  if (text.trim() === '')
    return [
      makeDiagnostic(
        Range.create(0, 0, 0, 0),
        'JSON_SYNTAX_ERROR',
        'The file is empty: a policy is a JSON object such as { "Version": "2012-10-17", "Statement": [ … ] }.',
      ),
    ];
  const raw = await jsonLs.doValidation(document, parsed.json, settings, schema);
  const syntaxErrors = (parsed.json as { syntaxErrors?: readonly Diagnostic[] }).syntaxErrors ?? [];
  const diagnostics = raw.map((d) =>
    isSyntaxProblem(d, syntaxErrors) ? syntaxDiagnostic(document, d) : schemaDiagnostic(document, parsed, d),
  );
  // A byte-order mark is invisible in the editor; AWS rejects it as a JSON syntax error.
  if (
    text.charCodeAt(0) === 0xfeff &&
    !diagnostics.some((d) => d.code === 'JSON_SYNTAX_ERROR' && d.range.start.line === 0 && d.range.start.character === 0)
  ) {
    diagnostics.unshift(syntaxDiagnostic(document, Diagnostic.create(Range.create(0, 0, 0, 1), '', DiagnosticSeverity.Error)));
  }
  return diagnostics;
}

function isSyntaxProblem(d: Diagnostic, syntaxErrors: readonly Diagnostic[]): boolean {
  // json-languageservice numbers parse errors 0x100–0x2ff; schema problems are 0–2 or undefined.
  // Some parse errors ("Expected a JSON object, array or literal.", "End of file expected.") carry
  // code 0 like schema problems: they are the ones in the parse's own syntaxErrors.
  if (typeof d.code === 'number' && d.code >= ErrorCode.UnexpectedEndOfComment && d.code < ErrorCode.SchemaUnsupportedFeature) return true;
  return syntaxErrors.some(
    (e) => e.message === d.message && e.range.start.line === d.range.start.line && e.range.start.character === d.range.start.character,
  );
}

function syntaxDiagnostic(document: TextDocument, d: Diagnostic): Diagnostic {
  let message = typeof d.message === 'string' ? d.message : d.message.value;
  const offset = document.offsetAt(d.range.start);
  if (document.getText().charCodeAt(0) === 0xfeff && offset <= 1) {
    message = 'The file starts with a byte-order mark (U+FEFF): AWS accepts policy JSON without one. Save the file as UTF-8 without BOM.';
    return makeDiagnostic(Range.create(0, 0, 0, 1), 'JSON_SYNTAX_ERROR', message);
  }
  if (/^Expected a JSON object, array or literal/.test(message)) {
    message = 'This is not JSON: a policy is a JSON object such as { "Version": "2012-10-17", "Statement": [ … ] }.';
  } else if (d.code === ErrorCode.DuplicateKey) {
    message = `Duplicate key ${document.getText(d.range)}: AWS rejects a policy that repeats a key in one object.`;
  } else if (d.code === ErrorCode.CommentNotPermitted) {
    message = 'Comments are not allowed: AWS accepts strict JSON only.';
  } else if (d.code === ErrorCode.TrailingComma) {
    message = 'Trailing comma: AWS accepts strict JSON only.';
  }
  return makeDiagnostic(d.range, 'JSON_SYNTAX_ERROR', message);
}

function schemaDiagnostic(document: TextDocument, parsed: ParsedDocument, d: Diagnostic): Diagnostic {
  const offset = document.offsetAt(d.range.start);
  const node = nodeAt(parsed.json, offset);
  const path = node ? pathOf(node) : [];
  let found = document.getText(d.range);
  if (found.length > MAX_FOUND) found = `${found.slice(0, MAX_FOUND)}…`;
  const { code, message } = describeSchemaProblem(
    typeof d.message === 'string' ? d.message : d.message.value,
    path,
    found.replace(/\s+/g, ' '),
  );
  return makeDiagnostic(d.range, code, message);
}
