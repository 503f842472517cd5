/**
 * What the pure model resolver needs from its surroundings: file contents (already read, or read
 * on demand by the node glue, which also refuses symlinks leaving the workspace) and the AWS
 * managed policy snapshot. Tests pass an in-memory host.
 */

/** A file read by the host, or why it could not be. */
export type HostFile =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'missing' | 'outside' | 'unreadable'; readonly message?: string };

/** An AWS managed policy from the snapshot (default version). */
export interface ManagedPolicyDocument {
  readonly name: string;
  readonly arn: string;
  readonly versionId?: string;
  readonly document: unknown;
}

import type { TemplateImportOptions, TemplateSpec } from './spec';

/** A template import read by the host, or why it could not be. */
export type HostTemplate =
  | { readonly ok: true; readonly spec: TemplateSpec }
  | {
      readonly ok: false;
      readonly reason: 'missing' | 'outside' | 'unreadable' | 'not-template' | 'unsupported';
      readonly message?: string;
    };

/** The resolver's view of the workspace. Paths are workspace-relative and normalized. */
export interface ModelHost {
  readFile(path: string): HostFile;
  /** The default version of an AWS managed policy by ARN (`arn:aws:iam::aws:policy/…`), or undefined. */
  awsManagedPolicy?(arn: string): ManagedPolicyDocument | undefined;
  /**
   * Reads a CloudFormation/SAM template or a Terraform configuration (a `.tf` file or a folder of
   * them) as model entities. Absent: templates cannot be imported by this host.
   */
  importTemplate?(path: string, options: TemplateImportOptions): HostTemplate;
}

/** A host over an in-memory map of files (tests, the language server's open documents). */
export function memoryHost(files: Readonly<Record<string, string>>, managed: readonly ManagedPolicyDocument[] = []): ModelHost {
  const byArn = new Map(managed.map((m) => [m.arn.toLowerCase(), m]));
  return {
    readFile: (path) =>
      Object.prototype.hasOwnProperty.call(files, path) ? { ok: true, text: files[path] as string } : { ok: false, reason: 'missing' },
    awsManagedPolicy: (arn) => byArn.get(arn.toLowerCase()),
  };
}
