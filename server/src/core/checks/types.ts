/**
 * What a check returns: findings addressed by JSON path (never text offsets), optionally with
 * mechanical fixes described as edits on the JSON tree. The language service maps paths to
 * ranges and fixes to text edits.
 */
import type { Catalog } from '../catalog';
import type { JsonPath } from '../policy';
import type { PolicyType } from '../policyType';

export type { JsonPath } from '../policy';

/** Which part of the node at `path` a finding points at: a property's key, its value, or an array element. */
export type FindingTarget = 'key' | 'value' | 'element';

/** One edit of a fix, on the JSON tree. `json` is JSON text (e.g. `"s3:GetObject"` with quotes). */
export type FixEdit =
  /** Replace the key (target `key`) or the value at `path` with `json`. */
  | { readonly kind: 'replace'; readonly path: JsonPath; readonly target: 'key' | 'value'; readonly json: string }
  /** Remove the array element or object property at `path` (with its separating comma). */
  | { readonly kind: 'remove'; readonly path: JsonPath }
  /** Add the property `key: json` to the object at `path` (as its first property when `first`). */
  | { readonly kind: 'insert'; readonly path: JsonPath; readonly key: string; readonly json: string; readonly first?: boolean };

/** A quick fix: a title and the edits that make it. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly FixEdit[];
  /** The fix an editor may apply on "fix all" / auto-fix. */
  readonly preferred?: boolean;
  /** `json` values contain snippet placeholders (`${1:BucketName}`) to show as plain text. */
  readonly snippet?: boolean;
}

/** A problem found by a check. */
export interface Finding {
  readonly code: string;
  readonly path: JsonPath;
  readonly target: FindingTarget;
  readonly message: string;
  readonly fixes?: readonly Fix[];
}

/** Everything a check may look at. */
export interface CheckContext {
  /** The parsed JSON document value. */
  readonly value: unknown;
  readonly type: PolicyType;
  /**
   * For a resource policy: the service of the resource it is attached to (`s3` for a bucket), when
   * known; several joined by `|` (`ecr|ecr-public`) when the document is attached to resources of each.
   */
  readonly resourceService?: string;
  /** Absent: catalog checks are skipped. */
  readonly catalog?: Catalog;
  /** Length of the document text (a cheap upper bound of the size the quotas count). */
  readonly textLength: number;
}

/** A family of checks: reads the context and the statements, appends findings. */
export type CheckFamily = (ctx: CheckContext, statements: readonly RawStatement[], out: Finding[]) => void;

/** A statement as written (before normalization, so empty arrays and odd shapes are still visible). */
export interface RawStatement {
  readonly index: number;
  readonly path: JsonPath;
  readonly obj: Readonly<Record<string, unknown>>;
  /** `Allow` or `Deny`, or undefined when missing or invalid (grammar reports that). */
  readonly effect: 'Allow' | 'Deny' | undefined;
}

/** A string found in a string-or-array element, with its path. */
export interface StringAt {
  readonly value: string;
  readonly path: JsonPath;
}
