/**
 * Syntax and grammar diagnostics: strict JSON (no comments, no trailing commas, no duplicate keys,
 * as AWS accepts) and the policy grammar of schemas/iam-policy.schema.json, with messages that name
 * the element and the value found.
 */
import {
  ErrorCode,
  type ArrayASTNode,
  type ASTNode,
  type JSONDocument,
  type JSONSchema,
  type ObjectASTNode,
  type LanguageService as JsonLanguageService,
} from 'vscode-json-languageservice';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocUrl, checkInfo } from '../core/checks';
import type { ParsedDocument } from './parse';
import { nodeAt, pathOf } from './jsonPath';
import { describeSchemaProblem } from './schemaMessages';
import { ValidationCancelled } from './checkRunner';
import { CACHES } from '../core/caches';

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

/** How many statements are validated against the schema between two pauses. */
export const SCHEMA_STATEMENTS_PER_SLICE = 1000;

/**
 * json-languageservice's validation settings for a policy. The schema is passed explicitly: an
 * association by file name would yield to a `$schema` property in the document, and a policy must
 * not escape validation that way.
 */
export const GRAMMAR_SETTINGS = { comments: 'error', trailingCommas: 'error', schemaValidation: 'error', schemaRequest: 'ignore' } as const;

/**
 * JSON syntax and schema diagnostics for one parsed document. A long `Statement` array is
 * validated in slices of {@link SCHEMA_STATEMENTS_PER_SLICE} statements (see
 * {@link grammarProblems}), `pause` (when given) awaited between them (false: the run stops with
 * {@link ValidationCancelled}); the diagnostics are the same, in the same order.
 */
