/**
 * hclEdits.ts on each kind of edit, with fixes written here (the checks that produce them are
 * exercised in terraform-fixes.test.ts): the edit is applied to the Terraform text, the result is
 * parsed again with the real parser, and the policy read back must hold the fixed value — so
 * quoting and escaping (`${` → `$${`), attribute names (Action → actions) and list attributes are
 * checked against what Terraform reads, not against expected text alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Fix } from '../../../server/src/core/checks';
import { getLanguageService } from '../../../server/src/service';
import { jsonFixEdits } from '../../../server/src/service/codeActions';
import { hclFixEdits, hclString } from '../../../server/src/service/hosts/hclEdits';
import { TerraformExtractor } from '../../../server/src/service/hosts/terraform';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { incrementalParser } from '../../../server/src/node/terraformParser';
import { renderValue, testTerraformParser } from '../../helpers/terraform';

async function edit(text: string, fix: Fix, label?: string): Promise<string | undefined> {
  const ls = getLanguageService({ hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const document = TextDocument.create(`file:///workspace/t${Math.random()}.tf`, 'terraform', 1, text);
  const views = ls.parse(document).host?.views ?? [];
  const view = label ? views.find((v) => v.policy.label === label) : views[0];
  assert.ok(view, 'a policy view');
  const edits = hclFixEdits(view, fix, (f) => jsonFixEdits(view.document, view.parsed.json, f));
  return edits && TextDocument.applyEdits(document, edits);
}

/** The policies Terraform reads from `text` (rendered as in the data-driven extraction cases), and its HCL problems. */
async function readBack(text: string): Promise<{ policies: unknown[]; problems: number }> {
  const extraction = new TerraformExtractor().extract((await testTerraformParser()).parse(text).blocks);
  return { policies: extraction.policies.map((p) => renderValue(p.value)), problems: extraction.problems.length };
}

const variableArn = 'arn:aws:s3:::example-bucket/${aws:username}/%{x}/"q"\\\b';

test('hcl edits: a string is written double-quoted with ${ and %{ escaped, and reads back unchanged (jsonencode)', async () => {
  const text =
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n      Action   = "s3:GetObject"\n      Resource = "*"\n    }]\n  })\n}\n';
  const fixed = await edit(text, {
    title: 't',
    edits: [{ kind: 'replace', path: ['Statement', 0, 'Resource'], target: 'value', json: JSON.stringify(variableArn) }],
  });
  assert.ok(fixed);
  assert.ok(fixed.includes('$${aws:username}') && fixed.includes('%%{x}'), fixed);
  const back = await readBack(fixed);
  assert.equal(back.problems, 0);
  assert.deepEqual(back.policies, [
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: variableArn }] },
  ]);
});

test('hcl edits: in heredoc JSON the JSON edit is written with ${ escaped, and reads back unchanged', async () => {
  const text =
    'resource "aws_iam_policy" "p" {\n  policy = <<-EOT\n    {\n      "Version": "2012-10-17",\n      "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]\n    }\n  EOT\n}\n';
  const fixed = await edit(text, {
    title: 't',
    edits: [
      { kind: 'replace', path: ['Statement', 0, 'Resource'], target: 'value', json: JSON.stringify('arn:aws:s3:::b/${aws:username}/*') },
    ],
  });
  assert.ok(fixed?.includes('"arn:aws:s3:::b/$${aws:username}/*"'), fixed);
  assert.deepEqual((await readBack(fixed!)).policies, [
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }] },
  ]);
});

test('hcl edits: hclString escapes what HCL needs', () => {
  assert.equal(hclString('a"b\\c\n${x}%{y}\b\f'), '"a\\"b\\\\c\\n$${x}%%{y}\\u0008\\u000c"');
});

const documentText = (statement: string, extra = '') => `data "aws_iam_policy_document" "d" {\n${extra}  statement {\n${statement}  }\n}\n`;

test('hcl edits (data source): a default the provider adds is set by writing the attribute', async () => {
  const text = documentText('    actions   = ["s3:GetObject"]\n    resources = ["*"]\n');
  const fixed = await edit(text, {
    title: 't',
    edits: [
      { kind: 'replace', path: ['Version'], target: 'value', json: '"2008-10-17"' },
      { kind: 'replace', path: ['Statement', 0, 'Effect'], target: 'value', json: '"Deny"' },
    ],
  });
  assert.equal(
    fixed,
    'data "aws_iam_policy_document" "d" {\n  version = "2008-10-17"\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n    effect = "Deny"\n  }\n}\n',
  );
  assert.deepEqual((await readBack(fixed)).policies, [
    { Version: '2008-10-17', Statement: [{ Effect: 'Deny', Action: ['s3:GetObject'], Resource: ['*'] }] },
  ]);
});

