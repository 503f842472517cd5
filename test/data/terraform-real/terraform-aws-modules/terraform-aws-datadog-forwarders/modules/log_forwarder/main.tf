# Excerpt: the forwarder's IAM role and policy and its Lambda permissions; the bucket, package download, function and log group are left out.
locals {
  bucket_name = var.bucket_name != "" ? var.bucket_name : "datadog-forwarder-${data.aws_caller_identity.current.account_id}-${data.aws_region.current.name}"

  dd_api_key            = var.dd_api_key != "" ? { DD_API_KEY = var.dd_api_key } : {}
  dd_api_key_secret_arn = var.dd_api_key_secret_arn != "" ? { DD_API_KEY_SECRET_ARN = var.dd_api_key_secret_arn } : {}

  description = "Lambda function to push logs, metrics, and traces to Datadog"
  version_tag = { DD_FORWARDER_VERSION = var.forwarder_version }

  role_name   = coalesce(var.role_name, var.name)
  policy_name = coalesce(var.policy_name, var.name)

  zip_url       = "https://github.com/DataDog/datadog-serverless-functions/releases/download/aws-dd-forwarder-${var.forwarder_version}/aws-dd-forwarder-${var.forwarder_version}.zip"
  zip_name      = "aws-dd-forwarder-${var.forwarder_version}.zip"
  forwarder_zip = "${path.module}/${local.zip_name}"
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

# (left out: the forwarder bucket module)

################################################################################
# Forwarder IAM Role
################################################################################

data "aws_iam_policy_document" "this" {
  statement {
    actions = [
      "sts:AssumeRole",
    ]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  count = var.create && var.create_role ? 1 : 0

  name        = var.use_role_name_prefix ? null : local.role_name
  name_prefix = var.use_role_name_prefix ? "${local.role_name}-" : null
  description = local.description
  path        = var.role_path

  assume_role_policy    = data.aws_iam_policy_document.this.json
  max_session_duration  = var.role_max_session_duration
  permissions_boundary  = var.role_permissions_boundary
  force_detach_policies = true

  tags = merge(var.tags, var.role_tags)
}

resource "aws_iam_policy" "this" {
  count = var.create && var.create_role_policy ? 1 : 0

  name        = var.use_policy_name_prefix ? null : local.policy_name
  name_prefix = var.use_policy_name_prefix ? "${local.policy_name}-" : null
  description = local.description
  path        = var.policy_path

  policy = templatefile(
    "${path.module}/policy.tmpl",
    {
      vpc_check             = var.subnet_ids != null
      s3_check              = length(var.s3_log_bucket_arns) > 0
      s3_log_bucket_arns    = jsonencode(var.s3_log_bucket_arns)
      datadog_s3_bucket     = "arn:aws:s3:::${local.bucket_name}"
      dd_api_key_secret_arn = var.dd_api_key_secret_arn
    }
  )

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  count = var.create && var.create_role ? 1 : 0

  role       = aws_iam_role.this[0].id
  policy_arn = var.create_role_policy ? aws_iam_policy.this[0].id : var.policy_arn
}

# (left out: null_resource, aws_s3_object and aws_lambda_function)

resource "aws_lambda_permission" "cloudwatch" {
  count = var.create ? 1 : 0

  statement_id   = "datadog-forwarder-CloudWatchLogsPermission"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.this[0].function_name
  principal      = "logs.${data.aws_region.current.name}.amazonaws.com"
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_permission" "s3" {
  count = var.create && length(var.s3_log_bucket_arns) > 0 ? 1 : 0

  statement_id   = "datadog-forwarder-S3Permission"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.this[0].function_name
  principal      = "s3.amazonaws.com"
  source_account = data.aws_caller_identity.current.account_id
}

# (left out: the log group)
