/**
 * Policies in a Terraform file: `data "aws_iam_policy_document"` blocks, `jsonencode({…})` and
 * heredoc JSON in the arguments that take a policy, and `file()`/`templatefile()` references,
 * each typed by the argument that consumes it (`aws_iam_role.assume_role_policy` → role trust, …).
 *
 * The work is per top-level block and cached by the block's text: a keystroke inside one policy
 * re-extracts that block only; the others are reused, shifted to their new offsets.
 */
import type { PolicyType } from '../../core/policyType';
import type { ExtractedPolicy, HostExtraction, HostProblem, HostRange, HostValue, SymbolicPart } from './types';
import type { HclNode } from './hclTree';
import { childOfType } from './hclTree';
import { hclValue, rangeOf, unwrap, type Resolution, type Source } from './hclValues';
import { heredocJson, withConditional } from './heredocJson';
import {
  attributesOf,
  blockLabels,
  blockName,
  MERGING_ATTRIBUTES,
  renderModuleStatements,
  renderPolicyDocument,
} from './terraformDocument';
import { organizationsPolicyType, policyArgument, type PolicyArgument } from './terraformConsumers';
import { tooDeepProblem } from '../limits';
import { movePolicy, shiftRange, shiftValue } from './moved';

/** One top-level block (or error) of a Terraform file; `node`'s offsets are relative to `start`. */
export interface TopLevelBlock {
  readonly start: number;
  readonly text: string;
  readonly node: HclNode;
  /** True when the parser found a syntax error in the block (only such blocks are searched for errors). */
  readonly hasError?: boolean;
  /**
   * Set when the block nests too deep to be copied (node/terraformParser.ts): where, relative to
   * `start`. `node` is then an empty `ERROR` node and the block is reported, not analysed.
   */
  readonly tooDeep?: number;
}

/** A policy document read from another file: `file("policies/trust.json")`. */
export interface PolicyFileReference {
  /** The path as written, with `${path.module}/` taken as the file's folder: `policies/trust.json`. */
  readonly path: string;
  readonly policyType?: PolicyType;
  readonly resourceService?: string;
  readonly label: string;
  /** Where the path is written. */
  readonly range: HostRange;
  /** `templatefile()`: the file is a Terraform template (its `${…}` are interpolations). */
  readonly template: boolean;
  /** Read by a `data "template_file"` (`template_file.NAME`): typed by the argument using it. */
  readonly docName?: string;
}

export interface TerraformExtraction extends HostExtraction {
  readonly fileReferences: readonly PolicyFileReference[];
}

/** What one block says, independent of the rest of the file (cached by the block's text). */
interface BlockFacts {
  /** The block's text: locals are evaluated against it. */
  readonly text: string;
  readonly kind: string;
  readonly labels: readonly string[];
  readonly symbols: ReadonlyArray<readonly [string, Resolution | LocalValue]>;
  /** `permissions_boundary = aws_iam_policy.X.arn`: X is a boundary. */
  readonly boundaries: readonly string[];
  readonly problems: readonly HostProblem[];
  /** `replace(data.aws_iam_policy_document.X.json, "_PLACEHOLDER_", expr)`: text of X replaced before use. */
  readonly placeholders: readonly Placeholder[];
  /** For a `locals` block: the documents whose `.json` each local's expression uses. */
  readonly localDocs: ReadonlyArray<readonly [string, readonly string[]]>;
}

/** A literal a module writes into a policy document and replaces with a value before using it. */
interface Placeholder {
  readonly doc: string;
  readonly search: string;
  /** The replacement, as written. */
  readonly expr: string;
  /** What hover says of it (default: "`search` is replaced by `expr` before the policy is used (`replace(…)`)"). */
  readonly said?: string;
}

/** A local whose value is a string template, resolved against the whole file's symbols. */
interface LocalValue {
  readonly local: HclNode;
}

/** Policies of one block, ranges relative to the block. */
interface BlockPolicies {
  readonly policies: ReadonlyArray<ExtractedPolicy & { readonly docName?: string }>;
  /** `data.aws_iam_policy_document.X.json` consumed as a policy of a given kind. */
  readonly docUses: ReadonlyArray<{ readonly name: string; readonly use: PolicyArgument }>;
  /** `source_policy_documents = [data.aws_iam_policy_document.X.json]` in document `into`: X is used as `into` is. */
  readonly merges?: ReadonlyArray<{ readonly name: string; readonly into: string }>;
  /** `policy = local.X`: the documents local X uses are consumed as a policy of that kind. */
  readonly localUses?: ReadonlyArray<{ readonly local: string; readonly use: PolicyArgument }>;
  /** `module "m" { policy = data.aws_iam_policy_document.X.json }`: X is an input of `module.m.policy`. */
  readonly moduleInputs?: ReadonlyArray<{ readonly name: string; readonly input: string }>;
  readonly fileReferences: readonly PolicyFileReference[];
  readonly problems: readonly HostProblem[];
}

/**
 * Extracts the policies of one Terraform document, version after version; keep one per document
 * so that unchanged blocks are reused.
 */
export class TerraformExtractor {
  private facts = new Map<string, BlockFacts>();
  /** Policies of each block by its text, for the symbols of {@link signature}. */
  private policies = new Map<string, BlockPolicies>();
  private signature = '';
  /** Where each block policy was placed in the file, by the policy relative to its block. */
  private placed = new Map<ExtractedPolicy, Placed>();

