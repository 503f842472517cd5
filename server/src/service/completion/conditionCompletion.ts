/**
 * `Condition` completion: operators (base, `…IfExists`, `ForAllValues:` / `ForAnyValue:` forms),
 * keys that apply to the statement's actions and their resource types plus the global keys
 * (variable keys as snippets), and values where they are known (Bool keys, `aws:PrincipalType`,
 * account and principal ARNs of the workspace).
 */
import { conditionKeyToSnippet, type Catalog, type ConditionKeyInfo } from '../../core/catalog';
import { parseOperatorName } from '../../core/policy';
import { OPERATORS_BY_USE, operatorAcceptsType, operatorMarkdown } from '../conditionDocs';
import type { WorkspaceAccount } from '../workspace';
import { CompletionItemKind, MAX_ITEMS, startsWithIgnoreCase, type Candidate } from './items';
import { PerCatalogMemo } from './memo';

/** Keys by the statement's action patterns: the same for every keystroke in its Condition. */
const keysFor = new PerCatalogMemo<readonly ConditionKeyInfo[]>('completion.conditionKeys');
/** Those keys as ranked, sorted candidates, by operator and action patterns. */
const rankedKeys = new PerCatalogMemo<readonly Candidate[]>('completion.rankedConditionKeys');

/** Every operator form; ranks keep base operators first, then IfExists, then set forms. */
export function operatorCandidates(typed: string): Candidate[] {
  const out: Candidate[] = [];
  OPERATORS_BY_USE.forEach((base, i) => {
    out.push(operator(base, i));
    if (base !== 'Null') out.push(operator(`${base}IfExists`, 100 + i));
    // Set operators only make sense for multivalued keys; Null tests presence, not values.
    if (base === 'Null') return;
    for (const set of ['ForAnyValue', 'ForAllValues']) {
      out.push(operator(`${set}:${base}`, 200 + i), operator(`${set}:${base}IfExists`, 300 + i));
    }
  });
  return out.filter(
    (c) => startsWithIgnoreCase(c.label, typed) || startsWithIgnoreCase(c.label.replace(/^For(Any|All)Values?:/, ''), typed),
  );
}

/** The value of `Condition`: an object with one of the common operators. */
export function conditionBlockCandidates(): Candidate[] {
  return OPERATORS_BY_USE.slice(0, 12).map((base, i) => ({
    label: `{ "${base}": … }`,
    value: `{\n\t"${base}": {\n\t\t"$1": "$2"\n\t}\n}`,
    snippet: true,
    raw: true,
    kind: CompletionItemKind.Snippet,
    rank: i,
    filterText: `{${base}`,
    documentation: operatorMarkdown(base) ?? '',
  }));
}

function operator(name: string, rank: number): Candidate {
  return {
    label: name,
    value: name,
    kind: CompletionItemKind.Operator,
    rank,
    documentation: operatorMarkdown(name) ?? '',
    keyValue: '{\n\t"$1": "$2"\n}',
    retrigger: true,
  };
}

/**
 * Keys for the statement's actions (`patterns`; `*` for NotAction or none), filtered by the typed
 * prefix. The ranked, sorted list is cached per statement actions and operator, so a keystroke
 * only scans it until one item more than a list can hold (with `*`: thousands of keys).
 */
export function conditionKeyCandidates(
  catalog: Catalog,
  patterns: readonly string[],
  operatorName: string,
  typed: string,
  oidcProviders: readonly string[] = [],
): Candidate[] {
  const effective = patterns.length ? patterns : ['*'];
  const ranked = rankedKeys.get(catalog, `${operatorName}\n${effective.join('\n')}`, () => rankKeys(catalog, effective, operatorName));
  const first = providerKeys(ranked, oidcProviders);
  // With the provider known, its concrete keys replace the generic `${OidcProvider}:…` forms.
  const seen = new Set(first.map((c) => c.label.toLowerCase()));
  const rest = first.length ? ranked.filter((k) => !seen.has(k.label.toLowerCase()) && !k.label.startsWith(OIDC_VARIABLE)) : ranked;
  const out: Candidate[] = [];
  for (const c of [...first, ...rest]) {
    if (!startsWithIgnoreCase(c.label, typed)) continue;
    out.push(c);
    if (out.length > MAX_ITEMS) break;
  }
  return out;
}

const OIDC_VARIABLE = '${OidcProvider}:';

/**
 * The claim keys of the OIDC providers the statement's `Federated` principal names, ahead of every
 * other key: the generic `${OidcProvider}:sub` becomes `token.actions.githubusercontent.com:sub`,
 * since a trust policy can only test the claims of the provider it trusts.
 */
