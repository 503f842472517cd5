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

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
