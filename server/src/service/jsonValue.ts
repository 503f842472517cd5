/** The plain JSON value of a parse, for the pure checks. */
import type { ASTNode } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument } from './parse';

/**
 * The document's value: `JSON.parse` when the text is valid (fast, native), else the value of
 * json-languageservice's error-tolerant tree, so checks keep working while the user types.
 */
export function documentValue(document: TextDocument, parsed: ParsedDocument): unknown {
  // Too deep to walk safely (checks and mappings recurse over the value): treated as empty.
  if (parsed.tooDeep || parsed.tooLarge !== undefined) return undefined;
  try {
    return JSON.parse(document.getText()) as unknown;
  } catch {
    return parsed.json.root ? nodeValue(parsed.json.root) : undefined;
  }
}

/** The value of a tree node (later duplicate keys win, as in JSON.parse). */
export function nodeValue(node: ASTNode): unknown {
  switch (node.type) {
    case 'object': {
      // As JSON.parse builds it: an ordinary object whose keys are own data properties, so a
      // `__proto__` key is data, not the object's prototype, and the value still converts to a
      // string like any parsed object (checks call String() on what the user typed).
      const out: Record<string, unknown> = {};
      for (const p of node.properties) {
        if (p.valueNode)
          Object.defineProperty(out, p.keyNode.value, {
            value: nodeValue(p.valueNode),
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      return out;
    }
    case 'array':
      return node.items.map(nodeValue);
    case 'property':
      return node.valueNode ? nodeValue(node.valueNode) : undefined;
    default:
      return node.value;
  }
}