  /**
   * `siblings`: the top-level blocks of the other `.tf` files of the same module (folder). Their
   * variables, locals and buckets resolve references here, and their resources consume the
   * documents written here (a role in iam.tf using a document of policies.tf types it).
   */
  extract(blocks: readonly TopLevelBlock[], siblings: readonly TopLevelBlock[] = []): TerraformExtraction {
    const facts = new Map<string, BlockFacts>();
    const factsOf = (b: TopLevelBlock): BlockFacts => {
      const f = facts.get(b.text) ?? this.facts.get(b.text) ?? blockFacts(b);
      facts.set(b.text, f);
      return f;
    };
    const allFacts = blocks.map(factsOf);
    const siblingFacts = siblings.map(factsOf);
    this.facts = facts;
    const every = [...allFacts, ...siblingFacts];
    const symbols = symbolTable(every);
    const signature = JSON.stringify([...symbols.plain]);
    // Block policies depend on the block's text and the file's symbols: kept while the symbols stay.
    const known = signature === this.signature ? this.policies : new Map<string, BlockPolicies>();
    const policies = new Map<string, BlockPolicies>();
    const policiesOf = (block: TopLevelBlock, f: BlockFacts): BlockPolicies => {
      const bp = policies.get(block.text) ?? known.get(block.text) ?? blockPolicies(block, f, symbols.resolve);
      policies.set(block.text, bp);
      return bp;
    };
    const placed = new Map<ExtractedPolicy, Placed>();
    const file: FileUses = {
      place: (p, start, use, make) => placedAt(this.placed, placed, p, start, use, make),
      boundaries: new Set(every.flatMap((f) => f.boundaries)),
      out: [],
      docs: [],
      docUses: new Map(),
      merges: [],
      localUses: [],
      moduleInputs: new Map(),
      fileReferences: [],
      problems: [],
    };
    blocks.forEach((block, i) => ownBlock(file, block, allFacts[i]!, policiesOf));
    // Consumers in the module's other files.
    siblings.forEach((block, i) => {
      const f = siblingFacts[i]!;
      if (f.kind === 'resource' || f.kind === 'data') usesOf(file, policiesOf(block, f));
    });
    this.policies = policies;
    this.signature = signature;
    resolveUses(file, every);
    const placeholders = placeholdersByDocument(every, file.merges);
    for (const doc of file.docs) file.out.push(placedDocument(file, doc, placeholders, blocks));
    this.placed = placed;
    file.out.sort((a, b) => a.range.start - b.range.start);
    // A file a `data "template_file"` reads is a policy where the template's `rendered` is used as one.
    const typedReferences = file.fileReferences.flatMap((r) => {
      if (r.docName === undefined) return [r];
      const use = file.docUses.get(r.docName);
      return use ? [{ ...r, policyType: use.policyType, ...(use.resourceService ? { resourceService: use.resourceService } : {}) }] : [];
    });
    return { policies: file.out, problems: file.problems, fileReferences: typedReferences };
  }
}

/** What the blocks of a file say, collected block after block by {@link TerraformExtractor.extract}. */
interface FileUses {
  /** Places a block policy at its block's start (see {@link placedAt}). */
  readonly place: (p: ExtractedPolicy, start: number, use: string, make: (shifted: ExtractedPolicy) => ExtractedPolicy) => ExtractedPolicy;
  /** `aws_iam_policy.X` named as some role's or user's `permissions_boundary`. */
  readonly boundaries: ReadonlySet<string>;
  /** The policies placed, documents excepted. */
  readonly out: ExtractedPolicy[];
  /** Documents (`data "aws_iam_policy_document"`, locals, templates): placed once their uses are known. */
  readonly docs: Array<{ readonly p: ExtractedPolicy; readonly start: number; readonly docName: string }>;
  readonly docUses: Map<string, PolicyArgument>;
  readonly merges: Array<{ readonly name: string; readonly into: string }>;
  readonly localUses: Array<{ readonly local: string; readonly use: PolicyArgument }>;
  readonly moduleInputs: Map<string, string>;
  readonly fileReferences: PolicyFileReference[];
  readonly problems: HostProblem[];
}

/** A block of the document itself: its problems, its policies, and what it uses. */
function ownBlock(
  file: FileUses,
  block: TopLevelBlock,
  f: BlockFacts,
  policiesOf: (block: TopLevelBlock, f: BlockFacts) => BlockPolicies,
): void {
  file.problems.push(...f.problems.map((p) => shiftProblem(p, block.start)));
  if (f.kind !== 'resource' && f.kind !== 'data' && f.kind !== 'module' && f.kind !== 'locals') return;
  const bp = policiesOf(block, f);
  const boundary = isBoundary(f, file.boundaries);
  for (const p of bp.policies) {
    if (p.docName !== undefined) file.docs.push({ p, start: block.start, docName: p.docName });
    else
      file.out.push(
        file.place(p, block.start, boundary ? 'boundary' : '', (shifted) => (boundary ? { ...shifted, policyType: 'boundary' } : shifted)),
      );
  }
  usesOf(file, bp);
  for (const m of bp.moduleInputs ?? []) if (!file.moduleInputs.has(m.name)) file.moduleInputs.set(m.name, m.input);
  for (const r of bp.fileReferences)
    file.fileReferences.push({ ...r, range: shiftRange(r.range, block.start), ...(boundary ? { policyType: 'boundary' } : {}) });
  file.problems.push(...bp.problems.map((p) => shiftProblem(p, block.start)));
}

/** The documents and locals a block uses, and the documents merged into its own. */
function usesOf(file: FileUses, bp: BlockPolicies): void {
  for (const use of bp.docUses) addUse(file.docUses, use.name, use.use);
  file.merges.push(...(bp.merges ?? []));
  file.localUses.push(...(bp.localUses ?? []));
}

/**
 * Documents used through locals (`policy = local.X` where local X is built from a document's
 * `.json`), and documents merged into another one (source/override documents): each is a policy
 * of the same kind.
 */
function resolveUses(file: FileUses, every: readonly BlockFacts[]): void {
  const localDocs = new Map(every.flatMap((f) => f.localDocs));
  for (const { local, use } of file.localUses) for (const name of localDocs.get(local) ?? []) addUse(file.docUses, name, use);
  for (let changed = true, rounds = 0; changed && rounds < 16; rounds++) {
    changed = false;
    for (const m of file.merges) {
      const use = file.docUses.get(m.into);
      if (use && !file.docUses.has(m.name)) {
        file.docUses.set(m.name, use);
        changed = true;
      }
    }
  }
}

