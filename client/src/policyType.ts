/**
 * The policy type of the active policy file in the status bar, and the "IAM: Set Policy Type…"
 * command: a per-file choice kept in the workspace state (never written to the file) and sent to
 * the server, which re-validates the file with the checks of that type.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { POLICY_TYPES, isPolicyType, type PolicyType } from '../../server/src/core/policyType';
import { PolicyTypeRequest, SetPolicyTypeNotification } from '../../server/src/protocol';
import { LANGUAGE_ID, TEMPLATE_SELECTOR } from './detect';

export const SET_POLICY_TYPE_COMMAND = 'iamPolicyStudio.setPolicyType';
const STATE_KEY = 'iamPolicyStudio.policyTypes';

/** Registers the status bar item and the command; sends the stored per-file types to the server. */
export function registerPolicyType(context: vscode.ExtensionContext, client: LanguageClient, published: vscode.Event<vscode.Uri>): void {
  const item = vscode.window.createStatusBarItem('iamPolicyStudio.policyType', vscode.StatusBarAlignment.Right, 100);
  item.name = 'IAM Policy Type';
  item.command = SET_POLICY_TYPE_COMMAND;
  context.subscriptions.push(item);
  const refresh = () => void showType(client, item);
  let selectionTimer: NodeJS.Timeout | undefined;
  for (const [uri, type] of Object.entries(stored(context))) void client.sendNotification(SetPolicyTypeNotification.type, { uri, type });
  context.subscriptions.push(
    vscode.commands.registerCommand(SET_POLICY_TYPE_COMMAND, (uri?: vscode.Uri) => choose(context, client, uri).then(refresh)),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    // In a template the item follows the cursor from policy to policy.
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (e.textEditor.document.languageId === LANGUAGE_ID || vscode.languages.match(TEMPLATE_SELECTOR, e.textEditor.document) === 0)
        return;
      clearTimeout(selectionTimer);
      selectionTimer = setTimeout(refresh, 150);
    }),
    { dispose: () => clearTimeout(selectionTimer) },
    published((uri) => {
      if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) refresh();
    }),
  );
  refresh();
}

function stored(context: vscode.ExtensionContext): Record<string, PolicyType> {
  const raw = context.workspaceState.get<Record<string, unknown>>(STATE_KEY, {});
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, PolicyType] => isPolicyType(e[1])));
}

async function showType(client: LanguageClient, item: vscode.StatusBarItem): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  const template = document !== undefined && document.languageId !== LANGUAGE_ID && vscode.languages.match(TEMPLATE_SELECTOR, document) > 0;
  if (!document || (document.languageId !== LANGUAGE_ID && !template)) {
    item.hide();
    return;
  }
  // In a template, the policy under the cursor (its type comes from where it sits).
  const position = template ? client.code2ProtocolConverter.asPosition(editor.selection.active) : undefined;
  const result = await client.sendRequest(PolicyTypeRequest.type, { uri: document.uri.toString(), ...(position ? { position } : {}) });
  if (vscode.window.activeTextEditor?.document !== document) return;
  if (!result) {
    // A YAML or JSON file that holds no policy: the server leaves it alone.
    item.hide();
    return;
  }
  item.text = `$(shield) ${result.label}${result.resourceService ? ` (${result.resourceService})` : ''}`;
  if (result.source === 'template') {
    item.tooltip = `IAM policy type: ${result.label}, from where the policy sits in the template${result.policy ? ` (${result.policy})` : ''}. The checks depend on it.`;
    item.command = undefined;
  } else {
    item.tooltip = `IAM policy type: ${result.label} (${result.source === 'override' ? 'set by you' : `from the ${result.source}`}). The checks depend on it; click to change.`;
    item.command = SET_POLICY_TYPE_COMMAND;
  }
  item.show();
}

async function choose(context: vscode.ExtensionContext, client: LanguageClient, target?: vscode.Uri): Promise<void> {
  const uri = (target ?? vscode.window.activeTextEditor?.document.uri)?.toString();
  if (!uri) return;
  const current = stored(context)[uri];
  const picks = [
    { label: 'Detect automatically', description: 'file name, then content', type: null as PolicyType | null },
    ...POLICY_TYPES.map((t) => ({ label: t.label, description: t.type === current ? 'current' : '', type: t.type as PolicyType | null })),
  ];
  const pick = await vscode.window.showQuickPick(picks, { placeHolder: 'Policy type of this file (changes which checks apply)' });
  if (!pick) return;
  const next = { ...stored(context) };
  if (pick.type) next[uri] = pick.type;
  else delete next[uri];
  await context.workspaceState.update(STATE_KEY, next);
  await client.sendNotification(SetPolicyTypeNotification.type, { uri, type: pick.type });
}
