/**
 * Hover for IAM policies: element names, actions and wildcard actions, resource ARNs, condition
 * operators and keys, principals. Markdown, with the catalog's data version as a footer where the
 * content comes from the catalog.
 */
import { MarkupKind, Range, type Hover, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ASTNode } from 'vscode-json-languageservice';
import type { Catalog } from '../core/catalog';
import type { ParsedDocument } from './parse';
import { nodeAt, pathOf } from './jsonPath';
import { statementOf } from './statementView';
import type { WorkspaceAccount } from './workspace';
import { ELEMENT_DOCS } from './completion/elements';
import { PRINCIPAL_FORMS } from './completion/principals';
import { operatorMarkdown } from './conditionDocs';
import { actionMarkdown, arnMarkdown, conditionKeyMarkdown } from './hover/catalog';
import { principalMarkdown } from './hover/principal';
import { variableAt, variableMarkdown } from './hover/variable';

/** What hover needs besides the document. */
export interface HoverEnv {
  readonly catalog: Catalog | undefined;
  readonly accounts: () => readonly WorkspaceAccount[];
}

/** The hover at `position`, or null. */
export function doHover(env: HoverEnv, document: TextDocument, parsed: ParsedDocument, position: Position): Hover | null {
  const node = nodeAt(parsed.json, document.offsetAt(position));
  if (!node || node.type !== 'string') return null;
  const isKey = node.parent?.type === 'property' && node.parent.keyNode === node;
  const offset = document.offsetAt(position);
  const variable = isKey ? undefined : variableAt(document.getText().slice(node.offset, node.offset + node.length), offset - node.offset);
  const inVariable = variable && inVariableElement(node) ? variable : undefined;
  const content = inVariable ? variableMarkdown(env.catalog, inVariable) : isKey ? keyMarkdown(env, node) : valueMarkdown(env, node);
  if (!content) return null;
  const span = inVariable
    ? { start: node.offset + inVariable.start, end: node.offset + inVariable.end }
    : { start: node.offset, end: node.offset + node.length };
  const range = Range.create(document.positionAt(span.start), document.positionAt(span.end));
  return { contents: { kind: MarkupKind.Markdown, value: content }, range };
}

/** Policy variables are replaced in Resource / NotResource and Condition values. */
function inVariableElement(node: ASTNode): boolean {
  const element = statementRest(pathOf(node))?.[0];
  return element === 'Resource' || element === 'NotResource' || element === 'Condition';
}

/** The path below the statement (`['Action', 2]`), or undefined outside statements. */
function statementRest(path: readonly (string | number)[]): (string | number)[] | undefined {
  if (path[0] !== 'Statement') return undefined;
  return typeof path[1] === 'number' ? path.slice(2) : path.slice(1);
}

function keyMarkdown(env: HoverEnv, node: ASTNode & { value: string }): string | undefined {
  const path = pathOf(node);
  if (path.length === 1) return ELEMENT_DOCS[node.value];
  const rest = statementRest(path);
  if (!rest) return undefined;
  if (rest.length === 1) return ELEMENT_DOCS[node.value];
  if (rest[0] === 'Condition' && rest.length === 2) return operatorMarkdown(node.value);
  if (rest[0] === 'Condition' && rest.length === 3 && env.catalog)
    return conditionKeyMarkdown(env.catalog, node.value, actionPatterns(node));
  if ((rest[0] === 'Principal' || rest[0] === 'NotPrincipal') && rest.length === 2) return PRINCIPAL_FORMS.get(node.value);
  return undefined;
}

function valueMarkdown(env: HoverEnv, node: ASTNode & { value: string }): string | undefined {
  const rest = statementRest(pathOf(node));
  if (!rest) return undefined;
  const element = rest[0];
  if ((element === 'Action' || element === 'NotAction') && env.catalog) return actionMarkdown(env.catalog, node.value);
  if ((element === 'Resource' || element === 'NotResource') && env.catalog)
    return arnMarkdown(env.catalog, node.value, actionPatterns(node));
  if (element === 'Principal' || element === 'NotPrincipal') {
    const form = typeof rest[1] === 'string' ? rest[1] : undefined;
    return principalMarkdown(form, node.value, env.accounts()) || undefined;
  }
  return undefined;
}

/** The hovered statement's action patterns (NotAction: `*`), for key support notes. */
function actionPatterns(node: ASTNode): string[] {
  const statement = statementOf(node);
  if (!statement) return [];
  if (statement.keys.includes('NotAction')) return [];
  return statement.strings('Action');
}