/** Placeholders replaced in a document's JSON, also in the documents merged into it. */
function placeholdersByDocument(every: readonly BlockFacts[], merges: FileUses['merges']): Map<string, Placeholder[]> {
  const placeholders = new Map<string, Placeholder[]>();
  for (const p of every.flatMap((f) => f.placeholders)) placeholders.set(p.doc, [...(placeholders.get(p.doc) ?? []), p]);
  for (let changed = true, rounds = 0; changed && rounds < 16; rounds++) {
    changed = false;
    for (const m of merges) {
      const mine = placeholders.get(m.name) ?? [];
      const extra = (placeholders.get(m.into) ?? []).filter((p) => !mine.some((q) => q.search === p.search));
      if (extra.length > 0) {
        placeholders.set(m.name, [...mine, ...extra]);
        changed = true;
      }
    }
  }
  return placeholders;
}

/** A document placed, typed by the argument using it, with its placeholders' values. */
function placedDocument(
  file: FileUses,
  { p, start, docName }: FileUses['docs'][number],
  placeholders: ReadonlyMap<string, readonly Placeholder[]>,
  blocks: readonly TopLevelBlock[],
): ExtractedPolicy {
  const use = file.docUses.get(docName);
  // A document only a module uses: its `_UPPER_CASE_` tokens are the module's to replace.
  const input = use ? undefined : file.moduleInputs.get(docName);
  const replaced = [...(placeholders.get(docName) ?? []), ...(input ? moduleTokens(p.value, docName, input) : [])];
  const said = JSON.stringify([use?.policyType, use?.resourceService, replaced]);
  return file.place(p, start, said, (shifted) => {
    const { docName: _name, ...found } = shifted as ExtractedPolicy & { docName?: string };
    const doc = replaced.length > 0 ? withPlaceholderValues(found, replaced, (r) => textOf(blocks, r)) : found;
    return use ? { ...doc, policyType: use.policyType, ...(use.resourceService ? { resourceService: use.resourceService } : {}) } : doc;
  });
}

/**
 * A block policy placed in the file: first shifted to its block's start and completed by `make`
 * (its use in the file), then the same object while the block stays where it is, or a moved copy
 * of it (service/hosts/moved.ts) when the block moved, so that the language service re-uses its
 * view. `use` says everything `make` adds: a policy used otherwise is placed anew.
 */
interface Placed {
  readonly use: string;
  readonly first: ExtractedPolicy;
  readonly firstStart: number;
  readonly last: ExtractedPolicy;
  readonly lastStart: number;
}

function placedAt(
  before: ReadonlyMap<ExtractedPolicy, Placed>,
  now: Map<ExtractedPolicy, Placed>,
  p: ExtractedPolicy,
  start: number,
  use: string,
  make: (shifted: ExtractedPolicy) => ExtractedPolicy,
): ExtractedPolicy {
  const known = now.get(p) ?? before.get(p);
  let entry: Placed;
  if (known && known.use === use) {
    entry = known.lastStart === start ? known : { ...known, last: movePolicy(known.first, start - known.firstStart), lastStart: start };
  } else {
    const first = make(shiftPolicy(p, start));
    entry = { use, first, firstStart: start, last: first, lastStart: start };
  }
  now.set(p, entry);
  return entry.last;
}

/**
 * Records that document `name` is consumed as `use`. A document consumed by resources of
 * different services (terraform-aws-modules/ecr uses one for a private and a public repository,
 * each statement guarded by the repository type) is a resource policy of each (`ecr|ecr-public`).
 */
function addUse(uses: Map<string, PolicyArgument>, name: string, use: PolicyArgument): void {
  const known = uses.get(name);
  if (!known) uses.set(name, use);
  else if (known.policyType === use.policyType && known.resourceService && use.resourceService) {
    const services = new Set([...known.resourceService.split('|'), use.resourceService]);
    uses.set(name, { policyType: use.policyType, resourceService: [...services].join('|') });
  }
}

/** Extracts the policies of a Terraform file once (no caching across versions). */
export function extractTerraform(blocks: readonly TopLevelBlock[]): TerraformExtraction {
  return new TerraformExtractor().extract(blocks);
}

/** An `aws_iam_policy` named as some role's or user's `permissions_boundary` holds a boundary. */
function isBoundary(f: BlockFacts, boundaries: ReadonlySet<string>): boolean {
  return f.labels[0] === 'aws_iam_policy' && boundaries.has(`aws_iam_policy.${f.labels[1]}`);
}

function blockFacts(block: TopLevelBlock): BlockFacts {
  const src: Source = { text: block.text, resolve: () => undefined };
  const problems = block.tooDeep !== undefined ? [tooDeepProblem(block.tooDeep)] : block.hasError ? syntaxProblems(block.node) : [];
  if (block.node.type !== 'block')
    return { text: block.text, kind: '', labels: [], symbols: [], boundaries: [], problems, placeholders: [], localDocs: [] };
  const kind = blockName(src, block.node);
  const labels = blockLabels(src, block.node);
  const symbols: Array<readonly [string, Resolution | LocalValue]> = [];
  const boundaries: string[] = [];
  const attrs = attributesOf(src, block.node);
  const localDocs: Array<readonly [string, readonly string[]]> = [];
  if (kind === 'variable' && labels[0]) {
    const value = attrs.get('default') && hclValue(src, attrs.get('default')!.value);
    if (value?.kind === 'string')
      symbols.push([`var.${labels[0]}`, { value: value.value, assumption: `the default of variable "${labels[0]}"` }]);
  } else if (kind === 'locals') {
    for (const [name, { value }] of attrs) {
      symbols.push([`local.${name}`, { local: value }]);
      const docs = documentReferences(src, value);
      if (docs.length > 0) localDocs.push([`local.${name}`, docs]);
    }
  } else if (kind === 'resource' && labels[0] === 'aws_s3_bucket' && labels[1]) {
    const bucket = attrs.get('bucket') && hclValue(src, attrs.get('bucket')!.value);
    if (bucket?.kind === 'string') {
      const self = `aws_s3_bucket.${labels[1]}`;
      const named = `bucket "${bucket.value}", the literal name of ${self}`;
      symbols.push([`${self}.arn`, { value: `arn:aws:s3:::${bucket.value}`, assumption: `the ARN of ${named} (partition aws)` }]);
      symbols.push([`${self}.id`, { value: bucket.value, assumption: named }]);
      symbols.push([`${self}.bucket`, { value: bucket.value, assumption: named }]);
    }
  }
  if (kind === 'resource') {
    const boundary = attrs.get('permissions_boundary');
    const ref = boundary && referenceParts(src, boundary.value);
    if (ref && ref[0] === 'aws_iam_policy' && ref[2] === 'arn' && ref[1]) boundaries.push(`aws_iam_policy.${ref[1]}`);
  }
  return { text: block.text, kind, labels, symbols, boundaries, problems, placeholders: placeholdersIn(src, block.node), localDocs };
}

