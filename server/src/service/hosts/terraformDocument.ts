/**
 * `data "aws_iam_policy_document"` as the JSON policy the AWS provider renders from it: each
 * `statement` (and `dynamic "statement"` `content`) becomes a Statement, `actions` → Action,
 * `principals { type, identifiers }` → Principal `{ type: identifiers }`, `condition { test,
 * variable, values }` → Condition `{ test: { variable: values } }`. Keys point at the HCL that
 * produced them (the `actions` name, the `test` value), values at their HCL values; what the
 * provider adds itself (Version 2012-10-17, Effect Allow) has an empty range at the block.
 *
 * The rendering follows the provider's policy model (internal/service/iam/policy_model.go in
 * hashicorp/terraform-provider-aws): principals and conditions of the same type/test merge, and a
 * single `principals { type = "*", identifiers = ["*"] }` renders as `"Principal": "*"`.
 */
import type { HostRange, HostValue, PolicyBlock } from './types';
import { childOfType, type HclNode } from './hclTree';
import { hclValue, rangeOf, unknown, unwrap, type Source } from './hclValues';

type Entry = { key: string; keyRange: HostRange; value: HostValue };

/** The rendered document, and whether parts of it are out of sight (merged documents, dynamic blocks). */
export interface RenderedDocument {
  readonly value: HostValue;
  readonly partial: boolean;
  /** The HCL blocks behind parts of the document (see {@link PolicyBlock}). */
  readonly blocks: readonly PolicyBlock[];
}

const STATEMENT_ATTRIBUTES: Readonly<Record<string, string>> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};

/** Attributes that merge other documents into this one. */
export const MERGING_ATTRIBUTES: ReadonlySet<string> = new Set([
  'source_policy_documents',
  'override_policy_documents',
  'source_json',
  'override_json',
]);

/** Renders the body of a `data "aws_iam_policy_document"` block. */
export function renderPolicyDocument(src: Source, block: HclNode): RenderedDocument {
  const body = childOfType(block, 'body');
  const here = emptyAt(block);
  let partial = false;
  let version: Entry = { key: 'Version', keyRange: here, value: { kind: 'string', range: here, value: '2012-10-17' } };
  let id: Entry | undefined;
  const statements: HostValue[] = [];
  const blocks: PolicyBlock[] = [{ path: [], range: rangeOf(block) }];
  for (const item of body?.children ?? []) {
    if (item.type === 'attribute') {
      const [name, value] = attribute(src, item);
      if (name === 'version' && value) version = { key: 'Version', keyRange: rangeOf(item.children[0]!), value: hclValue(src, value) };
      else if (name === 'policy_id' && value) id = { key: 'Id', keyRange: rangeOf(item.children[0]!), value: hclValue(src, value) };
      else if (MERGING_ATTRIBUTES.has(name)) partial = true;
    } else if (item.type === 'block') {
      const statement = statementBody(src, item);
      if (statement.dynamic) partial = true;
      if (statement.body) {
        const path = ['Statement', statements.length];
        const rendered = renderStatement(src, statement.body, statement.block, path);
        partial ||= rendered.partial;
        statements.push(rendered.value);
        blocks.push({ path, range: rangeOf(item) }, ...rendered.blocks);
      }
    }
  }
  const statementEntry: Entry = {
    key: 'Statement',
    keyRange: here,
    value: { kind: 'array', range: rangeOf(body ?? block), items: statements },
  };
  const entries = id ? [version, id, statementEntry] : [version, statementEntry];
  return { value: policyVariables({ kind: 'object', range: rangeOf(block), entries }), partial, blocks };
}

/**
 * The provider writes `&{…}` in a document's strings as `${…}`: "use `&{...}` notation for
 * interpolations that should be processed by AWS rather than by Terraform" (aws_iam_policy_document
 * page of the AWS provider), so `"home/&{aws:username}/*"` is the policy variable `${aws:username}`.
 * Same length: every offset in the string stays where it is written.
 */
