/**
 * Document symbols (outline, breadcrumbs, Go to Symbol): the top-level elements, each statement
 * named by its `Sid` or its index, and each statement's elements with a short summary.
 */
import { DocumentSymbol, Range, SymbolKind } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ASTNode, PropertyASTNode } from 'vscode-json-languageservice';
import type { ParsedDocument } from './parse';
import { stringsOf } from './statementView';

/** The outline of a policy. */
export function findDocumentSymbols(document: TextDocument, parsed: ParsedDocument): DocumentSymbol[] {
  const root = parsed.json.root;
  if (root?.type !== 'object') return [];
  return root.properties.map((p) => (p.keyNode.value === 'Statement' ? statementsSymbol(document, p) : propertySymbol(document, p)));
}

function statementsSymbol(document: TextDocument, p: PropertyASTNode): DocumentSymbol {
  const value = p.valueNode;
  const statements = value?.type === 'array' ? value.items : value ? [value] : [];
  const children = statements.flatMap((s, i) => (s.type === 'object' ? [statementSymbol(document, s, i)] : []));
  return symbol(
    document,
    'Statement',
    `${children.length} statement${children.length === 1 ? '' : 's'}`,
    SymbolKind.Array,
    p,
    p.keyNode,
    children,
  );
}

function statementSymbol(document: TextDocument, s: ASTNode & { type: 'object' }, index: number): DocumentSymbol {
  const prop = (name: string) => s.properties.find((p) => p.keyNode.value === name)?.valueNode;
  const sid = prop('Sid');
  const name = sid?.type === 'string' && sid.value ? sid.value : `Statement ${index}`;
  const effect = prop('Effect');
  const actions = stringsOf(prop('Action') ?? prop('NotAction'));
  const detail = [effect?.type === 'string' ? effect.value : '', summary(actions)].filter(Boolean).join(' ');
  const children = s.properties.map((p) => propertySymbol(document, p));
  return symbol(document, name, detail, SymbolKind.Object, s, sid ?? s, children);
}

function propertySymbol(document: TextDocument, p: PropertyASTNode): DocumentSymbol {
  const strings = stringsOf(p.valueNode);
  const kind = p.valueNode?.type === 'object' ? SymbolKind.Object : p.valueNode?.type === 'array' ? SymbolKind.Array : SymbolKind.Property;
  return symbol(document, p.keyNode.value, summary(strings), kind, p, p.keyNode, []);
}

/** `s3:GetObject` or `s3:GetObject, s3:PutObject (+3)`. */
function summary(strings: readonly string[]): string {
  if (strings.length <= 2) return strings.join(', ');
  return `${strings.slice(0, 2).join(', ')} (+${strings.length - 2})`;
}

function symbol(
  document: TextDocument,
  name: string,
  detail: string,
  kind: SymbolKind,
  node: ASTNode,
  selection: ASTNode,
  children: DocumentSymbol[],
): DocumentSymbol {
  const range = rangeOf(document, node);
  const selectionRange = rangeOf(document, selection);
  return DocumentSymbol.create(name || '""', detail, kind, range, selectionRange, children);
}

function rangeOf(document: TextDocument, node: ASTNode): Range {
  return Range.create(document.positionAt(node.offset), document.positionAt(node.offset + node.length));
}
