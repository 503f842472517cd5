/**
 * The result view of "IAM: Simulate Access…": one webview panel, reused, showing the last run.
 * Messages from the page: open a statement (by link index), re-run the same request (policies may
 * have changed since), or supply missing context keys and re-run.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FileLocation, SimulateAccessParams, SimulateAccessResult } from '../../../server/src/protocol';
import { askContext } from './context';
import { renderResult, type RenderRequest } from './render';
import { runSimulation } from './run';

const VIEW_TYPE = 'iamPolicyStudio.simulation';

/** A message the page posts. */
type ViewMessage = { type: 'rerun' } | { type: 'open'; link: number } | { type: 'context'; keys: string[] };

/** Owns the panel and the request it shows. */
export class SimulationView {
  private panel: vscode.WebviewPanel | undefined;
  private params: SimulateAccessParams | undefined;
  private links: readonly FileLocation[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly label: (params: SimulateAccessParams) => string,
  ) {}

  /** Shows `result` of `params`, creating or revealing the panel. */
  show(params: SimulateAccessParams, result: SimulateAccessResult): void {
    this.params = params;
    const panel = this.ensurePanel();
    const request: RenderRequest = {
      principal: this.label(params),
      actions: params.actions,
      resources: params.resources ?? [],
      ...(params.context ? { context: params.context } : {}),
    };
    const view = renderResult(result, request, { nonce: randomBytes(16).toString('base64'), cspSource: panel.webview.cspSource });
    this.links = view.links;
    panel.webview.html = view.html;
    panel.reveal(undefined, true);
  }

  /** Runs `params` again (after policy edits, or with more context) and shows the new result. */
  async rerun(params = this.params): Promise<SimulateAccessResult | undefined> {
    if (!params) return undefined;
    const result = await runSimulation(this.client, params);
    this.show(params, result);
    return result;
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'IAM Access Simulation',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: [],
        enableFindWidget: true,
      },
    );
    panel.onDidDispose(() => {
      this.panel = undefined;
    });
    panel.webview.onDidReceiveMessage(
      (m: ViewMessage) => void this.onMessage(m).catch((err: unknown) => void vscode.window.showErrorMessage(`Simulation: ${String(err)}`)),
    );
    this.panel = panel;
    return panel;
  }

  private async onMessage(m: ViewMessage): Promise<void> {
    if (m.type === 'rerun') await this.rerun();
    else if (m.type === 'open') await this.open(this.links[m.link]);
    else if (m.type === 'context' && this.params) {
      const context = await askContext(m.keys, this.params.context);
      if (context) await this.rerun({ ...this.params, context });
    }
  }

  private async open(location: FileLocation | undefined): Promise<void> {
    if (!location) return;
    const range = this.client.protocol2CodeConverter.asRange(location.range);
    await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), {
      selection: range,
      viewColumn: vscode.ViewColumn.One,
      preview: true,
    });
  }
}
