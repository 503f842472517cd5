/**
 * Quick fixes inside Terraform files. The checks describe fixes as JSON-tree edits with JSON text
 * (see core/checks/types.ts FixEdit); here they become edits that keep the Terraform file valid:
 *
 * - `jsonencode({…})`: HCL expressions. Strings are double-quoted with HCL escapes and a literal
 *   `${`/`%{` (an IAM policy variable such as `${aws:username}`) written `$${`/`%%{`; arrays are
 *   tuples, objects `{ Key = value }`.
 * - heredoc JSON: the JSON edits, with `${`/`%{` escaped the same way (a heredoc is a template).
 * - `data "aws_iam_policy_document"`: IAM elements are attributes and blocks of the data source.
 *   `Action` is written as `actions`, …; list attributes stay lists (`actions = ["s3:GetObject"]`);
 *   `Principal`/`Condition` values are written as `principals`/`condition` blocks; removing an
 *   element removes its attribute or block lines; the provider's defaults (Version, Effect Allow),
 *   which have no text, are set by adding the attribute.
 *
 * A fix that cannot be written exactly (an edit inside a value merged from several blocks, a
 * `dynamic` block's template) is not offered: no fix is better than a wrong one.
 */
import type { ArrayASTNode, ASTNode, JSONDocument, ObjectASTNode } from 'vscode-json-languageservice';
import { Range, TextEdit } from 'vscode-languageserver-types';
import type { Fix, FixEdit, JsonPath } from '../../core/checks';
import { nodeAtPath, samePath } from '../jsonPath';
import { snippetToPlain } from '../codeActions';
import type { PolicyView } from './view';
import { isRecord } from '../../core/json';

/** A text edit in view offsets (relative to the view's base). */
interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The text edits of a fix in a Terraform view, or undefined when the fix cannot be written there.
 * `jsonEdits` turns a fix into the JSON text edits of a JSON document (used for heredoc JSON).
 */
export function hclFixEdits(view: PolicyView, fix: Fix, jsonEdits: (fix: Fix) => TextEdit[] | undefined): TextEdit[] | undefined {
  const form = view.policy.terraform;
  // Statements passed to a module: its own attribute names, rendered by the module; not edited.
  if (!form || form === 'module-statements') return undefined;
  const plainFix: Fix = fix.snippet ? { ...fix, snippet: false, edits: fix.edits.map(plainEdit) } : fix;
  if (form === 'heredoc') {
    const edits = jsonEdits(plainFix);
    return edits?.map((e) => ({ range: e.range, newText: escapeTemplate(e.newText) }));
  }
  const writer = new Writer(view);
  const spans: Span[] = [];
  for (const e of plainFix.edits) {
    const out = form === 'jsonencode' ? writer.expressionEdit(e) : writer.documentEdit(e);
    if (!out) return undefined;
    spans.push(...out);
  }
  spans.push(...writer.removals());
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) return undefined;
  return spans.map((s) => TextEdit.replace(Range.create(view.document.positionAt(s.start), view.document.positionAt(s.end)), s.text));
}

function plainEdit(e: FixEdit): FixEdit {
  return e.kind === 'remove' ? e : { ...e, json: snippetToPlain(e.json) };
}

/** HCL template text for literal text: `${` → `$${`, `%{` → `%%{`. */
export function escapeTemplate(text: string): string {
  return text.split('${').join('$${').split('%{').join('%%{');
}

/** A double-quoted HCL string whose value is `s`. */
export function hclString(s: string): string {
  // JSON's escapes are HCL's, except \b and \f, which HCL writes as \u escapes.
  const json = JSON.stringify(s).replace(/\\b/g, '\\u0008').replace(/\\f/g, '\\u000c');
  return escapeTemplate(json);
}

const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'endif', 'endfor']);

/** An object key in HCL: bare when it is an identifier, else a quoted string. */
export function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !KEYWORDS.has(key) ? key : hclString(key);
}