/**
 * `replace(data.aws_iam_policy_document.X.json, "_S3_BUCKET_ARN_", local.arn)` anywhere in a
 * block: the module writes `_S3_BUCKET_ARN_` in document X and replaces it before the policy is
 * used (terraform-aws-modules/s3-bucket does). A regular expression (`"/…/"`) is not a placeholder.
 */
function placeholdersIn(src: Source, root: HclNode): Placeholder[] {
  const out: Placeholder[] = [];
  // A call is written with its function's name: a block without the word has none to visit for.
  if (!src.text.includes('replace')) return out;
  const visit = (n: HclNode): void => {
    if (
      n.type === 'function_call' &&
      n.children[0]?.type === 'identifier' &&
      src.text.slice(n.children[0].start, n.children[0].end) === 'replace'
    ) {
      const [subject, search, replacement] = childOfType(n, 'function_arguments')?.children.filter((c) => c.type === 'expression') ?? [];
      const literal = search && hclValue(src, search);
      if (subject && replacement && literal?.kind === 'string' && literal.value.length > 0 && !/^\/.*\/$/.test(literal.value)) {
        const expr = src.text.slice(replacement.start, replacement.end).trim();
        for (const doc of documentReferences(src, subject)) out.push({ doc, search: literal.value, expr });
      }
    }
    for (const c of n.children) visit(c);
  };
  visit(root);
  return out;
}

/**
 * `_S3_BUCKET_ARN_`, `_AWS_ACCOUNT_ID_`: a token written in upper case between underscores, alone
 * or in a longer string (`"_S3_BUCKET_ARN_/*"`). A module given the document replaces them before
 * using it (terraform-aws-modules/s3-bucket documents `_S3_BUCKET_ARN_` and `_AWS_ACCOUNT_ID_` for
 * its `policy` input and calls `replace(var.policy, "_S3_BUCKET_ARN_", …)` in its own code).
 */
const MODULE_TOKEN = /(?<![A-Za-z0-9])_[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?![A-Za-z0-9])/g;

/** The placeholder tokens of a document a module is given (`input`: `module.NAME.ARG`). */
function moduleTokens(value: HostValue, doc: string, input: string): Placeholder[] {
  const found = new Set<string>();
  const visit = (v: HostValue): void => {
    if (v.kind === 'object') for (const e of v.entries) visit(e.value);
    else if (v.kind === 'array') for (const i of v.items) visit(i);
    else if (v.kind === 'string') for (const m of v.value.matchAll(MODULE_TOKEN)) found.add(m[0]);
    else if (v.kind === 'symbolic')
      for (const p of v.parts) if (typeof p === 'string') for (const m of p.matchAll(MODULE_TOKEN)) found.add(m[0]);
  };
  visit(value);
  return [...found].map((search) => ({
    doc,
    search,
    expr: input,
    said: `\`${search}\` is taken as a placeholder the module replaces before using the policy (the document is given to \`${input}\`)`,
  }));
}

/** A document whose placeholders are replaced before use; each replacement is said on hover. */
function withPlaceholderValues(
  doc: ExtractedPolicy,
  placeholders: readonly Placeholder[],
  textAt: (r: HostRange) => string,
): ExtractedPolicy {
  const value = withPlaceholders(doc.value, placeholders, textAt);
  if (value === doc.value) return doc;
  const said = placeholders.map((p) => p.said ?? `\`${p.search}\` is replaced by \`${p.expr}\` before the policy is used (\`replace(…)\`)`);
  return { ...doc, value, assumptions: [...(doc.assumptions ?? []), ...said] };
}

/** The text of the file at an absolute range (within one block). */
function textOf(blocks: readonly TopLevelBlock[], r: HostRange): string {
  const block = blocks.find((b) => b.start <= r.start && r.end <= b.start + b.text.length);
  return block ? block.text.slice(r.start - block.start, r.end - block.start) : '';
}

/**
 * A document's strings with each placeholder as the deployment-time value that replaces it; the
 * part sits where the placeholder is written (`textAt` reads the file).
 */
function withPlaceholders(value: HostValue, placeholders: readonly Placeholder[], textAt: (r: HostRange) => string): HostValue {
  switch (value.kind) {
    case 'object':
      return { ...value, entries: value.entries.map((e) => ({ ...e, value: withPlaceholders(e.value, placeholders, textAt) })) };
    case 'array':
      return { ...value, items: value.items.map((i) => withPlaceholders(i, placeholders, textAt)) };
    case 'string':
    case 'symbolic': {
      const parts = value.kind === 'string' ? [value.value] : value.parts;
      if (!parts.some((p) => typeof p === 'string' && placeholders.some((h) => p.includes(h.search)))) return value;
      const raw = textAt(value.range);
      let cursor = 0;
      const at = (search: string): HostRange => {
        const i = raw.indexOf(search, cursor);
        if (i < 0) return value.range;
        cursor = i + search.length;
        return { start: value.range.start + i, end: value.range.start + cursor };
      };
      const out: Array<string | SymbolicPart> = [];
      for (const part of parts) {
        if (typeof part !== 'string') {
          // Step over the interpolation in the raw text too.
          const i = raw.indexOf(part.expr, cursor);
          if (i >= 0) cursor = i + part.expr.length;
          out.push(part);
        } else out.push(...splitPlaceholders(part, placeholders, at));
      }
      return { kind: 'symbolic', range: value.range, parts: out };
    }
    default:
      return value;
  }
}

