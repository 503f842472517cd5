/**
 * A tolerant read-only view of one statement in json-languageservice's tree, for completion and
 * hover: which elements it has and the strings of `Action`, `Resource`, … even while the document
 * is half-typed (non-strings are skipped, not reported: validation reports them).
 */
import type { ASTNode, JSONDocument, ObjectASTNode } from 'vscode-json-languageservice';
import { nodeAtPath } from './jsonPath';
import type { JsonPath } from '../core/policy/types';

/** The elements of one statement. */
export interface StatementView {
  /** Element names present, as written. */
  readonly keys: readonly string[];
  /** The element's value node. */
  value(element: string): ASTNode | undefined;
  /** The element's string values: a string, or the strings of an array. */
  strings(element: string): string[];
}

/** The statement at `path` (`['Statement', 0]` or `['Statement']`), if it is an object. */
export function statementAt(doc: JSONDocument, path: JsonPath): StatementView | undefined {
  const node = nodeAtPath(doc, path);
  return node?.type === 'object' ? statementView(node) : undefined;
}

/** The statement containing `node`, found by walking up to the object under `Statement`. */
export function statementOf(node: ASTNode): StatementView | undefined {
  let child: ASTNode = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    const holder = parent.type === 'array' ? parent.parent : parent;
    const isStatement = holder?.type === 'property' && holder.keyNode.value === 'Statement' && holder.parent?.parent === undefined;
    if (isStatement && child.type === 'object') return statementView(child);
  }
  return undefined;
}

/** The view of a statement's object node. */
export function statementView(node: ObjectASTNode): StatementView {
  const value = (element: string) => node.properties.find((p) => p.keyNode.value === element)?.valueNode;
  return {
    keys: node.properties.map((p) => p.keyNode.value),
    value,
    strings: (element) => stringsOf(value(element)),
  };
}

/** A string node's value, or the string items of an array node. */
export function stringsOf(node: ASTNode | undefined): string[] {
  if (!node) return [];
  if (node.type === 'string') return [node.value];
  if (node.type !== 'array') return [];
  return node.items.flatMap((i) => (i.type === 'string' ? [i.value] : []));
}