/** A JSON value as an HCL expression (on one line). */
export function hclExpression(value: unknown): string {
  if (typeof value === 'string') return hclString(value);
  if (Array.isArray(value)) return `[${value.map(hclExpression).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${hclKey(k)} = ${hclExpression(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** The IAM elements that `aws_iam_policy_document` writes as attributes, by attribute name. */
const ATTRIBUTES: Readonly<Record<string, string>> = {
  Version: 'version',
  Id: 'policy_id',
  Sid: 'sid',
  Effect: 'effect',
  Action: 'actions',
  NotAction: 'not_actions',
  Resource: 'resources',
  NotResource: 'not_resources',
};

/** Elements the data source takes as lists only. */
const LIST_ELEMENTS = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);

/** Elements the data source writes as blocks. */
const BLOCK_ELEMENTS: Readonly<Record<string, string>> = {
  Principal: 'principals',
  NotPrincipal: 'not_principals',
  Condition: 'condition',
};

function parseJson(json: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(json) as unknown };
  } catch {
    return undefined;
  }
}

class Writer {
  private readonly text: string;
  /** Elements to remove from lists and objects, by their list of siblings. */
  private readonly pending: Array<{ siblings: readonly ASTNode[]; removed: Set<ASTNode> }> = [];
  private readonly json: JSONDocument;

  constructor(private readonly view: PolicyView) {
    this.text = view.document.getText();
    this.json = view.parsed.json;
  }

  // ---- jsonencode: HCL expressions -------------------------------------------------------------

  expressionEdit(e: FixEdit): Span[] | undefined {
    if (e.kind === 'remove') return this.removeElement(e.path);
    const parsed = parseJson(e.json);
    if (!parsed) return undefined;
    if (e.kind === 'replace') {
      const node = nodeAtPath(this.json, e.path);
      if (!node) return undefined;
      if (e.target === 'key') {
        const key = node.parent?.type === 'property' ? node.parent.keyNode : undefined;
        if (!key || typeof parsed.value !== 'string') return undefined;
        const quoted = this.text[key.offset] === '"';
        return [{ start: key.offset, end: key.offset + key.length, text: quoted ? hclString(parsed.value) : hclKey(parsed.value) }];
      }
      return [{ start: node.offset, end: node.offset + node.length, text: this.valueText(node, parsed.value) }];
    }
    const obj = e.path.length === 0 ? this.json.root : nodeAtPath(this.json, e.path);
    if (!obj || obj.type !== 'object') return undefined;
    const member = `${hclKey(e.key)} = ${hclExpression(parsed.value)}`;
    return [this.insertMember(obj, member, e.first === true)];
  }

  /** A replacement value; a tuple written over several lines stays so. */
  private valueText(node: ASTNode, value: unknown): string {
    if (!Array.isArray(value) || node.type !== 'array') return hclExpression(value);
    const old = this.text.slice(node.offset, node.offset + node.length);
    if (!old.includes('\n') || value.length === 0) return hclExpression(value);
    const first = node.items[0];
    const itemIndent = first && this.onlySpaceBefore(first.offset) ? this.indentAt(first.offset) : `${this.indentAt(node.offset)}  `;
    const closing = this.indentAt(node.offset + node.length - 1);
    return `[\n${value.map((v) => `${itemIndent}${hclExpression(v)},`).join('\n')}\n${closing}]`;
  }

  /** Adds `member` to an HCL object expression, on its own line when the members are. */
  private insertMember(obj: ObjectASTNode, member: string, first: boolean): Span {
    const props = obj.properties;
    if (props.length === 0) return { start: obj.offset + 1, end: obj.offset + 1, text: ` ${member} ` };
    const anchor = first ? props[0]! : props[props.length - 1]!;
    const multiline = this.onlySpaceBefore(anchor.offset);
    const indent = this.indentAt(anchor.offset);
    if (first) return { start: anchor.offset, end: anchor.offset, text: multiline ? `${member}\n${indent}` : `${member}, ` };
    const end = anchor.offset + anchor.length;
    return { start: end, end, text: multiline ? `\n${indent}${member}` : `, ${member}` };
  }

  /** Removes an array element or object member with one separator (comma or line break). */
  private removeElement(path: JsonPath): Span[] | undefined {
    const value = nodeAtPath(this.json, path);
    if (!value) return undefined;
    const node: ASTNode = value.parent?.type === 'property' ? value.parent : value;
    const container = node.parent;
    if (!container || (container.type !== 'array' && container.type !== 'object')) return undefined;
    const siblings: ASTNode[] = container.type === 'array' ? (container as ArrayASTNode).items : (container as ObjectASTNode).properties;
    return this.removeAmong(node, siblings);
  }

  /** Removes `node` from its list of siblings (done in {@link removals}, with the other removals there). */
  private removeAmong(node: ASTNode, siblings: readonly ASTNode[]): Span[] {
    const pending = this.pending.find(
      (p) => p.siblings === siblings || (p.siblings.length === siblings.length && p.siblings.every((s, i) => s === siblings[i])),
    );
    if (pending) pending.removed.add(node);
    else this.pending.push({ siblings, removed: new Set([node]) });
    return [];
  }

  /**
   * The removals of elements from lists and objects: each run of neighbouring removed elements
   * goes with one separator (up to the next kept element, or from the previous kept one).
   */
  removals(): Span[] {
    const out: Span[] = [];
    for (const { siblings, removed } of this.pending) {
      let i = 0;
      while (i < siblings.length) {
        if (!removed.has(siblings[i]!)) {
          i++;
          continue;
        }
        let j = i;
        while (j + 1 < siblings.length && removed.has(siblings[j + 1]!)) j++;
        const first = siblings[i]!;
        const last = siblings[j]!;
        const next = siblings[j + 1];
        const prev = siblings[i - 1];
        const start = next ? first.offset : prev ? prev.offset + prev.length : first.offset;
        const end = next ? next.offset : last.offset + last.length;
        out.push({ start, end, text: '' });
        i = j + 1;
      }
    }
    return out;
  }

  // ---- data "aws_iam_policy_document": attributes and blocks -----------------------------------

  documentEdit(e: FixEdit): Span[] | undefined {
    if (e.kind === 'remove') return this.documentRemove(e.path);
    const parsed = parseJson(e.json);
    if (!parsed) return undefined;
    if (e.kind === 'insert') return this.documentInsert(e.path, e.key, parsed.value);
    return e.target === 'key' ? this.documentRenameKey(e.path, parsed.value) : this.documentReplace(e.path, parsed.value);
  }

  private documentReplace(path: JsonPath, value: unknown): Span[] | undefined {
    const node = nodeAtPath(this.json, path);
    if (!node) return undefined;
    const element = elementOf(path);
    if (element.kind === 'attribute') {
      const key = ATTRIBUTES[element.name]!;
      const text = LIST_ELEMENTS.has(element.name) ? hclList(value) : hclExpression(value);
      if (text === undefined) return undefined;
      // A default the provider adds (Version, Effect Allow) has no text: write the attribute.
      if (node.length === 0) return this.insertLines(element.owner, [`${key} = ${text}`], true);
      return [
        {
          start: node.offset,
          end: node.offset + node.length,
          text: LIST_ELEMENTS.has(element.name) ? this.valueText(node, Array.isArray(value) ? value : [value]) : text,
        },
      ];
    }
    if (element.kind === 'item') return this.replaceItem(node, value);
    if (element.kind === 'block-part') {
      // A list attribute (identifiers, values) of one block is replaced in place.
      if (node.type === 'array' && this.selfContained(node) && this.blocksAt(path).length === 1) {
        const list = Array.isArray(value) ? value : [value];
        return [{ start: node.offset, end: node.offset + node.length, text: this.valueText(node, list) }];
      }
      return this.rewriteBlocks(path, value);
    }
    return undefined;
  }

  /** A string in a tuple (an action, an identifier, a condition value). */
  private replaceItem(node: ASTNode, value: unknown): Span[] | undefined {
    if (node.length === 0 || Array.isArray(value) || (value !== null && typeof value === 'object')) return undefined;
    return [{ start: node.offset, end: node.offset + node.length, text: hclExpression(value) }];
  }

  private documentRenameKey(path: JsonPath, value: unknown): Span[] | undefined {
    if (typeof value !== 'string') return undefined;
    const node = nodeAtPath(this.json, path);
    const key = node?.parent?.type === 'property' ? node.parent.keyNode : undefined;
    if (!node || !key || key.length === 0) return undefined;
    const element = elementOf(path);
    if (element.kind === 'attribute') {
      const name = ATTRIBUTES[value];
      return name ? [{ start: key.offset, end: key.offset + key.length, text: name }] : undefined;
    }
    // A principal type, condition operator or condition key: the `type`/`test`/`variable` string
    // of one block (a key merged from several blocks would have to change in each).
    if (element.kind !== 'block-part' || this.text[key.offset] !== '"' || this.blocksUnder(path).length !== 1) return undefined;
    return [{ start: key.offset, end: key.offset + key.length, text: hclString(value) }];
  }

  private documentRemove(path: JsonPath): Span[] | undefined {
    const node = nodeAtPath(this.json, path);
    if (!node) return undefined;
    const element = elementOf(path);
    if (element.kind === 'statement') {
      const blocks = this.blocksAt(path);
      return blocks.length === 1 ? [this.removeLines(blocks[0]!.start, blocks[0]!.end)] : undefined;
    }
    if (element.kind === 'attribute') {
      const prop = node.parent?.type === 'property' ? node.parent : undefined;
      if (!prop || prop.keyNode.length === 0 || node.length === 0) return undefined;
      return [this.removeLines(prop.keyNode.offset, node.offset + node.length)];
    }
    if (element.kind === 'item') {
      const parent = node.parent;
      if (!parent || parent.type !== 'array' || !within(node, parent)) return undefined;
      // Items merged from other blocks' lists are not this list's neighbours.
      const siblings = parent.items.filter((i) => within(i, parent));
      return this.removeAmong(node, siblings);
    }
    if (element.kind === 'block-part') {
      const blocks = this.blocksUnder(path);
      if (blocks.length === 0 || blocks.some((b) => this.isDynamic(b))) return undefined;
      return blocks.map((b) => this.removeLines(b.start, b.end));
    }
    return undefined;
  }

  private documentInsert(path: JsonPath, key: string, value: unknown): Span[] | undefined {
    const owner = elementOf([...path, key]);
    if (owner.kind === 'attribute') {
      if (nodeAtPath(this.json, [...path, key])?.length) return undefined;
      const text = LIST_ELEMENTS.has(key) ? hclList(value) : hclExpression(value);
      // Attributes go first in the block, blocks (principals, condition) after them.
      return text === undefined ? undefined : this.insertLines(owner.owner, [`${ATTRIBUTES[key]!} = ${text}`], true);
    }
    if (owner.kind !== 'block-part') return undefined;
    const statement = path.slice(0, 2);
    const lines = blockLines([...path, key].slice(2), value);
    if (!lines) return undefined;
    return this.insertLines(statement, lines, false);
  }

  /** Replaces the blocks under `path` with blocks written from `value`, where the first one was. */
  private rewriteBlocks(path: JsonPath, value: unknown): Span[] | undefined {
    const blocks = this.blocksUnder(path);
    const first = blocks[0];
    const lines = blockLines(path.slice(2), value);
    if (!first || !lines || blocks.some((b) => this.isDynamic(b))) return undefined;
    const indent = this.indentAt(first.start);
    const text = lines.map((l) => l.split('\n').join(`\n${indent}`)).join(`\n${indent}`);
    return [{ start: first.start, end: first.end, text }, ...blocks.slice(1).map((b) => this.removeLines(b.start, b.end))];
  }

  /**
   * Adds lines to the block at `path`, indented one level deeper: attributes (`atStart`) after its
   * last attribute, blocks at its end.
   */
  private insertLines(path: JsonPath, lines: readonly string[], atStart: boolean): Span[] | undefined {
    const blocks = this.blocksAt(path);
    const block = blocks[0];
    if (blocks.length !== 1 || !block || this.isDynamic(block)) return undefined;
    const indent = `${this.indentAt(block.start)}  `;
    const body = lines.map((l) => `${indent}${l.split('\n').join(`\n${indent}`)}\n`).join('');
    if (atStart) {
      // After the block's last attribute line, else at the top of its body.
      const owner = path.length === 0 ? this.json.root : nodeAtPath(this.json, path);
      const attributes =
        owner?.type === 'object'
          ? owner.properties.filter((p) => p.keyNode.length > 0 && p.keyNode.value in ATTRIBUTES && this.text[p.keyNode.offset] !== '"')
          : [];
      const last = Math.max(-1, ...attributes.map((p) => p.offset + p.length));
      const after = last >= 0 ? this.text.indexOf('\n', last) : -1;
      if (after !== -1 && after < block.end && this.text.slice(last, after).trim() === '')
        return [{ start: after + 1, end: after + 1, text: body }];
      const open = this.text.indexOf('\n', block.start);
      if (open === -1 || open >= block.end) return undefined;
      return [{ start: open + 1, end: open + 1, text: body }];
    }
    const close = block.end - 1;
    if (this.text[close] !== '}') return undefined;
    if (this.onlySpaceBefore(close)) {
      const lineStart = this.lineStart(close);
      return [{ start: lineStart, end: lineStart, text: body }];
    }
    return [{ start: close, end: close, text: `\n${body}${this.indentAt(block.start)}` }];
  }

  /** The blocks rendered exactly at `path`, in view offsets. */
  private blocksAt(path: JsonPath): Array<{ start: number; end: number }> {
    return this.blocks().filter((b) => samePath(b.path, path));
  }

  /** The blocks rendered at `path` or below it. */
  private blocksUnder(path: JsonPath): Array<{ start: number; end: number }> {
    return this.blocks().filter((b) => b.path.length >= path.length && samePath(b.path.slice(0, path.length), path));
  }

  private blocks(): Array<{ path: ReadonlyArray<string | number>; start: number; end: number }> {
    const base = this.view.base;
    return (this.view.policy.blocks ?? []).map((b) => ({ path: b.path, start: b.range.start - base, end: b.range.end - base }));
  }

  /** A `dynamic` block: its content is a template repeated per element; it is not edited. */
  private isDynamic(block: { start: number }): boolean {
    return this.text.startsWith('dynamic', block.start);
  }

  /** True when every value under `node` is written inside its range (not merged from other blocks). */
  private selfContained(node: ASTNode): boolean {
    return (node.children ?? []).every((c) => within(c, node) && this.selfContained(c));
  }

  /** Removes `[start, end)` with its whole lines when nothing else is written on them. */
  private removeLines(start: number, end: number): Span {
    const lineStart = this.lineStart(start);
    let lineEnd = this.text.indexOf('\n', end);
    if (lineEnd === -1) lineEnd = this.text.length;
    const after = this.text.slice(end, lineEnd).trim();
    if (this.onlySpaceBefore(start) && (after === '' || after.startsWith('#') || after.startsWith('//'))) {
      return { start: lineStart, end: Math.min(lineEnd + 1, this.text.length), text: '' };
    }
    return { start, end, text: '' };
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  private onlySpaceBefore(offset: number): boolean {
    return this.text.slice(this.lineStart(offset), offset).trim() === '';
  }

  /** The leading whitespace of the line that holds `offset`. */
  private indentAt(offset: number): string {
    const start = this.lineStart(offset);
    let end = start;
    while (end < this.text.length && (this.text[end] === ' ' || this.text[end] === '\t')) end++;
    return this.text.slice(start, end);
  }
}

/** What a JSON path addresses in a rendered `aws_iam_policy_document`. */
type Element =
  | { readonly kind: 'attribute'; readonly name: string; readonly owner: JsonPath }
  | { readonly kind: 'statement' }
  | { readonly kind: 'item' }
  | { readonly kind: 'block-part' }
  | { readonly kind: 'other' };

function elementOf(path: JsonPath): Element {
  const [top, index, element, ...rest] = path;
  if (path.length === 1 && (top === 'Version' || top === 'Id')) return { kind: 'attribute', name: top, owner: [] };
  if (top !== 'Statement' || typeof index !== 'number') return { kind: 'other' };
  if (element === undefined) return { kind: 'statement' };
  if (typeof element !== 'string') return { kind: 'other' };
  if (element in ATTRIBUTES && element !== 'Version' && element !== 'Id') {
    if (rest.length === 0) return { kind: 'attribute', name: element, owner: ['Statement', index] };
    return rest.length === 1 && typeof rest[0] === 'number' && LIST_ELEMENTS.has(element) ? { kind: 'item' } : { kind: 'other' };
  }
  if (element in BLOCK_ELEMENTS) {
    // Principal → type → identifiers[i]; Condition → test → variable → values[i].
    const depth = element === 'Condition' ? 3 : 2;
    if (rest.length === depth && typeof rest[depth - 1] === 'number') return { kind: 'item' };
    if (rest.length < depth && rest.every((s) => typeof s === 'string')) return { kind: 'block-part' };
  }
  return { kind: 'other' };
}

/** A list attribute's value: a string becomes a one-element list. */
function hclList(value: unknown): string | undefined {
  if (typeof value === 'string') return hclExpression([value]);
  return Array.isArray(value) ? hclExpression(value) : undefined;
}

/**
 * `principals`/`condition` blocks for a value at a path below a statement: `["Principal"]` with
 * `"*"` or `{ type: ids }`, `["Principal", type]` with ids, `["Condition"]` with `{ test: { variable:
 * values } }`, `["Condition", test]` with `{ variable: values }`, `["Condition", test, variable]`
 * with values. Each block is one string of lines (indented relative to its first line).
 */
function blockLines(tail: JsonPath, value: unknown): string[] | undefined {
  const [element, ...rest] = tail;
  if (typeof element !== 'string') return undefined;
  const keyword = BLOCK_ELEMENTS[element];
  if (!keyword) return undefined;
  const out: string[] = [];
  if (element === 'Condition') {
    const conditions: Array<[string, string, unknown]> = [];
    if (rest.length === 0 && isRecord(value)) {
      for (const [test, keys] of Object.entries(value)) {
        if (!isRecord(keys)) return undefined;
        for (const [variable, values] of Object.entries(keys)) conditions.push([test, variable, values]);
      }
    } else if (rest.length === 1 && isRecord(value)) {
      for (const [variable, values] of Object.entries(value)) conditions.push([String(rest[0]), variable, values]);
    } else if (rest.length === 2) {
      conditions.push([String(rest[0]), String(rest[1]), value]);
    } else {
      return undefined;
    }
    for (const [test, variable, values] of conditions) {
      const list = hclList(values);
      if (list === undefined) return undefined;
      out.push(`${keyword} {\n  test     = ${hclString(test)}\n  variable = ${hclString(variable)}\n  values   = ${list}\n}`);
    }
    return out.length ? out : undefined;
  }
  const principals: Array<[string, unknown]> = [];
  if (rest.length === 0 && value === '*') principals.push(['*', ['*']]);
  else if (rest.length === 0 && isRecord(value)) principals.push(...Object.entries(value));
  else if (rest.length === 1) principals.push([String(rest[0]), value]);
  else return undefined;
  for (const [type, ids] of principals) {
    const list = hclList(ids);
    if (list === undefined) return undefined;
    out.push(`${keyword} {\n  type        = ${hclString(type)}\n  identifiers = ${list}\n}`);
  }
  return out.length ? out : undefined;
}

function within(inner: { offset: number; length: number }, outer: { offset: number; length: number }): boolean {
  return inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;
}