function splitPlaceholders(
  text: string,
  placeholders: readonly Placeholder[],
  at: (search: string) => HostRange,
): Array<string | SymbolicPart> {
  let first: { index: number; p: Placeholder } | undefined;
  for (const p of placeholders) {
    const index = text.indexOf(p.search);
    if (index >= 0 && (!first || index < first.index)) first = { index, p };
  }
  if (!first) return text === '' ? [] : [text];
  const head = text.slice(0, first.index);
  const part: SymbolicPart = { expr: first.p.search, kind: 'unknown', range: at(first.p.search) };
  return [...(head ? [head] : []), part, ...splitPlaceholders(text.slice(first.index + first.p.search.length), placeholders, at)];
}

/** The file's resolvable references: variables' defaults, bucket names, and locals built from them. */
function symbolTable(facts: readonly BlockFacts[]): { plain: Map<string, Resolution>; resolve: (expr: string) => Resolution | undefined } {
  const entries = new Map<string, Resolution | LocalValue>();
  for (const f of facts) for (const [k, v] of f.symbols) if (!entries.has(k)) entries.set(k, v);
  const plain = new Map<string, Resolution>();
  const visiting = new Set<string>();
  // Locals are evaluated lazily, their text found again through the facts that hold them.
  const localSources = new Map<string, Source>();
  const resolve = (expr: string): Resolution | undefined => {
    const cached = plain.get(expr);
    if (cached) return cached;
    const entry = entries.get(expr);
    if (!entry || visiting.has(expr)) return undefined;
    if ('value' in entry) return entry;
    const src = localSources.get(expr);
    if (!src) return undefined;
    visiting.add(expr);
    const value = hclValue(src, entry.local);
    visiting.delete(expr);
    const resolved = asResolution(expr, value, resolve);
    if (resolved) plain.set(expr, resolved);
    return resolved;
  };
  for (const f of facts) {
    if (f.kind !== 'locals') continue;
    for (const [k] of f.symbols) localSources.set(k, { text: f.text, resolve });
  }
  for (const [k, v] of entries) {
    if ('value' in v) plain.set(k, v);
    else resolve(k);
  }
  return { plain, resolve: (expr) => plain.get(expr) };
}

function asResolution(expr: string, value: HostValue, resolveNested: (expr: string) => Resolution | undefined): Resolution | undefined {
  if (value.kind === 'string') return { value: value.value, assumption: `the value of ${expr}` };
  if (value.kind !== 'symbolic') return undefined;
  let text = '';
  const used: string[] = [];
  for (const part of value.parts) {
    if (typeof part === 'string') text += part;
    else if (part.assumed !== undefined) {
      text += part.assumed;
      const why = resolveNested(part.expr);
      if (why) used.push(why.assumption);
    } else return undefined;
  }
  return { value: text, assumption: [`the value of ${expr}`, ...used].join(', with ') };
}

function blockPolicies(block: TopLevelBlock, facts: BlockFacts, resolve: (expr: string) => Resolution | undefined): BlockPolicies {
  const node = block.node;
  const [type, name] = facts.labels;
  if (facts.kind !== 'locals' && (!type || (!name && facts.kind !== 'module')))
    return { policies: [], docUses: [], fileReferences: [], problems: [] };
  const reader = new BlockReader({ text: block.text, resolve });
  if (facts.kind === 'data') {
    if (type === 'aws_iam_policy_document') return reader.policyDocument(node, name!);
    if (type === 'template_file') reader.templateFile(node, name!);
    return reader.result();
  }
  if (facts.kind === 'locals') return reader.locals(node);
  if (facts.kind === 'module') return reader.module(node, type);
  if (!type) return reader.result();
  return reader.resource(node, type, name);
}

/** Reads the policies of one top-level block (see {@link blockPolicies}), collecting them as it goes. */
class BlockReader {
  private readonly policies: Array<ExtractedPolicy & { docName?: string }> = [];
  private readonly docUses: Array<{ name: string; use: PolicyArgument }> = [];
  private readonly fileReferences: PolicyFileReference[] = [];
  private readonly problems: HostProblem[] = [];
  private readonly localUses: Array<{ local: string; use: PolicyArgument }> = [];

  constructor(private readonly src: Source) {}

  /** What was read (local uses are given only for resources: see {@link BlockReader.resource}). */
  result(): BlockPolicies {
    const { policies, docUses, fileReferences, problems } = this;
    return { policies, docUses, fileReferences, problems };
  }

  /** `data "aws_iam_policy_document" name`: the document, and the documents merged into it. */
  policyDocument(node: HclNode, name: string): BlockPolicies {
    const src = this.src;
    const rendered = renderPolicyDocument(src, node);
    this.policies.push({
      value: rendered.value,
      syntax: 'hcl',
      terraform: 'policy-document',
      blocks: rendered.blocks,
      ...assumptionsOf(rendered.value, src.resolve),
      label: `data.aws_iam_policy_document.${name}`,
      range: headerRange(node),
      ...(rendered.partial ? { partial: true } : {}),
      docName: name,
    });
    const merges: Array<{ name: string; into: string }> = [];
    for (const [arg, { value }] of attributesOf(src, node)) {
      if (MERGING_ATTRIBUTES.has(arg)) for (const inner of documentReferences(src, value)) merges.push({ name: inner, into: name });
    }
    const { policies, docUses, fileReferences, problems } = this;
    return { policies, docUses, merges, fileReferences, problems };
  }

