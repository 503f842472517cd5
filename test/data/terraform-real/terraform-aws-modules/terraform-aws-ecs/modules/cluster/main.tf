# Excerpt: the task execution, infrastructure and node IAM roles and policies; the cluster, capacity providers, instance profile and security group are left out.

################################################################################
# Task Execution - IAM Role
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
################################################################################

locals {
  task_exec_iam_role_name = try(coalesce(var.task_exec_iam_role_name, "${var.name}${var.disable_v7_default_name_description ? "" : "-task-exec"}"), "")

  create_task_exec_iam_role = var.create && var.create_task_exec_iam_role
  create_task_exec_policy   = local.create_task_exec_iam_role && var.create_task_exec_policy
}

data "aws_iam_policy_document" "task_exec_assume" {
  count = local.create_task_exec_iam_role ? 1 : 0

  statement {
    sid     = "ECSTaskExecutionAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "task_exec" {
  count = local.create_task_exec_iam_role ? 1 : 0

  name        = var.task_exec_iam_role_use_name_prefix ? null : local.task_exec_iam_role_name
  name_prefix = var.task_exec_iam_role_use_name_prefix ? "${local.task_exec_iam_role_name}-" : null
  path        = var.task_exec_iam_role_path
  description = coalesce(var.task_exec_iam_role_description, "Task execution role for ${var.name}")

  assume_role_policy    = data.aws_iam_policy_document.task_exec_assume[0].json
  permissions_boundary  = var.task_exec_iam_role_permissions_boundary
  force_detach_policies = true

  tags = merge(var.tags, var.task_exec_iam_role_tags)
}

resource "aws_iam_role_policy_attachment" "task_exec_additional" {
  for_each = { for k, v in var.task_exec_iam_role_policies : k => v if local.create_task_exec_iam_role }

  role       = aws_iam_role.task_exec[0].name
  policy_arn = each.value
}

data "aws_iam_policy_document" "task_exec" {
  count = local.create_task_exec_policy ? 1 : 0

  # Pulled from AmazonECSTaskExecutionRolePolicy
  statement {
    sid = "Logs"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["*"]
  }

  # Pulled from AmazonECSTaskExecutionRolePolicy
  statement {
    sid = "ECR"
    actions = [
      "ecr:GetAuthorizationToken",
      "ecr:BatchCheckLayerAvailability",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchGetImage",
    ]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = length(var.task_exec_ssm_param_arns) > 0 ? [1] : []

    content {
      sid       = "GetSSMParams"
      actions   = ["ssm:GetParameters"]
      resources = var.task_exec_ssm_param_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.task_exec_secret_arns) > 0 ? [1] : []

    content {
      sid       = "GetSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = var.task_exec_secret_arns
    }
  }

  dynamic "statement" {
    for_each = var.task_exec_iam_statements != null ? var.task_exec_iam_statements : {}

    content {
      sid           = try(coalesce(statement.value.sid, statement.key))
      actions       = statement.value.actions
      not_actions   = statement.value.not_actions
      effect        = statement.value.effect
      resources     = statement.value.resources
      not_resources = statement.value.not_resources

      dynamic "principals" {
        for_each = statement.value.principals != null ? statement.value.principals : []

        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }

      dynamic "not_principals" {
        for_each = statement.value.not_principals != null ? statement.value.not_principals : []

        content {
          type        = not_principals.value.type
          identifiers = not_principals.value.identifiers
        }
      }

      dynamic "condition" {
        for_each = statement.value.condition != null ? statement.value.condition : []

        content {
          test     = condition.value.test
          values   = condition.value.values
          variable = condition.value.variable
        }
      }
    }
  }
}

resource "aws_iam_policy" "task_exec" {
  count = local.create_task_exec_policy ? 1 : 0

  name        = var.task_exec_iam_role_use_name_prefix ? null : local.task_exec_iam_role_name
  name_prefix = var.task_exec_iam_role_use_name_prefix ? "${local.task_exec_iam_role_name}-" : null
  description = coalesce(var.task_exec_iam_role_description, "Task execution role IAM policy")
  policy      = data.aws_iam_policy_document.task_exec[0].json

  tags = merge(var.tags, var.task_exec_iam_role_tags)
}

resource "aws_iam_role_policy_attachment" "task_exec" {
  count = local.create_task_exec_policy ? 1 : 0

  role       = aws_iam_role.task_exec[0].name
  policy_arn = aws_iam_policy.task_exec[0].arn
}

############################################################################################
# Infrastructure IAM role
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html
############################################################################################

locals {
  create_infrastructure_iam_role = var.create && var.create_infrastructure_iam_role && local.managed_instances_enabled

  infrastructure_iam_role_name = coalesce(var.infrastructure_iam_role_name, "${var.name}-infra")
}

data "aws_iam_policy_document" "infrastructure_assume" {
  count = local.create_infrastructure_iam_role ? 1 : 0

  statement {
    sid = "ECSServiceAssumeRole"
    actions = [
      "sts:AssumeRole",
      "sts:TagSession",
    ]

    principals {
      type        = "Service"
      identifiers = ["ecs.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "infrastructure" {
  count = local.create_infrastructure_iam_role ? 1 : 0

  name        = var.infrastructure_iam_role_use_name_prefix ? null : local.infrastructure_iam_role_name
  name_prefix = var.infrastructure_iam_role_use_name_prefix ? "${local.infrastructure_iam_role_name}-" : null
  path        = var.infrastructure_iam_role_path
  description = coalesce(var.infrastructure_iam_role_description, "Amazon ECS infrastructure IAM role that is used to manage your infrastructure (managed instances)")

  assume_role_policy    = data.aws_iam_policy_document.infrastructure_assume[0].json
  permissions_boundary  = var.infrastructure_iam_role_permissions_boundary
  force_detach_policies = true

  tags = merge(var.tags, var.infrastructure_iam_role_tags)
}

################################################################################
# Infrastructure IAM role policy
#
# The managed policy requires role names to start with `ecsInstanceRole`
# So we are duplicating the policy here to avoid that unfortunate and surprising requirement
#
# Ref: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSInfrastructureRolePolicyForManagedInstances.html
################################################################################

data "aws_iam_policy_document" "infrastructure" {
  count = local.create_infrastructure_iam_role ? 1 : 0

  source_policy_documents   = var.infrastructure_iam_role_source_policy_documents
  override_policy_documents = var.infrastructure_iam_role_override_policy_documents

  statement {
    sid       = "CreateLaunchTemplateForManagedInstances"
    actions   = ["ec2:CreateLaunchTemplate"]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:launch-template/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/AmazonECSManaged"
      values   = [true]
    }
  }

  statement {
    sid = "CreateLaunchTemplateVersionsForManagedInstances"
    actions = [
      "ec2:CreateLaunchTemplateVersion",
      "ec2:ModifyLaunchTemplate",
    ]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:launch-template/*"]

    condition {
      test     = "StringEquals"
      variable = "ec2:ManagedResourceOperator"
      values   = ["ecs.amazonaws.com"]
    }
  }

  statement {
    sid     = "ProvisionEC2InstancesForManagedInstances"
    actions = ["ec2:CreateFleet"]
    resources = [
      "arn:${local.partition}:ec2:${local.region}:*:fleet/*",
      "arn:${local.partition}:ec2:${local.region}:*:instance/*",
      "arn:${local.partition}:ec2:${local.region}:*:network-interface/*",
      "arn:${local.partition}:ec2:${local.region}:*:launch-template/*",
      "arn:${local.partition}:ec2:${local.region}:*:security-group/*",
      "arn:${local.partition}:ec2:${local.region}:*:subnet/*",
      "arn:${local.partition}:ec2:${local.region}:*:volume/*",
      "arn:${local.partition}:ec2:${local.region}:*:image/*",
    ]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/AmazonECSManaged"
      values   = [true]
    }
  }

  statement {
    sid     = "RunInstancesForManagedInstances"
    actions = ["ec2:RunInstances"]
    resources = [
      "arn:${local.partition}:ec2:${local.region}:*:instance/*",
      "arn:${local.partition}:ec2:${local.region}:*:volume/*",
      "arn:${local.partition}:ec2:${local.region}:*:network-interface/*",
    ]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/AmazonECSManaged"
      values   = [true]
    }
  }

  statement {
    sid       = "RunInstancesForECSManagedLaunchTemplates"
    actions   = ["ec2:RunInstances"]
    resources = ["arn:${local.partition}:ec2:${local.region}:*:launch-template/*"]

    condition {
      test     = "StringEquals"
      variable = "ec2:ResourceTag/AmazonECSManaged"
      values   = [true]
    }
  }

  statement {
    sid     = "RunInstancesForSupportingResources"
    actions = ["ec2:RunInstances"]
    resources = [
      "arn:${local.partition}:ec2:${local.region}:*:subnet/*",
      "arn:${local.partition}:ec2:${local.region}:*:security-group/*",
      "arn:${local.partition}:ec2:${local.region}:*:image/*",
    ]
  }

  statement {
    sid     = "TagOnCreateEC2ResourcesForManagedInstances"
    actions = ["ec2:CreateTags"]
    resources = [
      "arn:${local.partition}:ec2:${local.region}:*:fleet/*",
      "arn:${local.partition}:ec2:${local.region}:*:launch-template/*",
      "arn:${local.partition}:ec2:${local.region}:*:network-interface/*",
      "arn:${local.partition}:ec2:${local.region}:*:instance/*",
      "arn:${local.partition}:ec2:${local.region}:*:volume/*",
    ]

    condition {
      test     = "StringEquals"
      variable = "ec2:CreateAction"
      values = [
        "CreateFleet",
        "CreateLaunchTemplate",
        "RunInstances",
      ]
    }
  }

  statement {
    sid       = "PassInstanceRoleForManagedInstances"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.node[0].arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }

  statement {
    sid       = "CreateServiceLinkedRoleForEC2Spot"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot"]
  }

  statement {
    sid = "DescribeEC2ResourcesManagedByECS"
    actions = [
      "ec2:DescribeInstances",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplates",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeInstanceTypeOfferings",
      "ec2:DescribeAvailabilityZones",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets",
      "ec2:DescribeVpcs",
    ]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = var.infrastructure_iam_role_statements != null ? var.infrastructure_iam_role_statements : {}

    content {
      sid           = try(coalesce(statement.value.sid, statement.key))
      actions       = statement.value.actions
      not_actions   = statement.value.not_actions
      effect        = statement.value.effect
      resources     = statement.value.resources
      not_resources = statement.value.not_resources

      dynamic "principals" {
        for_each = statement.value.principals != null ? statement.value.principals : []

        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }

      dynamic "not_principals" {
        for_each = statement.value.not_principals != null ? statement.value.not_principals : []

        content {
          type        = not_principals.value.type
          identifiers = not_principals.value.identifiers
        }
      }

      dynamic "condition" {
        for_each = statement.value.condition != null ? statement.value.condition : []

        content {
          test     = condition.value.test
          values   = condition.value.values
          variable = condition.value.variable
        }
      }
    }
  }
}

resource "aws_iam_policy" "infrastructure" {
  count = local.create_infrastructure_iam_role ? 1 : 0

  name        = var.infrastructure_iam_role_use_name_prefix ? null : local.infrastructure_iam_role_name
  name_prefix = var.infrastructure_iam_role_use_name_prefix ? "${local.infrastructure_iam_role_name}-" : null
  description = coalesce(var.infrastructure_iam_role_description, "ECS Managed Instances infrastructure role permissions")
  policy      = data.aws_iam_policy_document.infrastructure[0].json

  tags = merge(var.tags, var.infrastructure_iam_role_tags)
}

resource "aws_iam_role_policy_attachment" "infrastructure" {
  count = local.create_infrastructure_iam_role ? 1 : 0

  policy_arn = aws_iam_policy.infrastructure[0].arn
  role       = aws_iam_role.infrastructure[0].name
}

################################################################################
# Node IAM role
################################################################################

locals {
  create_node_iam_instance_profile = var.create && var.create_node_iam_instance_profile && local.managed_instances_enabled

  node_iam_role_name = coalesce(var.node_iam_role_name, "${var.name}-node")
}

data "aws_iam_policy_document" "node_assume_role_policy" {
  count = local.create_node_iam_instance_profile ? 1 : 0

  statement {
    sid = "ECSNodeAssumeRole"
    actions = [
      "sts:AssumeRole",
      "sts:TagSession",
    ]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "node" {
  count = local.create_node_iam_instance_profile ? 1 : 0

  name        = var.node_iam_role_use_name_prefix ? null : local.node_iam_role_name
  name_prefix = var.node_iam_role_use_name_prefix ? "${local.node_iam_role_name}-" : null
  path        = var.node_iam_role_path
  description = coalesce(var.node_iam_role_description, "Amazon ECS managed instance node role for ECS cluster ${var.name}")

  assume_role_policy    = data.aws_iam_policy_document.node_assume_role_policy[0].json
  permissions_boundary  = var.node_iam_role_permissions_boundary
  force_detach_policies = true

  tags = merge(var.tags, var.node_iam_role_tags)
}

resource "aws_iam_role_policy_attachment" "node_additional" {
  for_each = { for k, v in var.node_iam_role_additional_policies : k => v if local.create_node_iam_instance_profile }

  policy_arn = each.value
  role       = aws_iam_role.node[0].name
}

################################################################################
# Node IAM role policy
#
# Due to this warning from ECS documentation
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instances-instance-profile.html
#
# > If you are using Amazon ECS Managed Instances with the AWS-managed Infrastructure policy,
# > the instance profile must be named ecsInstanceRole. If you are using a custom policy for
# > the Infrastructure role, the instance profile can have an alternative name.
#
# We default to creating the policy in order to remove this "surprising" requirement
# Ref: docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSInstanceRolePolicyForManagedInstances.html
################################################################################

data "aws_iam_policy_document" "node" {
  count = local.create_node_iam_instance_profile ? 1 : 0

  source_policy_documents   = var.node_iam_role_source_policy_documents
  override_policy_documents = var.node_iam_role_override_policy_documents

  statement {
    sid       = "ECSAgentDiscoverPollEndpointPermissions"
    actions   = ["ecs:DiscoverPollEndpoint"]
    resources = ["*"]
  }

  statement {
    sid       = "ECSAgentRegisterPermissions"
    actions   = ["ecs:RegisterContainerInstance"]
    resources = [aws_ecs_cluster.this[0].arn]
  }

  statement {
    sid       = "ECSAgentPollPermissions"
    actions   = ["ecs:Poll"]
    resources = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:container-instance/*"]
  }

  statement {
    sid = "ECSAgentTelemetryPermissions"
    actions = [
      "ecs:StartTelemetrySession",
      "ecs:PutSystemLogEvents",
    ]
    resources = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:container-instance/*"]
  }

  statement {
    sid = "ECSAgentStateChangePermissions"
    actions = [
      "ecs:SubmitAttachmentStateChanges",
      "ecs:SubmitTaskStateChange",
    ]
    resources = [aws_ecs_cluster.this[0].arn]
  }

  # (left out: the dynamic "statement" for node_iam_role_statements, the same as the infrastructure policy's)
}

resource "aws_iam_policy" "node" {
  count = local.create_node_iam_instance_profile ? 1 : 0

  name        = var.node_iam_role_use_name_prefix ? null : local.node_iam_role_name
  name_prefix = var.node_iam_role_use_name_prefix ? "${local.node_iam_role_name}-" : null
  description = coalesce(var.node_iam_role_description, "ECS Managed Instances permissions")
  policy      = data.aws_iam_policy_document.node[0].json

  tags = merge(var.tags, var.node_iam_role_tags)
}

resource "aws_iam_role_policy_attachment" "node" {
  count = local.create_node_iam_instance_profile ? 1 : 0

  policy_arn = aws_iam_policy.node[0].arn
  role       = aws_iam_role.node[0].name
}

# (left out: instance profile and security group)