function policyVariables(v: HostValue): HostValue {
  switch (v.kind) {
    case 'object':
      return { ...v, entries: v.entries.map((e) => ({ ...e, value: policyVariables(e.value) })) };
    case 'array':
      return { ...v, items: v.items.map(policyVariables) };
    case 'string':
      return v.value.includes('&{') ? { ...v, value: v.value.replaceAll('&{', '${') } : v;
    case 'symbolic':
      return v.parts.some((p) => typeof p === 'string' && p.includes('&{'))
        ? { ...v, parts: v.parts.map((p) => (typeof p === 'string' ? p.replaceAll('&{', '${') : p)) }
        : v;
    default:
      return v;
  }
}

/** A `statement` block's body, or the `content` of a `dynamic "statement"` block. */
function statementBody(src: Source, block: HclNode): { block: HclNode; body?: HclNode; dynamic: boolean } {
  const name = blockName(src, block);
  if (name === 'statement') return { block, body: childOfType(block, 'body'), dynamic: false };
  if (name === 'dynamic' && blockLabels(src, block)[0] === 'statement') {
    const content = childOfType(block, 'body')?.children.find((c) => c.type === 'block' && blockName(src, c) === 'content');
    return { block, body: content ? childOfType(content, 'body') : undefined, dynamic: true };
  }
  return { block, dynamic: false };
}

/** A `principals`/`condition` written as a block, a `dynamic` block's content, or (Terraform 0.11) an attribute `principals = { … }`. */
interface SubBlock {
  /** The block's type name or the attribute's name: where a key about the whole element points. */
  readonly head: HclNode;
  /** The whole block or attribute. */
  readonly node: HclNode;
  readonly attrs: Map<string, { node: HclNode; value: HclNode }>;
  /** From a `dynamic` block: repeated an unknown number of times, maybe none. */
  readonly dynamic: boolean;
}

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
];

function renderStatement(src: Source, body: HclNode, block: HclNode, path: ReadonlyArray<string | number>): RenderedDocument {
  const entries: Entry[] = [];
  const blocks: PolicyBlock[] = [];
  /** Entries whose value may be null or absent at deployment (`lookup(…, null)`, a dynamic block). */
  const maybeAbsent = new Set<Entry>();
  let partial = false;
  let hasEffect = false;
  const principals = new Map<'Principal' | 'NotPrincipal', SubBlock[]>();
  const conditions: SubBlock[] = [];
  const sub = (target: string | undefined, b: SubBlock): void => {
    if (target === 'principals') push(principals, 'Principal', b);
    else if (target === 'not_principals') push(principals, 'NotPrincipal', b);
    else if (target === 'condition') conditions.push(b);
  };
  for (const item of body.children) {
    if (item.type === 'attribute') {
      const [name, value] = attribute(src, item);
      if (!value) continue;
      const object = unwrapObject(value);
      if ((name === 'principals' || name === 'not_principals' || name === 'condition') && object) {
        sub(name, { head: item.children[0]!, node: item, attrs: objectAttributes(src, object), dynamic: false });
        continue;
      }
      const key = STATEMENT_ATTRIBUTES[name];
      if (!key) continue;
      hasEffect ||= key === 'Effect';
      const entry = { key, keyRange: rangeOf(item.children[0]!), value: hclValue(src, value) };
      if (isWhollyUnknown(entry.value)) maybeAbsent.add(entry);
      entries.push(entry);
    } else if (item.type === 'block') {
      const name = blockName(src, item);
      const target = name === 'dynamic' ? blockLabels(src, item)[0] : name;
      // A dynamic principals/condition block repeats content we cannot count.
      if (name === 'dynamic') partial = true;
      const inner = name === 'dynamic' ? dynamicContent(src, item) : item;
      if (!inner) continue;
      sub(target, { head: item.children[0]!, node: inner, attrs: attributesOf(src, inner), dynamic: name === 'dynamic' });
      const at = blockPath(src, target, inner);
      if (at) blocks.push({ path: [...path, ...at], range: rangeOf(item) });
    }
  }
  if (!hasEffect) {
    const here = emptyAt(block);
    entries.unshift({ key: 'Effect', keyRange: here, value: { kind: 'string', range: here, value: 'Allow' } });
  }
  for (const [key, list] of principals) {
    const entry = principalEntry(src, key, list);
    if (list.every((b) => b.dynamic)) maybeAbsent.add(entry);
    entries.push(entry);
  }
  if (conditions.length > 0) entries.push(conditionEntry(src, conditions));
  // `actions` and `not_actions` both written, one of them possibly null (a module passing either):
  // the provider omits a null, so the statement is read with the certain one.
  for (const [a, b] of PAIRS) {
    const first = entries.find((e) => e.key === a);
    const second = entries.find((e) => e.key === b);
    if (!first || !second) continue;
    const drop = maybeAbsent.has(second) ? second : maybeAbsent.has(first) ? first : undefined;
    if (!drop) continue;
    entries.splice(entries.indexOf(drop), 1);
    partial = true;
  }
  return { value: { kind: 'object', range: rangeOf(block), entries }, partial, blocks };
}

