# A data-export service: a Lambda role reads the raw bucket and writes exports; an auditor user
# reads exports through a group. Imported by exports.iam-model.json, whose access tests run with
# `iam-policy-studio test exports.iam-model.json` before `terraform apply`.

variable "env" {
  default = "dev"
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "exporter" {
  statement {
    sid       = "ReadRaw"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.raw.arn}/*"]
  }
  statement {
    sid       = "WriteExports"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.exports.arn}/*"]
  }
}

resource "aws_iam_role" "exporter" {
  name               = "exporter-${var.env}"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "exporter" {
  name   = "exporter"
  role   = aws_iam_role.exporter.name
  policy = data.aws_iam_policy_document.exporter.json
}

resource "aws_s3_bucket" "raw" {
  bucket = "example-raw-${var.env}"
}

resource "aws_s3_bucket" "exports" {
  bucket = "example-exports-${var.env}"
  tags = {
    classification = "internal"
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_iam_user" "auditor" {
  name = "auditor-${var.env}"
}

resource "aws_iam_group" "auditors" {
  name = "auditors"
}

resource "aws_iam_group_membership" "auditors" {
  name  = "auditors"
  group = aws_iam_group.auditors.name
  users = [aws_iam_user.auditor.name]
}

resource "aws_iam_group_policy" "read_exports" {
  name  = "read-exports"
  group = aws_iam_group.auditors.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]
    }]
  })
}
