/**
 * Ranges and diagnostics for workspace model files and the policy files they reference: the core
 * reports JSON paths (`['accounts', 0, 'users', 'bob', 'groups', 1]`), this maps them to text
 * ranges. Pure: text in, LSP types out.
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isTooDeep } from './limits';
import type { JsonPath } from '../core/policy/types';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver-types';

/** A problem or failing test to show on a model file. */
export interface ModelFinding {
  readonly path: JsonPath;
  readonly code: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly related?: readonly { readonly uri: string; readonly range: Range; readonly message: string }[];
}

/** Parses once, answers many path → range questions. */
export class PathRanges {
  private readonly root: Node | undefined;

  constructor(private readonly document: TextDocument) {
    // The parser recurses per level: a model nested too deep gets its problems at the start.
    const text = document.getText();
    this.root = isTooDeep(text) ? undefined : parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  }

  /**
   * The range to show for `path`: a string or number value whole; an object with a `name` its
   * name; otherwise the first line of the node (a multi-line squiggle hides the text). Falls back
   * to the deepest existing ancestor, then the document start.
   */
  rangeOf(path: JsonPath): Range {
    const node = this.deepest(path);
    if (!node) return { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const named = node.type === 'object' ? findNodeAtLocation(node, ['name']) : undefined;
    const target = named ?? (node.parent?.type === 'property' && node.type === 'object' ? node.parent.children?.[0] : undefined) ?? node;
    return this.firstLine(target);
  }

  /** The whole node at `path` (statements for links), or the deepest existing ancestor. */
  fullRangeOf(path: JsonPath): Range {
    const node = this.deepest(path);
    if (!node) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: this.document.positionAt(node.offset), end: this.document.positionAt(node.offset + node.length) };
  }

  /** The key of the property at `path` (quotes included), e.g. a group's name in its entry; else {@link rangeOf}. */
  keyRangeOf(path: JsonPath): Range {
    const key = this.root ? findNodeAtLocation(this.root, [...path])?.parent?.children?.[0] : undefined;
    return key?.parent?.type === 'property'
      ? { start: this.document.positionAt(key.offset), end: this.document.positionAt(key.offset + key.length) }
      : this.rangeOf(path);
  }

  private deepest(path: JsonPath): Node | undefined {
    if (!this.root) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(this.root, [...path.slice(0, n)]);
      if (node) return node;
    }
    return this.root;
  }

  private firstLine(node: Node): Range {
    const start = this.document.positionAt(node.offset);
    const end = this.document.positionAt(node.offset + node.length);
    if (end.line === start.line) return { start, end };
    const lineEnd = this.document.offsetAt({ line: start.line + 1, character: 0 }) - 1;
    return { start, end: this.document.positionAt(Math.max(lineEnd, node.offset + 1)) };
  }
}

/** Diagnostics for a model file. */
export function modelDiagnostics(document: TextDocument, findings: readonly ModelFinding[]): Diagnostic[] {
  const ranges = new PathRanges(document);
  return findings.map((f) => {
    const related: DiagnosticRelatedInformation[] | undefined = f.related?.map((r) => ({
      location: { uri: r.uri, range: r.range },
      message: r.message,
    }));
    return {
      range: ranges.rangeOf(f.path),
      severity: f.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: f.code,
      source: 'iam-policy-studio',
      message: f.message,
      ...(related && related.length > 0 ? { relatedInformation: related } : {}),
    };
  });
}
