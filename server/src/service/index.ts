/**
 * The IAM policy language service: a TextDocument (and a Position) in, LSP types out. No transport,
 * no file system: the server (or a test, or the CLI) owns documents and settings and calls these.
 *
 * Callers parse once per document version (`parse`) and pass the result to every feature.
 */
import {
  getLanguageService as getJsonLanguageService,
  type JSONSchema,
  type LanguageService as JsonLanguageService,
} from 'vscode-json-languageservice';
import type {
  CodeAction,
  CodeActionContext,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  Position,
  TextEdit,
} from 'vscode-languageserver-types';
import { CodeAction as CodeActions, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import policySchema from '../../../schemas/iam-policy.schema.json';
import { localStatement, parseDocument, type ParsedDocument } from './parse';
import { makeDiagnostic, validateGrammar } from './validation';
import { MAX_NESTING, tooLargeMessage } from './limits';
import { internalError } from '../core/checks';
import type { Catalog } from '../core/catalog';
import { doComplete, type CompletionEnv, type CompletionOptions } from './completion';
import { doHover } from './hover';
import { findDocumentSymbols } from './symbols';
import { foldingRanges, formatDocument } from './format';
import type { WorkspaceAccounts } from './workspace';
import type { DetectedPolicyType, PolicyType } from '../core/policyType';
import { CheckRunner, ValidationCancelled, type CheckStats } from './checkRunner';
import type { CodeActionOptions } from './codeActions';
import { fileNameOf, hostFor, type HostKind } from './hosts/registry';
import { isPolicyFileName } from '../core/detect';
import { completeEmbedded, completeEscaped, completeHcl, completeYaml } from './hosts/hostCompletion';
import { generatedHover, hostSymbols, parseHost, symbolicHover, viewAt, ViewChecks, type HostParse } from './hosts/hostService';

export type { ParsedDocument } from './parse';
export { ValidationCancelled } from './checkRunner';
export type { CodeActionOptions } from './codeActions';
export type { SeveritySetting } from './severity';
export type { WorkspaceAccount, WorkspaceAccounts, WorkspacePrincipal } from './workspace';
export type { CompletionOptions } from './completion';
export { DIAGNOSTIC_SOURCE } from './validation';
export { FIX_ALL_KIND, type FixAllData } from './fixAll';
import { FIX_ALL_KIND, type FixAllData } from './fixAll';

/** The language id of policy documents. */
const LANGUAGE_ID = 'iam-policy';

/** Languages whose documents are never policies themselves (they may host some). */
const NOT_POLICY_LANGUAGES = new Set(['yaml', 'terraform', 'opentofu', 'hcl', 'terraform-vars', 'plaintext']);

/** The URI under which the policy schema is registered with json-languageservice. */
export const POLICY_SCHEMA_URI = 'iam-policy-studio://schemas/iam-policy.schema.json';

export interface LanguageServiceOptions {
  /** The AWS service catalog (actions, resource types, condition keys); features that need it are off without it. */
  readonly catalog?: Catalog;
  /** The workspace model's accounts and principals (account defaulting in ARNs, Principal completion). */
  readonly workspaceAccounts?: WorkspaceAccounts;
  /** The workspace model's answer to "what kind of policy is this file?" (where it is used), if known. */
  readonly policyTypeOf?: (uri: string) => PolicyType | undefined;
  /**
   * Host kinds beyond the built-in ones (CloudFormation/SAM): the Terraform host, whose parser
   * (WebAssembly) the caller loads — see node/terraformParser.ts.
   */
  readonly hosts?: readonly HostKind[];
}

/**
 * How a long validation shares the thread: `pause` is awaited between its slices (before the
 * grammar, then between check families); resolving to false abandons the run, which then
 * rejects with {@link ValidationCancelled} (a newer version of the document arrived).
 */
export interface ValidationControl {
  readonly pause: () => Promise<boolean>;
}

export interface PolicyLanguageService {
  /**
   * Parses one version of a document; pass the result to the other calls. `previous`, the parse
   * of an earlier version, lets a keystroke's completion parse only the edited statement.
   */
  parse(document: TextDocument, previous?: ParsedDocument): ParsedDocument;
  /** Every diagnostic for the document: syntax, grammar, and IAM checks (cached per parse: treat the array as read-only). */
  doValidation(document: TextDocument, parsed: ParsedDocument, control?: ValidationControl): Promise<Diagnostic[]>;
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
  doCodeActions(
    document: TextDocument,
    parsed: ParsedDocument,
    range: Range,
    context: CodeActionContext,
    options?: CodeActionOptions,
  ): CodeAction[];
  /**
   * The policy type used for a document's checks, and where it came from. In a template: the
   * type of the policy at `position` (else the first policy), with `policy` naming where it sits.
   */
  getPolicyType(document: TextDocument, parsed: ParsedDocument, position?: Position): DetectedPolicyType & { readonly policy?: string };
  /** The user's policy type for one document (undefined: detect again). Re-validate afterwards. */
  setPolicyTypeOverride(uri: string, type: PolicyType | undefined): void;
  /** Severity per check code (`iamPolicyStudio.severity`): error, warning, information, hint or off. */
  setSeverityOverrides(overrides: unknown): void;
  /** How often the checks ran and how often a cached result was reused (benchmarks, tests). */
  readonly checkStats: CheckStats;
  /** Same for the policies inside host documents (templates), cached per policy. */
  readonly hostCheckStats: CheckStats;
  /**
   * What a document is to the service: a policy, a host of policies (a CloudFormation/SAM
   * template, …), or neither (`undefined`: the server leaves it alone). A document in the
   * `iam-policy` language is always a policy.
   */
  documentKind(document: TextDocument): 'policy' | 'host' | undefined;
}

/** Creates the language service. */
export function getLanguageService(options: LanguageServiceOptions = {}): PolicyLanguageService {
  const { jsonLs, schema } = policyGrammar();
  const checks = new CheckRunner(options.catalog, options.policyTypeOf);
  const env = {
    catalog: options.catalog,
    accounts: options.workspaceAccounts ?? (() => []),
    localStatement,
  };
  const viewChecks = new ViewChecks(jsonLs, schema, options.catalog);
  const emptyJson = jsonLs.newJSONDocument(undefined, []);
  const hostOf = (document: TextDocument) =>
    document.languageId === LANGUAGE_ID ? undefined : hostFor(hostUri(document), document.getText(), options.hosts);
  return {
    parse: (document, previous) => {
      const host = hostOf(document);
      if (host)
        return {
          uri: document.uri,
          version: document.version,
          json: emptyJson,
          host: parseHost(jsonLs, document, host, fileNameOf(hostUri(document))),
        };
      return parseDocument(jsonLs, document, previous);
    },
    doValidation: (document, parsed, control) =>
      parsed.host
        ? viewChecks.diagnostics(document, parsed.host, checks.severityOverrides)
        : checks.validation(document, parsed, () => policyDiagnostics(jsonLs, schema, checks, document, parsed, control)),
    doComplete: (document, parsed, position, completionOptions) => {
      if (!parsed.host) return doComplete(env, document, parsed, position, completionOptions);
      return completeInHost(env, jsonLs, document, parsed.host, position, completionOptions);
    },
    doHover: (document, parsed, position) => {
      if (!parsed.host) return doHover(env, document, parsed, position);
      const view = viewAt(parsed.host, document, position);
      if (view?.policy.generated) return generatedHover(view);
      return view ? (symbolicHover(view, position) ?? doHover(env, view.document, view.parsed, position)) : null;
    },
    findDocumentSymbols: (document, parsed) =>
      parsed.host ? hostSymbols(document, parsed.host, (v) => viewChecks.typeOf(v).type) : findDocumentSymbols(document, parsed),
    getFoldingRanges: (document) => (hostOf(document) ? [] : foldingRanges(jsonLs, document)),
    format: (document, range, options) => (hostOf(document) ? [] : formatDocument(jsonLs, document, range, options)),
    doCodeActions: (document, parsed, range, context, codeActionOptions = {}) => {
      if (!parsed.host) return checks.codeActions(document, parsed, range, context, codeActionOptions);
      if (context.only?.some((k) => FIX_ALL_KIND.startsWith(k) && k.startsWith('source')))
        return hostFixAll(checks, viewChecks, document, parsed.host);
      const view = viewAt(parsed.host, document, range.start);
      return view && !view.policy.generated
        ? checks.viewCodeActions(view, viewChecks.findings(view), range, context, codeActionOptions)
        : [];
    },
    getPolicyType: (document, parsed, position) => {
      const view = parsed.host && ((position && viewAt(parsed.host, document, position)) || parsed.host.views.find((v) => v.analyzable));
      if (parsed.host) return view ? { ...viewChecks.typeOf(view), policy: view.policy.label } : { type: 'identity', source: 'template' };
      return checks.policyType(document, parsed);
    },
    setPolicyTypeOverride: (uri, type) => checks.setPolicyTypeOverride(uri, type),
    setSeverityOverrides: (overrides) => checks.setSeverity(overrides),
    checkStats: checks.stats,
    hostCheckStats: viewChecks.stats,
    documentKind: (document) => {
      if (document.languageId === LANGUAGE_ID) return 'policy';
      if (hostOf(document)) return 'host';
      // Editors sync every JSON and YAML file when templates are served: only policy files by name
      // are policies there. Any other language id is one an editor attached to policy files only.
      if (document.languageId === 'json' || document.languageId === 'jsonc')
        return isPolicyFileName(fileNameOf(document.uri)) ? 'policy' : undefined;
      return NOT_POLICY_LANGUAGES.has(document.languageId) ? undefined : 'policy';
    },
  };
}

/**
 * Fix-all in a host document: each policy's preferred fixes as one action. Only policies whose
 * fixes are written in the host's syntax take part (Terraform's: see checkRunner.viewCodeActions).
 */
function hostFixAll(checks: CheckRunner, viewChecks: ViewChecks, document: TextDocument, host: HostParse): CodeAction[] {
  const changes: TextEdit[] = [];
  let fixes = 0;
  for (const view of host.views) {
    if (!view.analyzable || view.policy.generated) continue;
    const whole = Range.create(view.document.positionAt(0), view.document.positionAt(view.end - view.base));
    const [action] = checks.viewCodeActions(view, viewChecks.findings(view), whole, { diagnostics: [], only: [FIX_ALL_KIND] }, {});
    const edits = action?.edit?.changes?.[document.uri];
    if (!action || !edits?.length) continue;
    changes.push(...edits);
    fixes += (action.data as FixAllData | undefined)?.fixes ?? edits.length;
  }
  if (fixes === 0) return [];
  const action = CodeActions.create(
    `Fix all IAM problems with a preferred fix (${fixes})`,
    { changes: { [document.uri]: changes } },
    FIX_ALL_KIND,
  );
  const data: FixAllData = { fixes };
  action.data = data;
  return [action];
}

/**
 * A policy document's diagnostics: grammar, then the IAM checks, with a pause (see
 * {@link ValidationControl}) between steps. Grammar and checks are isolated: a failure in one is
 * reported and the other still runs.
 */
async function policyDiagnostics(
  jsonLs: JsonLanguageService,
  schema: JSONSchema,
  checks: CheckRunner,
  document: TextDocument,
  parsed: ParsedDocument,
  control: ValidationControl | undefined,
): Promise<Diagnostic[]> {
  if (parsed.tooLarge !== undefined)
    return [
      makeDiagnostic(Range.create(0, 0, 0, 0), 'JSON_SYNTAX_ERROR', tooLargeMessage('policy', parsed.tooLarge), DiagnosticSeverity.Error),
    ];
  if (parsed.tooDeep) return [tooDeepDiagnostic(document, parsed.tooDeep.offset)];
  const pause = control?.pause ?? (() => Promise.resolve(true));
  if (!(await pause())) throw new ValidationCancelled();
  // The tree is built on first use (service/parse.ts): a slice of its own.
  void parsed.json;
  if (!(await pause())) throw new ValidationCancelled();
  let grammar: Diagnostic[];
  try {
    grammar = checks.adjust(await validateGrammar(jsonLs, schema, document, parsed, control?.pause));
  } catch (err) {
    if (err instanceof ValidationCancelled) throw err;
    grammar = [internalErrorDiagnostic('grammar', err)];
  }
  if (!(await pause())) throw new ValidationCancelled();
  let iam: Diagnostic[];
  try {
    iam = control ? await checks.diagnosticsInSlices(document, parsed, pause) : checks.diagnostics(document, parsed);
  } catch (err) {
    if (err instanceof ValidationCancelled) throw err;
    iam = [internalErrorDiagnostic('IAM', err)];
  }
  return [...grammar, ...iam];
}

/** Completion in a policy inside a host document (template), in the policy's own syntax. */
function completeInHost(
  env: CompletionEnv,
  jsonLs: JsonLanguageService,
  document: TextDocument,
  host: HostParse,
  position: Position,
  completionOptions: CompletionOptions | undefined,
): CompletionList {
  const view = viewAt(host, document, position);
  // A SAM policy template's statements are not written in the template: nothing to complete.
  if (!view || view.policy.generated) return { isIncomplete: false, items: [] };
  if (view.policy.syntax === 'yaml') return completeYaml(env, view, position, completionOptions);
  if (view.policy.syntax === 'hcl') return completeHcl(env, view, position, completionOptions);
  // A JSON string: completed as JSON text where it is written as is (a YAML literal block), else
  // on the string's value, items escaped for the string's style.
  if (view.policy.embedded)
    return view.policy.embedded.escape === 'raw'
      ? completeEmbedded(env, view, position, completionOptions)
      : completeEscaped(env, view, position, (d) => parseDocument(jsonLs, d), completionOptions);
  return doComplete(env, view.document, view.parsed, position, completionOptions);
}

/** File extensions for untitled documents (no name yet) by language: a new YAML buffer can be a template. */
const UNTITLED_EXTENSIONS: Readonly<Record<string, string>> = { yaml: '.yaml', json: '.json', terraform: '.tf', opentofu: '.tofu' };

/** The document's URI, with an extension from its language when it is an untitled buffer without one. */
function hostUri(document: TextDocument): string {
  const extension = UNTITLED_EXTENSIONS[document.languageId];
  if (!extension || !document.uri.startsWith('untitled:') || /\.[a-z]+$/i.test(fileNameOf(document.uri))) return document.uri;
  return document.uri + extension;
}

/** json-languageservice as the service uses it (validation on, comments are errors), and the policy schema it validates with. */
export function policyGrammar(): { readonly jsonLs: JsonLanguageService; readonly schema: JSONSchema } {
  const jsonLs = getJsonLanguageService({});
  jsonLs.configure({ validate: true, allowComments: false });
  // `id` makes json-languageservice keep one registration instead of one per validation.
  return { jsonLs, schema: { ...(policySchema as JSONSchema), id: POLICY_SCHEMA_URI } };
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
