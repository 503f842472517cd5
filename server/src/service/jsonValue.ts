/** The plain JSON value of a parse, for the pure checks. */
import type { ASTNode } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument } from './parse';

/**
 * The document's value: `JSON.parse` when the text is valid (fast, native), else the value of
 * json-languageservice's error-tolerant tree, so checks keep working while the user types.
 */
export function documentValue(document: TextDocument, parsed: ParsedDocument): unknown {
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
      // A null prototype: a `__proto__` key is data, not the object's prototype.
      const out = Object.create(null) as Record<string, unknown>;
      for (const p of node.properties) if (p.valueNode) out[p.keyNode.value] = nodeValue(p.valueNode);
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
