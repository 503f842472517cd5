/**
 * Terraform files through the language service (the Terraform host registered as the server and
 * the CLI register it): the example's deliberate mistakes, each announced by a `# Mistake:`
 * comment, are reported on the line after it, and nothing else is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service';
import { incrementalParser } from '../../../server/src/node/terraformParser';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { testTerraformParser } from '../../helpers/terraform';

const example = join(__dirname, '../../../examples/terraform/main.tf');

test("terraform: the example's mistakes are reported on their lines, and only those", async () => {
  const catalog = getCatalog();
  const service = getLanguageService({ catalog, hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const text = readFileSync(example, 'utf8');
  const document = TextDocument.create('file:///workspace/terraform/main.tf', 'terraform', 1, text);
  assert.equal(service.documentKind(document), 'host');
  const diagnostics = await service.doValidation(document, service.parse(document));
  const mistakeLines = text.split('\n').flatMap((line, i) => (line.trim().startsWith('# Mistake:') ? [i + 1] : []));
  assert.ok(mistakeLines.length >= 3);
  const reported = diagnostics.map((d) => `${d.range.start.line} ${String(d.code)}: ${document.getText(d.range)}`);
  assert.deepEqual(
    diagnostics.map((d) => d.range.start.line).sort((a, b) => a - b),
    mistakeLines,
    reported.join('\n'),
  );
});

test('terraform: a file that is not .tf is no Terraform host', () => {
  const service = getLanguageService({ hosts: [terraformHost(() => [])] });
  const document = TextDocument.create('file:///workspace/notes.txt', 'plaintext', 1, 'resource "aws_iam_policy" "p" {}');
  assert.equal(service.documentKind(document), undefined);
});

test('terraform: an OpenTofu .tofu file (and an untitled opentofu buffer) is read as Terraform: its policies are checked', async () => {
  // OpenTofu reads `.tofu` files as it reads `.tf` files (opentofu.org, Files and Directories);
  // aws-ia/terraform-aws-control_tower_account_factory now ships only `.tofu` files.
  const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const text = [
    'resource "aws_iam_role_policy" "p" {',
    '  policy = jsonencode({',
    '    Version   = "2012-10-17"',
    '    Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }]',
    '  })',
    '}',
    '',
  ].join('\n');
  for (const [uri, language] of [
    ['file:///workspace/iam.tofu', 'opentofu'],
    ['file:///workspace/IAM.TOFU', 'plaintext'],
    ['untitled:Untitled-1', 'opentofu'],
  ] as const) {
    const document = TextDocument.create(uri, language, 1, text);
    assert.equal(service.documentKind(document), 'host', uri);
    const diagnostics = await service.doValidation(document, service.parse(document));
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line} ${String(d.code)}`),
      ['3 INVALID_ACTION'],
      uri,
    );
  }
});

test('terraform: two resources that differ only in values known at deployment are not one resource listed twice; the same value twice is', async () => {
  // AFT's ct_aft_cwe_policy.tpl lists `…:${account_request_pipeline_name}` and
  // `…:${provisioning_customizations_pipeline_name}`: two pipelines, no REDUNDANT_RESOURCE.
  const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const text = [
    'resource "aws_iam_policy" "p" {',
    '  policy = jsonencode({',
    '    Version   = "2012-10-17"',
    '    Statement = [',
    '      { Effect = "Allow", Action = "codepipeline:StartPipelineExecution", Resource = ["arn:aws:codepipeline:${var.region}:${var.account}:${var.one}", "arn:aws:codepipeline:${var.region}:${var.account}:${var.two}"] },',
    '      { Effect = "Allow", Action = "codepipeline:GetPipeline", Resource = ["arn:aws:codepipeline:${var.region}:${var.account}:${var.one}", "arn:aws:codepipeline:${var.region}:${var.account}:${var.one}"] },',
    '    ]',
    '  })',
    '}',
    '',
  ].join('\n');
  const document = TextDocument.create('file:///workspace/main.tf', 'terraform', 1, text);
  const diagnostics = await service.doValidation(document, service.parse(document));
  assert.deepEqual(
    diagnostics.filter((d) => d.code === 'REDUNDANT_RESOURCE').map((d) => d.range.start.line),
    [5],
  );
});

test('terraform: a service principal from data.aws_service_principal is a service principal known at deployment, not a name', async () => {
  // terraform-aws-modules/rds-proxy: `identifiers = [data.aws_service_principal.rds[0].name]` (the
  // data source's `name` is the principal, rds.amazonaws.com): was INVALID_SERVICE_PRINCIPAL_FORMAT.
  const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const text = [
    'data "aws_iam_policy_document" "assume_role" {',
    '  statement {',
    '    actions = ["sts:AssumeRole"]',
    '    principals {',
    '      type        = "Service"',
    '      identifiers = [data.aws_service_principal.rds[0].name, "rds.amazonaws"]',
    '    }',
    '  }',
    '}',
    'resource "aws_iam_role" "this" {',
    '  assume_role_policy = data.aws_iam_policy_document.assume_role.json',
    '}',
    '',
  ].join('\n');
  const document = TextDocument.create('file:///workspace/main.tf', 'terraform', 1, text);
  const diagnostics = await service.doValidation(document, service.parse(document));
  assert.deepEqual(
    diagnostics.map((d) => `${d.range.start.line} ${String(d.code)} ${document.getText(d.range)}`),
    ['5 INVALID_SERVICE_PRINCIPAL_FORMAT "rds.amazonaws"'],
  );
});

test('terraform: a condition whose variable is known only at deployment still has its test checked, and nothing is said of its key', async () => {
  const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const text = [
    'data "aws_iam_policy_document" "github" {',
    '  statement {',
    '    actions = ["sts:AssumeRoleWithWebIdentity"]',
    '    principals {',
    '      type        = "Federated"',
    '      identifiers = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"]',
    '    }',
    '    condition {',
    '      test     = "StringLik"',
    '      variable = "${local.provider_url}:sub"',
    '      values   = ["repo:org/app:*"]',
    '    }',
    '  }',
    '}',
    'resource "aws_iam_role" "github" {',
    '  assume_role_policy = data.aws_iam_policy_document.github.json',
    '}',
    '',
  ].join('\n');
  const document = TextDocument.create('file:///workspace/oidc/main.tf', 'terraform', 1, text);
  const diagnostics = await service.doValidation(document, service.parse(document));
  // The test is wrong wherever the key points; whether the key is GitHub's `:sub` is not known, so
  // MISSING_GITHUB_REPO_CONDITION_KEY (which an unconditioned trust would get) is not reported.
  assert.deepEqual(
    diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`),
    ['9 INVALID_CONDITION_OPERATOR'],
  );
  const fixed = TextDocument.create(document.uri, 'terraform', 2, text.replace('"StringLik"', '"StringLike"'));
  assert.deepEqual(await service.doValidation(fixed, service.parse(fixed)), []);
});

test('terraform: a principal type is reported in Principal whatever the order of blocks, also in a later principals block and in statements passed to a module', async () => {
  const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const text = [
    'data "aws_iam_policy_document" "trust" {',
    '  statement {',
    '    principals {',
    '      type        = "Service"',
    '      identifiers = ["lambda.amazonaws.com"]',
    '    }',
    '    principals {',
    '      type        = "Servic"',
    '      identifiers = ["states.amazonaws.com"]',
    '    }',
    '    actions = ["sts:AssumeRole"]',
    '  }',
    '}',
    'resource "aws_iam_role" "r" {',
    '  assume_role_policy = data.aws_iam_policy_document.trust.json',
    '}',
    'module "secret" {',
    '  policy_statements = {',
    '    read = {',
    '      principals = [{ type = "AWSS", identifiers = ["arn:aws:iam::123456789012:root"] }]',
    '      actions    = ["secretsmanager:GetSecretValue"]',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const document = TextDocument.create('file:///workspace/tf/main.tf', 'terraform', 1, text);
  const diagnostics = await service.doValidation(document, service.parse(document));
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1} ${String(d.code)} ${document.getText(d.range)}`),
    ['8 INVALID_PRINCIPAL_KEY "Servic"', '20 INVALID_PRINCIPAL_KEY "AWSS"'],
  );
});

test('terraform: shapes of public modules typed right: a document for an ECR and an ECR Public repository, a trust document whose action is a variable, a key policy written in a local with concat()', async () => {
  const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const text = [
    'data "aws_iam_policy_document" "repository" {',
    '  statement {',
    '    principals {',
    '      type        = "AWS"',
    '      identifiers = ["arn:aws:iam::123456789012:root"]',
    '    }',
    '    actions = ["ecr-public:BatchCheckLayerAvailability", "ecr:BatchGetImage", "s3:GetObject"]',
    '  }',
    '}',
    'resource "aws_ecr_repository_policy" "private" {',
    '  repository = "app"',
    '  policy     = data.aws_iam_policy_document.repository.json',
    '}',
    'resource "aws_ecrpublic_repository_policy" "public" {',
    '  repository_name = "app"',
    '  policy          = data.aws_iam_policy_document.repository.json',
    '}',
    'data "aws_iam_policy_document" "assume_role" {',
    '  statement {',
    '    actions = [var.assume_role_action]',
    '    principals {',
    '      type        = "AWS"',
    '      identifiers = var.principals',
    '    }',
    '  }',
    '}',
    'module "aggregated" {',
    '  source_documents = data.aws_iam_policy_document.assume_role.*.json',
    '}',
    'resource "aws_kms_key" "key" {',
    '  policy = var.policy != "" ? var.policy : local.default_policy',
    '}',
    'locals {',
    '  default_policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = concat(',
    '      length(var.admins) == 0 ? [] : [{',
    '        Effect    = "Allow"',
    '        Action    = ["kms:Create*", "kms:ScheduleKeyDelete"]',
    '        Principal = { AWS = var.admins }',
    '        Resource  = "*"',
    '      }],',
    '      var.extra_statements,',
    '    )',
    '  })',
    '}',
  ].join('\n');
  const document = TextDocument.create('file:///workspace/tf/main.tf', 'terraform', 1, text);
  const parsed = service.parse(document);
  assert.deepEqual(
    parsed.host?.views.map((v) => `${v.policy.label} ${v.policy.policyType ?? '-'} ${v.policy.resourceService ?? '-'}`),
    [
      'data.aws_iam_policy_document.repository resource ecr|ecr-public',
      'data.aws_iam_policy_document.assume_role - -',
      'local.default_policy resource kms',
    ],
  );
  const diagnostics = await service.doValidation(document, parsed);
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1} ${String(d.code)} ${d.message}`),
    [
      '7 UNSUPPORTED_ACTION_IN_POLICY The action "s3:GetObject" is not supported in the resource-based policy of an ECR repository or an ECR Public repository: only ecr or ecr-public actions apply to it.',
      '39 INVALID_ACTION The action "kms:ScheduleKeyDelete" does not exist. Did you mean "kms:ScheduleKeyDeletion"?',
    ],
  );
});

test('terraform: shapes of public modules, second round: an EFS file system policy without Resource, a condition key built by format() in a block after another, a jsonencode document in one branch of a conditional', async () => {
  const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const text = [
    'resource "aws_iam_role" "service_account" {',
    '  assume_role_policy = data.aws_iam_policy_document.assume.json',
    '}',
    'data "aws_iam_policy_document" "assume" {',
    '  statement {',
    '    actions = ["sts:AssumeRoleWithWebIdentity"]',
    '    principals {',
    '      type        = "Federated"',
    '      identifiers = ["arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"]',
    '    }',
    '    condition {',
    '      test     = "StringEquals"',
    '      values   = [format("system:serviceaccount:%s:%s", var.namespace, var.name)]',
    '      variable = format("%s:sub", local.issuer)',
    '    }',
    '  }',
    '}',
    'data "aws_iam_policy_document" "efs" {',
    '  statement {',
    '    sid     = "NonSecureTransport"',
    '    effect  = "Deny"',
    '    actions = ["*"]',
    '    principals {',
    '      type        = "AWS"',
    '      identifiers = ["*"]',
    '    }',
    '    condition {',
    '      test     = "Bool"',
    '      variable = "aws:SecureTransport"',
    '      values   = ["false"]',
    '    }',
    '  }',
    '}',
    'resource "aws_efs_file_system_policy" "this" {',
    '  file_system_id = aws_efs_file_system.this.id',
    '  policy         = data.aws_iam_policy_document.efs.json',
    '}',
    'resource "aws_s3_bucket_policy" "b" {',
    '  bucket = "b"',
    '  policy = data.aws_iam_policy_document.efs.json',
    '}',
    'locals {',
    '  assume_policy = var.assume_role_policy != null ? var.assume_role_policy : jsonencode({',
    '    Version = "2012-10-17",',
    '    Statement = [for svc in var.assume_services : {',
    '      Effect    = "Allow",',
    '      Principal = { Service = svc },',
    '      Action    = "sts:AssumeRole"',
    '    }]',
    '  })',
    '}',
    'resource "aws_iam_role" "this" {',
    '  assume_role_policy = local.assume_policy',
    '}',
  ].join('\n');
  const document = TextDocument.create('file:///workspace/tf/main.tf', 'terraform', 1, text);
  const parsed = service.parse(document);
  assert.deepEqual(
    parsed.host?.views.map((v) => `${v.policy.label} ${v.policy.policyType ?? '-'} ${v.policy.resourceService ?? '-'}`),
    [
      'data.aws_iam_policy_document.assume trust -',
      'data.aws_iam_policy_document.efs resource elasticfilesystem|s3',
      'local.assume_policy trust -',
    ],
  );
  const diagnostics = await service.doValidation(document, parsed);
  // Only the bucket policy needs a Resource; the condition key known at deployment says nothing.
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1} ${String(d.code)}`),
    ['21 MISSING_RESOURCE'],
  );
});

test('terraform: a Condition known only at deployment (merge() with a local) may hold the key a finding says is missing: nothing is said; a literal Condition without it still is', async () => {
  const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const role = (condition: string) => [
    'resource "aws_iam_role" "gh" {',
    '  assume_role_policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    '      Effect    = "Allow"',
    '      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }',
    '      Action    = "sts:AssumeRoleWithWebIdentity"',
    `      Condition = ${condition}`,
    '    }]',
    '  })',
    '}',
  ];
  const aud = '{ StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" } }';
  const codes = async (text: string) => {
    const document = TextDocument.create('file:///workspace/tf/gh.tf', 'terraform', 1, text);
    return (await service.doValidation(document, service.parse(document))).map((d) => `${d.range.start.line + 1} ${String(d.code)}`);
  };
  assert.deepEqual(await codes(role(`merge(${aud}, local.sub_condition)`).join('\n')), []);
  assert.deepEqual(await codes(role(`{ StringEquals = var.conditions }`).join('\n')), []);
  assert.deepEqual(await codes(role(aud).join('\n')), ['6 MISSING_GITHUB_REPO_CONDITION_KEY']);
});

test('terraform: a document used in another file, whose only principals come from a dynamic block of unknown type, is an identity policy by its content (no MISSING_PRINCIPAL on its other statements)', async () => {
  const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const text = [
    'data "aws_iam_policy_document" "controller" {',
    '  statement {',
    '    sid       = "AllowPricingReadActions"',
    '    resources = ["*"]',
    '    actions   = ["pricing:GetProducts"]',
    '  }',
    '  dynamic "statement" {',
    '    for_each = var.iam_policy_statements',
    '    content {',
    '      actions   = try(statement.value.actions, null)',
    '      resources = try(statement.value.resources, null)',
    '      dynamic "principals" {',
    '        for_each = try(statement.value.principals, [])',
    '        content {',
    '          type        = principals.value.type',
    '          identifiers = principals.value.identifiers',
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const document = TextDocument.create('file:///workspace/tf/policy.tf', 'terraform', 1, text);
  const parsed = service.parse(document);
  assert.deepEqual(
    (await service.doValidation(document, parsed)).filter((d) => d.severity === 1).map((d) => String(d.code)),
    [],
  );
});

test('terraform: an API Gateway resource policy may name its API as execute-api:/… (API Gateway writes the ARN); an identity policy may not', async () => {
  const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
  const text = [
    'resource "aws_api_gateway_rest_api_policy" "test" {',
    '  rest_api_id = aws_api_gateway_rest_api.test.id',
    '  policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    '      Effect    = "Allow"',
    '      Principal = { AWS = "*" }',
    '      Action    = "execute-api:Invoke"',
    '      Resource  = ["execute-api:/*", "execute-api:/prod/GET/pets"]',
    '      Condition = { IpAddress = { "aws:SourceIp" = "192.0.2.0/24" } }',
    '    }]',
    '  })',
    '}',
    'resource "aws_iam_policy" "invoke" {',
    '  policy = jsonencode({',
    '    Version   = "2012-10-17"',
    '    Statement = [{ Effect = "Allow", Action = "execute-api:Invoke", Resource = "execute-api:/*" }]',
    '  })',
    '}',
  ].join('\n');
  const document = TextDocument.create('file:///workspace/tf/api.tf', 'terraform', 1, text);
  const diagnostics = await service.doValidation(document, service.parse(document));
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1} ${String(d.code)}`),
    ['17 INVALID_ARN_PREFIX'],
  );
});
