/**
 * Switches `.json` documents whose content is an IAM policy to the `iam-policy` language, so that
 * the policy server (and not VS Code's JSON support) validates them. Only the language mode changes;
 * the file is never written.
 */
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { looksLikeIamPolicy } from '../../server/src/core/detect';
import { isTooDeep } from '../../server/src/service/limits';

export const LANGUAGE_ID = 'iam-policy';

/** Policy documents: the only ones that get the server's folding and formatting. */
export const POLICY_SELECTOR: Filter[] = [{ language: LANGUAGE_ID }];

/** A document filter both VS Code and the LSP client accept. */
type Filter = { readonly language: string; readonly scheme?: string } | { readonly pattern: string; readonly scheme?: string };

/**
 * Files that may be templates holding policies (CloudFormation/SAM YAML and JSON, `.template`,
 * Terraform `.tf` and OpenTofu `.tofu`, also untitled Terraform buffers). They are sent to the server, which decides by
 * content and leaves every other file alone (no diagnostics, hover, completion or actions).
 */
export const TEMPLATE_SELECTOR: Filter[] = ['file', 'untitled'].flatMap((scheme): Filter[] => [
  { scheme, language: 'yaml' },
  { scheme, language: 'json' },
  { scheme, pattern: '**/*.template' },
  { scheme, pattern: '**/*.tf' },
  { scheme, pattern: '**/*.tofu' },
  { scheme, language: 'terraform' },
  { scheme, language: 'opentofu' },
]);
const MAX_DETECT_SIZE = 2 * 1024 * 1024;

/** Whether content detection is on (setting `iamPolicyStudio.detectByContent`). */
function detectionEnabled(): boolean {
  return vscode.workspace.getConfiguration('iamPolicyStudio').get<boolean>('detectByContent', true);
}

/** Switches `document` to `iam-policy` when it is a JSON document holding a policy. */
export async function detectPolicy(document: vscode.TextDocument): Promise<void> {
  if (document.languageId !== 'json' && document.languageId !== 'jsonc') return;
  if (!detectionEnabled()) return;
  const text = document.getText();
  if (text.length > MAX_DETECT_SIZE || !text.includes('"Statement"')) return;
  // The parser recurses per nesting level: hostile nesting is not a policy.
  if (isTooDeep(text)) return;
  if (looksLikeIamPolicy(parse(text))) await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
}

/** Checks open documents now and documents opened later. */
export function registerDetection(context: vscode.ExtensionContext): void {
  const check = (d: vscode.TextDocument) => {
    detectPolicy(d).catch(() => undefined);
  };
  vscode.workspace.textDocuments.forEach(check);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(check));
}
