# A small application with deliberate policy mistakes, for trying IAM Policy Studio on Terraform.
# Open it in VS Code, or run `iam-policy-studio check examples`.

variable "environment" {
  type    = string
  default = "dev"
}

locals {
  reports_bucket = "example-reports-${var.environment}"
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs-${var.environment}"
}

data "aws_iam_policy_document" "worker_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.worker_trust.json
}

data "aws_iam_policy_document" "worker" {
  statement {
    sid = "ReadReports"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
    ]
    # Mistake: object actions on the bucket ARN (resolves to arn:aws:s3:::example-reports).
    resources = [aws_s3_bucket.reports.arn]
  }

  statement {
    sid       = "WriteResults"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.reports.arn}/results/*"]
  }

  statement {
    sid = "Jobs"
    # Mistake: a misspelled action.
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMesage"]
    resources = [aws_sqs_queue.jobs.arn]
  }
}

resource "aws_iam_role_policy" "worker" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.worker.json
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Mistake: Effect is case-sensitive.
        Effect    = "allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.jobs.arn
        Condition = {
          ArnEquals = { "aws:SourceArn" = var.topic_arn }
        }
      },
    ]
  })
}

resource "aws_iam_policy" "logs" {
  name   = "worker-logs"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
      "Resource": "arn:aws:logs:*:*:log-group:/aws/lambda/${local.reports_bucket}:*"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.worker.name
  policy_arn = aws_iam_policy.logs.arn
}
