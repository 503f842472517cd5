/**
 * The catalog's public value types. All are read-only plain objects shared between callers:
 * never mutate them.
 */

/** The access levels AWS assigns; iam-data combines some ("Permissions management, Write"). */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/**
 * Condition key value types as the service authorization reference names them. `ArrayOf…`
 * types are multivalued (use ForAnyValue/ForAllValues). Future data may add types, hence the
 * open string.
 */
export type ConditionKeyType =
  | 'String'
  | 'ArrayOfString'
  | 'ARN'
  | 'ArrayOfARN'
  | 'Bool'
  | 'ArrayOfBool'
  | 'Numeric'
  | 'ArrayOfNumeric'
  | 'Date'
  | 'ArrayOfDate'
  | 'IPAddress'
  | 'ArrayOfIPAddress'
  | 'Binary'
  | 'ArrayOfBinary'
  | (string & {});

/** A condition key definition (global or service-specific). */
export interface ConditionKeyInfo {
  /** Canonical spelling, e.g. `aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`. */
  readonly key: string;
  readonly type: ConditionKeyType;
  /** `type` without `ArrayOf`: String, ARN, Bool, Numeric, Date, IPAddress, Binary. */
  readonly baseType: string;
  /** True for `ArrayOf…` types: the request can carry several values. */
  readonly multiValued: boolean;
  /**
   * Single-valued by the current reference, but an older one typed it ArrayOf… and Access
   * Analyzer still treats it as multivalued (scripts/catalog/retiredData.ts, formerlyMultivalued).
   */
  readonly formerlyMultiValued?: boolean;
  readonly description: string;
  /** Available in every request context that has it, regardless of action (`aws:*` and a few session keys). */
  readonly global: boolean;
  /** Has a variable part (`${TagKey}` or `<key>`) that a policy replaces with a concrete name. */
  readonly variable: boolean;
}

/** A resource type of a service, with its ARN template. */
export interface ResourceTypeInfo {
  /** Prefix of the service that defines it (the ARN's service part may differ). */
  readonly service: string;
  readonly name: string;
  /**
   * The ARN format as the data has it, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`;
   * a few types have several, joined by ", " (API Gateway's v1/v2 paths): use `arns`.
   */
  readonly arn: string;
  /** The ARN formats, one template each (usually one). */
  readonly arns: readonly string[];
  /** Keys that apply when this resource type is accessed (resource type table). */
  readonly conditionKeys: readonly ConditionKeyInfo[];
}

/** One resource type an action accepts. */
export interface ActionResourceType {
  readonly resourceType: ResourceTypeInfo;
  /** Marked `*` in the AWS reference: the action always acts on this type. */
  readonly required: boolean;
  /** Keys listed for the action on this resource type's row. */
  readonly conditionKeys: readonly ConditionKeyInfo[];
}

/** An action with everything the service authorization reference says about it. */
/** An action as the catalog compiler's input has it (see `Catalog.actionRecordsOf`): a fresh object, keys and resource types by name. */
export interface ActionRecord {
  name: string;
  description: string;
  /** Verbatim, e.g. `Permissions management, Write`. */
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; conditionKeys: string[] }[];
  conditionKeys: string[];
}

export interface ActionInfo {
  readonly service: ServiceInfo;
  /** e.g. `GetObject`. */
  readonly name: string;
  /** e.g. `s3:GetObject` (canonical case). */
  readonly fullName: string;
  /** The actions table of the service's page in the AWS service authorization reference. */
  readonly docsUrl: string;
  readonly description: string;
  /** The data's verbatim access level, e.g. `Read` or `Permissions management, Write`. */
  readonly accessLevel: string;
  /** `accessLevel` split into its parts. */
  readonly accessLevels: readonly AccessLevel[];
  readonly resourceTypes: readonly ActionResourceType[];
  /** Keys on the action's row without a resource type (apply to the action as a whole). */
  readonly conditionKeys: readonly ConditionKeyInfo[];
  /** No resource types: the action supports only `"Resource": "*"`. */
  readonly wildcardOnly: boolean;
  /**
   * Gone from the Service Authorization Reference (an earlier version listed it) but still
   * accepted by AWS in existing policies (scripts/catalog/retired.json).
   */
  readonly retired?: boolean;
}

/** A service (one action prefix). */
export interface ServiceInfo {
  /** e.g. `s3`. */
  readonly prefix: string;
  /** e.g. `Amazon S3`. */
  readonly name: string;
  /** The service's page in the AWS service authorization reference (derived from its name). */
  readonly docsUrl: string;
  /** Listed by iam-data as supporting resource control policies. */
  readonly rcpSupported: boolean;
  readonly actionCount: number;
  /** Retired: gone from the Service Authorization Reference, still accepted by AWS in existing policies. */
  readonly retired?: boolean;
  /** Retired under a former prefix whose action names no reference lists: any action name is accepted. */
  readonly openActions?: boolean;
  readonly resourceTypes: readonly ResourceTypeInfo[];
  /** Keys the service defines (its condition key table). */
  readonly conditionKeys: readonly ConditionKeyInfo[];
}

/** How a condition key relates to a set of actions. */
export interface ConditionKeySupport {
  /** The definition the name resolves to (variable keys included), if any. */
  readonly definition: ConditionKeyInfo | undefined;
  /** True when the key is global or some action (or its resource types) lists it. */
  readonly supported: boolean;
}

/** Counts, for status lines and benchmarks. */
export interface CatalogStats {
  readonly services: number;
  readonly actions: number;
  readonly resourceTypes: number;
  readonly conditionKeys: number;
}
