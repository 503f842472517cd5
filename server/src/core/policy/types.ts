/**
 * The normalized policy model: what an IAM policy document means, independent of how it was
 * spelled (object-or-array `Statement`, string-or-array elements, `"*"` or `{"AWS": …}` principals).
 * Positions are JSON paths into the original document, e.g. `['Statement', 0, 'Action', 2]`, so
 * the language service can map them back to text ranges.
 */

/** A JSON path into the original policy document. */
export type JsonPath = readonly (string | number)[];

/** A problem found while normalizing a policy. Bad input never throws; it produces these. */
export interface PolicyError {
  readonly path: JsonPath;
  readonly message: string;
}

/** The policy language versions IAM accepts. A missing `Version` means 2008-10-17. */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

export type Effect = 'Allow' | 'Deny';

/** An optional label that explanations echo so a UI can link a statement back to its file. */
export interface PolicyLabel {
  /** A policy name or other short identifier, e.g. `ReadOnlyAccess`. */
  readonly id?: string;
  /** Where the policy came from, e.g. a workspace file path. */
  readonly source?: string;
}

/**
 * A `Principal` or `NotPrincipal` block. `Principal: "*"` sets `wildcard`; `{"AWS": "*"}` is
 * equivalent for matching (reference_policies_elements_principal.md, "All principals") and also
 * sets it, while keeping the raw entries for diagnostics.
 */
export interface PrincipalBlock {
  readonly wildcard: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
  readonly path: JsonPath;
  /** Which principal kinds (`AWS`, `Service`, …) were written as arrays. */
  readonly arrayKinds: readonly string[];
}

/**
 * Every base condition operator, canonical case (reference_policies_elements_condition_operators.md):
 * the one list, whose entries are also the type {@link ConditionOperatorName}.
 */
export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

/** A base condition operator (without `ForAllValues:`/`ForAnyValue:` or `IfExists`). */
export type ConditionOperatorName = (typeof CONDITION_OPERATORS)[number];

/** `ForAllValues:` / `ForAnyValue:` set operators for multivalued keys. */
export type SetOperator = 'ForAllValues' | 'ForAnyValue';

/** One key test inside a `Condition` block: `{ "<operator>": { "<key>": [values…] } }`. */
export interface ConditionEntry {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  readonly base: ConditionOperatorName;
  readonly setOperator?: SetOperator;
  readonly ifExists: boolean;
  /** The key as written; keys compare case-insensitively. */
  readonly key: string;
  /** Values as strings (JSON numbers and booleans are converted, as IAM does). */
  readonly values: readonly string[];
  readonly path: JsonPath;
}

/** A normalized statement. Exactly one of action/notAction; at most one of resource/notResource. */
export interface Statement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: PrincipalBlock;
  readonly notPrincipal?: PrincipalBlock;
  readonly conditions: readonly ConditionEntry[];
  readonly path: JsonPath;
  /** Which of Action/NotAction/Resource/NotResource were written as arrays (see `entryPath`). */
  readonly arrayElements: readonly ListElement[];
}

/** The statement elements that hold a string or a list of strings. */
export type ListElement = 'Action' | 'NotAction' | 'Resource' | 'NotResource';

/** A normalized policy document. */
export interface Policy {
  readonly version: PolicyVersion;
  /** Whether `Version` was written; policy variables need an explicit 2012-10-17. */
  readonly versionGiven: boolean;
  /** The document's own `Id` element, if any. */
  readonly policyId?: string;
  readonly statements: readonly Statement[];
  readonly label?: PolicyLabel;
}

/** The result of {@link parsePolicy}: the best-effort policy plus every problem found. */
export interface ParsedPolicy {
  readonly policy: Policy;
  readonly errors: readonly PolicyError[];
}
