/**
 * Custom LSP messages between the extension and the language server, declared once and typed,
 * imported by both sides.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { PolicyType, PolicyTypeSource } from './core/policyType';

/** `iamPolicy/policyType` parameters: an open document. */
export interface PolicyTypeParams {
  readonly uri: string;
}

/** The policy type the checks use for a document, and where it came from. */
export interface PolicyTypeResult {
  readonly type: PolicyType;
  /** e.g. "Role trust policy". */
  readonly label: string;
  readonly source: PolicyTypeSource;
}

/** `iamPolicy/policyType`: the type of an open policy document (null when the document is not open). */
export namespace PolicyTypeRequest {
  export const method = 'iamPolicy/policyType' as const;
  export const type = new RequestType<PolicyTypeParams, PolicyTypeResult | null, void>(method);
}

/** `iamPolicy/setPolicyType` parameters: `type: null` clears the user's choice (detect again). */
export interface SetPolicyTypeParams {
  readonly uri: string;
  readonly type: PolicyType | null;
}

/** `iamPolicy/setPolicyType`: the user's per-file policy type (never written to the file); the server re-validates it. */
export namespace SetPolicyTypeNotification {
  export const method = 'iamPolicy/setPolicyType' as const;
  export const type = new NotificationType<SetPolicyTypeParams>(method);
}
