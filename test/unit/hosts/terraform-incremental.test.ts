/**
 * Re-parsing a Terraform document after an edit (tree-sitter's incremental parse, blocks reused by
 * text, extraction reused per block) gives the same policies as parsing the new text afresh.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformExtractor } from '../../../server/src/service/hosts/terraform';
import { testTerraformParser } from '../../helpers/terraform';

const source = readFileSync(join(__dirname, '../../data/terraform/jsonencode-and-heredoc.txt'), 'utf8').split(/^---\n/m)[1]!;

/** Edits at interesting places: inside a policy, before every block (all shift), a block removed, an error typed. */
const edits: Array<(text: string) => string> = [
  (t) => t.replace('"sts:AssumeRole"', '"sts:AssumeRol"'),
  (t) => `# header comment\n${t}`,
  (t) => t.replace('logs:PutLogEvents', 'logs:PutLogEvents", "logs:CreateLogStream'),
  (t) => t.replace('default = "prod"', 'default = "staging"'),
  (t) => t.replace('resource "aws_organizations_policy" "tags" {', 'resource "aws_organizations_policy" "tags" {{'),
  (t) => t.replace('{{', '{'),
  (t) => t.slice(0, t.indexOf('resource "aws_iam_role_policy"')),
];

test('terraform: incremental re-parse and cached extraction match a fresh parse after each edit', async () => {
  const parser = await testTerraformParser();
  const extractor = new TerraformExtractor();
  let text = source;
  let parse = parser.parse(text);
  extractor.extract(parse.blocks);
  for (const edit of edits) {
    text = edit(text);
    parse = parser.parse(text, parse);
    const incremental = extractor.extract(parse.blocks);
    const fresh = new TerraformExtractor().extract(parser.parse(text).blocks);
    assert.deepEqual(incremental, fresh);
  }
});

test('terraform: a variable default edited elsewhere in the file reaches the policies that use it', async () => {
  const parser = await testTerraformParser();
  const extractor = new TerraformExtractor();
  const first = parser.parse(source);
  extractor.extract(first.blocks);
  const next = parser.parse(source.replace('default = "prod"', 'default = "test"'), first);
  const inline = extractor.extract(next.blocks).policies.find((p) => p.label === 'aws_iam_role.app.inline_policy[0].policy');
  assert.ok(JSON.stringify(inline?.value).includes('"assumed":"app-test"'));
});
