/**
 * What a principal denotes, for hover (reference_policies_elements_principal.md): accounts,
 * users, roles, role sessions, federated users, service principals, identity providers, S3
 * canonical users, and everyone (`*`).
 */
import type { WorkspaceAccount } from '../workspace';
import { inert } from './inert';

/** Markdown for a principal value under form `AWS`, `Service`, `Federated`, `CanonicalUser`, or `Principal: "*"`. */
export function principalMarkdown(form: string | undefined, value: string, accounts: readonly WorkspaceAccount[]): string {
  const known = accounts.flatMap((a) => a.principals.map((p) => ({ p, a }))).find(({ p }) => p.arn === value);
  const text = describe(form, value);
  return known
    ? `${text}\n\nWorkspace: ${known.p.kind} **${inert(known.p.name)}** in account ${inert(known.a.name ?? known.a.accountId)}.`
    : text;
}

function describe(form: string | undefined, value: string): string {
  if (value === '*')
    return form === 'AWS'
      ? 'Every AWS principal, including anonymous requests: same as `"Principal": "*"`.'
      : 'Everyone, including anonymous users. Restrict with conditions such as `aws:PrincipalOrgID`.';
  switch (form) {
    case 'Service':
      return `The AWS service principal **${inert(value)}**: the service acts with the permissions this policy grants (consider \`aws:SourceArn\` / \`aws:SourceAccount\` to avoid the confused deputy).`;
    case 'Federated':
      return federated(value);
    case 'CanonicalUser':
      return 'An Amazon S3 canonical user ID (an obfuscated form of an account ID).';
    case 'AWS':
      return aws(value);
    default:
      return '';
  }
}

function federated(value: string): string {
  if (/:saml-provider\//.test(value))
    return `The SAML identity provider **${inert(value.split('/').pop() ?? '')}**: users federated through it (with \`sts:AssumeRoleWithSAML\`).`;
  if (/:oidc-provider\//.test(value))
    return `The OIDC identity provider **${inert(value.split(':oidc-provider/')[1] ?? '')}**: web identities federated through it (with \`sts:AssumeRoleWithWebIdentity\`).`;
  return `The web identity provider **${inert(value)}** (with \`sts:AssumeRoleWithWebIdentity\`).`;
}

function aws(value: string): string {
  if (/^\d{12}$/.test(value))
    return `The account **${value}** — same as \`arn:aws:iam::${value}:root\`: the account delegates to its own IAM policies.`;
  const m = /^arn:([^:]*):(iam|sts)::(\d{12}|\*):(.*)$/.exec(value);
  if (!m) return 'An AWS principal (an account, user, role, session or federated user ARN).';
  const [, , service, account, resource = ''] = m;
  const [kind = '', ...rest] = resource.split('/');
  const name = rest.join('/');
  if (resource === 'root')
    return `The account **${inert(account ?? '')}** (not only its root user): any principal in it that its own IAM policies allow.`;
  if (service === 'iam' && kind === 'role')
    return `The IAM role **${inert(name)}** in account ${inert(account ?? '')} (sessions assuming it).`;
  if (service === 'iam' && kind === 'user') return `The IAM user **${inert(name)}** in account ${inert(account ?? '')}.`;
  if (service === 'sts' && kind === 'assumed-role')
    return `The role session **${inert(rest[1] ?? '')}** of role **${inert(rest[0] ?? '')}** in account ${inert(account ?? '')}.`;
  if (service === 'sts' && kind === 'federated-user') return `The federated user **${inert(name)}** in account ${inert(account ?? '')}.`;
  return `An ${(service ?? '').toUpperCase()} principal in account ${inert(account ?? '')}.`;
}
