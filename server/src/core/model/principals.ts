/**
 * Finding the principal a simulation is about: a user or role by name (`alice`, `role/ci-role`,
 * `123456789012/alice`), by ARN (user, role, assumed-role session, root), the root user (`root`,
 * an account id), or a service principal (`ec2.amazonaws.com`). A name shared by several entities
 * is ambiguous and answered with the candidates.
 */
import { principalFromArn, type RequestPrincipal } from '../evaluator/principal';
import type { Model, ModelAccount, ModelRole, ModelUser } from './types';

/** A principal of (or outside) the model. */
export type ModelPrincipal =
  | { readonly kind: 'user'; readonly user: ModelUser }
  /** A session of the role; `mfa` carries the MFA state of whoever created the session (role chains). */
  | { readonly kind: 'role'; readonly role: ModelRole; readonly sessionName: string; readonly mfa?: boolean }
  | { readonly kind: 'root'; readonly account: string }
  | { readonly kind: 'service'; readonly service: string }
  /**
   * An ARN the model does not describe (another company's account, or a federated user session
   * of a model account, whose calling IAM user the ARN does not name): no identity policies known.
   */
  | { readonly kind: 'external'; readonly principal: RequestPrincipal; readonly label: string };

/** The default session name when a role is simulated as a session. */
export const DEFAULT_SESSION_NAME = 'iam-policy-studio';

export type FindResult = { readonly ok: true; readonly principal: ModelPrincipal } | { readonly ok: false; readonly message: string };

/** Finds a principal by name or ARN. */
export function findPrincipal(model: Model, text: string, sessionName = DEFAULT_SESSION_NAME): FindResult {
  const t = text.trim();
  const accounts = [...model.accounts.values()];
  if (t === 'root') {
    if (accounts.length === 1) return ok({ kind: 'root', account: (accounts[0] as ModelAccount).id });
    return { ok: false, message: `'root' is ambiguous with ${accounts.length} accounts; write <account id>:root or the account id.` };
  }
  const rootOf = /^(\d{12})(:root)?$/.exec(t);
  if (rootOf) return ok({ kind: 'root', account: rootOf[1] as string });
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(t)) return ok({ kind: 'service', service: t });
  if (t.startsWith('arn:')) return byArn(model, t, sessionName);
  return byName(accounts, t, sessionName);
}

function ok(principal: ModelPrincipal): FindResult {
  return { ok: true, principal };
}

function byArn(model: Model, arn: string, sessionName: string): FindResult {
  const p = principalFromArn(arn);
  if (!p) return { ok: false, message: `'${arn}' is not a principal ARN (user, role, assumed-role session or root).` };
  const account = p.account ? model.accounts.get(p.account) : undefined;
  const name = (p.roleArn ?? p.arn ?? '').split('/').pop()?.toLowerCase() ?? '';
  if (p.type === 'root') return ok({ kind: 'root', account: p.account as string });
  if (account && p.type === 'user') {
    const user = [...account.users.values()].find((u) => u.name.toLowerCase() === name);
    if (user) return ok({ kind: 'user', user });
  }
  if (account && (p.type === 'role' || p.type === 'assumed-role')) {
    const role = [...account.roles.values()].find((r) => r.name.toLowerCase() === name);
    const session = p.type === 'assumed-role' ? (arn.split('/')[2] ?? sessionName) : sessionName;
    if (role) return ok({ kind: 'role', role, sessionName: session });
  }
  // A federated user session (GetFederationToken) of a model account: the model cannot say which
  // IAM user called GetFederationToken, so its identity side is the worst case, as for an account
  // outside the model (gather.ts); the account's SCPs still apply.
  if (account && p.type === 'federated-user') return ok({ kind: 'external', principal: p, label: arn });
  if (account)
    return { ok: false, message: `Account ${account.id} of the model has no ${p.type === 'user' ? 'user' : 'role'} named '${name}'.` };
  return ok({ kind: 'external', principal: p, label: arn });
}

function byName(accounts: readonly ModelAccount[], text: string, sessionName: string): FindResult {
  const parts = text.split('/');
  const typed = parts.length >= 2 && (parts[parts.length - 2] === 'user' || parts[parts.length - 2] === 'role');
  const type = typed ? parts[parts.length - 2] : undefined;
  const name = parts[parts.length - 1] ?? '';
  const acct = parts.length - (typed ? 2 : 1) === 1 ? parts[0] : undefined;
  if (name === '' || parts.length - (typed ? 2 : 1) > 1)
    return {
      ok: false,
      message: `'${text}' is not a principal: use a user or role name, role/<name>, <account>/<name>, an ARN, root, or a service principal.`,
    };
  const scoped = acct ? accounts.filter((a) => a.id === acct || a.name === acct) : accounts;
  const found: ModelPrincipal[] = [];
  for (const a of scoped) {
    const user = type !== 'role' ? (a.users.get(name) ?? [...a.users.values()].find((u) => u.alias === name)) : undefined;
    const role = type !== 'user' ? (a.roles.get(name) ?? [...a.roles.values()].find((r) => r.alias === name)) : undefined;
    if (user) found.push({ kind: 'user', user });
    if (role) found.push({ kind: 'role', role, sessionName });
  }
  if (found.length === 1) return ok(found[0] as ModelPrincipal);
  if (found.length === 0)
    return {
      ok: false,
      message: `No user or role named '${text}' in the model${acct && scoped.length === 0 ? ` (no account '${acct}')` : ''}.`,
    };
  return { ok: false, message: `'${text}' is ambiguous: ${found.map(describePrincipal).join(', ')}. Use an ARN or role/<name>.` };
}

/** The ARN (or service name) a principal is shown as. */
export function describePrincipal(p: ModelPrincipal): string {
  switch (p.kind) {
    case 'user':
      return p.user.arn;
    case 'role':
      return `arn:aws:sts::${p.role.account}:assumed-role/${p.role.name}/${p.sessionName}`;
    case 'root':
      return `arn:aws:iam::${p.account}:root`;
    case 'service':
      return p.service;
    case 'external':
      return p.label;
  }
}

/** The evaluator's view of a model principal. */
export function requestPrincipal(p: ModelPrincipal): RequestPrincipal {
  switch (p.kind) {
    case 'user':
      return { type: 'user', arn: p.user.arn, account: p.user.account, ...(p.user.userId ? { uniqueId: p.user.userId } : {}) };
    case 'role':
      return {
        type: 'assumed-role',
        arn: describePrincipal(p),
        account: p.role.account,
        roleArn: p.role.arn,
        ...(p.role.arn.includes(':role/aws-service-role/') ? { serviceLinked: true } : {}),
        ...(p.role.roleId ? { uniqueId: p.role.roleId } : {}),
      };
    case 'root':
      return { type: 'root', arn: describePrincipal(p), account: p.account };
    case 'service':
      return { type: 'service', service: p.service };
    case 'external':
      return p.principal;
  }
}

/** Every user and role of the model, plus each account's root user (for pickers and `listPrincipals`). */
export function allPrincipals(model: Model): ModelPrincipal[] {
  const out: ModelPrincipal[] = [];
  for (const a of model.accounts.values()) {
    out.push({ kind: 'root', account: a.id });
    for (const user of a.users.values()) out.push({ kind: 'user', user });
    for (const role of a.roles.values()) out.push({ kind: 'role', role, sessionName: DEFAULT_SESSION_NAME });
  }
  return out;
}
