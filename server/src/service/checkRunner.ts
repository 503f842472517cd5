/**
 * Runs the IAM checks for the language service and remembers the result per parse: a document
 * that did not change (same ParsedDocument) is never checked again, and a settings or
 * policy-type change only re-maps severities or re-runs what depends on it.
 */
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { CodeAction, CodeActionContext } from 'vscode-languageserver-types';
import { CodeActionKind } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog';
import { runChecksInSteps, rawStatements, resourceTemplatesFix, type Finding, type Fix } from '../core/checks';
import { detectPolicyType, type DetectedPolicyType, type PolicyType } from '../core/policyType';
import type { ParsedDocument } from './parse';
import { documentValue } from './jsonValue';
import { findingsToDiagnostics } from './diagnostics';
import { embeddedFixEdits } from './hosts/embeddedEdits';
import { jsonFixEdits, quickFixes, toCodeAction, type CodeActionOptions, type FixWriter } from './codeActions';
import { FIX_ALL_KIND, fixAllAction } from './fixAll';
import { nodeAt, pathOf } from './jsonPath';
import { sanitizeOverrides, severityOf, type SeverityOverrides } from './severity';
import type { PolicyView } from './hosts/view';
import { hostFix } from './hosts/hostFixes';
import { hclFixEdits } from './hosts/hclEdits';
import { yamlFixEdits } from './hosts/yamlInsert';
import { fileNameOf } from './hosts/registry';

interface CacheEntry {
  readonly key: string;
  readonly type: DetectedPolicyType;
  readonly value: unknown;
  readonly findings: readonly Finding[];
  diagnostics?: { readonly generation: number; readonly list: Diagnostic[] };
}

/** Counters for benchmarks and tests: how often checks actually ran. */
export interface CheckStats {
  runs: number;
  cacheHits: number;
}

/** A validation given up because its document changed: nobody will see its result. */
export class ValidationCancelled extends Error {
  constructor() {
    super('validation cancelled: the document changed');
    this.name = 'ValidationCancelled';
  }
}

export class CheckRunner {
  private readonly cache = new WeakMap<ParsedDocument, CacheEntry>();
  private readonly results = new WeakMap<ParsedDocument, { readonly key: string; readonly list: Promise<Diagnostic[]> }>();
  private readonly overrides = new Map<string, PolicyType>();
  private severity: SeverityOverrides = {};
  private generation = 0;
  readonly stats: CheckStats = { runs: 0, cacheHits: 0 };

  constructor(
    private readonly catalog: Catalog | undefined,
    private readonly policyTypeOf: ((uri: string) => PolicyType | undefined) | undefined,
  ) {}

  /** Sets the user's severity overrides (code → error|warning|information|hint|off). */
  setSeverity(raw: unknown): void {
    this.severity = sanitizeOverrides(raw);
    this.generation++;
  }

  /** The user's severity overrides. */
  get severityOverrides(): SeverityOverrides {
    return this.severity;
  }

  /**
   * Quick fixes for a policy inside a host document (findings computed by the host's checks).
   * JSON templates get the fixes as they are; other syntaxes only those whose edits stay valid there.
   */
  viewCodeActions(
    view: PolicyView,
    findings: readonly Finding[],
    range: Range,
    context: CodeActionContext,
    options: CodeActionOptions,
  ): CodeAction[] {
    const enabled = findings.filter((f) => severityOf(f.code, this.severity) !== undefined);
    // Terraform: fixes written as HCL (or as heredoc JSON, `${` escaped) by hclEdits.ts.
    // YAML templates: replacements in the scalar's style, insertions as new lines (yamlInsert.ts).
    const json = (f: Fix) => jsonFixEdits(view.document, view.parsed.json, f);
    // A policy written as a JSON string: the JSON edits, escaped for the string (embeddedEdits.ts).
    const write: FixWriter | undefined = view.policy.terraform
      ? (fix) => hclFixEdits(view, fix, json)
      : view.policy.embedded
        ? (fix) => embeddedFixEdits(view, fix, json)
        : view.policy.syntax === 'yaml'
          ? (fix) => yamlFixEdits(view, fix, json)
          : undefined;
    const usable =
      view.policy.syntax !== 'yaml' || write
        ? enabled
        : enabled.flatMap((f) => {
            const fixes = (f.fixes ?? []).flatMap((fix) => (hostFix(view, fix) ? [hostFix(view, fix)!] : []));
            return fixes.length ? [{ ...f, fixes }] : [];
          });
    const actions = quickFixes(view.document, view.parsed.json, usable, range, context.diagnostics, options, write);
    // Fix-all in a Terraform file: the preferred fixes of this policy, written as HCL.
    const fixAll =
      view.policy.terraform && context.only?.some((k) => FIX_ALL_KIND.startsWith(k) && k.startsWith('source'))
        ? fixAllAction(view.document, view.parsed.json, usable, write)
        : undefined;
    if (fixAll) actions.push(fixAll);
    const only = context.only;
    return only?.length ? actions.filter((a) => only.some((k) => a.kind === k || a.kind?.startsWith(`${k}.`))) : actions;
  }

  /** Sets (or clears, with undefined) the user's policy type for one document. */
  setPolicyTypeOverride(uri: string, type: PolicyType | undefined): void {
    if (type) this.overrides.set(uri, type);
    else this.overrides.delete(uri);
  }

  /** The detected type of a document. */
  policyType(document: TextDocument, parsed: ParsedDocument): DetectedPolicyType {
    return this.entry(document, parsed).type;
  }

  /** The check diagnostics of a document version. */
  diagnostics(document: TextDocument, parsed: ParsedDocument): Diagnostic[] {
    return this.diagnosticsOf(document, parsed, this.entry(document, parsed));
  }