/** A value that is nothing but a deployment-time expression (`var.x`, `lookup(…)`): it may be null. */
function isWhollyUnknown(v: HostValue): boolean {
  return v.kind === 'symbolic' && v.parts.every((p) => typeof p !== 'string' && p.assumed === undefined);
}

/** The object expression of an attribute value (`{ type = "AWS", … }`), if it is one. */
function unwrapObject(value: HclNode): HclNode | undefined {
  const inner = unwrap(value);
  return inner.type === 'object' ? inner : undefined;
}

/** The elements of an object expression with identifier keys, as a block's attributes. */
function objectAttributes(src: Source, object: HclNode): Map<string, { node: HclNode; value: HclNode }> {
  const out = new Map<string, { node: HclNode; value: HclNode }>();
  for (const elem of object.children) {
    if (elem.type !== 'object_elem') continue;
    const [key, value] = elem.children.filter((c) => c.type === 'expression');
    if (!key || !value) continue;
    const name = src.text
      .slice(key.start, key.end)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (!out.has(name)) out.set(name, { node: elem, value });
  }
  return out;
}

/**
 * Where a `principals`/`condition` block renders: `["Principal", type]`, `["Condition", test,
 * variable]`; undefined for other blocks and for a type, test or variable known only at deployment.
 */
function blockPath(src: Source, target: string | undefined, block: HclNode): Array<string | number> | undefined {
  const attrs = attributesOf(src, block);
  const literal = (name: string): string | undefined => {
    const a = attrs.get(name);
    const v = a && hclValue(src, a.value);
    return v?.kind === 'string' ? v.value : undefined;
  };
  if (target === 'principals' || target === 'not_principals') {
    const type = literal('type');
    return type === undefined ? undefined : [target === 'principals' ? 'Principal' : 'NotPrincipal', type];
  }
  if (target === 'condition') {
    const test = literal('test');
    const variable = literal('variable');
    return test === undefined || variable === undefined ? undefined : ['Condition', test, variable];
  }
  return undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, [...values]);
}

function dynamicContent(src: Source, block: HclNode): HclNode | undefined {
  return childOfType(block, 'body')?.children.find((c) => c.type === 'block' && blockName(src, c) === 'content');
}

/**
 * `principals` blocks of one kind: `{ type: identifiers, … }`, identifiers of the same type
 * merged. When no block's type is known (only `dynamic` blocks with `principals.value.type`), the
 * element is a value known only at deployment.
 */
