/**
 * For AI agents in VS Code: the MCP server (`dist/cli.js mcp`, run by the editor's own Node.js) as
 * an MCP server definition for agent mode, and the same tools as language-model tools (contributed
 * in package.json, run by the language server through `iamPolicy/agentTool`). The setting
 * `iamPolicyStudio.agentTools.enabled` turns both off.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AgentToolRequest } from '../../server/src/protocol';

export const MCP_PROVIDER_ID = 'iamPolicyStudio.mcp';
const SETTING = 'agentTools.enabled';

/** What the extension's test API exposes of the agent integration. */
export interface AgentIntegration {
  /** The MCP server definitions agent mode sees now. */
  mcpServerDefinitions(): vscode.McpStdioServerDefinition[];
  /** The language-model tool names this extension registered. */
  readonly toolNames: readonly string[];
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration('iamPolicyStudio').get<boolean>(SETTING, true);
}

export function registerAgents(context: vscode.ExtensionContext, client: LanguageClient): AgentIntegration {
  const cli = context.asAbsolutePath('dist/cli.js');
  const version = (context.extension.packageJSON as { version?: string }).version;
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(changed);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`iamPolicyStudio.${SETTING}`)) changed.fire();
    }),
  );
  const definitions = (): vscode.McpStdioServerDefinition[] => {
    if (!enabled()) return [];
    // The editor's executable runs scripts as Node.js with ELECTRON_RUN_AS_NODE (desktop); under
    // code-server it is Node.js already.
    const definition = new vscode.McpStdioServerDefinition(
      'IAM Policy Studio',
      process.execPath,
      [cli, 'mcp'],
      { ELECTRON_RUN_AS_NODE: '1' },
      version,
    );
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) definition.cwd = folder.uri;
    return [definition];
  };
  // Older editors have neither API: the extension still works without the agent integration.
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider === 'function') {
    context.subscriptions.push(
      vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
        onDidChangeMcpServerDefinitions: changed.event,
        provideMcpServerDefinitions: () => definitions(),
      }),
    );
  }
  const contributed = (
    (context.extension.packageJSON as { contributes?: { languageModelTools?: { name: string }[] } }).contributes?.languageModelTools ?? []
  ).map((t) => t.name);
  const toolNames: string[] = [];
  if (typeof vscode.lm?.registerTool === 'function') {
    for (const name of contributed) {
      context.subscriptions.push(
        vscode.lm.registerTool<object>(name, {
          async invoke(options, token) {
            if (!enabled()) throw new Error("IAM Policy Studio's agent tools are turned off (iamPolicyStudio.agentTools.enabled).");
            const result = await client.sendRequest(
              AgentToolRequest.type,
              { name: name.replace(/^iam_/, ''), input: options.input },
              token,
            );
            if (result.isError) throw new Error(result.summary);
            return new vscode.LanguageModelToolResult([
              new vscode.LanguageModelTextPart(`${result.summary}\n\n${JSON.stringify(result.structured)}`),
            ]);
          },
        }),
      );
      toolNames.push(name);
    }
  }
  return { mcpServerDefinitions: definitions, toolNames };
}
