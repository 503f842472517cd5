/**
 * Which files are Terraform configuration: `.tf`, and OpenTofu's `.tofu` (OpenTofu reads both;
 * "if a `.tofu` file and a `.tf` file of the same name are in the same folder, OpenTofu uses the
 * `.tofu` file", opentofu.org, Files and Directories). Terraform itself ignores `.tofu` files; both
 * are read here, each checked as written.
 */
const TERRAFORM_FILE = /\.(tf|tofu)$/i;

/** Whether a file name (or path, or URI) names a Terraform or OpenTofu configuration file. */
export function isTerraformFileName(name: string): boolean {
  return TERRAFORM_FILE.test(name);
}