test('hcl edits (data source): Action is written `actions`, and a string value as a list', async () => {
  const text = documentText('    actions   = ["s3:GetObject"]\n    resources = ["*"]\n');
  const fixed = await edit(text, {
    title: 't',
    edits: [
      { kind: 'replace', path: ['Statement', 0, 'Action'], target: 'key', json: '"NotAction"' },
      { kind: 'replace', path: ['Statement', 0, 'Resource'], target: 'value', json: '"arn:aws:s3:::b/*"' },
    ],
  });
  assert.ok(fixed?.includes('not_actions   = ["s3:GetObject"]') && fixed.includes('resources = ["arn:aws:s3:::b/*"]'), fixed);
  assert.deepEqual((await readBack(fixed!)).policies, [
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] },
  ]);
});

test('hcl edits (data source): neighbouring list items are removed together, a multi-line list keeps its lines', async () => {
  const text = documentText(
    '    actions = [\n      "s3:GetObject",\n      "s3:GetObjectAcl",\n      "s3:GetObjectTagging",\n    ]\n    resources = ["*"]\n',
  );
  const removed = await edit(text, {
    title: 't',
    edits: [
      { kind: 'remove', path: ['Statement', 0, 'Action', 1] },
      { kind: 'remove', path: ['Statement', 0, 'Action', 2] },
    ],
  });
  assert.deepEqual((await readBack(removed!)).policies, [
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }] },
  ]);
  const replaced = await edit(text, {
    title: 't',
    edits: [{ kind: 'replace', path: ['Statement', 0, 'Action'], target: 'value', json: '["s3:GetObject","s3:PutObject"]' }],
  });
  assert.ok(replaced?.includes('    actions = [\n      "s3:GetObject",\n      "s3:PutObject",\n    ]\n'), replaced);
});

test('hcl edits (data source): a statement is removed with its block lines', async () => {
  const text = documentText('    actions   = ["s3:GetObject"]\n    resources = ["*"]\n').replace(
    '  statement {',
    '  statement {\n    actions   = ["s3:ListBucket"]\n    resources = ["*"]\n  }\n  statement {',
  );
  const fixed = await edit(text, { title: 't', edits: [{ kind: 'remove', path: ['Statement', 0] }] });
  assert.equal(fixed, documentText('    actions   = ["s3:GetObject"]\n    resources = ["*"]\n'));
});

test('hcl edits (data source): a key merged from several blocks, or a dynamic block, is not edited', async () => {
  const merged = documentText(
    '    actions   = ["s3:GetObject"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["111122223333"]\n    }\n    principals {\n      type        = "AWS"\n      identifiers = ["444455556666"]\n    }\n',
  );
  assert.equal(
    await edit(merged, {
      title: 't',
      edits: [{ kind: 'replace', path: ['Statement', 0, 'Principal', 'AWS'], target: 'key', json: '"Service"' }],
    }),
    undefined,
  );
  // The whole merged Principal can be rewritten: every block goes, one block per type is written.
  const rewritten = await edit(merged, {
    title: 't',
    edits: [{ kind: 'replace', path: ['Statement', 0, 'Principal'], target: 'value', json: '{"AWS":["111122223333"]}' }],
  });
  assert.deepEqual((await readBack(rewritten!)).policies, [
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'], Principal: { AWS: ['111122223333'] } }],
    },
  ]);
  const dynamic =
    'data "aws_iam_policy_document" "d" {\n  dynamic "statement" {\n    for_each = var.buckets\n    content {\n      actions = ["s3:GetObject"]\n    }\n  }\n}\n';
  assert.equal(
    await edit(dynamic, { title: 't', edits: [{ kind: 'insert', path: ['Statement', 0], key: 'Resource', json: '"*"' }] }),
    undefined,
  );
});

test('hcl edits (data source): a Condition is written as condition blocks', async () => {
  const text = documentText('    actions   = ["iam:PassRole"]\n    resources = ["*"]\n');
  const fixed = await edit(text, {
    title: 't',
    edits: [
      {
        kind: 'insert',
        path: ['Statement', 0],
        key: 'Condition',
        json: '{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com","aws:RequestedRegion":["us-east-1","eu-west-1"]}}',
      },
    ],
  });
  assert.deepEqual((await readBack(fixed!)).policies, [
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['iam:PassRole'],
          Resource: ['*'],
          Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'], 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
        },
      ],
    },
  ]);
});
