/**
 * The language service's features for host documents: every feature finds the policy view at
 * the position (or every view, for diagnostics and symbols) and runs the policy feature on it.
 * Check results are cached per view content, so a keystroke in one policy of a template re-checks
 * that policy only.
 */
import type { ASTNode, JSONSchema, LanguageService as JsonLanguageService, PropertyASTNode } from 'vscode-json-languageservice';
import {
  DiagnosticSeverity,
  DocumentSymbol,
  MarkupKind,
  Range,
  SymbolKind,
  type Diagnostic,
  type Hover,
  type Position,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../../core/catalog';
import { runChecks, type Finding } from '../../core/checks';
import { detectPolicyType, isTrustAction, policyTypeLabel, type DetectedPolicyType, type PolicyType } from '../../core/policyType';
import { findingsToDiagnostics } from '../diagnostics';
import { nodeAt } from '../jsonPath';
import { findDocumentSymbols } from '../symbols';
import { grammarVerdict, makeDiagnostic, validateGrammar } from '../validation';
import { severityOf, type SeverityOverrides } from '../severity';
import type { ExtractedPolicy, HostProblem, HostValue } from './types';
import { buildView, plainValue, viewDocument, type PolicyView, type SymbolicLeaf } from './view';
import type { HostKind } from './registry';
import { CACHES } from '../../core/caches';
import { movedFrom } from './moved';

/** The parse of a host document: its policy views and the host's own syntax problems. */
export interface HostParse {
  readonly kind: string;
  readonly views: readonly PolicyView[];
  readonly problems: readonly HostProblem[];
}

/** Parses a host document into views. */
export function parseHost(jsonLs: JsonLanguageService, document: TextDocument, host: HostKind, fileName: string): HostParse {
  let extraction;
  try {
    extraction = host.extract(document.getText(), fileName, document.uri);
  } catch (err) {
    // A parser bug must not take the server down: the file is reported as not analysed.
    return {
      kind: host.id,
      views: [],
      problems: [{ range: { start: 0, end: 0 }, message: `${host.id} parser failed: ${err instanceof Error ? err.message : String(err)}` }],
    };
  }
  return { kind: host.id, views: extraction.policies.map((p) => viewOf(jsonLs, document, p)), problems: extraction.problems };
}

/**
 * Views by the extracted policy they show: an extractor that returns the same policy object for
 * an unchanged part of the document (the CloudFormation host does, per resource) gets the same
 * view tree back, bound to the new version of the document. View offsets are relative to the
 * policy's start, which is the same, so only the document binding changes.
 */
const views = CACHES.weak<ExtractedPolicy, PolicyView>('hosts.policyViews');

function viewOf(jsonLs: JsonLanguageService, document: TextDocument, policy: ExtractedPolicy): PolicyView {
  const known = views.get(policy);
  if (known && known.parsed.uri === document.uri) {
    if (known.parsed.version === document.version) return known;
    const view: PolicyView = {
      ...known,
      document: viewDocument(document, known.base),
      parsed: { uri: document.uri, version: document.version, json: known.parsed.json },
    };
    views.set(policy, view);
    return view;
  }
  // A moved copy of a policy that has a view of this document: the same tree at another base.
  const moved = movedFrom(policy);
  const earlier = moved && views.get(moved.from);
  if (moved && earlier && earlier.parsed.uri === document.uri) {
    const base = earlier.base + moved.by;
    const view: PolicyView = {
      ...earlier,
      policy,
      base,
      end: earlier.end + moved.by,
      document: viewDocument(document, base),
      parsed: { uri: document.uri, version: document.version, json: earlier.parsed.json },
    };
    views.set(policy, view);
    return view;
  }
  const view = buildView(jsonLs, document, policy);
  views.set(policy, view);
  return view;
}

/** Codes about the document as a whole or about two statements: quiet when `Fn::If` branches were merged. */
const WHOLE_DOCUMENT_CODES = /^(POLICY_SIZE_|REDUNDANT_STATEMENT|UNIQUE_SIDS_)/;

interface CachedChecks {
  readonly findings: readonly Finding[];
  /** Grammar diagnostics with offsets relative to the view's base. */
  readonly grammar?: ReadonlyArray<{ readonly start: number; readonly end: number; readonly diagnostic: Diagnostic }>;
}

/** Check results per view content (bounded; oldest dropped first). */
export class ViewChecks {
  private readonly cache = new Map<string, CachedChecks>();
  readonly stats = { runs: 0, cacheHits: 0 };

  constructor(
    private readonly jsonLs: JsonLanguageService,
    private readonly schema: JSONSchema,
    private readonly catalog: Catalog | undefined,
  ) {}

  /** The view's policy type: from where it sits, else from its content. */
  typeOf(view: PolicyView): DetectedPolicyType {
    if (view.policy.policyType)
      return {
        type: view.policy.policyType,
        source: 'template',
        ...(view.policy.resourceService ? { resourceService: view.policy.resourceService } : {}),
      };
    let detected = detectPolicyType('', view.value, undefined, undefined);
    // A Principal known only at deployment (a `dynamic "principals"` block of unknown type, which
    // may repeat zero times) does not make a resource policy of a document whose other statements
    // name no principal (terraform-aws-modules/eks's Karpenter controller policy).
    const stripped = withoutUnknownPrincipals(view.policy.value);
    if (detected.type === 'resource' && stripped !== view.policy.value && someStatementWithoutPrincipal(view.policy.value))
      detected = detectPolicyType('', plainValue(stripped, 0), undefined, undefined);
    return detected.type === 'resource' && trustByContent(view.policy.value) ? { ...detected, type: 'trust' } : detected;
  }

  /** Every diagnostic of a host document. */
  async diagnostics(document: TextDocument, host: HostParse, severity: SeverityOverrides): Promise<Diagnostic[]> {
    const out: Diagnostic[] = host.problems.map((p) =>
      makeDiagnostic(rangeOf(document, p.range.start, p.range.end), p.code ?? 'TEMPLATE_SYNTAX_ERROR', p.message),
    );
    for (const view of host.views) out.push(...(await this.viewDiagnostics(document, view, severity)));
    // A YAML alias repeats its anchored policy at the anchor's text: one diagnostic there, not one per copy.
    const seen = new Set<string>();
    return out.filter((d) => {
      const key = `${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${String(d.code)}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      const s = severityOf(String(d.code), severity);
      if (s === undefined) return false;
      d.severity = s;
      return true;
    });
  }

  /** The findings that hold whatever the deployment-time values are. */
  findings(view: PolicyView): readonly Finding[] {
    return this.checked(view).findings;
  }

  private async viewDiagnostics(document: TextDocument, view: PolicyView, severity: SeverityOverrides): Promise<Diagnostic[]> {
    if (!view.analyzable) return [notAnalyzed(document, view)];
    const checked = this.checked(view);
    const grammarList = checked.grammar ?? (await this.withGrammar(view, checked));
    const grammar = grammarList.map((g) => ({
      ...g.diagnostic,
      range: Range.create(view.document.positionAt(g.start), view.document.positionAt(g.end)),
    }));
    return [...grammar, ...onArnPieces(view, findingsToDiagnostics(view.document, view.parsed.json, checked.findings, severity))];
  }

  private checked(view: PolicyView): CachedChecks {
    const hit = this.cache.get(view.key);
    if (hit) {
      this.stats.cacheHits++;
      return hit;
    }
    this.stats.runs++;
    const entry: CachedChecks = { findings: view.analyzable ? this.run(view) : [] };
    this.remember(view.key, entry);
    return entry;
  }

  private async withGrammar(view: PolicyView, entry: CachedChecks): Promise<NonNullable<CachedChecks['grammar']>> {
    // A document the grammar's fast path proves clean gets nothing from json-languageservice.
    const root = view.parsed.json.root;
    const raw =
      root && grammarVerdict(root, this.schema, this.schema) === true
        ? []
        : await validateGrammar(this.jsonLs, this.schema, view.document, view.parsed);
    const unknown = [...view.symbolic].filter(([, leaf]) => leaf.whole).map(([node]) => node);
    const grammar = raw.flatMap((d) => {
      const start = view.document.offsetAt(d.range.start);
      const end = view.document.offsetAt(d.range.end);
      // A value only known at deployment has no type to check.
      if (unknown.some((n) => start >= n.offset && end <= n.offset + n.length)) return [];
      return [{ start, end, diagnostic: d }];
    });
    this.remember(view.key, { ...entry, grammar });
    return grammar;
  }

  private remember(key: string, entry: CachedChecks): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > 2000) this.cache.delete(this.cache.keys().next().value as string);
  }

  /**
   * Runs the checks with both stand-ins and keeps what both report alike (messages compared with
   * each stand-in written back as the source expression): a finding that depends on what a
   * deployment-time value turns out to be is never reported. Findings on wholly unknown values
   * are dropped too.
   */
  private run(view: PolicyView): Finding[] {
    const type = this.typeOf(view);
    // The JSON text's length is known for the view's two values (view.ts), not for SAM's baselines.
    const ctx = (value: unknown, textLength = JSON.stringify(value).length) => ({
      value,
      type: type.type,
      catalog: this.catalog,
      textLength,
      ...(type.resourceService ? { resourceService: type.resourceService } : {}),
    });
    let findings = runChecks(ctx(view.value, view.textLengths[0]));
    // Only findings of the first run can survive; none, and the second run has nothing to confirm.
    if (view.alternative !== undefined && findings.length > 0) {
      const leaves = [...view.symbolic.values()];
      const second = new Set(runChecks(ctx(view.alternative, view.textLengths[1])).map((f) => signature(f, leaves, 'second')));
      findings = findings.filter((f) => second.has(signature(f, leaves, 'first')));
      const unknown = [...view.symbolic].filter(([, leaf]) => leaf.whole).map(([node]) => node);
      findings = findings.filter((f) => !unknown.some((n) => isUnder(view, f, n)));
      findings = findings.filter((f) => !throughUnknownKey(view, f));
      // A fix computed from a stand-in would write the stand-in into the template.
      findings = findings.map((f) => (f.fixes && touchesSymbolic(view, f) ? { ...f, fixes: [] } : f));
    }
    if (view.policy.partial) findings = findings.filter((f) => !WHOLE_DOCUMENT_CODES.test(f.code));
    // A SAM policy template: what SAM wrote (its actions, the missing Version) is not the template's
    // to change; only findings on values built from the parameters given (located there) are kept.
    if (view.policy.generated) {
      const own = new Set(
        (view.policy.baseline ?? []).flatMap((value) => runChecks(ctx(value)).map((f) => `${f.code}|${f.path.join('/')}`)),
      );
      findings = findings.filter((f) => fromParameter(view, f) && !own.has(`${f.code}|${f.path.join('/')}`));
    }
    return findings.map((f) =>
      view.alternative !== undefined ? { ...f, message: restore(f.message, [...view.symbolic.values()], 'first') } : f,
    );
  }
}

/** The ARN field (1 partition … 5 resource) each ARN finding is about. */
const ARN_FIELD: Readonly<Record<string, number>> = {
  INVALID_PARTITION: 1,
  INVALID_SERVICE: 2,
  INVALID_ARN_SERVICE_CASE: 2,
  INVALID_ARN_REGION: 3,
  ARN_REGION_NOT_ALLOWED: 3,
  MISSING_ARN_REGION: 3,
  INVALID_ARN_ACCOUNT: 4,
  ARN_ACCOUNT_NOT_ALLOWED: 4,
  INVALID_ARN_RESOURCE: 5,
  RESOURCE_MISMATCH: 5,
};

/**
 * A finding about one field of an ARN built by `Fn::Join` from pieces written apart (JSON and CDK
 * templates put one a line), shown on the piece where that field is written: the service on
 * `":logs:"`, the resource part on `":log-group:/aws/lambda/*"` — the last piece of the resource
 * part, where its type and path are. A field that is wholly a deployment-time value keeps the
 * function's range.
 */
function onArnPieces(view: PolicyView, diagnostics: Diagnostic[]): Diagnostic[] {
  const pieced = [...view.symbolic].filter(([, leaf]) => leaf.segments && leaf.first.startsWith('arn:'));
  if (pieced.length === 0) return diagnostics;
  return diagnostics.map((d) => {
    const field =
      ARN_FIELD[String(d.code)] ??
      (d.code === 'INVALID_PRINCIPAL_ARN' ? principalField(typeof d.message === 'string' ? d.message : d.message.value) : undefined);
    if (field === undefined) return d;
    const start = view.document.offsetAt(d.range.start);
    const end = view.document.offsetAt(d.range.end);
    const hit = pieced.find(([n]) => n.offset === start && n.offset + n.length === end);
    if (!hit) return d;
    const [node, leaf] = hit;
    // The field runs from after its `field`-th colon to the next one (the resource part: to the end).
    let from = 0;
    for (let i = 0; i < field; i++) {
      const colon = leaf.first.indexOf(':', from);
      if (colon < 0) return d;
      from = colon + 1;
    }
    const next = leaf.first.indexOf(':', from);
    const to = field === 5 || next < 0 ? leaf.first.length : next;
    const over = leaf.segments!.filter((s) => s.start < Math.max(to, from + 1) && s.end > from);
    const piece = field === 5 ? over[over.length - 1] : over[0];
    if (!piece) return d;
    return {
      ...d,
      range: Range.create(view.document.positionAt(node.offset + piece.from), view.document.positionAt(node.offset + piece.to)),
    };
  });
}

/** The field of a principal ARN that INVALID_PRINCIPAL_ARN's message (core/checks/principals.ts) names. */
function principalField(message: string): number | undefined {
  if (message.includes('an ARN has six fields')) return undefined;
  if (message.includes(': its service is')) return 2;
  if (message.includes(': it names a Region')) return 3;
  if (message.includes(': its account')) return 4;
  return 5;
}

function signature(f: Finding, leaves: readonly SymbolicLeaf[], run: 'first' | 'second'): string {
  return `${f.code}|${f.target}|${f.path.join('/')}|${restore(f.message, leaves, run)}`;
}

/** The message with each stand-in string written as its source expression. */
function restore(message: string, leaves: readonly SymbolicLeaf[], run: 'first' | 'second'): string {
  let out = message;
  for (const leaf of leaves) {
    const standIn = leaf[run];
    if (standIn.length > 1 && !leaf.whole) out = out.split(standIn).join(leaf.display);
  }
  return out;
}

/**
 * True when what a finding is about lies inside `node`: its value, or for a finding on the name of
 * a condition operator or key (`aws:SourceArm` written before `!GetAtt Trail.Arn`, an operator
 * whose keys come from `!GetAtt`) the name itself, which is literal whatever the value turns out
 * to be. (Other keys stay with their value: a Terraform `dynamic` block may not be there at all.)
 */
function isUnder(view: PolicyView, f: Finding, node: { offset: number; length: number }): boolean {
  const named = f.target === 'key' && f.path.includes('Condition') && f.path[f.path.length - 1] !== 'Condition';
  const target = named ? (keyAtPath(view, f.path) ?? nodeAtPath(view, f.path)) : nodeAtPath(view, f.path);
  return target !== undefined && target.offset >= node.offset && target.offset + target.length <= node.offset + node.length;
}

/** The statements of a document (one statement written as an object, or a list). */
function statementsOf(value: HostValue): HostValue[] {
  if (value.kind !== 'object') return [];
  const statements = value.entries.find((e) => e.key === 'Statement')?.value;
  return !statements ? [] : statements.kind === 'array' ? [...statements.items] : [statements];
}

const isPrincipalKey = (key: string) => key === 'Principal' || key === 'NotPrincipal';
const wholeUnknown = (v: HostValue) => v.kind === 'symbolic' && v.parts.every((p) => typeof p !== 'string');

function someStatementWithoutPrincipal(value: HostValue): boolean {
  return statementsOf(value).some((st) => st.kind === 'object' && !st.entries.some((e) => isPrincipalKey(e.key)));
}

/** The document with the statements' wholly unknown Principal/NotPrincipal left out (itself when none is). */
function withoutUnknownPrincipals(value: HostValue): HostValue {
  if (value.kind !== 'object') return value;
  const statements = value.entries.find((e) => e.key === 'Statement')?.value;
  if (
    !statements ||
    !statementsOf(value).some((st) => st.kind === 'object' && st.entries.some((e) => isPrincipalKey(e.key) && wholeUnknown(e.value)))
  )
    return value;
  const clean = (st: HostValue): HostValue =>
    st.kind === 'object' ? { ...st, entries: st.entries.filter((e) => !(isPrincipalKey(e.key) && wholeUnknown(e.value))) } : st;
  const cleaned = statements.kind === 'array' ? { ...statements, items: statements.items.map(clean) } : clean(statements);
  return { ...value, entries: value.entries.map((e) => (e.key === 'Statement' ? { ...e, value: cleaned } : e)) };
}

/** Findings that say a condition is missing from a statement: unsure when one of its keys is unknown. */
const ABSENCE_CODES: ReadonlySet<string> = new Set([
  'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
  'MISSING_GITHUB_REPO_CONDITION_KEY',
  'SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED',
  'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
  'RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL',
]);

/**
 * A finding about a key only known at deployment or what sits under it, or one that says a
 * condition is missing from a statement that has such a key: it depends on the key's value.
 */
function throughUnknownKey(view: PolicyView, f: Finding): boolean {
  const keys = [...view.symbolic]
    .filter(([n, leaf]) => leaf.whole && n.parent?.type === 'property' && n.parent.keyNode === n)
    .map(([n]) => n);
  // A Condition, or an operator's block, known only at deployment (`Condition = merge({…},
  // local.sub_condition)`) may hold any key.
  const blocks = [...view.symbolic].filter(([n, leaf]) => leaf.whole && isConditionBlock(n)).map(([n]) => n);
  if (keys.length === 0 && blocks.length === 0) return false;
  let node: ASTNode | undefined = view.parsed.json.root;
  for (const seg of f.path) {
    if (node?.type === 'object' && typeof seg === 'string') {
      const prop: PropertyASTNode | undefined = node.properties.find((p) => p.keyNode.value === seg);
      if (prop && keys.includes(prop.keyNode)) return true;
      node = prop?.valueNode;
    } else if (node?.type === 'array' && typeof seg === 'number') node = node.items[seg];
    else break;
  }
  if (!ABSENCE_CODES.has(f.code) || f.path[0] !== 'Statement') return false;
  const statement = nodeAtPath(view, typeof f.path[1] === 'number' ? f.path.slice(0, 2) : f.path.slice(0, 1));
  return (
    statement !== undefined &&
    [...keys, ...blocks].some((k) => k.offset >= statement.offset && k.offset <= statement.offset + statement.length)
  );
}

/** The value of a statement's `Condition` or of one of its operators. */
function isConditionBlock(node: ASTNode): boolean {
  const prop = node.parent;
  if (prop?.type !== 'property' || prop.valueNode !== node) return false;
  if (prop.keyNode.value === 'Condition') return true;
  const outer = prop.parent?.parent;
  return outer?.type === 'property' && outer.keyNode.value === 'Condition';
}

function touchesSymbolic(view: PolicyView, f: Finding): boolean {
  return (f.fixes ?? []).some((fix) =>
    fix.edits.some((e) => {
      const n = nodeAtPath(view, e.path);
      return n !== undefined && [...view.symbolic.keys()].some((s) => s.offset >= n.offset && s.offset + s.length <= n.offset + n.length);
    }),
  );
}

/** The key node of the property at `path` (its last segment a key of an object). */
function keyAtPath(view: PolicyView, path: readonly (string | number)[]): { offset: number; length: number } | undefined {
  const last = path[path.length - 1];
  let node: ASTNode | undefined = view.parsed.json.root;
  for (const seg of path.slice(0, -1)) {
    if (node?.type === 'object' && typeof seg === 'string') node = node.properties.find((p) => p.keyNode.value === seg)?.valueNode;
    else if (node?.type === 'array' && typeof seg === 'number') node = node.items[seg];
    else return undefined;
  }
  return node?.type === 'object' && typeof last === 'string' ? node.properties.find((p) => p.keyNode.value === last)?.keyNode : undefined;
}

function nodeAtPath(view: PolicyView, path: readonly (string | number)[]): { offset: number; length: number } | undefined {
  let node = view.parsed.json.root;
  for (const seg of path) {
    if (node?.type === 'object' && typeof seg === 'string') node = node.properties.find((p) => p.keyNode.value === seg)?.valueNode;
    else if (node?.type === 'array' && typeof seg === 'number') node = node.items[seg];
    else return node;
  }
  return node;
}

function notAnalyzed(document: TextDocument, view: PolicyView): Diagnostic {
  const what =
    view.policy.value.kind === 'symbolic'
      ? view.policy.value.parts.map((p) => (typeof p === 'string' ? p : p.expr)).join('')
      : 'not an object';
  return makeDiagnostic(
    rangeOf(document, view.policy.range.start, view.policy.range.end),
    'POLICY_NOT_ANALYZED',
    `The policy document ${view.policy.label} is ${what}, known only at deployment: it is not analysed.`,
    DiagnosticSeverity.Information,
  );
}

function rangeOf(document: TextDocument, start: number, end: number): Range {
  return Range.create(document.positionAt(start), document.positionAt(end));
}

/** The view whose document contains `offset` (host offsets). */
export function viewAt(host: HostParse, document: TextDocument, position: Position): PolicyView | undefined {
  const offset = document.offsetAt(position);
  return host.views.find((v) => v.analyzable && offset >= v.base && offset <= v.end);
}

/** Hover on a deployment-time value: what it is and what the checks assumed. */
export function symbolicHover(view: PolicyView, position: Position): Hover | null {
  const node = nodeAt(view.parsed.json, view.document.offsetAt(position));
  const leaf = node && view.symbolic.get(node);
  if (!node || !leaf) return null;
  const lines = [`**Known at deployment:** \`${leaf.display}\``, ''];
  const assumed = leaf.parts.flatMap((p) =>
    typeof p !== 'string' && p.assumed !== undefined ? [`- \`${p.expr}\` = \`${p.assumed}\` (${p.assumption ?? 'assumed'})`] : [],
  );
  if (leaf.whole) lines.push('Nothing about this value can be checked before deployment.');
  else lines.push(`Checked as \`${leaf.first}\` and as \`${leaf.second}\`; only problems found both ways are reported.`);
  if (assumed.length) lines.push('', ...assumed);
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: Range.create(view.document.positionAt(node.offset), view.document.positionAt(node.offset + node.length)),
  };
}

/** The outline of a host document: one symbol per policy, its statements below. */
export function hostSymbols(document: TextDocument, host: HostParse, typeOf: (v: PolicyView) => PolicyType): DocumentSymbol[] {
  return host.views.map((view) => {
    const range = rangeOf(document, Math.min(view.policy.range.start, view.base), Math.max(view.policy.range.end, view.end));
    const selection = rangeOf(document, view.policy.range.start, view.policy.range.end);
    const children = view.analyzable ? findDocumentSymbols(view.document, view.parsed) : [];
    return DocumentSymbol.create(view.policy.label, policyTypeLabel(typeOf(view)), SymbolKind.Module, range, selection, children);
  });
}

/** Hover on a SAM policy template's key: the statements SAM writes for it, as checked. */
export function generatedHover(view: PolicyView): Hover | null {
  if (!view.policy.generated || !view.parsed.json.root) return null;
  const statements = JSON.stringify(displayValue(view.parsed.json.root, view), null, 2);
  const lines = [
    `**SAM policy template \`${view.policy.generated}\`**`,
    '',
    ...(view.policy.assumptions ?? []),
    '',
    "Checked as an identity policy of the function's role:",
    '',
    '```json',
    statements,
    '```',
  ];
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
}

/** The view's value with each deployment-time value written as its source expression. */
function displayValue(node: ASTNode, view: PolicyView): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(node.properties.map((p) => [p.keyNode.value, p.valueNode ? displayValue(p.valueNode, view) : null]));
    case 'array':
      return node.items.map((i) => displayValue(i, view));
    case 'string':
      return view.symbolic.get(node)?.display ?? node.value;
    default:
      return node.value;
  }
}

/** True when the finding is on a value of a SAM policy template built from a parameter given in the template. */
function fromParameter(view: PolicyView, f: Finding): boolean {
  const node = nodeAtPath(view, f.path);
  return node !== undefined && node.offset + view.base !== view.policy.range.start;
}

/**
 * A document typed by its content whose actions are known only at deployment, when what is known
 * says role trust policy: a Principal, no Resource or NotResource in any statement, and every
 * literal action a trust action (cloudposse/iam-role: `actions = [var.assume_role_action]`).
 */
function trustByContent(value: HostValue): boolean {
  const statements = value.kind === 'object' ? value.entries.find((e) => e.key === 'Statement')?.value : undefined;
  const list = statements?.kind === 'array' ? statements.items : statements ? [statements] : [];
  const objects = list.filter((s) => s.kind === 'object');
  if (objects.length === 0) return false;
  const has = (s: HostValue, key: string) => s.kind === 'object' && s.entries.some((e) => e.key === key);
  if (!objects.some((s) => has(s, 'Principal') || has(s, 'NotPrincipal'))) return false;
  if (objects.some((s) => has(s, 'Resource') || has(s, 'NotResource'))) return false;
  const actions = objects.flatMap((s) => (s.kind === 'object' ? s.entries.filter((e) => e.key === 'Action').map((e) => e.value) : []));
  const literals = actions.flatMap((a) => (a.kind === 'array' ? a.items : [a])).filter((a) => a.kind === 'string');
  return literals.every((a) => a.kind === 'string' && isTrustAction(a.value));
}