  /**
   * Terraform 0.11's `data "template_file"`: its `rendered` text is a policy where an argument
   * that takes one uses it (typed then, through the name `template_file.NAME`).
   */
  templateFile(node: HclNode, name: string): void {
    const src = this.src;
    const template = attributesOf(src, node).get('template');
    if (!template) return;
    const docName = `template_file.${name}`;
    const label = `data.template_file.${name}`;
    const value = unwrap(template.value);
    if (value.type !== 'heredoc_template') {
      const call = fileCall(src, template.value);
      const path = call && filePath(src, call.arg);
      if (path !== undefined) this.fileReferences.push({ path, label, range: rangeOf(call!.arg), template: true, docName });
      return;
    }
    const json = heredocJson(src, value);
    if (!json) return;
    const range = rangeOf(template.node.children[0] ?? template.node);
    const rendered = templateVariables(json.value, src.text);
    this.policies.push({
      value: rendered,
      syntax: 'json',
      terraform: 'heredoc',
      ...withConditional(assumptionsOf(rendered, src.resolve), json.conditional),
      label,
      range,
      docName,
    });
    this.problems.push(...json.problems);
  }

  /**
   * `locals { policy = jsonencode({ Statement = … }) }`: a policy named `local.policy`, typed by
   * the arguments that use the local (`policy = var.policy != "" ? var.policy : local.policy`),
   * else by its content.
   */
  locals(node: HclNode): BlockPolicies {
    const { policies } = this;
    for (const [local, { node: argNode, value }] of attributesOf(this.src, node)) {
      const before = policies.length;
      this.consume(argNode, value, { byContent: true }, `local.${local}`);
      for (let i = before; i < policies.length; i++) policies[i] = { ...policies[i]!, docName: `local.${local}` };
    }
    return this.result();
  }

  /**
   * A module's input is a policy when it is written as one (`policy = jsonencode({ Statement = … })`
   * or heredoc JSON with a Statement): typed by its content, as a policy file is.
   * A list of such documents (`policy_jsons = [<<-EOT … EOT]`) holds one per element. Statements
   * passed as objects (`policy_statements = { read = { actions = […] } }`) are a policy too.
   */
  module(node: HclNode, type: string | undefined): BlockPolicies {
    const moduleInputs: Array<{ name: string; input: string }> = [];
    for (const [arg, { node: argNode, value }] of attributesOf(this.src, node)) {
      const label = `module.${type}.${arg}`;
      for (const doc of documentReferences(this.src, value)) moduleInputs.push({ name: doc, input: label });
      this.moduleInput(arg, argNode, value, label);
    }
    return { ...this.result(), moduleInputs };
  }

  /** One input of a module: the documents written in it, and statements passed as objects. */
  private moduleInput(arg: string, argNode: HclNode, value: HclNode, label: string): void {
    const { src, policies } = this;
    const inner = unwrap(value);
    const before = policies.length;
    if (inner.type === 'tuple') {
      inner.children
        .filter((c) => c.type === 'expression')
        .forEach((item, index) => this.consume(argNode, item, { byContent: true }, `${label}[${index}]`));
    } else {
      this.consume(argNode, value, { byContent: true }, label);
    }
    for (let i = before; i < policies.length; i++) {
      const tokens = moduleTokens(policies[i]!.value, label, label);
      if (tokens.length > 0) policies[i] = withPlaceholderValues(policies[i]!, tokens, (r) => src.text.slice(r.start, r.end));
    }
    const trust = /assume_role|trust/.test(arg);
    const statements = /statements$/.test(arg) ? renderModuleStatements(src, value, trust) : undefined;
    if (!statements) return;
    policies.push({
      value: statements.value,
      syntax: 'hcl',
      terraform: 'module-statements',
      blocks: statements.blocks,
      ...assumptionsOf(statements.value, src.resolve),
      label,
      range: rangeOf(argNode.children[0] ?? argNode),
      partial: true,
      ...(trust ? { policyType: 'trust' as const } : {}),
    });
  }

  /** A resource's policy arguments, and an `aws_iam_role`'s `inline_policy` blocks. */
  resource(node: HclNode, type: string, name: string | undefined): BlockPolicies {
    const src = this.src;
    const attrs = attributesOf(src, node);
    for (const [arg, { node: argNode, value }] of attrs) {
      const use = type === 'aws_organizations_policy' && arg === 'content' ? organizationsUse(src, attrs) : policyArgument(type, arg);
      if (use) this.consume(argNode, value, use, `${type}.${name}.${arg}`);
    }
    if (type === 'aws_iam_role') {
      let index = 0;
      for (const inline of childOfType(node, 'body')?.children ?? []) {
        if (inline.type !== 'block' || blockName(src, inline) !== 'inline_policy') continue;
        const policy = attributesOf(src, inline).get('policy');
        if (policy) this.consume(policy.node, policy.value, { policyType: 'identity' }, `${type}.${name}.inline_policy[${index}].policy`);
        index++;
      }
    }
    const { policies, docUses, localUses, fileReferences, problems } = this;
    return { policies, docUses, localUses, fileReferences, problems };
  }

  /**
   * An argument's value: a document written in place (each branch of a conditional too), the
   * policy file it names, or the documents and locals it uses.
   */
  private consume(argNode: HclNode, valueNode: HclNode, argument: PolicyArgument | ByContent, label: string): void {
    const value = unwrap(valueNode);
    if (value.type === 'conditional') {
      // `var.policy != null ? var.policy : jsonencode({…})`: a branch written as a document is one
      // (each is checked); references in either branch are consumed below.
      for (const branch of value.children.filter((c) => c.type === 'expression').slice(1)) {
        if (writtenDocument(this.src, branch)) this.consume(argNode, branch, argument, label);
      }
    }
    if (this.written(argNode, value, argument, label)) return;
    if ('byContent' in argument) return;
    // `data.aws_iam_policy_document.x.json`, also indexed (`x[0].json`), splatted, inside
    // `coalesce(…)`/`try(…)` or a `"${…}"` template: each document named is consumed here.
    for (const name of documentReferences(this.src, valueNode)) this.docUses.push({ name, use: argument });
    // A local used anywhere in the value: a policy written in it, or documents it is built from.
    for (const local of localReferences(this.src, valueNode)) {
      this.docUses.push({ name: local, use: argument });
      this.localUses.push({ local, use: argument });
    }
  }