function providerKeys(ranked: readonly Candidate[], providers: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  for (const host of providers) {
    const prefix = `${host.toLowerCase()}:`;
    for (const c of ranked) {
      if (c.label.startsWith(OIDC_VARIABLE)) {
        const label = `${host}:${c.label.slice(OIDC_VARIABLE.length)}`;
        out.push({ ...c, label, value: label, snippet: false, rank: -1 });
      } else if (c.label.toLowerCase().startsWith(prefix)) {
        out.push({ ...c, rank: -1 });
      }
    }
  }
  // `aud` and `sub` are the claims a trust policy should always pin (Access Analyzer's
  // MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL): they rank first, the other claims next.
  const unique = new Map(out.map((c) => [c.label.toLowerCase(), { ...c, rank: /:(aud|sub)$/.test(c.label) ? -2 : -1 }]));
  return [...unique.values()];
}

/**
 * OIDC provider hosts named by a `Federated` principal: `accounts.google.com`, or the host of an
 * IAM OIDC provider ARN (`arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com`).
 * SAML providers (`saml-provider/…`) have no claim keys of this form.
 */
export function oidcProviderHosts(federated: readonly string[]): string[] {
  const hosts = federated.map((f) => {
    const arn = /^arn:[^:]*:iam::[^:]*:oidc-provider\/(.+)$/.exec(f);
    if (arn) return arn[1] ?? '';
    return !f.startsWith('arn:') && f.includes('.') ? f : '';
  });
  return [...new Set(hosts.filter((h) => h !== ''))];
}

function rankKeys(catalog: Catalog, patterns: readonly string[], operatorName: string): Candidate[] {
  const keys = keysFor.get(catalog, patterns.join('\n'), () => catalog.conditionKeysForPatterns(patterns));
  const parsed = parseOperatorName(operatorName);
  const setOperator = !('error' in parsed) && parsed.setOperator !== undefined;
  const out = keys.map((k) => keyCandidate(k, keyRank(k, operatorName, setOperator)));
  return out.sort((a, b) => a.rank - b.rank || (a.label.toLowerCase() < b.label.toLowerCase() ? -1 : 1));
}

/** Matching type first, the statement's service keys before global keys, set/single mismatch later. */
function keyRank(k: ConditionKeyInfo, operatorName: string, setOperator: boolean): number {
  let rank = k.global ? 2 : 0;
  if (!operatorAcceptsType(operatorName, k.baseType)) rank += 10;
  if (k.multiValued !== setOperator) rank += 4;
  return rank;
}

function keyCandidate(k: ConditionKeyInfo, rank: number): Candidate {
  return {
    label: k.key,
    value: k.variable ? conditionKeyToSnippet(k.key) : k.key,
    snippet: k.variable,
    kind: CompletionItemKind.Property,
    rank,
    detail: `${k.type}${k.multiValued ? ' (multivalued)' : ''}${k.global ? ' · global' : ''}`,
    documentation: k.description,
    keyValue: k.multiValued ? '["$1"]' : '"$1"',
  };
}

/** Known values of a few keys (from the condition key reference pages). */
const KNOWN_VALUES: Readonly<Record<string, readonly string[]>> = {
  'aws:principaltype': ['AssumedRole', 'User', 'FederatedUser', 'Account', 'Anonymous'],
  's3:x-amz-acl': [
    'private',
    'public-read',
    'public-read-write',
    'aws-exec-read',
    'authenticated-read',
    'bucket-owner-read',
    'bucket-owner-full-control',
    'log-delivery-write',
  ],
  's3:x-amz-server-side-encryption': ['AES256', 'aws:kms', 'aws:kms:dsse'],
  'aws:requestedregion': [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'ap-south-1',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-east-1',
    'ca-central-1',
    'sa-east-1',
    'me-south-1',
    'af-south-1',
  ],
};
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:resourceaccount']);
const PRINCIPAL_ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);

/** Values for a key under an operator: booleans, enumerations, workspace accounts and principal ARNs. */
export function conditionValueCandidates(
  catalog: Catalog | undefined,
  operatorName: string,
  key: string,
  accounts: readonly WorkspaceAccount[],
): Candidate[] {
  const parsed = parseOperatorName(operatorName);
  const definition = catalog?.conditionKey(key);
  const isBool = !('error' in parsed) && (parsed.base === 'Null' || parsed.base === 'Bool' || definition?.baseType === 'Bool');
  if (isBool) return ['true', 'false'].map((v, i) => value(v, i, 'Bool'));
  const lower = key.toLowerCase();
  const known = KNOWN_VALUES[lower];
  if (known) return known.map((v, i) => value(v, i, key));
  if (ACCOUNT_KEYS.has(lower)) return accounts.map((a, i) => value(a.accountId, i, a.name ?? 'workspace account'));
  if (PRINCIPAL_ARN_KEYS.has(lower)) {
    return accounts
      .flatMap((a) => a.principals)
      .filter((p) => p.kind !== 'group')
      .map((p, i) => value(p.arn, i, `${p.kind} ${p.name}`));
  }
  return [];
}

function value(v: string, rank: number, detail: string): Candidate {
  return { label: v, value: v, kind: CompletionItemKind.Value, rank, detail };
}
