# Excerpt for IAM Policy Studio's tests: the locals, state machine and every role and policy,
# unchanged; the Lambda functions and layers after them are left out.
locals {
  default_power_values = "[128,256,512,1024,1536,3008]"
  min_ram              = 128
  base_costs = jsonencode({
    "x86_64" : {
      "ap-east-1" : 2.9e-9, "af-south-1" : 2.8e-9, "me-south-1" : 2.6e-9, "eu-south-1" : 2.4e-9,
      "ap-northeast-3" : 2.7e-9, "default" : 2.1e-9
    }, "arm64" : { "default" : 1.7e-9 }
  })
  sf_costs = jsonencode({
    "default" : 0.000025, "us-gov-west-1" : 0.00003, "ap-northeast-2" : 0.0000271, "eu-south-1" : 0.00002625,
    "af-south-1" : 0.00002975, "us-west-1" : 0.0000279, "eu-west-3" : 0.0000297, "ap-east-1" : 0.0000275,
    "me-south-1" : 0.0000275, "ap-south-1" : 0.0000285, "us-gov-east-1" : 0.00003, "sa-east-1" : 0.0000375
  })
  visualization_url = "https://lambda-power-tuning.show/"

  role_path = var.role_path_override != "" ? var.role_path_override : "/${var.lambda_function_prefix}/"

  max_total_execution_timeout    = 900
  min_total_execution_timeout    = 10
  actual_total_execution_timeout = max(min(local.max_total_execution_timeout, var.total_execution_timeout), local.min_total_execution_timeout)

  state_machine = templatefile(
    "${path.module}/src/aws-lambda-power-tuning/statemachine/statemachine.asl.json",
    {
      publisherArn          = aws_lambda_function.publisher.arn,
      initializerArn        = aws_lambda_function.initializer.arn,
      executorArn           = aws_lambda_function.executor.arn,
      cleanerArn            = aws_lambda_function.cleaner.arn,
      analyzerArn           = aws_lambda_function.analyzer.arn,
      optimizerArn          = aws_lambda_function.optimizer.arn,
      totalExecutionTimeout = local.actual_total_execution_timeout,
    }
  )
  lambda_runtime = "nodejs20.x"
}

data "aws_caller_identity" "current" {}


################################################################################
# State machine
################################################################################

resource "aws_sfn_state_machine" "state_machine" {
  name_prefix = var.lambda_function_prefix
  role_arn    = aws_iam_role.sfn_role.arn

  definition = local.state_machine
}

################################################################################
# Roles and Policies
################################################################################

data "aws_iam_policy_document" "publisher" {
  statement {
    sid = "1"
    actions = [
      "lambda:GetAlias",
      "lambda:GetFunctionConfiguration",
      "lambda:PublishVersion",
      "lambda:UpdateFunctionConfiguration",
      "lambda:CreateAlias",
      "lambda:UpdateAlias"
    ]
    resources = ["arn:aws:lambda:*:${data.aws_caller_identity.current.account_id}:function:*"]
  }
}

data "aws_iam_policy_document" "cleaner" {
  statement {
    sid = "1"
    actions = [
      "lambda:GetAlias",
      "lambda:DeleteAlias",
      "lambda:DeleteFunction"
    ]
    resources = ["arn:aws:lambda:*:${data.aws_caller_identity.current.account_id}:function:*"]
  }
}

data "aws_iam_policy_document" "executor" {
  statement {
    sid = "1"
    actions = [
      "lambda:InvokeFunction",
      "lambda:GetFunctionConfiguration"
    ]
    resources = ["arn:aws:lambda:*:${data.aws_caller_identity.current.account_id}:function:*"]
  }
}

data "aws_iam_policy_document" "initializer" {
  statement {
    sid = "1"
    actions = [
      "lambda:GetFunctionConfiguration"
    ]
    resources = ["arn:aws:lambda:*:${data.aws_caller_identity.current.account_id}:function:*"]
  }
}

data "aws_iam_policy_document" "lambda" {
  statement {
    sid = "1"
    actions = [
      "sts:AssumeRole"
    ]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "sfn" {
  statement {
    sid = "1"
    actions = [
      "sts:AssumeRole"
    ]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "optimizer" {
  statement {
    sid = "1"
    actions = [
      "lambda:GetAlias",
      "lambda:PublishVersion",
      "lambda:UpdateFunctionConfiguration",
      "lambda:GetFunctionConfiguration",
      "lambda:CreateAlias",
      "lambda:UpdateAlias"
    ]
    resources = ["arn:aws:lambda:*:${data.aws_caller_identity.current.account_id}:function:*"]
  }
}

resource "aws_iam_role" "publisher_role" {
  name                 = "${var.lambda_function_prefix}-publisher_role"
  permissions_boundary = var.permissions_boundary
  path                 = local.role_path
  assume_role_policy   = data.aws_iam_policy_document.lambda.json
  tags                 = var.tags
}

resource "aws_iam_role" "analyzer_role" {
  name                 = "${var.lambda_function_prefix}-analyzer_role"
  permissions_boundary = var.permissions_boundary
  path                 = local.role_path
  assume_role_policy   = data.aws_iam_policy_document.lambda.json
  tags                 = var.tags
}

resource "aws_iam_role" "sfn_role" {
  name                 = "${var.lambda_function_prefix}-sfn_role"
  permissions_boundary = var.permissions_boundary
  path                 = local.role_path
  assume_role_policy   = data.aws_iam_policy_document.sfn.json
  tags                 = var.tags
}

# (the other four roles, alike, are left out of this excerpt)

data "aws_iam_policy" "analyzer_policy" {
  name = "AWSLambdaExecute"
}

resource "aws_iam_policy" "publisher_policy" {
  name        = "${var.lambda_function_prefix}_publisher-policy"
  description = "Lambda power tuning policy - Publisher - Terraform"
  policy      = data.aws_iam_policy_document.publisher.json
  tags        = var.tags
}

resource "aws_iam_policy" "executor_policy" {
  name        = "${var.lambda_function_prefix}_executor-policy"
  description = "Lambda power tuning policy - Executor - Terraform"
  policy      = data.aws_iam_policy_document.executor.json
  tags        = var.tags
}

resource "aws_iam_policy" "initializer_policy" {
  name        = "${var.lambda_function_prefix}_initializer-policy"
  description = "Lambda power tuning policy - Initializer - Terraform"
  policy      = data.aws_iam_policy_document.initializer.json
  tags        = var.tags
}

resource "aws_iam_policy" "cleaner_policy" {
  name        = "${var.lambda_function_prefix}_cleaner-policy"
  description = "Lambda power tuning policy - Cleaner - Terraform"
  policy      = data.aws_iam_policy_document.cleaner.json
  tags        = var.tags
}

resource "aws_iam_policy" "optimizer_policy" {
  name        = "${var.lambda_function_prefix}_optimizer-policy"
  description = "Lambda power tuning policy - Optimizer - Terraform"
  policy      = data.aws_iam_policy_document.optimizer.json
  tags        = var.tags
}
