/**
 * The VS Code extension: starts the language server and wires the editor to it. Everything IAM
 * lives in the server; this file only activates, detects policy files, and exposes a small API
 * for tests.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { registerAgents, type AgentIntegration } from './agents';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { POLICY_SELECTOR, registerDetection, TEMPLATE_SELECTOR } from './detect';
import { registerPolicyType } from './policyType';
import { registerSimulation } from './simulation/command';
import { registerCompareLens } from './compareLens';
import { registerAccessView } from './access/panel';

/** What the extension returns from `activate` (used by tests and other extensions). */
export interface IamPolicyStudioApi {
  readonly client: LanguageClient;
  /** Fires after the server has published diagnostics for a document (even an empty list). */
  readonly onDidPublishDiagnostics: vscode.Event<vscode.Uri>;
  /** The MCP server definition and language-model tools for AI agents. */
  readonly agents: AgentIntegration;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<IamPolicyStudioApi> {
  const output = vscode.window.createOutputChannel('IAM Policy Studio', { log: true });
  context.subscriptions.push(output);
  const published = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(published);

  const serverModule = context.asAbsolutePath('dist/server.js');
  // The setting iamPolicyStudio.catalogPath (machine scope: a workspace cannot name it) reaches the
  // server as IAM_POLICY_STUDIO_CATALOG, as for the CLI.
  const env = { ...process.env, ...catalogEnv() };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('iamPolicyStudio.catalogPath')) return;
      const reload = 'Reload Window';
      const choice = await vscode.window.showInformationMessage(
        'IAM Policy Studio uses the new AWS service catalog after a reload.',
        reload,
      );
      if (choice === reload) await vscode.commands.executeCommand('workbench.action.reloadWindow');
    }),
  );
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.json');
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...POLICY_SELECTOR, ...TEMPLATE_SELECTOR],
    // Folding and formatting are registered for policies only: JSON and YAML keep their own.
    // VS Code validates model files with schemas/iam-model.schema.json (package.json jsonValidation):
    // the server then leaves out the wrong-typed-entry problems that validation reports too.
    initializationOptions: { policyDocumentSelector: POLICY_SELECTOR, modelSchemaValidation: true },
    outputChannel: output,
    // Model files and the policies they reference may change on disk (saves, git): the server re-reads them.
    synchronize: { fileEvents: watcher },
    middleware: {
      handleDiagnostics(uri, diagnostics, next) {
        next(uri, diagnostics);
        published.fire(uri);
      },
    },
  };
  client = new LanguageClient('iamPolicyStudio', 'IAM Policy Studio', serverOptions, clientOptions);
  registerDetection(context);
  await client.start();
  registerPolicyType(context, client, published.event);
  registerSimulation(context, client);
  registerCompareLens(context, client);
  registerAccessView(context, client);
  output.info(`IAM Policy Studio ${String(context.extension.packageJSON.version)} started (VS Code ${vscode.version}).`);
  const agents = registerAgents(context, client);
  return { client, onDidPublishDiagnostics: published.event, agents };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** `IAM_POLICY_STUDIO_CATALOG` from the setting iamPolicyStudio.catalogPath (`~` expanded), if set. */
function catalogEnv(): Record<string, string> {
  const configured = vscode.workspace.getConfiguration('iamPolicyStudio').get<string>('catalogPath', '').trim();
  if (!configured) return {};
  return { IAM_POLICY_STUDIO_CATALOG: configured.replace(/^~(?=$|[/\\])/, os.homedir()) };
}
