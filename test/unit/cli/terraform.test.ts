/**
 * `check` on Terraform files: the policies in a .tf file at their lines, and the JSON policy files
 * a .tf file reads with file() checked as the kind of policy the consuming argument makes them —
 * only inside the folder `check` runs in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliCaptured } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

/** A statement without Principal: fine in an identity policy, an error in a bucket policy. */
const NO_PRINCIPAL = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-reports/*' }] },
  null,
  2,
);

test('check: a file() a .tf file reads as a bucket policy is checked as one; a file outside the folder is not typed', async (t) => {
  const root = tempDir(t, 'iam-tf-');
  const project = join(root, 'project');
  mkdirSync(join(project, 'policies'), { recursive: true });
  writeFileSync(join(project, 'policies', 'bucket.json'), NO_PRINCIPAL);
  writeFileSync(join(root, 'outside.json'), NO_PRINCIPAL);
  writeFileSync(
    join(project, 'main.tf'),
    [
      'resource "aws_s3_bucket_policy" "reports" {',
      '  bucket = "example-reports"',
      '  policy = file("${path.module}/policies/bucket.json")',
      '}',
      'resource "aws_s3_bucket_policy" "other" {',
      '  bucket = "example-other"',
      '  policy = file("../outside.json")',
      '}',
      'resource "aws_iam_policy" "p" {',
      '  policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }]',
      '  })',
      '}',
      '',
    ].join('\n'),
  );
  const r = await runCliCaptured(['check', '--format', 'json', '.', '../outside.json'], { cwd: project });
  const out = JSON.parse(r.out) as { files: Array<{ path: string; diagnostics: Array<{ code: string; line: number }> }> };
  const found = out.files.flatMap((f) => f.diagnostics.map((d) => `${f.path}:${d.line} ${d.code}`)).sort();
  // The file outside the folder is not read: said at its reference (information).
  assert.deepEqual(found, ['main.tf:12 INVALID_ACTION', 'main.tf:7 POLICY_NOT_ANALYZED', 'policies/bucket.json:5 MISSING_PRINCIPAL']);
  assert.equal(r.code, 1);
});

test('check: the .tf files of one folder are one module: locals and consumers in another file count', async (t) => {
  const root = tempDir(t, 'iam-tf-module-');
  writeFileSync(join(root, 'locals.tf'), 'locals {\n  reports_arn = "arn:aws:s3:::example-reports"\n}\n');
  writeFileSync(
    join(root, 'policies.tf'),
    [
      'data "aws_iam_policy_document" "list" {',
      '  statement {',
      '    actions   = ["s3:ListBucket"]',
      '    resources = ["${local.reports_arn}/*"]',
      '  }',
      '}',
      'data "aws_iam_policy_document" "bucket" {',
      '  statement {',
      '    actions   = ["s3:GetObject"]',
      '    resources = ["${local.reports_arn}/*"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'main.tf'),
    [
      'resource "aws_iam_policy" "list" {',
      '  policy = data.aws_iam_policy_document.list.json',
      '}',
      'resource "aws_s3_bucket_policy" "reports" {',
      '  bucket = "example-reports"',
      '  policy = data.aws_iam_policy_document.bucket.json',
      '}',
      '',
    ].join('\n'),
  );
  const r = await runCliCaptured(['check', '--format', 'json', '.'], { cwd: root });
  const report = JSON.parse(r.out) as { files: { path: string; diagnostics: { line: number; code: string }[] }[] };
  const found = report.files.flatMap((f) => f.diagnostics.map((d) => `${f.path}:${d.line} ${d.code}`)).sort();
  // local.reports_arn (locals.tf) resolves: an object ARN for a bucket action grants nothing; the
  // bucket policy consumed in main.tf is checked as one (no Principal).
  assert.deepEqual(found, ['policies.tf:4 RESOURCE_MISMATCH', 'policies.tf:8 MISSING_PRINCIPAL']);
});

test('check main.tf: the files it reads with file() and templatefile() are read and checked at their own lines; template placeholders are deployment-time values', async (t) => {
  const root = tempDir(t, 'iam-tf-read-');
  mkdirSync(join(root, 'policies'), { recursive: true });
  writeFileSync(
    join(root, 'main.tf'),
    [
      'resource "aws_iam_role" "app" {',
      '  assume_role_policy = templatefile("${path.module}/policies/trust.json.tpl", { account_id = var.account_id })',
      '}',
      'resource "aws_iam_policy" "read" {',
      '  policy = file("${path.root}/policies/read.json")',
      '}',
      'resource "aws_s3_bucket_policy" "b" {',
      '  bucket = "b"',
      '  policy = templatefile("policies/bucket.json", { bucket = var.bucket })',
      '}',
      'resource "aws_iam_policy" "gone" {',
      '  policy = file("policies/missing.json")',
      '}',
      '',
    ].join('\n'),
  );
  // `${account_id}` and `${bucket}` are template placeholders (no error); `${aws:username}` in a
  // file() is the policy variable it is in JSON.
  writeFileSync(
    join(root, 'policies', 'trust.json.tpl'),
    '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": { "AWS": "arn:aws:iam::${account_id}:root" },\n    "Action": "sts:AssumeRolee"\n  }]\n}\n',
  );
  writeFileSync(
    join(root, 'policies', 'read.json'),
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*" },\n    { "Effect": "Allow", "Action": "s3:GetObjectt", "Resource": "*" }\n  ]\n}\n',
  );
  writeFileSync(
    join(root, 'policies', 'bucket.json'),
    '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": { "AWS": "arn:aws:iam::123456789012:root" },\n    "Action": ["s3:GetObject", "sqs:SendMessage"],\n    "Resource": "arn:aws:s3:::${bucket}/*"\n  }]\n}\n',
  );
  const r = await runCliCaptured(['check', '--format', 'json', 'main.tf'], { cwd: root });
  const out = JSON.parse(r.out) as { files: Array<{ path: string; diagnostics: Array<{ code: string; line: number }> }> };
  const found = out.files.flatMap((f) => f.diagnostics.map((d) => `${f.path}:${d.line} ${d.code}`)).sort();
  assert.deepEqual(found, [
    'main.tf:12 POLICY_NOT_ANALYZED',
    'policies/bucket.json:6 UNSUPPORTED_ACTION_IN_POLICY',
    'policies/read.json:5 INVALID_ACTION',
    'policies/trust.json.tpl:6 INVALID_ACTION',
  ]);
  // The folder checked: the same, with the template read although `check` does not list .tpl files.
  const all = await runCliCaptured(['check', '--format', 'json', '.'], { cwd: root });
  const again = (JSON.parse(all.out) as typeof out).files.flatMap((f) => f.diagnostics.map((d) => `${f.path}:${d.line} ${d.code}`)).sort();
  assert.deepEqual(again, found);
});

test('check: OpenTofu .tofu files are found in a folder and read as one module with its .tf files', async (t) => {
  // aws-ia's Control Tower Account Factory ships .tofu files only: a folder of them is checked,
  // and a document in a .tofu file is typed by a role in a .tf file beside it.
  const root = tempDir(t, 'iam-tofu-');
  writeFileSync(
    join(root, 'policies.tofu'),
    [
      'data "aws_iam_policy_document" "trust" {',
      '  statement {',
      '    actions   = ["sts:AssumeRole"]',
      '    resources = ["*"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'role.tf'),
    'resource "aws_iam_role" "r" {\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n',
  );
  const r = await runCliCaptured(['check', '--format', 'json', '.'], { cwd: root });
  const out = JSON.parse(r.out) as { files: Array<{ path: string; diagnostics: Array<{ code: string; line: number }> }> };
  const found = out.files.flatMap((f) => f.diagnostics.map((d) => `${f.path}:${d.line} ${d.code}`)).sort();
  // A trust policy: no Principal, and a Resource it must not have.
  assert.ok(found.includes('policies.tofu:4 ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE'), found.join('\n'));
  assert.equal(r.code, 1);
});

test('check: a model of the workspace reads its Terraform import (the HCL parser is loaded for workspaces with models), named or found', async () => {
  // examples/terraform-app: a model importing its folder's main.tf, with access tests on its roles.
  const cwd = join(__dirname, '..', '..', '..', 'examples', 'terraform-app');
  for (const args of [['exports.iam-model.json'], ['.'], ['main.tf']]) {
    const r = await runCliCaptured(['check', '--format', 'json', ...args], { cwd });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.out}${r.err}`);
    const codes = (JSON.parse(r.out) as { files: { diagnostics: { code: string }[] }[] }).files.flatMap((f) =>
      f.diagnostics.map((d) => d.code),
    );
    assert.deepEqual(codes, [], args.join(' '));
  }
});