  /**
   * A value written as a document (`jsonencode(…)`, heredoc JSON) or naming a policy file
   * (`file(…)`, `templatefile(…)`): true when it is one of those forms, whatever was found in it.
   */
  private written(argNode: HclNode, value: HclNode, argument: PolicyArgument | ByContent, label: string): boolean {
    const { src } = this;
    const byContent = 'byContent' in argument;
    const range = rangeOf(argNode.children[0] ?? argNode);
    const typed = {
      ...(argument.policyType ? { policyType: argument.policyType } : {}),
      ...(argument.resourceService ? { resourceService: argument.resourceService } : {}),
    };
    const fn = value.type === 'function_call' ? src.text.slice(value.children[0]?.start ?? 0, value.children[0]?.end ?? 0) : '';
    const args = childOfType(value, 'function_arguments')?.children.filter((c) => c.type === 'expression') ?? [];
    if (fn === 'jsonencode' && args[0]) {
      const policy = hclValue(src, args[0]);
      if (byContent && !hasStatement(policy)) return true;
      const found = {
        value: policy,
        syntax: 'hcl',
        terraform: 'jsonencode',
        ...assumptionsOf(policy, src.resolve),
        label,
        range,
        ...typed,
      } as const;
      this.policies.push(found);
    } else if ((fn === 'file' || fn === 'templatefile') && args[0]) {
      if (byContent) return true;
      const path = filePath(src, args[0]);
      if (path !== undefined) this.fileReferences.push({ path, label, range: rangeOf(args[0]), template: fn === 'templatefile', ...typed });
    } else if (value.type === 'heredoc_template') {
      const json = heredocJson(src, value);
      if (!json || (byContent && !hasStatement(json.value))) return true;
      const found = {
        value: json.value,
        syntax: 'json',
        terraform: 'heredoc',
        ...withConditional(assumptionsOf(json.value, src.resolve), json.conditional),
        label,
        range,
        ...typed,
      } as const;
      this.policies.push(found);
      this.problems.push(...json.problems);
    } else {
      return false;
    }
    return true;
  }
}

/** A module input: a policy only when its value is written as one; its type comes from its content. */
interface ByContent {
  readonly byContent: true;
  readonly policyType?: undefined;
  readonly resourceService?: undefined;
}

/**
 * The value a `template_file` renders: a `${name}` left in its text (written `$${name}` in the
 * heredoc) is one of the template's `vars`, a value known at deployment.
 */
function templateVariables(v: HostValue, text: string): HostValue {
  switch (v.kind) {
    case 'object':
      return { ...v, entries: v.entries.map((e) => ({ ...e, value: templateVariables(e.value, text) })) };
    case 'array':
      return { ...v, items: v.items.map((i) => templateVariables(i, text)) };
    case 'string': {
      if (!v.value.includes('${')) return v;
      const parts: Array<string | SymbolicPart> = [];
      let rest = v.value;
      // Each name's place in the source, for hover: searched in order in the string as written.
      let from = v.range.start;
      for (let at = rest.indexOf('${'); at >= 0; at = rest.indexOf('${')) {
        const end = rest.indexOf('}', at);
        if (end < 0) break;
        if (at > 0) parts.push(rest.slice(0, at));
        const expr = rest.slice(at + 2, end);
        const found = text.indexOf(`{${expr}}`, from);
        const range = found >= 0 && found < v.range.end ? { start: found + 1, end: found + 1 + expr.length } : v.range;
        if (found >= 0) from = found + expr.length + 2;
        parts.push({ expr, kind: 'unknown', range });
        rest = rest.slice(end + 1);
      }
      if (rest !== '') parts.push(rest);
      return { kind: 'symbolic', range: v.range, parts };
    }
    default:
      return v;
  }
}

/**
 * `file(path)` or `templatefile(path, …)`, also written `"${file(path)}"` (Terraform 0.11): the
 * function and its path argument.
 */
function fileCall(src: Source, node: HclNode): { fn: string; arg: HclNode } | undefined {
  let value = unwrap(node);
  if (value.type === 'quoted_template' || value.type === 'template_expr') {
    const parts = value.children.filter((c) => c.type !== '"' && c.type !== 'quoted_template_start' && c.type !== 'quoted_template_end');
    const only = parts.length === 1 && parts[0]?.type === 'template_interpolation' ? childOfType(parts[0], 'expression') : undefined;
    if (!only) return undefined;
    value = unwrap(only);
  }
  if (value.type !== 'function_call') return undefined;
  const fn = src.text.slice(value.children[0]?.start ?? 0, value.children[0]?.end ?? 0);
  const arg = childOfType(value, 'function_arguments')?.children.find((c) => c.type === 'expression');
  return (fn === 'file' || fn === 'templatefile') && arg ? { fn, arg } : undefined;
}

/** True when an expression is a document written in place: `jsonencode(…)`, `file(…)`, `templatefile(…)` or heredoc. */
function writtenDocument(src: Source, node: HclNode): boolean {
  const value = unwrap(node);
  if (value.type === 'heredoc_template') return true;
  if (value.type !== 'function_call') return false;
  const fn = src.text.slice(value.children[0]?.start ?? 0, value.children[0]?.end ?? 0);
  return fn === 'jsonencode' || fn === 'file' || fn === 'templatefile';
}

/**
 * A module input written as an IAM policy: it has a Statement, and a literal Version is an IAM
 * one (an SNS or CloudWatch Logs data protection policy has `Version = "2021-06-01"` and
 * statements of its own kind).
 */
function hasStatement(value: HostValue): boolean {
  if (value.kind !== 'object' || !value.entries.some((e) => e.key === 'Statement')) return false;
  const version = value.entries.find((e) => e.key === 'Version')?.value;
  return version?.kind !== 'string' || version.value === '2012-10-17' || version.value === '2008-10-17';
}

/**
 * The names of the `data "aws_iam_policy_document"` blocks whose `.json` (or `.minified_json`) an
 * expression uses anywhere inside it: `data.aws_iam_policy_document.x.json`, `…x[0].json`,
 * `…x.*.json`, in function arguments and template interpolations.
 */
