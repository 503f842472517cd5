/**
 * The IAM policy language service: a TextDocument (and a Position) in, LSP types out. No transport,
 * no file system: the server (or a test, or the CLI) owns documents and settings and calls these.
 *
 * Callers parse once per document version (`parse`) and pass the result to every feature.
 */
import { getLanguageService as getJsonLanguageService, type JSONSchema, type LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { CodeAction, CodeActionContext, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, FormattingOptions, Hover, Position, TextEdit } from 'vscode-languageserver-types';
import { DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import policySchema from '../../../schemas/iam-policy.schema.json';
import { parseDocument, type ParsedDocument } from './parse';
import { makeDiagnostic, validateGrammar } from './validation';
import { MAX_NESTING } from './limits';
import { internalError } from '../core/checks';
import type { Catalog } from '../core/catalog';
import { doComplete, type CompletionOptions } from './completion';
import { doHover } from './hover';
import { findDocumentSymbols } from './symbols';
import { foldingRanges, formatDocument } from './format';
import type { WorkspaceAccounts } from './workspace';
import type { DetectedPolicyType, PolicyType } from '../core/policyType';
import { CheckRunner, type CheckStats } from './checkRunner';
import type { CodeActionOptions } from './codeActions';

export type { ParsedDocument } from './parse';
export type { CodeActionOptions } from './codeActions';
export type { SeveritySetting } from './severity';
export type { WorkspaceAccount, WorkspaceAccounts, WorkspacePrincipal } from './workspace';
export type { CompletionOptions } from './completion';
export { DIAGNOSTIC_SOURCE } from './validation';
export { FIX_ALL_KIND, type FixAllData } from './fixAll';

/** The URI under which the policy schema is registered with json-languageservice. */
export const POLICY_SCHEMA_URI = 'iam-policy-studio://schemas/iam-policy.schema.json';

export interface LanguageServiceOptions {
  /** The AWS service catalog (actions, resource types, condition keys); features that need it are off without it. */
  readonly catalog?: Catalog;
  /** The workspace model's accounts and principals (account defaulting in ARNs, Principal completion). */
  readonly workspaceAccounts?: WorkspaceAccounts;
  /** The workspace model's answer to "what kind of policy is this file?" (where it is used), if known. */
  readonly policyTypeOf?: (uri: string) => PolicyType | undefined;
}

export interface PolicyLanguageService {
  /** Parses one version of a document; pass the result to the other calls. */
  parse(document: TextDocument): ParsedDocument;
  /** Every diagnostic for the document: syntax, grammar, and IAM checks (cached per parse: treat the array as read-only). */
  doValidation(document: TextDocument, parsed: ParsedDocument): Promise<Diagnostic[]>;
  /** Completion at `position`: at most ~200 items, `isIncomplete` when cut or filtered by the typed text. */
  doComplete(document: TextDocument, parsed: ParsedDocument, position: Position, options?: CompletionOptions): CompletionList;
  /** Hover markdown at `position` (actions, ARNs, condition operators and keys, principals, elements), or null. */
  doHover(document: TextDocument, parsed: ParsedDocument, position: Position): Hover | null;
  /** The outline: top-level elements, statements by Sid or index, their elements. */
  findDocumentSymbols(document: TextDocument, parsed: ParsedDocument): DocumentSymbol[];
  /** Folding ranges of objects and arrays. */
  getFoldingRanges(document: TextDocument): FoldingRange[];
  /** Whitespace-only edits for the document or `range`; none when the document has syntax errors. */
  format(document: TextDocument, range: Range | undefined, options: FormattingOptions): TextEdit[];
  /** Quick fixes for the problems in `range`, and rewrites at its start (Resource "*" → ARN formats). */
  doCodeActions(document: TextDocument, parsed: ParsedDocument, range: Range, context: CodeActionContext, options?: CodeActionOptions): CodeAction[];
  /** The policy type used for a document's checks, and where it came from. */
  getPolicyType(document: TextDocument, parsed: ParsedDocument): DetectedPolicyType;
  /** The user's policy type for one document (undefined: detect again). Re-validate afterwards. */
  setPolicyTypeOverride(uri: string, type: PolicyType | undefined): void;
  /** Severity per check code (`iamPolicyStudio.severity`): error, warning, information, hint or off. */
  setSeverityOverrides(overrides: unknown): void;
  /** How often the checks ran and how often a cached result was reused (benchmarks, tests). */
  readonly checkStats: CheckStats;
}

/** Creates the language service. */
export function getLanguageService(options: LanguageServiceOptions = {}): PolicyLanguageService {
  const jsonLs = createJsonLs();
  const checks = new CheckRunner(options.catalog, options.policyTypeOf);
  const env = { catalog: options.catalog, accounts: options.workspaceAccounts ?? (() => []) };
  // `id` makes json-languageservice keep one registration instead of one per validation.
  const schema: JSONSchema = { ...(policySchema as JSONSchema), id: POLICY_SCHEMA_URI };
  return {
    parse: (document) => parseDocument(jsonLs, document),
    doValidation: (document, parsed) => checks.validation(document, parsed, async () => {
      if (parsed.tooDeep) return [tooDeepDiagnostic(document, parsed.tooDeep.offset)];
      // Grammar and checks are isolated: a failure in one is reported and the other still runs.
      let grammar: Diagnostic[];
      try {
        grammar = checks.adjust(await validateGrammar(jsonLs, schema, document, parsed));
      } catch (err) {
        grammar = [internalErrorDiagnostic('grammar', err)];
      }
      let iam: Diagnostic[];
      try {
        iam = checks.diagnostics(document, parsed);
      } catch (err) {
        iam = [internalErrorDiagnostic('IAM', err)];
      }
      return [...grammar, ...iam];
    }),
    doComplete: (document, parsed, position, completionOptions) => doComplete(env, document, parsed, position, completionOptions),
    doHover: (document, parsed, position) => doHover(env, document, parsed, position),
    findDocumentSymbols: (document, parsed) => findDocumentSymbols(document, parsed),
    getFoldingRanges: (document) => foldingRanges(jsonLs, document),
    format: (document, range, options) => formatDocument(jsonLs, document, range, options),
    doCodeActions: (document, parsed, range, context, codeActionOptions = {}) =>
      checks.codeActions(document, parsed, range, context, codeActionOptions),
    getPolicyType: (document, parsed) => checks.policyType(document, parsed),
    setPolicyTypeOverride: (uri, type) => checks.setPolicyTypeOverride(uri, type),
    setSeverityOverrides: (overrides) => checks.setSeverity(overrides),
    checkStats: checks.stats,
  };
}

function createJsonLs(): JsonLanguageService {
  const jsonLs = getJsonLanguageService({});
  jsonLs.configure({ validate: true, allowComments: false });
  return jsonLs;
}

/** The diagnostic of a part of validation that failed: at the document's start, naming no content. */
function internalErrorDiagnostic(what: string, err: unknown): Diagnostic {
  const finding = internalError(what, err);
  return makeDiagnostic(Range.create(0, 0, 0, 0), finding.code, finding.message, DiagnosticSeverity.Warning);
}

function tooDeepDiagnostic(document: TextDocument, offset: number): Diagnostic {
  const at = document.positionAt(offset);
  return makeDiagnostic(
    Range.create(at, { line: at.line, character: at.character + 1 }),
    'JSON_SYNTAX_ERROR',
    `The document nests objects and arrays more than ${MAX_NESTING} levels deep; it is not an IAM policy and is not analysed further.`,
    DiagnosticSeverity.Error,
  );
}