export async function validateGrammar(
  jsonLs: JsonLanguageService,
  schema: JSONSchema,
  document: TextDocument,
  parsed: ParsedDocument,
  pause?: () => Promise<boolean>,
): Promise<Diagnostic[]> {
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
  const raw = await grammarProblems(jsonLs, schema, document, parsed.json, pause);
  const syntaxErrors = (parsed.json as { syntaxErrors?: readonly Diagnostic[] }).syntaxErrors ?? [];
  let ranges: NodesByRange | undefined;
  const nodeWithRange = (offset: number, length: number) => firstWithRange((ranges ??= nodesByRange(parsed.json.root)), offset, length);
  const diagnostics = raw.map((d) =>
    isSyntaxProblem(d, syntaxErrors) ? syntaxDiagnostic(document, d) : schemaDiagnostic(document, parsed, d, nodeWithRange),
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

type Settings = Parameters<JsonLanguageService['doValidation']>[2];

/**
 * What one json-languageservice validation of the document reports ({@link GRAMMAR_SETTINGS},
 * `schema`), in its order. A long `Statement` array goes in slices (`pause`, when given, awaited
 * between them), where statements proven free of grammar problems skip json-languageservice: a
 * policy of thousands of statements, mostly well-formed, is validated several times faster, with
 * or without pauses (the command line, the pull diagnostics and the MCP tools have none).
 */
export async function grammarProblems(
  jsonLs: JsonLanguageService,
  schema: JSONSchema,
  document: TextDocument,
  json: JSONDocument,
  pause: () => Promise<boolean> = () => Promise.resolve(true),
): Promise<Diagnostic[]> {
  return (
    (await validateInSlices(jsonLs, schema, document, json, GRAMMAR_SETTINGS, pause)) ??
    (await jsonLs.doValidation(document, json, GRAMMAR_SETTINGS, schema))
  );
}

/**
 * json-languageservice's validation of a policy whose `Statement` is a long array, in pieces that
 * give what one call gives, in its order. That call validates the root's properties in the
 * schema's order (Version, Id, Statement), then reports keys the schema does not allow, then the
 * syntax errors and comments, dropping repeats (same position and message). For an array,
 * `Statement`'s `anyOf` (a statement, or an array of statements) always takes the array branch
 * (it matches the type; the other does not, and the array branch counts one matched property per
 * item), whose problems are its items' problems in order. So: the root with `Statement` accepted
 * as any array, then the statements slice by slice (each item is validated on its own), then the
 * unknown keys, then syntax and comments against an empty schema. Undefined when the document or
 * the schema has another shape (one call then does it).
 */
async function validateInSlices(
  jsonLs: JsonLanguageService,
  schema: JSONSchema,
  document: TextDocument,
  json: JSONDocument,
  settings: Settings,
  pause: () => Promise<boolean>,
): Promise<Diagnostic[] | undefined> {
  const root = json.root;
  if (root?.type !== 'object') return undefined;
  const holders = root.properties.filter((p) => p.keyNode.value === 'Statement');
  const value = holders.length === 1 ? holders[0]!.valueNode : undefined;
  if (value?.type !== 'array' || value.items.length <= SCHEMA_STATEMENTS_PER_SLICE) return undefined;
  const parts = slicedSchemas(schema);
  if (!parts) return undefined;
  const semantic = (node: ASTNode, part: JSONSchema) => jsonLs.doValidation(document, jsonLs.newJSONDocument(node, []), settings, part);
  const all = [...(await semantic(root, parts.apart))];
  for (let i = 0; i < value.items.length; i += SCHEMA_STATEMENTS_PER_SLICE) {
    if (!(await pause())) throw new ValidationCancelled();
    // Statements proven free of grammar problems add nothing to the slice's problems (which are
    // its items' problems in order): only the others go through json-languageservice.
    const items = value.items.slice(i, i + SCHEMA_STATEMENTS_PER_SLICE).filter((item) => grammarVerdict(item, parts.item, schema) !== true);
    if (items.length === 0) continue;
    const slice: ArrayASTNode = { type: 'array', offset: value.offset, length: value.length, items, children: items };
    all.push(...(await semantic(slice, parts.statements)));
  }
  all.push(...(await semantic(root, parts.unknownKeys)));
  all.push(...(await jsonLs.doValidation(document, json, settings, parts.syntax)));
  const seen = new Set<string>();
  return all.filter((d) => {
    const key = `${d.range.start.line} ${d.range.start.character} ${typeof d.message === 'string' ? d.message : d.message.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface SlicedSchemas {
  /** The root, `Statement` accepted as any array, no check of unknown keys. */
  readonly apart: JSONSchema;
  /** An array of statements (the slice). */
  readonly statements: JSONSchema;
  /** One statement. */
  readonly item: JSONSchema;
  /** The root's unknown keys only. */
  readonly unknownKeys: JSONSchema;
  /** Nothing: syntax errors and comments only. */
  readonly syntax: JSONSchema;
}

/** The policy schema in the pieces {@link validateInSlices} uses, if it has the shape they assume. */
function slicedSchemas(schema: JSONSchema): SlicedSchemas | undefined {
  // `$id` stays with the original (the pieces resolve `#/definitions/…` within themselves).
  const { properties, additionalProperties, required, type, patternProperties, $id: _id, ...rest } = schema;
  const statement = properties?.['Statement'];
  if (!properties || typeof statement !== 'object' || patternProperties || rest.allOf || rest.anyOf || rest.oneOf || rest.not)
    return undefined;
  const [one, many, ...more] = statement.anyOf ?? [];
  if (!one || typeof many !== 'object' || more.length || many.type !== 'array' || !many.items) return undefined;
  if (Object.keys(many).some((k) => k !== 'type' && k !== 'items')) return undefined;
  const id = schema.id ?? 'iam-policy';
  return {
    apart: {
      ...rest,
      id: `${id}#apart`,
      type,
      required,
      properties: { ...properties, Statement: { ...statement, anyOf: [one, { type: 'array' }] } },
    },
    statements: { ...rest, id: `${id}#statements`, type: 'array', items: many.items },
    item: many.items as JSONSchema,
    unknownKeys: {
      $schema: schema.$schema,
      id: `${id}#unknown-keys`,
      type,
      properties: Object.fromEntries(Object.keys(properties).map((k) => [k, true])),
      additionalProperties,
    },
    syntax: { id: `${id}#syntax` },
  };
}

/** Keywords that never make json-languageservice report a problem (for the schemas below). */
const ANNOTATIONS = new Set([
  'description',
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'title',
  'errorMessage',
  '$schema',
  '$id',
  'id',
  'definitions',
  'default',
  'examples',
]);

/**
 * Whether json-languageservice, validating `node` against `schema` (`$ref`s resolved in `root`'s
 * `definitions`), reports no problem (true) or some problem (false); undefined when it cannot be
 * told here. Only these keywords are decided, each as json-languageservice's validator decides it:
 * `type` (no `integer`), `enum` of scalars on a scalar, `required`, `properties`,
 * `additionalProperties`, `items` (one schema), `pattern`, `allOf`, `anyOf`, `not`, and a `$ref`
 * alone. Any other keyword, a boolean schema, a property without a value or a repeated key: undefined.
 * A problem in one keyword is a problem of the whole (json-languageservice merges them); `anyOf`
 * has none when one alternative has none; `not` has one when its schema has none.
 */
export function grammarVerdict(node: ASTNode, schema: JSONSchema | boolean | undefined, root: JSONSchema): boolean | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  let unknown = false;
  const keys = keywordsOf(schema);
  for (const key of keys) {
    const verdict = keywordVerdict(key, keys, node, schema, root);
    if (verdict === false) return false;
    if (verdict === UNDECIDABLE) return undefined;
    if (verdict === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

/**
 * A keyword's part of {@link grammarVerdict}: true (no problem), false (a problem: the whole has
 * one), undefined (a sub-schema's verdict is unknown; a later keyword may still find a problem) or
 * {@link UNDECIDABLE} (a keyword or a form of it not decided here: the whole verdict is unknown at once).
 */
type KeywordVerdict = boolean | undefined | typeof UNDECIDABLE;
const UNDECIDABLE = 'undecidable';

function keywordVerdict(key: string, keys: readonly string[], node: ASTNode, schema: JSONSchema, root: JSONSchema): KeywordVerdict {
  switch (key) {
    case '$ref':
      return keys.length > 1 ? UNDECIDABLE : grammarVerdict(node, definitionOf(schema.$ref, root), root);
    case 'type':
      return typeVerdict(node, schema.type);
    case 'enum':
      return enumVerdict(node, schema.enum);
    case 'allOf':
      return Array.isArray(schema.allOf) ? everyVerdict(schema.allOf, (sub) => grammarVerdict(node, sub, root)) : UNDECIDABLE;
    case 'anyOf':
      return anyOfVerdict(node, schema.anyOf, root);
    case 'not': {
      const r = grammarVerdict(node, schema.not, root);
      return r === undefined ? undefined : !r;
    }
    case 'required':
    case 'properties':
    case 'additionalProperties':
      if (node.type !== 'object') return true;
      if (!plainProperties(node)) return UNDECIDABLE;
      return propertiesVerdict(key, node, schema, root);
    case 'items': {
      const items = schema.items;
      if (node.type !== 'array') return true;
      if (Array.isArray(items) || typeof items !== 'object') return UNDECIDABLE;
      return everyVerdict(node.items, (item) => grammarVerdict(item, items, root));
    }
    case 'pattern':
      return patternVerdict(node, schema.pattern);
    default:
      return UNDECIDABLE;
  }
}

/** The definition a `#/definitions/…` reference names in `root`, if any. */
function definitionOf(ref: unknown, root: JSONSchema): JSONSchema | undefined {
  const name = typeof ref === 'string' && ref.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined;
  return name !== undefined && root.definitions && Object.hasOwn(root.definitions, name)
    ? (root.definitions[name] as JSONSchema | undefined)
    : undefined;
}

/** False at the first item with a problem; undefined when some item's verdict is unknown; else true. */
function everyVerdict<T>(items: readonly T[], verdict: (item: T) => boolean | undefined): boolean | undefined {
  let unknown = false;
  for (const item of items) {
    const r = verdict(item);
    if (r === false) return false;
    if (r === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

/** `type`: one type or a list of them (`integer` is not decided here). */
function typeVerdict(node: ASTNode, type: JSONSchema['type']): KeywordVerdict {
  if (typeof type === 'string') return type === 'integer' ? UNDECIDABLE : node.type === type;
  const types: readonly unknown[] = Array.isArray(type) ? type : [type];
  if (types.some((t) => typeof t !== 'string' || t === 'integer')) return UNDECIDABLE;
  return types.includes(node.type);
}

/** `enum` of scalars, on a scalar. */
function enumVerdict(node: ASTNode, values: JSONSchema['enum']): KeywordVerdict {
  if (!Array.isArray(values) || values.some((e) => e !== null && typeof e === 'object')) return UNDECIDABLE;
  if (node.type === 'object' || node.type === 'array' || node.type === 'property') return UNDECIDABLE;
  return values.includes(node.value);
}

/** `anyOf`: no problem when one alternative has none (the others need not be judged); a problem when every one has one. */
function anyOfVerdict(node: ASTNode, alternatives: JSONSchema['anyOf'], root: JSONSchema): KeywordVerdict {
  if (!Array.isArray(alternatives) || alternatives.length === 0) return UNDECIDABLE;
  let allFalse = true;
  for (const sub of alternatives) {
    const v = grammarVerdict(node, sub, root);
    if (v === true) return true;
    if (v !== false) allFalse = false;
  }
  return allFalse ? false : undefined;
}

/** `required`, `properties` or `additionalProperties` on an object whose properties all have a value and a unique key. */
function propertiesVerdict(key: string, node: ObjectASTNode, schema: JSONSchema, root: JSONSchema): KeywordVerdict {
  if (key === 'required') {
    if (!Array.isArray(schema.required)) return UNDECIDABLE;
    return !schema.required.some((name) => !node.properties.some((p) => p.keyNode.value === name));
  }
  if (key === 'properties') {
    const properties = schema.properties;
    if (typeof properties !== 'object' || properties === null) return UNDECIDABLE;
    return everyVerdict(node.properties, (p) =>
      Object.hasOwn(properties, p.keyNode.value) ? grammarVerdict(p.valueNode!, properties[p.keyNode.value], root) : true,
    );
  }
  const extra = schema.additionalProperties;
  if (schema.patternProperties) return UNDECIDABLE;
  return everyVerdict(node.properties, (p) => {
    if (schema.properties && Object.hasOwn(schema.properties, p.keyNode.value)) return true;
    return typeof extra === 'boolean' ? extra : grammarVerdict(p.valueNode!, extra, root);
  });
}

/** `pattern` on a string (a `(?i)` pattern or one JavaScript cannot compile is not decided here). */
function patternVerdict(node: ASTNode, pattern: JSONSchema['pattern']): KeywordVerdict {
  if (node.type !== 'string') return true;
  if (typeof pattern !== 'string' || pattern.startsWith('(?i)')) return UNDECIDABLE;
  let regex: RegExp;
  try {
    regex = patternCache.get(pattern) ?? new RegExp(pattern, 'u');
  } catch {
    return UNDECIDABLE;
  }
  patternCache.set(pattern, regex);
  return regex.test(node.value);
}

/**
 * A schema's keys that are not {@link ANNOTATIONS}, in their order. json-languageservice resolves a
 * schema in place when it validates against it: a node's `$ref` is deleted and the referenced
 * definition's keys merged into the node. So keys listed with a `$ref` that is gone are listed again;
 * no other node is changed.
 */
const schemaKeywords = CACHES.weak<JSONSchema, readonly string[]>('grammar.schemaKeywords');
function keywordsOf(schema: JSONSchema): readonly string[] {
  let keys = schemaKeywords.get(schema);
  if (!keys || (schema.$ref === undefined && keys.includes('$ref'))) {
    keys = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k));
    schemaKeywords.set(schema, keys);
  }
  return keys;
}

/** Whether every property of the object has a value and no key repeats. */
function plainProperties(node: ObjectASTNode): boolean {
  const properties = node.properties;
  if (properties.length > 16) {
    const keys = new Set<string>();
    for (const p of properties) {
      if (!p.valueNode || keys.has(p.keyNode.value)) return false;
      keys.add(p.keyNode.value);
    }
    return true;
  }
  for (let i = 0; i < properties.length; i++) {
    const p = properties[i]!;
    if (!p.valueNode) return false;
    for (let j = 0; j < i; j++) if (properties[j]!.keyNode.value === p.keyNode.value) return false;
  }
  return true;
}
const patternCache = CACHES.map<string, RegExp>('grammar.patterns');

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

function schemaDiagnostic(
  document: TextDocument,
  parsed: ParsedDocument,
  d: Diagnostic,
  nodeWithRange: (offset: number, length: number) => ASTNode | undefined,
): Diagnostic {
  const offset = document.offsetAt(d.range.start);
  const length = document.offsetAt(d.range.end) - offset;
  const at = nodeAt(parsed.json, offset);
  // In a view of a host document, nodes need not nest by offset (Terraform principals merged from
  // several blocks): the node the problem is about is the one with exactly its range.
  const node = at && at.offset === offset && at.length === length ? at : (nodeWithRange(offset, length) ?? at);
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

/** Lengths below this go into a {@link NodesByRange} key with their offset (both fit in 53 bits). */
const KEYED_LENGTH = 2 ** 22;

/** {@link nodesByRange}: first nodes by range, keyed `offset × KEYED_LENGTH + length`, and the longer nodes in order. */
interface NodesByRange {
  readonly keyed: Map<number, ASTNode>;
  readonly long: readonly ASTNode[];
}

/**
 * For each range of the tree, its first node depth first (a node before its children, children in
 * order). Built once per validation when a problem's range is not that of the node at its offset
 * ("Missing property" is reported on the object's first character): a long policy with such a
 * problem in every statement would otherwise walk the whole tree once per problem.
 */
function nodesByRange(root: ASTNode | undefined): NodesByRange {
  const keyed = new Map<number, ASTNode>();
  const long: ASTNode[] = [];
  const stack: ASTNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.length >= KEYED_LENGTH || node.offset >= 2 ** 31) long.push(node);
    else {
      const key = node.offset * KEYED_LENGTH + node.length;
      if (!keyed.has(key)) keyed.set(key, node);
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return { keyed, long };
}

function firstWithRange(nodes: NodesByRange, offset: number, length: number): ASTNode | undefined {
  if (length >= KEYED_LENGTH || offset >= 2 ** 31) return nodes.long.find((n) => n.offset === offset && n.length === length);
  return nodes.keyed.get(offset * KEYED_LENGTH + length);
}
