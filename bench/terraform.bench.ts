/**
 * Terraform benchmark: a ~2,000-line configuration with 50 policies (aws_iam_policy_document data
 * sources, jsonencode and heredoc JSON) parsed and its policies extracted, first from scratch and
 * then as on a keystroke inside one policy (tree-sitter's incremental re-parse, unchanged blocks
 * reused). Targets (issue 15, whole validation): 30 ms for the file, 10 ms for a keystroke.
 * `npm run bench terraform`. Prints figures; never asserts timings.
 */
import { join } from 'node:path';
import { loadTerraformParser, wasmFilesIn } from '../server/src/node/terraformParser';
import { TerraformExtractor } from '../server/src/service/hosts/terraform';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/service';
import { getCatalog } from '../server/src/node/catalogFile';
import { TerraformSupport } from '../server/src/node/terraformSupport';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1e3).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

/** Three shapes of policy, in turn: a data source with two statements, a role with a jsonencode trust policy, a heredoc. */
function configuration(policies: number): string {
  const out: string[] = [];
  for (let i = 0; i < policies; i++) {
    if (i % 3 === 0) out.push(dataSource(i));
    else if (i % 3 === 1) out.push(roleWithTrust(i));
    else out.push(heredocPolicy(i));
  }
  return out.join('\n');
}

function dataSource(i: number): string {
  return `resource "aws_s3_bucket" "b${i}" {
  bucket = "example-bucket-${i}"
}

data "aws_iam_policy_document" "doc${i}" {
  statement {
    sid     = "Read${i}"
    effect  = "Allow"
    actions = [
      "s3:GetObject",
      "s3:ListBucket",
      "dynamodb:GetItem",
      "dynamodb:Query",
    ]
    resources = [
      aws_s3_bucket.b${i}.arn,
      "\${aws_s3_bucket.b${i}.arn}/*",
      "arn:aws:dynamodb:us-east-1:123456789012:table/t${i}",
    ]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["team${i}"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:DeleteObject"]
    resources = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "p${i}" {
  name   = "p${i}"
  policy = data.aws_iam_policy_document.doc${i}.json
}
`;
}

function roleWithTrust(i: number): string {
  return `resource "aws_iam_role" "r${i}" {
  name = "r${i}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
        Action = "sts:AssumeRole"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = var.account_id
          }
        }
      },
    ]
  })
}
`;
}

function heredocPolicy(i: number): string {
  return `resource "aws_iam_role_policy" "rp${i}" {
  role   = aws_iam_role.r${i - 1}.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
      "Resource": "arn:aws:logs:*:*:log-group:/aws/lambda/r${i}:*"
    },
    {
      "Effect": "Allow",
      "Action": ["sqs:SendMessage", "sqs:GetQueueUrl"],
      "Resource": "arn:aws:sqs:us-east-1:123456789012:jobs-${i}"
    }
  ]
}
POLICY
}
`;
}

async function main(): Promise<void> {
  let t = performance.now();
  const parser = await loadTerraformParser(wasmFilesIn(join(__dirname, '../dist')));
  console.log(`load the parser (WebAssembly, once per process): ${fmt(performance.now() - t)}`);
  const text = configuration(50);
  const lines = text.split('\n').length;
  const policies = new TerraformExtractor().extract(parser.parse(text).blocks).policies.length;
  console.log(`configuration: ${lines} lines, ${policies} policies`);

  const cold: number[] = [];
  for (let i = 0; i < 15; i++) {
    t = performance.now();
    new TerraformExtractor().extract(parser.parse(text).blocks);
    cold.push(performance.now() - t);
  }
  console.log(`parse + extract, from scratch: median ${fmt(median(cold))} (min ${fmt(Math.min(...cold))})`);

  const extractor = new TerraformExtractor();
  let previous = parser.parse(text);
  extractor.extract(previous.blocks);
  let current = text;
  const keystroke: number[] = [];
  const at = text.indexOf('"dynamodb:Query"', text.length / 2) + 12;
  for (let i = 0; i < 30; i++) {
    current = current.slice(0, at) + (i % 2 === 0 ? 'y' : '') + current.slice(at + (i % 2 === 0 ? 0 : 1));
    t = performance.now();
    previous = parser.parse(current, previous);
    extractor.extract(previous.blocks);
    keystroke.push(performance.now() - t);
  }
  console.log(
    `parse + extract, a keystroke inside one policy (incremental): median ${fmt(median(keystroke))} (min ${fmt(Math.min(...keystroke))})`,
  );
}

/**
 * The whole validation through the language service (parse, extraction, views, grammar, checks)
 * of a configuration never seen (each round renames its buckets and tags), then a keystroke inside
 * one policy; wall-clock and CPU time of the process (user + system, all threads), medians of
 * rounds 3–12 (first seen: the JIT still learning) and 21–40 (warm).
 */
async function validation(): Promise<void> {
  const catalog = getCatalog();
  const terraform = new TerraformSupport(wasmFilesIn(join(__dirname, '../dist')));
  if (!(await terraform.ready)) throw new Error(terraform.failure);
  const full: Sample[] = [];
  const keystroke: Sample[] = [];
  for (let round = 0; round < 40; round++) {
    const text = configuration(50)
      .replace(/example-bucket-/g, `example-bucket-r${round}-`)
      .replace(/"team/g, `"team${round}-`);
    const service = getLanguageService({ catalog, hosts: [terraform.host] });
    const doc = TextDocument.create(`file:///bench/r${round}/main.tf`, 'terraform', 1, text);
    let s = start();
    const diagnostics = await service.doValidation(doc, service.parse(doc));
    full.push(s());
    if (round === 0) console.log(`validation: ${service.parse(doc).host?.views.length} policies, ${diagnostics.length} diagnostics`);
    const at = text.indexOf('"dynamodb:Query"', text.length / 2) + 12;
    const edited = TextDocument.create(doc.uri, 'terraform', 2, `${text.slice(0, at)}y${text.slice(at)}`);
    s = start();
    await service.doValidation(edited, service.parse(edited));
    keystroke.push(s());
  }
  console.log(`full validation through the language service (target ≤ 30 ms):\n${figures(full)}`);
  console.log(`a keystroke inside one policy, validated again (target ≤ 10 ms):\n${figures(keystroke)}`);
}

interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

/** Starts a measure; the function returned ends it. */
function start(): () => Sample {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const c = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (c.user + c.system) / 1000 };
  };
}

function figures(samples: readonly Sample[]): string {
  const line = (label: string, xs: readonly Sample[]) =>
    `  ${label}: wall median ${fmt(median(xs.map((x) => x.wall)))}, CPU median ${fmt(median(xs.map((x) => x.cpu)))}`;
  return [line('first seen (rounds 3–12)', samples.slice(2, 12)), line('warm (rounds 21–40)', samples.slice(20))].join('\n');
}

main()
  .then(validation)
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
