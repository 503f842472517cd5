/**
 * Completion of the policy grammar itself: top-level keys, statement keys (without the ones the
 * statement has, or that conflict with them), `Effect` and `Version` values, and a statement
 * skeleton in an empty `Statement` array slot.
 */
import type { StatementView } from '../statementView';
import { CompletionItemKind, type Candidate } from './items';

/** One-line descriptions, shared with hover. */
export const ELEMENT_DOCS: Readonly<Record<string, string>> = {
  Version: 'The policy language version. Use `2012-10-17`: the older `2008-10-17` does not support policy variables.',
  Id: 'An optional identifier for the policy (a UUID or any string); some services require it to be unique.',
  Statement: "The policy's statements: one object or an array of them.",
  Sid: 'An optional statement ID, unique within the policy.',
  Effect: 'Whether the statement allows or denies access: `Allow` or `Deny`.',
  Principal:
    'Who the statement applies to (resource-based policies only): `"*"`, or `AWS`, `Service`, `Federated`, `CanonicalUser` principals.',
  NotPrincipal: 'Every principal except the listed ones (resource-based policies; prefer `Principal` with conditions).',
  Action: 'The actions the statement covers, as `service:Action`; `*` and `?` are wildcards.',
  NotAction: 'Every action except the listed ones.',
  Resource: 'The resources the statement covers, as ARNs; `*` and `?` are wildcards.',
  NotResource: 'Every resource except the listed ones.',
  Condition: 'When the statement applies: `{ "operator": { "key": value(s) } }`.',
};

const TOP_KEYS: readonly [string, string][] = [
  ['Version', '"2012-10-17"'],
  ['Statement', '[\n\t{\n\t\t"Effect": "${1|Allow,Deny|}",\n\t\t"Action": "$2",\n\t\t"Resource": "$3"\n\t}\n]'],
  ['Id', '"$1"'],
];

const STATEMENT_KEYS: readonly [string, string][] = [
  ['Effect', '"${1|Allow,Deny|}"'],
  ['Action', '"$1"'],
  ['Resource', '"$1"'],
  ['Condition', '{\n\t"$1": {\n\t\t"$2": "$3"\n\t}\n}'],
  ['Sid', '"$1"'],
  ['Principal', '{\n\t"${1|AWS,Service,Federated,CanonicalUser|}": "$2"\n}'],
  ['NotAction', '"$1"'],
  ['NotResource', '"$1"'],
  ['NotPrincipal', '{\n\t"${1|AWS,Service,Federated,CanonicalUser|}": "$2"\n}'],
];

/** Elements that cannot appear together with the key (AWS rejects the combination). */
const CONFLICTS: Readonly<Record<string, readonly string[]>> = {
  Action: ['NotAction'],
  NotAction: ['Action'],
  Resource: ['NotResource'],
  NotResource: ['Resource'],
  Principal: ['NotPrincipal'],
  NotPrincipal: ['Principal'],
};

/** Top-level keys not yet present (`editing`: the key under the cursor, which does not count). */
export function topKeyCandidates(present: readonly string[], editing?: string): Candidate[] {
  return TOP_KEYS.filter(([k]) => k === editing || !present.includes(k)).map(([label, keyValue], rank) => element(label, keyValue, rank));
}

/**
 * Statement keys the statement lacks and that do not conflict with what it has. `editing` is the
 * key under the cursor: renaming `Action` may offer `Action` again (and `NotAction`).
 */
export function statementKeyCandidates(statement: StatementView | undefined, editing?: string): Candidate[] {
  const present = (statement?.keys ?? []).filter((k) => k !== editing);
  const allowed = STATEMENT_KEYS.filter(([k]) => !present.includes(k) && !(CONFLICTS[k] ?? []).some((c) => present.includes(c)));
  return allowed.map(([label, keyValue], rank) => element(label, keyValue, rank));
}

/** Elements whose value has its own completions: after inserting the key, the list reopens there. */
// (Not Principal or Effect: their snippets open a choice of forms or values already.)
const VALUE_COMPLETED = new Set(['Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

function element(label: string, keyValue: string, rank: number): Candidate {
  return {
    label,
    value: label,
    kind: CompletionItemKind.Property,
    rank,
    keyValue,
    documentation: ELEMENT_DOCS[label] ?? '',
    ...(VALUE_COMPLETED.has(label) ? { retrigger: true } : {}),
  };
}

/** `Allow` and `Deny`. */
export function effectCandidates(): Candidate[] {
  return [
    {
      label: 'Allow',
      value: 'Allow',
      kind: CompletionItemKind.EnumMember,
      rank: 0,
      documentation: 'Grants the actions when the statement matches (unless a Deny or a guardrail applies).',
    },
    {
      label: 'Deny',
      value: 'Deny',
      kind: CompletionItemKind.EnumMember,
      rank: 1,
      documentation: 'Denies the actions when the statement matches; an explicit Deny always wins.',
    },
  ];
}

/** The policy language versions. */
export function versionCandidates(): Candidate[] {
  return [
    {
      label: '2012-10-17',
      value: '2012-10-17',
      kind: CompletionItemKind.EnumMember,
      rank: 0,
      detail: 'current',
      documentation: ELEMENT_DOCS.Version ?? '',
    },
    { label: '2008-10-17', value: '2008-10-17', kind: CompletionItemKind.EnumMember, rank: 1, detail: 'legacy: no policy variables' },
  ];
}

const STATEMENT_BODY = '{\n\t"Sid": "$1",\n\t"Effect": "${2|Allow,Deny|}",\n\t"Action": "$3",\n\t"Resource": "$4"\n}';

/** The value of `Statement`: an array with one statement. */
export function statementsCandidates(): Candidate[] {
  return [
    {
      label: '[ statement ]',
      kind: CompletionItemKind.Snippet,
      value: `[\n\t${STATEMENT_BODY.replace(/\n/g, '\n\t')}\n]`,
      snippet: true,
      raw: true,
      rank: 0,
      filterText: '[',
      documentation: 'An array with one statement (Sid, Effect, Action, Resource).',
    },
  ];
}

/** A whole policy, for an empty document. */
export function documentCandidates(): Candidate[] {
  return [
    {
      label: 'IAM policy',
      kind: CompletionItemKind.Snippet,
      snippet: true,
      raw: true,
      rank: 0,
      filterText: '{',
      value: `{\n\t"Version": "2012-10-17",\n\t"Statement": [\n\t\t${STATEMENT_BODY.replace(/\n/g, '\n\t\t')}\n\t]\n}`,
      documentation: 'A policy document: Version 2012-10-17 and one statement.',
    },
  ];
}

/** A statement skeleton for an empty slot of the `Statement` array. */
export function statementSlotCandidates(): Candidate[] {
  return [
    {
      label: 'New statement',
      kind: CompletionItemKind.Snippet,
      value: STATEMENT_BODY,
      snippet: true,
      rank: 0,
      filterText: '{',
      raw: true,
      documentation: 'A statement with Sid, Effect, Action and Resource.',
    },
  ];
}