  /**
   * {@link diagnostics} in slices: `pause` is awaited between check families; when it answers
   * false (the document changed) the run stops with {@link ValidationCancelled}.
   */
  async diagnosticsInSlices(document: TextDocument, parsed: ParsedDocument, pause: () => Promise<boolean>): Promise<Diagnostic[]> {
    const steps = this.entrySteps(document, parsed);
    for (;;) {
      const step = steps.next();
      if (step.done) return this.diagnosticsOf(document, parsed, step.value);
      if (!(await pause())) throw new ValidationCancelled();
    }
  }

  private diagnosticsOf(document: TextDocument, parsed: ParsedDocument, entry: CacheEntry): Diagnostic[] {
    if (entry.diagnostics?.generation !== this.generation) {
      entry.diagnostics = {
        generation: this.generation,
        list: findingsToDiagnostics(document, parsed.json, entry.findings, this.severity),
      };
    }
    return entry.diagnostics.list;
  }

  /**
   * The complete diagnostics of a parse (`compute`: syntax + grammar + checks), computed once per
   * settings generation and policy type: re-validating an unchanged document does no work.
   */
  validation(document: TextDocument, parsed: ParsedDocument, compute: () => Promise<Diagnostic[]>): Promise<Diagnostic[]> {
    const key = `${this.generation}|${this.typeKey(document.uri)}`;
    const cached = this.results.get(parsed);
    if (cached?.key === key) {
      this.stats.cacheHits++;
      return cached.list;
    }
    const list = compute();
    this.results.set(parsed, { key, list });
    // A failed run is not remembered: the next call tries again.
    list.catch(() => this.results.delete(parsed));
    return list;
  }

  /** Applies the severity overrides to diagnostics made elsewhere (syntax, grammar). */
  adjust(diagnostics: Diagnostic[]): Diagnostic[] {
    if (Object.keys(this.severity).length === 0) return diagnostics;
    const out: Diagnostic[] = [];
    for (const d of diagnostics) {
      const severity = severityOf(String(d.code), this.severity);
      if (severity !== undefined) out.push({ ...d, severity });
    }
    return out;
  }

  /** Quick fixes in `range`, plus the Resource "*" rewrite at the range start. */
  codeActions(
    document: TextDocument,
    parsed: ParsedDocument,
    range: Range,
    context: CodeActionContext,
    options: CodeActionOptions,
  ): CodeAction[] {
    const entry = this.entry(document, parsed);
    const enabled = entry.findings.filter((f) => severityOf(f.code, this.severity) !== undefined);
    const actions = quickFixes(document, parsed.json, enabled, range, context.diagnostics, options);
    const rewrite = this.resourceRewrite(document, parsed, entry, range, options);
    const all = rewrite ? [...actions, rewrite] : actions;
    // Fix-all is a whole-document source action: offered only when asked for by kind (on save, or "Fix All").
    const fixAll = context.only?.some((k) => FIX_ALL_KIND.startsWith(k) && k.startsWith('source'))
      ? fixAllAction(document, parsed.json, enabled)
      : undefined;
    if (fixAll) all.push(fixAll);
    // `only` (e.g. ["quickfix"]) narrows by kind prefix, as the LSP specifies.
    const only = context.only;
    return only?.length ? all.filter((a) => only.some((k) => a.kind === k || a.kind?.startsWith(`${k}.`))) : all;
  }

  private resourceRewrite(
    document: TextDocument,
    parsed: ParsedDocument,
    entry: CacheEntry,
    range: Range,
    options: CodeActionOptions,
  ): CodeAction | undefined {
    if (!this.catalog) return undefined;
    const node = nodeAt(parsed.json, document.offsetAt(range.start));
    if (!node || node.type !== 'string' || node.value !== '*') return undefined;
    const path = pathOf(node);
    if (path[path.length - 1] !== 'Resource') return undefined;
    const st = rawStatements(entry.value).find((s) => s.path.length === path.length - 1 && s.path.every((p, i) => p === path[i]));
    const fix = st && resourceTemplatesFix(this.catalog, st, path);
    return fix ? toCodeAction(document, parsed.json, fix, CodeActionKind.RefactorRewrite, options) : undefined;
  }

  /** What the policy type of a document depends on besides its text. */
  private typeKey(uri: string): string {
    return `${this.overrides.get(uri) ?? ''}|${this.policyTypeOf?.(uri) ?? ''}`;
  }

  private entry(document: TextDocument, parsed: ParsedDocument): CacheEntry {
    const steps = this.entrySteps(document, parsed);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** The checks of a parse (cached per parse and policy type), yielding between check families. */
  private *entrySteps(document: TextDocument, parsed: ParsedDocument): Generator<void, CacheEntry> {
    const override = this.overrides.get(document.uri);
    const fromWorkspace = this.policyTypeOf?.(document.uri);
    const key = this.typeKey(document.uri);
    const cached = this.cache.get(parsed);
    if (cached && cached.key === key) {
      this.stats.cacheHits++;
      return cached;
    }
    this.stats.runs++;
    const value = cached?.value ?? documentValue(document, parsed);
    const type = detectPolicyType(fileNameOf(document.uri), value, override, fromWorkspace);
    const findings = yield* runChecksInSteps({
      value,
      type: type.type,
      catalog: this.catalog,
      textLength: document.getText().length,
      ...(type.resourceService ? { resourceService: type.resourceService } : {}),
    });
    const entry: CacheEntry = { key, type, value, findings };
    this.cache.set(parsed, entry);
    return entry;
  }
}