function principalEntry(src: Source, key: 'Principal' | 'NotPrincipal', blocks: readonly SubBlock[]): Entry {
  const first = blocks[0]!;
  const keyRange = rangeOf(first.head);
  const byType = new Map<string, { keyRange: HostRange; items: HostValue[]; range: HostRange }>();
  let unknownType: HclNode | undefined;
  for (const block of blocks) {
    const type = block.attrs.get('type');
    const identifiers = block.attrs.get('identifiers');
    if (!type || !identifiers) continue;
    const typeValue = hclValue(src, type.value);
    // A principal type only known at deployment cannot become a key; its block stays out of view.
    if (typeValue.kind !== 'string') {
      unknownType ??= type.value;
      continue;
    }
    const ids = hclValue(src, identifiers.value);
    const items = ids.kind === 'array' ? ids.items : [ids];
    const existing = byType.get(typeValue.value);
    if (existing) existing.items.push(...items);
    else byType.set(typeValue.value, { keyRange: typeValue.range, items: [...items], range: ids.range });
  }
  if (byType.size === 0 && unknownType) return { key, keyRange, value: unknown(src, unknownType, rangeOf(first.node)) };
  const star = byType.get('*');
  if (blocks.length === 1 && byType.size === 1 && star && star.items.length === 1) {
    const only = star.items[0]!;
    if (only.kind === 'string' && only.value === '*') return { key, keyRange, value: only };
  }
  const entries = [...byType].map(([type, v]) => ({
    key: type,
    keyRange: v.keyRange,
    value: { kind: 'array', range: v.range, items: v.items } as HostValue,
  }));
  return { key, keyRange, value: { kind: 'object', range: rangeOf(first.node), entries } };
}

/**
 * `condition` blocks: `{ test: { variable: values } }`, values of the same test and variable
 * merged. When no block's test and variable are known (only `dynamic` blocks), the element is a
 * value known only at deployment.
 */
function conditionEntry(src: Source, blocks: readonly SubBlock[]): Entry {
  const first = blocks[0]!;
  const operators = new Map<
    string,
    {
      keyRange: HostRange;
      range: HostRange;
      keys: Map<string, { keyRange: HostRange; range: HostRange; items: HostValue[]; unknownKey?: true }>;
    }
  >();
  let unknownTest: HclNode | undefined;
  for (const block of blocks) {
    const test = block.attrs.get('test');
    const variable = block.attrs.get('variable');
    const values = block.attrs.get('values');
    if (!test || !variable || !values) continue;
    const op = hclValue(src, test.value);
    const key = hclValue(src, variable.value);
    // A test only known at deployment cannot become a key: the block stays out of view. A variable
    // only known at deployment (`"${local.provider_url}:sub"`) is kept as an unknown key, so that
    // the test is still checked.
    if (op.kind !== 'string' || (key.kind !== 'string' && key.kind !== 'symbolic')) {
      unknownTest ??= op.kind !== 'string' ? test.value : variable.value;
      continue;
    }
    const keyText = key.kind === 'string' ? key.value : key.parts.map((p) => (typeof p === 'string' ? p : `\${${p.expr}}`)).join('');
    const vals = hclValue(src, values.value);
    const items = vals.kind === 'array' ? vals.items : [vals];
    let operator = operators.get(op.value);
    if (!operator) operators.set(op.value, (operator = { keyRange: op.range, range: rangeOf(block.node), keys: new Map() }));
    const existing = operator.keys.get(keyText);
    if (existing) existing.items.push(...items);
    else
      operator.keys.set(keyText, {
        keyRange: key.range,
        range: vals.range,
        items: [...items],
        ...(key.kind === 'symbolic' ? { unknownKey: true } : {}),
      });
  }
  const keyRange = rangeOf(first.head);
  if (operators.size === 0 && unknownTest) return { key: 'Condition', keyRange, value: unknown(src, unknownTest, rangeOf(first.node)) };
  const entries = [...operators].map(([op, o]) => ({
    key: op,
    keyRange: o.keyRange,
    value: {
      kind: 'object',
      range: o.range,
      entries: [...o.keys].map(([k, v]) => ({
        key: k,
        keyRange: v.keyRange,
        value: { kind: 'array', range: v.range, items: v.items } as HostValue,
        ...(v.unknownKey ? { unknownKey: true as const } : {}),
      })),
    } as HostValue,
  }));
  return { key: 'Condition', keyRange, value: { kind: 'object', range: rangeOf(first.node), entries } };
}

