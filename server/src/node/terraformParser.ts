/**
 * The HCL parser for Terraform files: tree-sitter's `terraform` grammar
 * (@tree-sitter-grammars/tree-sitter-hcl, MIT) run by web-tree-sitter (MIT), both WebAssembly, so
 * the same files work in the extension's server and the CLI on every platform. The `.wasm` files
 * ship next to the bundles in dist/ (copied by scripts/build.mjs); loading is asynchronous and
 * happens once.
 *
 * Re-parsing is incremental: a document keeps its last tree, the change since is applied to it
 * (`tree.edit`) and the old tree is passed to `parse`. The tree is then copied into plain
 * {@link HclNode}s per top-level block for the pure extraction in service/hosts; a block whose
 * text did not change, without syntax errors, keeps its copy (crossing into WebAssembly per node
 * costs about as much as parsing).
 */
import { join } from 'node:path';
import { Edit, Language, Parser, type Tree, type TreeCursor } from 'web-tree-sitter';
import type { HclNode } from '../service/hosts/hclTree';
import { MAX_NESTING } from '../service/limits';
import type { TopLevelBlock } from '../service/hosts/terraform';

export interface TerraformParser {
  /** Parses `text`; with `previous` (the last parse of the same document), re-parses incrementally. */
  parse(text: string, previous?: TerraformParse): TerraformParse;
}

/** One parse: the top-level blocks, and tree-sitter's tree kept for the next incremental parse. */
export interface TerraformParse {
  readonly text: string;
  readonly blocks: readonly TopLevelBlock[];
  /** tree-sitter's tree; released when the next parse of the document replaces it. */
  readonly native: Tree;
}

/** The number of documents whose trees are kept for incremental re-parsing. */
const KEPT_TREES = 64;

/**
 * A parse function for the Terraform host: each document (by key) is re-parsed incrementally from
 * its last parse; the trees of the least recently parsed documents are released.
 */
export function incrementalParser(parser: TerraformParser): (text: string, key: string) => readonly TopLevelBlock[] {
  const last = new Map<string, TerraformParse>();
  return (text, key) => {
    const previous = last.get(key);
    last.delete(key);
    const parse = parser.parse(text, previous);
    last.set(key, parse);
    if (last.size > KEPT_TREES) {
      const [oldestKey, oldest] = last.entries().next().value as [string, TerraformParse];
      oldest.native.delete();
      last.delete(oldestKey);
    }
    return parse.blocks;
  };
}

/** The two WebAssembly files: tree-sitter's runtime and the Terraform grammar. */
export interface TerraformWasmFiles {
  readonly runtime: string;
  readonly grammar: string;
}

/** The files as the build ships them, next to the bundles (dist/). */
export function wasmFilesIn(dir: string): TerraformWasmFiles {
  return { runtime: join(dir, 'web-tree-sitter.wasm'), grammar: join(dir, 'tree-sitter-terraform.wasm') };
}

let loading: Promise<TerraformParser> | undefined;

/** Loads the parser (once per process: tree-sitter's runtime is a single WebAssembly instance). */
export function loadTerraformParser(files: TerraformWasmFiles): Promise<TerraformParser> {
  loading ??= load(files);
  return loading;
}

