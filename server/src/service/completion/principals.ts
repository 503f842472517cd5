/**
 * `Principal` / `NotPrincipal` completion: `"*"` or an object, the principal forms (`AWS`,
 * `Service`, `Federated`, `CanonicalUser`), common AWS service principals, identity providers,
 * and the workspace model's accounts, users and roles.
 */
import type { WorkspaceAccount } from '../workspace';
import { CompletionItemKind, startsWithIgnoreCase, type Candidate } from './items';

/** What each principal form denotes; shared with hover. */
export const PRINCIPAL_FORMS: ReadonlyMap<string, string> = new Map([
  ['AWS', 'AWS accounts, IAM users, IAM roles, assumed-role sessions or federated users, by ARN (or 12-digit account ID).'],
  ['Service', 'AWS services, by service principal, e.g. `lambda.amazonaws.com`.'],
  [
    'Federated',
    'Web identity or SAML federated users: an identity provider (`cognito-identity.amazonaws.com`, a SAML or OIDC provider ARN).',
  ],
  ['CanonicalUser', 'An Amazon S3 canonical user ID (a long hex string) — for S3 bucket policies.'],
]);

/** Service principals people most often trust, in rough order of use. */
const SERVICE_PRINCIPALS = [
  'lambda.amazonaws.com',
  'ec2.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'states.amazonaws.com',
  'events.amazonaws.com',
  'apigateway.amazonaws.com',
  'sns.amazonaws.com',
  'sqs.amazonaws.com',
  's3.amazonaws.com',
  'cloudformation.amazonaws.com',
  'codebuild.amazonaws.com',
  'codepipeline.amazonaws.com',
  'logs.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'delivery.logs.amazonaws.com',
  'elasticloadbalancing.amazonaws.com',
  'firehose.amazonaws.com',
  'glue.amazonaws.com',
  'sagemaker.amazonaws.com',
  'scheduler.amazonaws.com',
  'cloudfront.amazonaws.com',
  'edgelambda.amazonaws.com',
  'eks.amazonaws.com',
  'pods.eks.amazonaws.com',
  'rds.amazonaws.com',
  'ssm.amazonaws.com',
  'backup.amazonaws.com',
  'bedrock.amazonaws.com',
  'kms.amazonaws.com',
];

const FEDERATED: readonly [string, string][] = [
  ['cognito-identity.amazonaws.com', 'Amazon Cognito identity pools'],
  ['arn:aws:iam::${1:111122223333}:saml-provider/${2:ProviderName}', 'a SAML identity provider'],
  ['arn:aws:iam::${1:111122223333}:oidc-provider/${2:token.actions.githubusercontent.com}', 'an OIDC identity provider'],
  ['accounts.google.com', 'Google'],
  ['graph.facebook.com', 'Facebook'],
  ['www.amazon.com', 'Login with Amazon'],
];

/** The value of `Principal` itself: `"*"` or an object with one form. */
export function principalCandidates(): Candidate[] {
  const forms = [...PRINCIPAL_FORMS.keys()].map((form, i): Candidate => ({
    label: `{ "${form}": … }`,
    value: `{ "${form}": "$1" }`,
    snippet: true,
    raw: true,
    kind: CompletionItemKind.Struct,
    rank: 1 + i,
    documentation: PRINCIPAL_FORMS.get(form) ?? '',
    filterText: `{${form}`,
  }));
  // `"*"` is public access: offered after the specific forms, never first.
  return [
    ...forms,
    {
      label: '*',
      value: '*',
      kind: CompletionItemKind.Constant,
      rank: 10,
      documentation: 'Everyone: every principal, including anonymous users. Restrict with conditions.',
    },
  ];
}

/** Keys of a principal object. */
export function principalKeyCandidates(present: readonly string[]): Candidate[] {
  return [...PRINCIPAL_FORMS.entries()]
    .filter(([form]) => !present.includes(form))
    .map(([form, doc], i) => ({
      label: form,
      value: form,
      kind: CompletionItemKind.Property,
      rank: i,
      documentation: doc,
      keyValue: '"$1"',
    }));
}

/** Values of one form. */
export function principalValueCandidates(form: string, typed: string, accounts: readonly WorkspaceAccount[]): Candidate[] {
  const all = form === 'Service' ? services() : form === 'Federated' ? federated() : form === 'AWS' ? aws(accounts) : [];
  // Snippet values (with tab stops) are matched on their label.
  return all.filter((c) => startsWithIgnoreCase(c.label, typed) || typed === '');
}

function services(): Candidate[] {
  return SERVICE_PRINCIPALS.map((s, i) => ({ label: s, value: s, kind: CompletionItemKind.Value, rank: i, detail: 'service principal' }));
}

function federated(): Candidate[] {
  return FEDERATED.map(([v, what], i) => ({
    label: v.replace(/\$\{\d+:([^}]*)\}/g, '$1'),
    value: v,
    snippet: v.includes('${'),
    kind: CompletionItemKind.Value,
    rank: i,
    detail: what,
  }));
}

function aws(accounts: readonly WorkspaceAccount[]): Candidate[] {
  const out: Candidate[] = [
    {
      label: '*',
      value: '*',
      kind: CompletionItemKind.Constant,
      rank: 90,
      documentation: 'Every AWS principal (same as `"Principal": "*"` for matching).',
    },
  ];
  for (const a of accounts) {
    out.push({
      label: `arn:${a.partition ?? 'aws'}:iam::${a.accountId}:root`,
      value: `arn:${a.partition ?? 'aws'}:iam::${a.accountId}:root`,
      kind: CompletionItemKind.Value,
      rank: 0,
      detail: `account ${a.name ?? a.accountId}`,
    });
    // IAM groups are not principals: a policy cannot name one (reference_policies_elements_principal.md).
    for (const p of a.principals.filter((p) => p.kind !== 'group')) {
      out.push({ label: p.arn, value: p.arn, kind: CompletionItemKind.Value, rank: 1, detail: `${p.kind} ${p.name}` });
    }
  }
  if (accounts.length === 0) {
    out.push({
      label: 'arn:aws:iam::111122223333:root',
      value: 'arn:aws:iam::${1:111122223333}:root',
      snippet: true,
      kind: CompletionItemKind.Value,
      rank: 0,
      detail: 'an account',
    });
    out.push({
      label: 'arn:aws:iam::111122223333:role/RoleName',
      value: 'arn:aws:iam::${1:111122223333}:role/${2:RoleName}',
      snippet: true,
      kind: CompletionItemKind.Value,
      rank: 1,
      detail: 'a role',
    });
    out.push({
      label: 'arn:aws:iam::111122223333:user/UserName',
      value: 'arn:aws:iam::${1:111122223333}:user/${2:UserName}',
      snippet: true,
      kind: CompletionItemKind.Value,
      rank: 2,
      detail: 'a user',
    });
  }
  return out;
}
