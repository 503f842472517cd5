/**
 * Options of a role session (a role is simulated as a session of it): session tags, which become
 * `aws:PrincipalTag/*` and override the role's tags, and a session policy, which the session's
 * permissions must also allow. Asked only when the principal is a role.
 */
import * as vscode from 'vscode';
import { isModelUri } from '../model/files';
import { parseTags } from './values';

/** What the request gets: nothing, tags, and/or a session policy document. */
export interface SessionOptions {
  readonly sessionTags?: Readonly<Record<string, string>>;
  readonly sessionPolicyUri?: string;
}

/** Asks for the session's options; undefined when the user cancels. */
export async function pickSession(roleLabel: string): Promise<SessionOptions | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Plain session', description: "the role's own policies and tags", tags: false, policy: false },
      { label: 'With session tags…', description: 'aws:PrincipalTag/* from the session', tags: true, policy: false },
      { label: 'With a session policy…', description: 'a policy file passed when assuming the role', tags: false, policy: true },
      { label: 'With session tags and a session policy…', tags: true, policy: true },
    ],
    { title: 'IAM: Simulate Access (2/4)', placeHolder: `Session of ${roleLabel}`, ignoreFocusOut: true },
  );
  if (!choice) return undefined;
  const tags = choice.tags ? await askTags() : undefined;
  if (choice.tags && !tags) return undefined;
  const policy = choice.policy ? await pickPolicyFile() : undefined;
  if (choice.policy && !policy) return undefined;
  return { ...(tags ? { sessionTags: tags } : {}), ...(policy ? { sessionPolicyUri: policy } : {}) };
}

async function askTags(): Promise<Record<string, string> | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Session tags',
    prompt: 'key=value pairs separated by commas, e.g. team=platform, project=reports',
    ignoreFocusOut: true,
    validateInput: (v) => (parseTags(v) ? undefined : 'Write key=value pairs separated by commas'),
  });
  return text === undefined ? undefined : parseTags(text);
}

/** A JSON file of the workspace (open IAM policy documents first) as the session policy. */
async function pickPolicyFile(): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.filter((d) => d.languageId === 'iam-policy' && d.uri.scheme === 'file').map((d) => d.uri);
  const files = await vscode.workspace.findFiles('**/*.json', '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**}', 2000);
  const uris = [...new Map([...open, ...files].filter((u) => !isModelUri(u)).map((u) => [u.toString(), u])).values()];
  const pick = await vscode.window.showQuickPick(
    uris.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { title: 'Session policy', placeHolder: 'The policy passed when assuming the role', ignoreFocusOut: true },
  );
  return pick?.uri.toString();
}
