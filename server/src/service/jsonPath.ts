/**
 * Maps between json-languageservice tree nodes and JSON paths (`['Statement', 0, 'Effect']`),
 * the address the core uses for every finding.
 */
import type { ASTNode, JSONDocument } from 'vscode-json-languageservice';
import type { JsonPath } from '../core/policy/types';

/** The path of `node` from the root (a property's key node and value node share the property's path). */
export function pathOf(node: ASTNode): (string | number)[] {
  const path: (string | number)[] = [];
  let child: ASTNode = node;
  let parent = node.parent;
  while (parent) {
    if (parent.type === 'property') {
      path.unshift(parent.keyNode.value);
    } else if (parent.type === 'array') {
      path.unshift(parent.items.indexOf(child));
    }
    child = parent;
    parent = parent.parent;
  }
  return path;
}

/**
 * The deepest node at `offset` (values, keys and containers; a node's end counts as inside it):
 * what `doc.getNodeFromOffset(offset, true)` returns. That one scans each node's children in
 * order, so a diagnostic in a long `Statement` array cost a scan of the array; here the children,
 * which follow each other in the text, are searched by halves.
 */
export function nodeAt(doc: JSONDocument, offset: number): ASTNode | undefined {
  let node = doc.root;
  if (!node || !contains(node, offset)) return undefined;
  for (;;) {
    const children = node.children;
    if (!children || children.length === 0) return node;
    // Children starting at or before `offset` are children[0 .. lo - 1].
    let lo = 0;
    let hi = children.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (children[mid]!.offset <= offset) lo = mid + 1;
      else hi = mid;
    }
    // The first of them that contains `offset` (two can: one ends where the next starts).
    let inner: ASTNode | undefined;
    for (let i = lo - 1; i >= 0 && contains(children[i]!, offset); i--) inner = children[i];
    if (!inner) return node;
    node = inner;
  }
}

const contains = (node: ASTNode, offset: number): boolean => offset >= node.offset && offset <= node.offset + node.length;

/** The node at `path`, or undefined. Property paths resolve to the property's value node. */
export function nodeAtPath(doc: JSONDocument, path: JsonPath): ASTNode | undefined {
  let node: ASTNode | undefined = doc.root;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.type === 'object' && typeof segment === 'string') {
      node = node.properties.find((p) => p.keyNode.value === segment)?.valueNode;
    } else if (node.type === 'array' && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return undefined;
    }
  }
  return node;
}

/** The property node (key and value) that holds `path`'s last key, or undefined. */
export function propertyAtPath(doc: JSONDocument, path: JsonPath): ASTNode | undefined {
  const value = nodeAtPath(doc, path);
  return value?.parent?.type === 'property' ? value.parent : undefined;
}
