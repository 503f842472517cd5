/**
 * The workspace model hook: what the language service may know about the user's AWS accounts
 * (from the workspace model: account files, CloudFormation/Terraform, settings). Used to default
 * the account in ARN snippets and to complete principals. Optional: without it, completion
 * offers placeholders.
 */
import type { Model, ModelAccount } from '../core/model';

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

const converted = new WeakMap<Model, readonly WorkspaceAccount[]>();

/**
 * The accounts, users and roles of a resolved workspace model, in the shape completion uses.
 * Cached per model object, so `workspaceAccounts: () => workspaceAccountsOf(currentModel)` is cheap.
 */
export function workspaceAccountsOf(model: Model): readonly WorkspaceAccount[] {
  let accounts = converted.get(model);
  if (!accounts) {
    accounts = [...model.accounts.values()].map(toWorkspaceAccount);
    converted.set(model, accounts);
  }
  return accounts;
}

function toWorkspaceAccount(a: ModelAccount): WorkspaceAccount {
  const principals = [...a.roles.values(), ...a.users.values()].map((p) => ({ arn: p.arn, kind: p.kind, name: p.name }));
  // The partition is not stored per account: take it from the account's principals' ARNs.
  const partition = /^arn:([^:]+):/.exec(principals[0]?.arn ?? '')?.[1];
  return { accountId: a.id, ...(a.name ? { name: a.name } : {}), ...(partition && partition !== 'aws' ? { partition } : {}), principals };
}
