/**
 * Issue 13: documents larger than their limit (service/limits.ts) are refused before any parse,
 * with one diagnostic on line 1 that says why: a CloudFormation template above 1 MB (AWS's own
 * limit on a template body), a Terraform file above 256 KB, a policy document above 3 MB. At the
 * limit exactly they are analysed as usual (sizes are UTF-8 bytes, as AWS counts them). `check`
 * reports the same diagnostic with exit code 1, and a model import of such a file is refused with
 * the same reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { incrementalParser } from '../../../server/src/node/terraformParser';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { MAX_POLICY_BYTES, MAX_TEMPLATE_BYTES, MAX_TERRAFORM_BYTES, sizeOver } from '../../../server/src/service/limits';
import { importTemplate } from '../../../server/src/service/templateModel';
import { testTerraformParser } from '../../helpers/terraform';
import { runCliCaptured } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

const servicePromise = testTerraformParser().then((parser) =>
  getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(parser))] }),
);

async function diagnose(name: string, text: string) {
  const service = await servicePromise;
  const languageId = name.endsWith('.tf') ? 'terraform' : name.endsWith('.iam.json') ? 'iam-policy' : 'yaml';
  const document = TextDocument.create(`file:///ws/${name}`, languageId, 1, text);
  const parsed = service.parse(document);
  const diagnostics = await service.doValidation(document, parsed);
  const completion = service.doComplete(document, parsed, document.positionAt(text.indexOf('s3:') + 3));
  return {
    completions: completion.items.length,
    diagnostics: diagnostics.map((d) => ({ code: String(d.code), line: d.range.start.line, message: String(d.message) })),
  };
}

/** `head` followed by a comment line of `filler`'s making, to exactly `bytes` of UTF-8. */
function padTo(bytes: number, head: string, filler: (n: number) => string): string {
  const pad = bytes - Buffer.byteLength(head);
  assert.ok(pad >= 2);
  const text = head + filler(pad);
  assert.equal(Buffer.byteLength(text), bytes);
  return text;
}

// A known mistake (a misspelled action) in each, so "analysed" is visible.
const YAML_HEAD = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  P:',
  '    Type: AWS::IAM::ManagedPolicy',
  '    Properties:',
  '      PolicyDocument:',
  '        Version: "2012-10-17"',
  '        Statement:',
  '          - Effect: Allow',
  '            Action: s3:GetObjectt',
  '            Resource: "*"',
  '',
].join('\n');
// Two-byte characters in the comment: the limit counts bytes, not characters.
const yamlFiller = (n: number) => `#${'é'.repeat(Math.floor((n - 2) / 2))}${(n - 2) % 2 ? 'x' : ''}\n`;
const TF_HEAD =
  'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjectt", Resource = "*" }] })\n}\n';
