/**
 * "Grants new access vs HEAD" / "No new access vs HEAD": a code lens at the top of a modified
 * policy file. The client reads the HEAD version through the built-in Git extension's API (git's
 * objects, no shell); the server decides (`iamPolicy/compareWithBase`). The request is cancelled
 * when the document changes (VS Code cancels the lens request's token), so typing never waits.
 * Clicking the lens lists the counterexamples with the statements responsible; choosing one
 * reveals the statement and, for identity policies, opens the request in Simulate Access.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CompareWithBaseRequest, type CompareCounterexampleItem, type CompareWithBaseResult } from '../../server/src/protocol';
import { LANGUAGE_ID } from './detect';
import { SIMULATE_COMMAND, type SimulateCommandArgs } from './simulation/command';

export const SHOW_NEW_ACCESS_COMMAND = 'iamPolicyStudio.showNewAccess';

/** The subset of the Git extension's API (vscode.git, version 1) this file uses. */
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  show(ref: string, path: string): Promise<string>;
  readonly state: { readonly onDidChange: vscode.Event<void> };
}

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    return exports.getAPI(1);
  } catch {
    return undefined;
  }
}

/** The HEAD text of `uri`: a string, null when the file is not in HEAD, undefined when not in a repository. */
async function headText(uri: vscode.Uri): Promise<string | null | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const git = await gitApi();
  const repo = git?.getRepository(uri);
  if (!repo) return undefined;
  try {
    return await repo.show('HEAD', uri.fsPath);
  } catch {
    // Not in HEAD: a new file (or no commit yet).
    return null;
  }
}

/** Registers the lens provider and its command. */
export function registerCompareLens(context: vscode.ExtensionContext, client: LanguageClient): void {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses: (document, token) => compareLens(client, document, token),
  };
  context.subscriptions.push(
    changed,
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, provider),
    vscode.workspace.onDidSaveTextDocument(() => changed.fire()),
    vscode.commands.registerCommand(SHOW_NEW_ACCESS_COMMAND, (uri: string, result: CompareWithBaseResult) =>
      showNewAccess(vscode.Uri.parse(uri), result),
    ),
  );
  // A commit moves HEAD: compare again.
  void gitApi().then((git) => {
    const repos = (git as { repositories?: GitRepository[] } | undefined)?.repositories ?? [];
    for (const r of repos) context.subscriptions.push(r.state.onDidChange(() => changed.fire()));
  });
}

async function compareLens(
  client: LanguageClient,
  document: vscode.TextDocument,
  token: vscode.CancellationToken,
): Promise<vscode.CodeLens[]> {
  const base = await headText(document.uri);
  if (base === undefined || token.isCancellationRequested) return [];
  if (base !== null && base === document.getText()) return [];
  const result = await client.sendRequest(CompareWithBaseRequest.type, { uri: document.uri.toString(), baseText: base }, token);
  if (!result || token.isCancellationRequested || result.verdict === 'invalid') return [];
  const range = new vscode.Range(0, 0, 0, 0);
  return [new vscode.CodeLens(range, { ...lensCommand(document.uri, result) })];
}

/** The lens's title, tooltip and command for a result. */
export function lensCommand(uri: vscode.Uri, result: CompareWithBaseResult): vscode.Command {
  if (result.verdict === 'new-access') {
    const n = result.counterexamples.length;
    return {
      title: `Grants new access vs HEAD (${n} example${n === 1 ? '' : 's'})`,
      tooltip: result.counterexamples[0]?.summary ?? '',
      command: SHOW_NEW_ACCESS_COMMAND,
      arguments: [uri.toString(), result],
    };
  }
  if (result.verdict === 'no-new-access')
    return { title: 'No new access vs HEAD', tooltip: `Decided over the actions of ${result.catalog}`, command: '' };
  return { title: 'New access vs HEAD: unknown', tooltip: result.reason ?? '', command: '' };
}

async function showNewAccess(uri: vscode.Uri, result: CompareWithBaseResult): Promise<void> {
  type Item = vscode.QuickPickItem & { readonly cx: CompareCounterexampleItem };
  const items: Item[] = result.counterexamples.map((cx) => ({
    label: `${cx.request.action} on ${cx.request.resource}`,
    description: typeof cx.request.principal === 'string' ? cx.request.principal : JSON.stringify(cx.request.principal),
    detail: cx.summary,
    cx,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Requests allowed now and not at HEAD',
    placeHolder: 'Choose one to see the statement and simulate it',
    matchOnDetail: true,
  });
  if (!picked) return;
  const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false });
  const first = picked.cx.allowedBy[0];
  if (first) {
    const r = new vscode.Range(first.range.start.line, first.range.start.character, first.range.end.line, first.range.end.character);
    editor.selection = new vscode.Selection(r.start, r.start);
    editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  await vscode.commands.executeCommand(SIMULATE_COMMAND, simulateArgs(uri, result, picked.cx));
}

/** Simulate Access arguments for a counterexample: the document as the caller's policy. */
export function simulateArgs(uri: vscode.Uri, result: CompareWithBaseResult, cx: CompareCounterexampleItem): SimulateCommandArgs {
  const context = Object.keys(cx.request.context).length > 0 ? { context: cx.request.context } : {};
  const principal = typeof cx.request.principal === 'string' ? cx.request.principal : undefined;
  // An identity policy is simulated as the only policy of a user; other types need the model's principal.
  const who =
    result.policyType === 'identity'
      ? { customPolicyUri: uri.toString() }
      : principal
        ? { principal }
        : { customPolicyUri: uri.toString() };
  return { ...who, action: cx.request.action, resource: cx.request.resource, ...context };
}