/** An attribute's name and value expression. */
export function attribute(src: Source, node: HclNode): [string, HclNode | undefined] {
  const name = node.children[0];
  return [name ? src.text.slice(name.start, name.end) : '', childOfType(node, 'expression')];
}

/** The attributes of a block's body by name. */
export function attributesOf(src: Source, block: HclNode): Map<string, { node: HclNode; value: HclNode }> {
  const out = new Map<string, { node: HclNode; value: HclNode }>();
  for (const item of childOfType(block, 'body')?.children ?? []) {
    if (item.type !== 'attribute') continue;
    const [name, value] = attribute(src, item);
    if (value && !out.has(name)) out.set(name, { node: item, value });
  }
  return out;
}

/** A block's type name: `resource`, `data`, `statement`, … */
export function blockName(src: Source, block: HclNode): string {
  const id = block.children[0];
  return id && id.type === 'identifier' ? src.text.slice(id.start, id.end) : '';
}

/** A block's labels: `resource "aws_iam_role" "app"` → `["aws_iam_role", "app"]`. */
export function blockLabels(src: Source, block: HclNode): string[] {
  const labels: string[] = [];
  for (const child of block.children.slice(1)) {
    if (child.type === 'string_lit') {
      const v = hclValue(src, child);
      labels.push(v.kind === 'string' ? v.value : '');
    } else if (child.type === 'identifier') {
      labels.push(src.text.slice(child.start, child.end));
    } else {
      break;
    }
  }
  return labels;
}

function emptyAt(block: HclNode): HostRange {
  return { start: block.start, end: block.start };
}

/** The keys of a statement object passed to a module (`policy_statements = { read = { actions = […] } }`). */
const MODULE_STATEMENT_KEYS: ReadonlySet<string> = new Set([
  ...Object.keys(STATEMENT_ATTRIBUTES),
  'principals',
  'not_principals',
  'condition',
  'conditions',
]);

/**
 * Statements passed to a module as a list or a map of objects, the way terraform-aws-modules
 * take them (`policy_statements`, `key_statements`, `queue_policy_statements`, …), each with the
 * attributes of a `statement` block (`sid`, `effect`, `actions`, …) and `principals`/`conditions`
 * as lists or maps of objects. The module renders them with `aws_iam_policy_document` and adds
 * statements and defaults of its own (a statement without `resources` gets the module's own
 * resource), so the document is partial and a missing Resource is left unknown (`trust`: a role
 * trust policy, which has none).
 * Undefined unless every element is such a statement object and one of them has actions.
 */
export function renderModuleStatements(src: Source, value: HclNode, trust = false): RenderedDocument | undefined {
  const objects = elementsOf(value);
  if (!objects || objects.length === 0) return undefined;
  const attrsList = objects.map((o) => objectAttributes(src, o));
  if (attrsList.some((attrs) => attrs.size === 0 || [...attrs.keys()].some((k) => !MODULE_STATEMENT_KEYS.has(k)))) return undefined;
  if (!attrsList.some((attrs) => attrs.has('actions') || attrs.has('not_actions'))) return undefined;
  const here = emptyAt(value);
  const blocks: Array<{ path: Array<string | number>; range: HostRange }> = [];
  const statements: HostValue[] = objects.map((object, index) =>
    renderStatementObject(src, object, attrsList[index]!, trust, index, blocks),
  );
  const entries: Entry[] = [
    { key: 'Version', keyRange: here, value: { kind: 'string', range: here, value: '2012-10-17' } },
    { key: 'Statement', keyRange: here, value: { kind: 'array', range: rangeOf(value), items: statements } },
  ];
  return { value: { kind: 'object', range: rangeOf(value), entries }, partial: true, blocks };
}

