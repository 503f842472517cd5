/**
 * Maps between json-languageservice tree nodes and JSON paths (`['Statement', 0, 'Effect']`),
 * the address the core uses for every finding.
 */
import type { ASTNode, JSONDocument, ObjectASTNode, PropertyASTNode } from 'vscode-json-languageservice';
import { CACHES } from '../core/caches';
import type { JsonPath } from '../core/policy/types';

/** The path of `node` from the root (a property's key node and value node share the property's path). */
export function pathOf(node: ASTNode): (string | number)[] {
  const path: (string | number)[] = [];
  let child: ASTNode = node;
  let parent = node.parent;
  while (parent) {
    if (parent.type === 'property') {
      path.push(parent.keyNode.value);
    } else if (parent.type === 'array') {
      path.push(indexIn(parent.items, child));
    }
    child = parent;
    parent = parent.parent;
  }
  return path.reverse();
}

/**
 * The index of `child` in `items` (children of one node, in order of their offsets): a binary
 * search by offset, so that a diagnostic in an array of 100,000 items does not scan it.
 */
function indexIn(items: readonly ASTNode[], child: ASTNode): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid]!;
    if (item === child) return mid;
    if (item.offset < child.offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return items.indexOf(child);
}

/** Whether two JSON paths are the same. */
export function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/**
 * The deepest node at `offset` (values, keys and containers; a node's end counts as inside it):
 * json-languageservice's `getNodeFromOffset(offset, true)`, which takes the first child that holds
 * the offset, with a binary search over the children instead of a scan (one lookup per diagnostic
 * in an array of 100,000 items made the grammar's messages quadratic), and a loop instead of recursion.
 */
export function nodeAt(doc: JSONDocument, offset: number): ASTNode | undefined {
  const root = doc.root;
  if (!root || !holds(root, offset)) return undefined;
  let node: ASTNode = root;
  for (;;) {
    const children: ASTNode[] = node.children ?? [];
    // The first child whose end is at or after the offset: the children before it end before it.
    let lo = 0;
    let hi = children.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (children[mid]!.offset + children[mid]!.length < offset) lo = mid + 1;
      else hi = mid;
    }
    const next: ASTNode | undefined = children[lo];
    if (!next || next.offset > offset) return node;
    node = next;
  }
}

function holds(node: ASTNode, offset: number): boolean {
  return offset >= node.offset && offset <= node.offset + node.length;
}

/** The node at `path`, or undefined. Property paths resolve to the property's value node. */
export function nodeAtPath(doc: JSONDocument, path: JsonPath): ASTNode | undefined {
  let node: ASTNode | undefined = doc.root;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.type === 'object' && typeof segment === 'string') {
      node = propertyNamed(node, segment)?.valueNode;
    } else if (node.type === 'array' && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return undefined;
    }
  }
  return node;
}

/** Objects with more properties than this are looked up through an index (one per object node). */
const INDEXED_PROPERTIES = 16;
const propertyIndexes = CACHES.weak<ObjectASTNode, Map<string, PropertyASTNode>>('service.jsonPropertyIndexes');

/**
 * The first property of `node` named `key`. A finding per key of an object of 20,000 keys would
 * otherwise scan the object once per finding (quadratic: 3 s for a template's Condition block).
 */
function propertyNamed(node: ObjectASTNode, key: string): PropertyASTNode | undefined {
  const properties = node.properties;
  if (properties.length <= INDEXED_PROPERTIES) return properties.find((p) => p.keyNode.value === key);
  let index = propertyIndexes.get(node);
  if (!index) {
    index = new Map();
    for (const p of properties) if (!index.has(p.keyNode.value)) index.set(p.keyNode.value, p);
    propertyIndexes.set(node, index);
  }
  return index.get(key);
}

/** The property node (key and value) that holds `path`'s last key, or undefined. */
export function propertyAtPath(doc: JSONDocument, path: JsonPath): ASTNode | undefined {
  const value = nodeAtPath(doc, path);
  return value?.parent?.type === 'property' ? value.parent : undefined;
}