async function load(files: TerraformWasmFiles): Promise<TerraformParser> {
  await Parser.init({ locateFile: () => files.runtime });
  const language = await Language.load(files.grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  const types = nodeTypes(language);
  return {
    parse(text, previous) {
      // The same text (a sibling file read again for the module): the same tree and blocks.
      if (previous && previous.text === text) return previous;
      const old = previous ? editedTree(previous, text) : undefined;
      const native = parser.parse(text, old);
      if (!native) throw new Error('tree-sitter returned no tree for a Terraform file');
      old?.delete();
      const reuse = new Map<string, HclNode>();
      for (const b of previous?.blocks ?? []) if (b.tooDeep === undefined && !b.hasError) reuse.set(b.text, b.node);
      const blocks = topLevelBlocks(native, text, reuse, types);
      previous?.native.delete();
      return { text, blocks, native };
    },
  };
}

/**
 * A copy of the previous tree, edited to the one changed span between the old and the new text;
 * undefined when less than a quarter of the new text is unchanged (another file's text under the
 * same key, a paste over everything): tree-sitter would re-use next to nothing, and editing the
 * old tree and trying its nodes costs more than a fresh parse.
 */
function editedTree(previous: TerraformParse, text: string): Tree | undefined {
  const before = previous.text;
  let start = 0;
  const max = Math.min(before.length, text.length);
  while (start < max && before.charCodeAt(start) === text.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = text.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  if (start + (text.length - newEnd) < text.length / 4) return undefined;
  const tree = previous.native.copy();
  tree.edit(
    new Edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition: pointAt(before, start),
      oldEndPosition: pointAt(before, oldEnd),
      newEndPosition: pointAt(text, newEnd),
    }),
  );
  return tree;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The named nodes under the file's body (blocks, attributes, errors), comments left out. */
function topLevelBlocks(tree: Tree, text: string, reuse: Map<string, HclNode>, types: NodeTypes): TopLevelBlock[] {
  const blocks: TopLevelBlock[] = [];
  const cursor = tree.walk();
  const collect = (): void => {
    if (!cursor.gotoFirstChild()) return;
    do {
      const type = cursor.nodeType;
      if (type === 'body') {
        collect();
        continue;
      }
      if (!cursor.nodeIsNamed || type === 'comment') continue;
      const start = cursor.startIndex;
      const blockText = text.slice(start, cursor.endIndex);
      const hasError = cursor.currentNode.hasError;
      // The copy of a block without errors whose text and type did not change: parsed from the same
      // state, it reads the same. Elsewhere error recovery may read the same text otherwise (a `{`
      // left alone is an object's or a block's start, as the text around it goes).
      const before = hasError ? undefined : reuse.get(blockText);
      const known = before?.type === type ? before : undefined;
      // A block without errors has no missing nodes either (they count as errors): the quick copy.
      const node = known ?? (hasError ? copy(cursor, start) : quickCopy(cursor, start, types));
      if ('tooDeep' in node)
        blocks.push({
          start,
          text: blockText,
          node: { type: 'ERROR', start: 0, end: blockText.length, children: [] },
          tooDeep: node.tooDeep,
        });
      else blocks.push(hasError ? { start, text: blockText, node, hasError: true } : { start, text: blockText, node });
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };
  collect();
  cursor.delete();
  return blocks;
}

/**
 * The grammar's node types by id: each name, and whether {@link copy} keeps such a node (named,
 * not a comment). Reading a node's type id is one call into WebAssembly; its name and
 * named-ness are two more.
 */
interface NodeTypes {
  readonly names: readonly string[];
  readonly kept: ReadonlyArray<boolean | undefined>;
  readonly keptOf: (id: number) => boolean;
}

function nodeTypes(language: Language): NodeTypes {
  const names = language.types.map((t) => t || 'ERROR');
  const kept: Array<boolean | undefined> = [];
  return {
    names,
    kept,
    keptOf: (id) => (kept[id] = language.nodeTypeIsNamed(id) && (language.types[id] || 'ERROR') !== 'comment'),
  };
}

/**
 * Named nodes deeper than this below a top-level block are not copied: the block is reported as
 * nested too deep (the extraction recurses per node level). A Terraform policy nests about 40.
 */
export const MAX_HCL_DEPTH = 4 * MAX_NESTING;

/**
 * Copies the named nodes under the cursor, offsets relative to `base`: an iterative walk (tree-sitter
 * parses any depth), undefined with the offset of the first node below {@link MAX_HCL_DEPTH}.
 */
function copy(cursor: TreeCursor, base: number): HclNode | { readonly tooDeep: number } {
  interface Open {
    readonly type: string;
    readonly start: number;
    readonly end: number;
    readonly missing: boolean;
    readonly children: HclNode[];
  }
  const open = (): Open => ({
    type: cursor.nodeType,
    start: cursor.startIndex - base,
    end: cursor.endIndex - base,
    missing: cursor.nodeIsMissing,
    children: [],
  });
  const close = (o: Open): HclNode =>
    o.missing
      ? { type: o.type, start: o.start, end: o.end, children: o.children, missing: true }
      : { type: o.type, start: o.start, end: o.end, children: o.children };
  const kept = (): boolean => (cursor.nodeIsNamed && cursor.nodeType !== 'comment') || cursor.nodeIsMissing;
  // `stack[i]` is the copy being built at the cursor's depth i below the block; the cursor moves
  // down into every child (kept or not) and the kept ones are added to their nearest kept ancestor.
  const root = open();
  const stack: Array<Open | undefined> = [root];
  let depth = 0;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      depth++;
      if (depth > MAX_HCL_DEPTH) {
        const tooDeep = cursor.startIndex - base;
        while (depth-- > 0) cursor.gotoParent();
        return { tooDeep };
      }
      stack[depth] = kept() ? open() : undefined;
      continue;
    }
    // A leaf, or a node whose children are done: close it and move to its next sibling or up.
    for (;;) {
      if (depth === 0) return close(root);
      const done = stack[depth];
      if (done) nearestKept(stack, depth).children.push(close(done));
      if (cursor.gotoNextSibling()) {
        stack[depth] = kept() ? open() : undefined;
        break;
      }
      cursor.gotoParent();
      depth--;
    }
  }
}

