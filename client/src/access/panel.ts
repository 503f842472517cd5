/**
 * The access view a model code lens opens (command `iamPolicyStudio.showAccess`, placed by the
 * server's `textDocument/codeLens`): one webview panel, reused, showing the server's
 * `iamPolicy/accessView` answer. The page posts only link indexes; the extension opens the file
 * location it received from the server.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AccessViewRequest, SHOW_ACCESS_COMMAND, type AccessViewParams, type FileLocation } from '../../../server/src/protocol';
import { renderAccess } from './render';

const VIEW_TYPE = 'iamPolicyStudio.access';

/** Registers the lens command. */
export function registerAccessView(context: vscode.ExtensionContext, client: LanguageClient): void {
  const view = new AccessView(client);
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_ACCESS_COMMAND, async (params: AccessViewParams) => {
      try {
        await view.show(params);
      } catch (err) {
        void vscode.window.showErrorMessage(`IAM access view: ${String(err)}`);
      }
    }),
  );
}

class AccessView {
  private panel: vscode.WebviewPanel | undefined;
  private links: readonly FileLocation[] = [];

  constructor(private readonly client: LanguageClient) {}

  async show(params: AccessViewParams): Promise<void> {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'IAM: who can…' }, () =>
      this.client.sendRequest(AccessViewRequest.type, params),
    );
    const panel = this.ensurePanel();
    panel.title = params.resource ? 'IAM: Who Can' : 'IAM: Escalation Paths';
    const view = renderAccess(result, { nonce: randomBytes(16).toString('base64'), cspSource: panel.webview.cspSource });
    this.links = view.links;
    panel.webview.html = view.html;
    panel.reveal(undefined, true);
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'IAM: Who Can',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [], enableFindWidget: true },
    );
    panel.onDidDispose(() => {
      this.panel = undefined;
    });
    panel.webview.onDidReceiveMessage((m: { type?: unknown; link?: unknown }) => {
      if (m.type === 'open' && typeof m.link === 'number') void this.open(this.links[m.link]);
    });
    this.panel = panel;
    return panel;
  }

  private async open(location: FileLocation | undefined): Promise<void> {
    if (!location) return;
    await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), {
      selection: this.client.protocol2CodeConverter.asRange(location.range),
      viewColumn: vscode.ViewColumn.One,
      preview: true,
    });
  }
}
