/**
 * The workspace model hook: what the language service may know about the user's AWS accounts
 * (from the workspace model: account files, CloudFormation/Terraform, settings). Used to default
 * the account in ARN snippets and to complete principals. Optional: without it, completion
 * offers placeholders.
 */

/** A principal the workspace model knows. */
export interface WorkspacePrincipal {
  /** Full ARN, e.g. `arn:aws:iam::123456789012:role/Deploy`. */
  readonly arn: string;
  /** `user`, `role`, `group`, `account`, … (shown as the item's detail). */
  readonly kind: string;
  /** Display name, e.g. `Deploy`. */
  readonly name: string;
}

/** One account of the workspace model. */
export interface WorkspaceAccount {
  /** 12 digits. */
  readonly accountId: string;
  /** `aws` unless told (`aws-cn`, `aws-us-gov`). */
  readonly partition?: string;
  /** An optional display name. */
  readonly name?: string;
  readonly principals: readonly WorkspacePrincipal[];
}

/** Called on each completion that can use it; must be cheap (return a cached snapshot). */
export type WorkspaceAccounts = () => readonly WorkspaceAccount[];
