/**
 * The Terraform parser's copy of tree-sitter's tree (node/terraformParser.ts) is what the grammar
 * says, read plainly: every named node but comments, and every node the parser inserted to recover
 * from an error (a missing `}`), with offsets relative to the top-level block. Checked on every
 * `.tf` file of the tests, the corpus and the examples, whole and after edits that break and mend
 * blocks (each re-parsed incrementally from the one before, as the server does).
 * Blocks whose text did not change keep their copy only where it reads the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { HclNode } from '../../../server/src/service/hosts/hclTree';
import type { TerraformParse } from '../../../server/src/node/terraformParser';
import { testTerraformParser } from '../../helpers/terraform';
import { effort } from '../../helpers/effort';

const ROOT = join(__dirname, '../../..');

function tfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const path = join(dir, n);
    if (statSync(path).isDirectory()) return tfFiles(path);
    return n.endsWith('.tf') ? [path] : [];
  });
}

/** The data cases hold their Terraform text after a `---` line. */
function caseTexts(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .flatMap((n) =>
      readFileSync(join(dir, n), 'utf8')
        .split(/^---\n/m)
        .slice(1),
    );
}

/** The kept nodes under `node`, as children of the nearest kept ancestor. */
function plainChildren(node: Node, base: number): HclNode[] {
  return node.children.flatMap((c) => {
    if ((c.isNamed && c.type !== 'comment') || c.isMissing) return [plain(c, base)];
    return plainChildren(c, base);
  });
}

function plain(node: Node, base: number): HclNode {
  const out = { type: node.type, start: node.startIndex - base, end: node.endIndex - base, children: plainChildren(node, base) };
  return node.isMissing ? { ...out, missing: true } : out;
}

/** The file's top-level blocks, attributes and errors: the named nodes under its body (a body inside an error too). */
function topLevel(node: Node): Node[] {
  return node.children.flatMap((c) => {
    if (c.type === 'body') return topLevel(c);
    return c.isNamed && c.type !== 'comment' ? [c] : [];
  });
}

function assertPlain(parse: TerraformParse, what: string): void {
  const expected = topLevel(parse.native.rootNode);
  assert.equal(parse.blocks.length, expected.length, what);
  parse.blocks.forEach((block, i) => {
    const node = expected[i]!;
    assert.equal(block.start, node.startIndex, what);
    assert.equal(block.text, parse.text.slice(node.startIndex, node.endIndex), what);
    assert.equal(block.hasError, node.hasError ? true : undefined, what);
    assert.deepEqual(block.node, plain(node, node.startIndex), `${what}: block at ${block.start}`);
  });
}

/** Edits that break a block and mend it, and edits inside and between blocks. */
const edits: Array<(text: string) => string> = [
  (t) => t.replace('{', '{{'),
  (t) => t.replace('{{', '{'),
  (t) => t.replace('"', ''),
  (t) => `# a comment\n${t}`,
  (t) => t.replace(/\n/, '\n\n'),
  (t) => t.slice(0, Math.floor(t.length / 2)),
];

test('terraform parser: the blocks copied are the named nodes of the tree, comments left out, missing nodes kept', async () => {
  const parser = await testTerraformParser();
  const texts = [
    ...[...tfFiles(join(ROOT, 'test/data/terraform-real')), ...tfFiles(join(ROOT, 'examples'))].map((f) => ({
      what: relative(ROOT, f),
      text: readFileSync(f, 'utf8'),
    })),
    ...caseTexts(join(ROOT, 'test/data/terraform')).map((text, i) => ({ what: `test/data/terraform case ${i}`, text })),
  ];
  assert.ok(texts.length >= 60);
  let errors = 0;
  // Every file whole; the edits on every 3rd file (on all with IAM_STUDIO_LONG=1).
  const every = effort(3, 1);
  for (const [n, { what, text }] of texts.entries()) {
    let parse = parser.parse(text);
    assertPlain(parse, what);
    if (n % every !== 0) continue;
    let current = text;
    for (const [i, edit] of edits.entries()) {
      current = edit(current);
      parse = parser.parse(current, parse);
      assertPlain(parse, `${what}, edit ${i}`);
      errors += parse.blocks.filter((b) => b.hasError).length;
    }
  }
  // The edits broke blocks: the copy of blocks with errors (and missing nodes) was checked too.
  assert.ok(errors > 0);
});
