/**
 * The intermediate shape both front-ends produce (the model file in `modelFile.ts`, the
 * account-details import in `gaad.ts`): entities with raw policy references and the location of
 * each entry, so `resolve.ts` can resolve references in one place and report problems where the
 * user wrote them.
 */
import type { NeverPrincipal, SourceLocation, Tags } from './types';

/** A policy written in place: a document (object or encoded string) or a file reference. */
export interface PolicyDefSpec {
  readonly name: string;
  readonly document?: unknown;
  readonly fileRef?: string;
  /** Where the definition is written (problems go here). */
  readonly at: SourceLocation;
  /** Where the document itself is (defaults to `at`; a file reference replaces it). */
  readonly docSource?: SourceLocation;
  readonly arn?: string;
  /** Non-default versions of a managed policy (imports), with where each document is. */
  readonly otherVersions?: readonly { readonly versionId: string; readonly document: unknown; readonly docSource: SourceLocation }[];
}

/** A reference to a policy: a name, ARN, file path, or an inline definition. */
export interface RefSpec {
  readonly ref: unknown;
  readonly at: SourceLocation;
  /** The name for a document written in place (e.g. `ci-role trust policy`). */
  readonly name?: string;
  /** Where a `{ document }` reference's document is, when not at `at` + `document` (imports). */
  readonly docAt?: SourceLocation;
}

/** A name with the location it was written at. */
export interface NamedRef {
  readonly name: string;
  readonly at: SourceLocation;
}

export interface UserSpec {
  readonly name: string;
  /** The name it is declared under in a template (logical ID, Terraform address); also finds it. */
  readonly alias?: string;
  readonly path: string;
  readonly userId?: string;
  readonly groups: readonly NamedRef[];
  readonly managed: readonly RefSpec[];
  readonly inline: readonly PolicyDefSpec[];
  readonly boundary?: RefSpec;
  readonly tags: Tags;
  readonly mfa?: boolean;
  readonly at: SourceLocation;
}

export interface GroupSpec {
  readonly name: string;
  readonly alias?: string;
  readonly path: string;
  readonly managed: readonly RefSpec[];
  readonly inline: readonly PolicyDefSpec[];
  readonly at: SourceLocation;
}

export interface RoleSpec {
  readonly name: string;
  readonly alias?: string;
  readonly path: string;
  readonly roleId?: string;
  readonly trust?: RefSpec;
  readonly managed: readonly RefSpec[];
  readonly inline: readonly PolicyDefSpec[];
  readonly boundary?: RefSpec;
  readonly tags: Tags;
  readonly maxSessionDuration?: number;
  readonly instanceProfiles?: readonly string[];
  readonly at: SourceLocation;
}

export interface ResourceSpec {
  readonly arn: string;
  readonly alias?: string;
  readonly policy?: RefSpec;
  readonly tags: Tags;
  /** The role (name, role ARN or instance-profile name/ARN) compute runs as. */
  readonly runsAs?: NamedRef;
  readonly at: SourceLocation;
}

export interface AccountSpec {
  readonly id: string;
  readonly name?: string;
  readonly ou?: NamedRef;
  readonly outsideOrganization: boolean;
  /** Customer managed policies defined in this account. */
  readonly policies: readonly PolicyDefSpec[];
  /** AWS managed policies whose documents came with an import (they win over the snapshot). */
  readonly awsManaged: readonly PolicyDefSpec[];
  readonly users: readonly UserSpec[];
  readonly groups: readonly GroupSpec[];
  readonly roles: readonly RoleSpec[];
  readonly resources: readonly ResourceSpec[];
  readonly scps: readonly RefSpec[];
  readonly rcps: readonly RefSpec[];
  readonly at: SourceLocation;
}

export interface OrgLevelSpec {
  readonly name: string;
  readonly id?: string;
  readonly parent?: NamedRef;
  readonly scps: readonly RefSpec[];
  readonly rcps: readonly RefSpec[];
  readonly at: SourceLocation;
}

export interface OrganizationSpec {
  readonly id?: string;
  readonly managementAccount?: string;
  readonly policies: readonly PolicyDefSpec[];
  readonly root: OrgLevelSpec;
  readonly ous: readonly OrgLevelSpec[];
}

export interface TestSpec {
  readonly name?: string;
  readonly principal: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly expect: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly sessionPolicy?: RefSpec;
  readonly sessionTags?: Tags;
  readonly via?: readonly string[];
  readonly at: SourceLocation;
}

/** A `{ "never": { "principal", "action", "resource" } }` entry of `tests`. */
export interface NeverSpec {
  readonly name?: string;
  readonly principal: NeverPrincipal;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly at: SourceLocation;
}

/** A `{ "noPath": { "from", "to" } }` entry of `tests`. */
export interface NoPathSpec {
  readonly name?: string;
  readonly from: string;
  readonly to: string;
  readonly at: SourceLocation;
}

/** How a template import is placed: the account and region its values resolve against. */
export interface TemplateImportOptions {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** Values for the template's parameters / Terraform variables (win over their defaults). */
  readonly parameters: Readonly<Record<string, string>>;
  /** `AWS::StackName` (default: the template's file name without extension). */
  readonly stackName?: string;
}

/**
 * What a CloudFormation/SAM template or a Terraform configuration defines, as model entities of one
 * account (built by the service's template readers; documents already rendered to plain JSON).
 */
export interface TemplateSpec {
  /** `cloudformation` or `terraform`. */
  readonly kind: string;
  readonly users: readonly UserSpec[];
  readonly groups: readonly GroupSpec[];
  readonly roles: readonly RoleSpec[];
  readonly resources: readonly ResourceSpec[];
  /** Customer managed policies the template creates (with their ARNs). */
  readonly policies: readonly PolicyDefSpec[];
  /** Problems with the template itself (syntax, values unknown until deployment), said at the import. */
  readonly problems: readonly { readonly message: string; readonly severity: 'error' | 'warning' }[];
  /** Workspace-relative paths of the files read. */
  readonly files: readonly string[];
}