/** The object elements of a tuple (`[{…}, {…}]`) or the values of an object of objects (`{ a = {…} }`). */
function elementsOf(value: HclNode): HclNode[] | undefined {
  const inner = unwrap(value);
  if (inner.type === 'tuple') {
    const items = inner.children.filter((c) => c.type === 'expression').map(unwrapObject);
    return items.every((i) => i !== undefined) ? (items as HclNode[]) : undefined;
  }
  if (inner.type === 'object') {
    const items = inner.children
      .filter((c) => c.type === 'object_elem')
      .map((elem) => {
        const v = elem.children.filter((c) => c.type === 'expression')[1];
        return v ? unwrapObject(v) : undefined;
      });
    return items.every((i) => i !== undefined) ? (items as HclNode[]) : undefined;
  }
  return undefined;
}

function renderStatementObject(
  src: Source,
  object: HclNode,
  attrs: Map<string, { node: HclNode; value: HclNode }>,
  trust: boolean,
  index: number,
  blocks: Array<{ path: Array<string | number>; range: HostRange }>,
): HostValue {
  const entries: Entry[] = [];
  const principals = new Map<'Principal' | 'NotPrincipal', SubBlock[]>();
  const conditions: SubBlock[] = [];
  const subObjects = (name: string, node: HclNode, value: HclNode): SubBlock[] => {
    const single = unwrapObject(value);
    // One object with the sub-block's own attributes (`condition = { test = …, … }`), else a list or map of them.
    const own = name.endsWith('principals') ? 'type' : 'test';
    const list = single && objectAttributes(src, single).has(own) ? [single] : (elementsOf(value) ?? []);
    return list.map((o) => ({ head: node.children[0] ?? node, node: o, attrs: objectAttributes(src, o), dynamic: false }));
  };
  for (const [name, { node, value }] of attrs) {
    if (name === 'principals') push(principals, 'Principal', ...subObjects(name, node, value));
    else if (name === 'not_principals') push(principals, 'NotPrincipal', ...subObjects(name, node, value));
    else if (name === 'condition' || name === 'conditions') conditions.push(...subObjects(name, node, value));
    else entries.push({ key: STATEMENT_ATTRIBUTES[name]!, keyRange: rangeOf(node.children[0] ?? node), value: hclValue(src, value) });
  }
  const here = emptyAt(object);
  if (!entries.some((e) => e.key === 'Effect'))
    entries.unshift({ key: 'Effect', keyRange: here, value: { kind: 'string', range: here, value: 'Allow' } });
  if (!trust && !entries.some((e) => e.key === 'Resource' || e.key === 'NotResource')) {
    // The module's own resource (the key, queue, topic or secret) when the statement names none.
    entries.push({
      key: 'Resource',
      keyRange: here,
      value: { kind: 'symbolic', range: here, parts: [{ expr: 'the module default', kind: 'unknown', range: here }] },
    });
  }
  for (const [key, list] of principals) if (list.length > 0) entries.push(principalEntry(src, key, list));
  if (conditions.length > 0) entries.push(conditionEntry(src, conditions));
  // Where each principals/conditions object renders (completion of values typed before their quotes).
  const literal = (sub: SubBlock, name: string): string | undefined => {
    const a = sub.attrs.get(name);
    const v = a && hclValue(src, a.value);
    return v?.kind === 'string' ? v.value : undefined;
  };
  for (const [key, list] of principals) {
    for (const sub of list) {
      const type = literal(sub, 'type');
      if (type !== undefined) blocks.push({ path: ['Statement', index, key, type], range: rangeOf(sub.node) });
    }
  }
  for (const sub of conditions) {
    const test = literal(sub, 'test');
    const variable = literal(sub, 'variable');
    if (test !== undefined && variable !== undefined)
      blocks.push({ path: ['Statement', index, 'Condition', test, variable], range: rangeOf(sub.node) });
  }
  return { kind: 'object', range: rangeOf(object), entries };
}
