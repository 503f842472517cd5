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
import { hclValue, rangeOf, type Source } from './hclValues';

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

const MERGING_ATTRIBUTES = new Set(['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']);

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
  return { value: { kind: 'object', range: rangeOf(block), entries }, partial, blocks };
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

function renderStatement(src: Source, body: HclNode, block: HclNode, path: ReadonlyArray<string | number>): RenderedDocument {
  const entries: Entry[] = [];
  const blocks: PolicyBlock[] = [];
  let partial = false;
  let hasEffect = false;
  const principals = new Map<'Principal' | 'NotPrincipal', HclNode[]>();
  const conditions: HclNode[] = [];
  for (const item of body.children) {
    if (item.type === 'attribute') {
      const [name, value] = attribute(src, item);
      const key = STATEMENT_ATTRIBUTES[name];
      if (!key || !value) continue;
      hasEffect ||= key === 'Effect';
      entries.push({ key, keyRange: rangeOf(item.children[0]!), value: hclValue(src, value) });
    } else if (item.type === 'block') {
      const name = blockName(src, item);
      const target = name === 'dynamic' ? blockLabels(src, item)[0] : name;
      // A dynamic principals/condition block repeats content we cannot count.
      if (name === 'dynamic') partial = true;
      const inner = name === 'dynamic' ? dynamicContent(src, item) : item;
      if (!inner) continue;
      if (target === 'principals') push(principals, 'Principal', inner);
      else if (target === 'not_principals') push(principals, 'NotPrincipal', inner);
      else if (target === 'condition') conditions.push(inner);
      const at = blockPath(src, target, inner);
      if (at) blocks.push({ path: [...path, ...at], range: rangeOf(item) });
    }
  }
  if (!hasEffect) {
    const here = emptyAt(block);
    entries.unshift({ key: 'Effect', keyRange: here, value: { kind: 'string', range: here, value: 'Allow' } });
  }
  for (const [key, blocks] of principals) entries.push(principalEntry(src, key, blocks));
  if (conditions.length > 0) entries.push(conditionEntry(src, conditions));
  return { value: { kind: 'object', range: rangeOf(block), entries }, partial, blocks };
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function dynamicContent(src: Source, block: HclNode): HclNode | undefined {
  return childOfType(block, 'body')?.children.find((c) => c.type === 'block' && blockName(src, c) === 'content');
}

/** `principals` blocks of one kind: `{ type: identifiers, … }`, identifiers of the same type merged. */
function principalEntry(src: Source, key: 'Principal' | 'NotPrincipal', blocks: readonly HclNode[]): Entry {
  const first = blocks[0]!;
  const keyRange = rangeOf(first.children[0]!);
  const byType = new Map<string, { keyRange: HostRange; items: HostValue[]; range: HostRange }>();
  for (const block of blocks) {
    const attrs = attributesOf(src, block);
    const type = attrs.get('type');
    const identifiers = attrs.get('identifiers');
    if (!type || !identifiers) continue;
    const typeValue = hclValue(src, type.value);
    // A principal type only known at deployment cannot become a key; its block stays out of view.
    if (typeValue.kind !== 'string') continue;
    const ids = hclValue(src, identifiers.value);
    const items = ids.kind === 'array' ? ids.items : [ids];
    const existing = byType.get(typeValue.value);
    if (existing) existing.items.push(...items);
    else byType.set(typeValue.value, { keyRange: typeValue.range, items: [...items], range: ids.range });
  }
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
  return { key, keyRange, value: { kind: 'object', range: rangeOf(first), entries } };
}

/** `condition` blocks: `{ test: { variable: values } }`, values of the same test and variable merged. */
function conditionEntry(src: Source, blocks: readonly HclNode[]): Entry {
  const first = blocks[0]!;
  const operators = new Map<
    string,
    { keyRange: HostRange; range: HostRange; keys: Map<string, { keyRange: HostRange; range: HostRange; items: HostValue[] }> }
  >();
  for (const block of blocks) {
    const attrs = attributesOf(src, block);
    const test = attrs.get('test');
    const variable = attrs.get('variable');
    const values = attrs.get('values');
    if (!test || !variable || !values) continue;
    const op = hclValue(src, test.value);
    const key = hclValue(src, variable.value);
    if (op.kind !== 'string' || key.kind !== 'string') continue;
    const vals = hclValue(src, values.value);
    const items = vals.kind === 'array' ? vals.items : [vals];
    let operator = operators.get(op.value);
    if (!operator) operators.set(op.value, (operator = { keyRange: op.range, range: rangeOf(block), keys: new Map() }));
    const existing = operator.keys.get(key.value);
    if (existing) existing.items.push(...items);
    else operator.keys.set(key.value, { keyRange: key.range, range: vals.range, items: [...items] });
  }
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
      })),
    } as HostValue,
  }));
  return { key: 'Condition', keyRange: rangeOf(first.children[0]!), value: { kind: 'object', range: rangeOf(first), entries } };
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