/**
 * {@link copy} for a block without syntax errors (so without missing nodes): the same nodes,
 * each read with fewer calls into WebAssembly (a type id, then the offsets of the nodes kept),
 * and each list of children allocated at its length.
 */
function quickCopy(cursor: TreeCursor, base: number, types: NodeTypes): HclNode | { readonly tooDeep: number } {
  // The kept nodes open on the way down (type, offsets, where their children start in `done`),
  // and the nodes closed but not yet given to their parent: one list per field, nothing allocated
  // per node but the node itself.
  const { openType, openStart, openEnd, openFrom, done, keptAt } = SCRATCH;
  openType.length = openStart.length = openEnd.length = openFrom.length = done.length = keptAt.length = 0;
  const push = (id: number): void => {
    openType.push(types.names[id] ?? 'ERROR');
    openStart.push(cursor.startIndex - base);
    openEnd.push(cursor.endIndex - base);
    openFrom.push(done.length);
  };
  const visit = (): boolean => {
    const id = cursor.nodeTypeId;
    if (!(types.kept[id] ?? types.keptOf(id))) return false;
    push(id);
    return true;
  };
  const close = (): HclNode => {
    const from = openFrom.pop()!;
    const children = done.length > from ? done.slice(from) : [];
    done.length = from;
    return { type: openType.pop()!, start: openStart.pop()!, end: openEnd.pop()!, children };
  };
  push(cursor.nodeTypeId);
  let depth = 0;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      depth++;
      if (depth > MAX_HCL_DEPTH) {
        const tooDeep = cursor.startIndex - base;
        while (depth-- > 0) cursor.gotoParent();
        return { tooDeep };
      }
      // `keptAt[d]`: the node at cursor depth d (below the block) is kept, so it is open.
      keptAt[depth] = visit();
      continue;
    }
    // A leaf, or a node whose children are done: close it and move to its next sibling or up.
    for (;;) {
      if (depth === 0) return close();
      if (keptAt[depth]) done.push(close());
      if (cursor.gotoNextSibling()) {
        keptAt[depth] = visit();
        break;
      }
      cursor.gotoParent();
      depth--;
    }
  }
}

/** {@link quickCopy}'s working lists, kept from block to block (it calls nothing that copies). */
const SCRATCH: {
  readonly openType: string[];
  readonly openStart: number[];
  readonly openEnd: number[];
  readonly openFrom: number[];
  readonly done: HclNode[];
  readonly keptAt: boolean[];
} = { openType: [], openStart: [], openEnd: [], openFrom: [], done: [], keptAt: [] };

function nearestKept<T>(stack: ReadonlyArray<T | undefined>, depth: number): T {
  for (let d = depth - 1; d > 0; d--) if (stack[d]) return stack[d]!;
  return stack[0]!;
}