const tfFiller = (n: number) => `#${'x'.repeat(n - 2)}\n`;
const policyOf = (sid: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Sid": "${sid}", "Effect": "Allow", "Action": "s3:GetObjectt", "Resource": "*"}]}`;

test('sizes are counted in UTF-8 bytes, only when they can matter', () => {
  assert.equal(sizeOver('a'.repeat(10), 10), undefined);
  assert.equal(sizeOver('a'.repeat(11), 10), 11);
  assert.equal(sizeOver('é'.repeat(5), 10), undefined);
  assert.equal(sizeOver('é'.repeat(6), 10), 12);
  assert.equal(sizeOver('€'.repeat(4), 10), 12);
  assert.equal(sizeOver('😀'.repeat(3), 10), 12);
});

test('a CloudFormation template above 1 MB gets one diagnostic on line 1; at 1 MB it is analysed', async () => {
  assert.equal(MAX_TEMPLATE_BYTES, 1024 * 1024);
  const at = await diagnose('at.yaml', padTo(MAX_TEMPLATE_BYTES, YAML_HEAD, yamlFiller));
  assert.ok(
    at.diagnostics.some((d) => d.line === 9 && /GetObjectt/.test(d.message)),
    JSON.stringify(at.diagnostics),
  );
  const over = await diagnose('over.yaml', padTo(MAX_TEMPLATE_BYTES + 1, YAML_HEAD, yamlFiller));
  assert.deepEqual(over.diagnostics, [
    {
      code: 'TEMPLATE_SYNTAX_ERROR',
      line: 0,
      message:
        'This template is 1.0 MB (1,048,577 bytes): CloudFormation accepts a template body of at most 1 MB (51,200 bytes inline), so it is not analysed.',
    },
  ]);
  assert.equal(over.completions, 0);
});

test('a Terraform file above 256 KB gets one diagnostic on line 1; at 256 KB it is analysed', async () => {
  assert.equal(MAX_TERRAFORM_BYTES, 256 * 1024);
  const at = await diagnose('at.tf', padTo(MAX_TERRAFORM_BYTES, TF_HEAD, tfFiller));
  assert.ok(
    at.diagnostics.some((d) => d.line === 1 && /GetObjectt/.test(d.message)),
    JSON.stringify(at.diagnostics),
  );
  const over = await diagnose('over.tf', padTo(3 * 1024 * 1024, TF_HEAD, tfFiller));
  assert.deepEqual(over.diagnostics, [
    {
      code: 'TEMPLATE_SYNTAX_ERROR',
      line: 0,
      message:
        'This Terraform file is 3 MB (3,145,728 bytes): files larger than 256 KB are not analysed (their parse would take seconds); split it into smaller files.',
    },
  ]);
  assert.equal(over.completions, 0);
});

test('a policy document above 3 MB gets one diagnostic on line 1; at 3 MB it is analysed', async () => {
  assert.equal(MAX_POLICY_BYTES, 3 * 1024 * 1024);
  const policy = (bytes: number) => {
    const text = policyOf('x'.repeat(bytes - Buffer.byteLength(policyOf(''))));
    assert.equal(Buffer.byteLength(text), bytes);
    return text;
  };
  const at = await diagnose('at.iam.json', policy(MAX_POLICY_BYTES));
  assert.ok(
    at.diagnostics.some((d) => /GetObjectt/.test(d.message)),
    JSON.stringify(at.diagnostics.map((d) => d.code)),
  );
  const over = await diagnose('over.iam.json', policy(MAX_POLICY_BYTES + 1));
  assert.deepEqual(over.diagnostics, [
    {
      code: 'JSON_SYNTAX_ERROR',
      line: 0,
      message:
        "This document is 3.0 MB (3,145,729 bytes): documents larger than 3 MB are not analysed (AWS's policies are at most tens of kilobytes).",
    },
  ]);
  assert.equal(over.completions, 0);
});

test('check reports an oversized template as an error on line 1 (exit 1), and still checks the other files', async (t) => {
  const dir = tempDir(t, 'iam13h-size-');
  writeFileSync(join(dir, 'big.yaml'), padTo(2 * 1024 * 1024, YAML_HEAD, yamlFiller));
  writeFileSync(join(dir, 'big.tf'), padTo(MAX_TERRAFORM_BYTES + 10, TF_HEAD, tfFiller));
  writeFileSync(join(dir, 'small.iam.json'), policyOf('S'));
  const run = await runCliCaptured(['check', '.'], { cwd: dir });
  assert.equal(run.code, 1, run.err);
  assert.match(
    run.out,
    /big\.yaml:1:1 error TEMPLATE_SYNTAX_ERROR This template is 2 MB \(2,097,152 bytes\): CloudFormation accepts a template body of at most 1 MB/,
  );
  assert.match(
    run.out,
    /big\.tf:1:1 error TEMPLATE_SYNTAX_ERROR This Terraform file is 256\.0 KB \(262,154 bytes\): files larger than 256 KB are not analysed/,
  );
  assert.match(run.out, /small\.iam\.json:1:\d+ error INVALID_ACTION .*GetObjectt/);
  assert.doesNotMatch(run.out, /big\.(yaml|tf):(?!1:1 )/, 'nothing else reported on the refused files');
});

const OPTIONS = { account: '111122223333', region: 'us-east-1', partition: 'aws', parameters: {} };

test('a model import of an oversized template or Terraform file is refused with the reason', () => {
  const files = (text: string) => ({
    readFile: () => ({ ok: true as const, text }),
    parseTerraform: () => {
      throw new Error('must not be parsed');
    },
  });
  const template = importTemplate(files(padTo(MAX_TEMPLATE_BYTES + 1, YAML_HEAD, yamlFiller)), 'big.yaml', OPTIONS);
  assert.deepEqual(template, {
    ok: false,
    reason: 'unreadable',
    message:
      'This template is 1.0 MB (1,048,577 bytes): CloudFormation accepts a template body of at most 1 MB (51,200 bytes inline), so it is not analysed.',
  });
  const tf = importTemplate(files(padTo(MAX_TERRAFORM_BYTES + 1, TF_HEAD, tfFiller)), 'big.tf', OPTIONS);
  assert.equal(tf.ok, false);
  assert.match(tf.ok ? '' : (tf.message ?? ''), /^big\.tf: This Terraform file is 256\.0 KB \(262,145 bytes\)/);
});
