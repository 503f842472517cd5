locals {
  number_of_custom_role_policy_arns = length(var.custom_role_policy_arns)
}
