/**
 * The HCL syntax tree the Terraform extractor reads: plain values copied once from the parser's
 * tree (tree-sitter's `terraform` grammar, loaded by the node glue), so the extraction is pure and
 * testable without WebAssembly. Only named nodes are kept; offsets are UTF-16 code units, as in
 * the host text.
 */

/** One named node of the grammar (`block`, `attribute`, `string_lit`, `template_interpolation`, …). */
export interface HclNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly children: readonly HclNode[];
  /** True for a node the parser inserted to recover from an error (a missing `}` or `"`). */
  readonly missing?: boolean;
}

/** The first child of a given type, if any. */
export function childOfType(node: HclNode, type: string): HclNode | undefined {
  return node.children.find((c) => c.type === type);
}