function documentReferences(src: Source, expression: HclNode): string[] {
  const out: string[] = [];
  const visit = (n: HclNode): void => {
    const first = n.children[0];
    if (n.type === 'expression' && first?.type === 'variable_expr' && src.text.slice(first.start, first.end) === 'data') {
      const names: string[] = [];
      const attr = (c: HclNode): void => {
        const id = childOfType(c, 'identifier');
        if (id) names.push(src.text.slice(id.start, id.end));
      };
      for (const c of n.children.slice(1)) {
        if (c.type === 'get_attr') {
          attr(c);
        } else if (c.type === 'splat') {
          for (const g of c.children.flatMap((s) => s.children)) if (g.type === 'get_attr') attr(g);
        } else if (c.type !== 'index') {
          break;
        }
      }
      const [kind, name, json] = names;
      if (kind === 'aws_iam_policy_document' && name && (json === 'json' || json === 'minified_json')) out.push(name);
      if (kind === 'template_file' && name && json === 'rendered') out.push(`template_file.${name}`);
    }
    for (const c of n.children) visit(c);
  };
  visit(expression);
  return out;
}

/** What the file told about the document's references, one sentence each (shown on hover). */
function assumptionsOf(value: HostValue, resolve: (expr: string) => Resolution | undefined): { assumptions?: string[] } {
  const out = new Set<string>();
  const visit = (v: HostValue): void => {
    if (v.kind === 'object') for (const e of v.entries) visit(e.value);
    else if (v.kind === 'array') for (const i of v.items) visit(i);
    else if (v.kind === 'symbolic') {
      for (const p of v.parts) {
        if (typeof p === 'string' || p.assumed === undefined) continue;
        const why = resolve(p.expr);
        if (why) out.add(`\`${p.expr}\` = \`${why.value}\`: ${why.assumption}`);
      }
    }
  };
  visit(value);
  return out.size > 0 ? { assumptions: [...out] } : {};
}

function organizationsUse(src: Source, attrs: Map<string, { node: HclNode; value: HclNode }>): PolicyArgument | undefined {
  const typeAttr = attrs.get('type');
  const type = typeAttr ? hclValue(src, typeAttr.value) : undefined;
  if (type && type.kind !== 'string') return undefined;
  const policyType = organizationsPolicyType(type?.value);
  return policyType ? { policyType } : undefined;
}

/** The locals an expression uses (`local.x`, also inside functions, conditionals and templates). */
function localReferences(src: Source, expression: HclNode): string[] {
  const out = new Set<string>();
  const visit = (n: HclNode): void => {
    const [first, second] = n.children;
    if (
      n.type === 'expression' &&
      first?.type === 'variable_expr' &&
      src.text.slice(first.start, first.end) === 'local' &&
      second?.type === 'get_attr'
    ) {
      const id = childOfType(second, 'identifier');
      if (id) out.add(`local.${src.text.slice(id.start, id.end)}`);
    }
    for (const c of n.children) visit(c);
  };
  visit(expression);
  return [...out];
}

/** `a.b.c` of a plain reference (`data.aws_iam_policy_document.x.json`), else undefined. */
function referenceParts(src: Source, expression: HclNode): string[] | undefined {
  const children = expression.type === 'expression' ? expression.children : [expression];
  const first = children[0];
  if (!first || first.type !== 'variable_expr') return undefined;
  const parts = [src.text.slice(first.start, first.end)];
  for (const c of children.slice(1)) {
    if (c.type !== 'get_attr') return undefined;
    const id = childOfType(c, 'identifier');
    if (!id) return undefined;
    parts.push(src.text.slice(id.start, id.end));
  }
  return parts;
}

/** The path of `file(…)`: a literal, or `${path.module}/…` (the Terraform file's own folder). */
const PATH_PREFIXES: ReadonlySet<string> = new Set(['path.module', 'path.root', 'path.cwd']);

function filePath(src: Source, arg: HclNode): string | undefined {
  const value = hclValue({ text: src.text, resolve: () => undefined }, arg);
  if (value.kind === 'string') return value.value;
  if (value.kind !== 'symbolic') return undefined;
  const [head, rest, ...more] = value.parts;
  if (more.length > 0 || typeof head !== 'object' || typeof rest !== 'string') return undefined;
  // `path.root` and `path.cwd` are the root module's folder: taken as this file's (a `.tf` file
  // read on its own is its root module; in a child module they name a folder not known here).
  if (!PATH_PREFIXES.has(head.expr) || !rest.startsWith('/')) return undefined;
  return rest.slice(1);
}

/** `data "aws_iam_policy_document" "x"`: the block's name and labels. */
function headerRange(block: HclNode): HostRange {
  const open = childOfType(block, 'block_start');
  let end = block.start;
  for (const c of block.children) if (c !== open && c.end <= (open?.start ?? block.end)) end = c.end;
  return { start: block.start, end };
}

/** HCL syntax errors: ERROR nodes and tokens the parser had to insert. */
function syntaxProblems(root: HclNode): HostProblem[] {
  const out: HostProblem[] = [];
  const visit = (n: HclNode): void => {
    if (n.type === 'ERROR') {
      out.push({ range: rangeOf(n), message: 'HCL syntax error: Terraform cannot read this part of the file.' });
      return;
    }
    if (n.missing) {
      out.push({ range: { start: n.start, end: Math.max(n.end, n.start) }, message: `HCL syntax error: missing ${n.type}.` });
      return;
    }
    for (const c of n.children) visit(c);
  };
  visit(root);
  return out;
}

function shiftProblem(p: HostProblem, by: number): HostProblem {
  return by === 0 ? p : { ...p, range: shiftRange(p.range, by) };
}

function shiftPolicy<P extends ExtractedPolicy>(p: P, by: number): P {
  if (by === 0) return p;
  const blocks = p.blocks?.map((b) => ({ path: b.path, range: shiftRange(b.range, by) }));
  return { ...p, value: shiftValue(p.value, by), range: shiftRange(p.range, by), ...(blocks ? { blocks } : {}) };
}
