/**
 * Serves `iamPolicy/agentTool`: VS Code's language-model tools run the MCP server's tool handlers
 * here, in the language server, so the extension stays glue. Model files must be inside the first
 * workspace folder.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { Catalog } from '../core/catalog';
import { runTool } from '../mcp/tools';
import { AgentToolRequest } from '../protocol';

export function registerAgentTools(connection: Connection, catalog: Catalog | undefined, roots: () => readonly string[]): void {
  connection.onRequest(AgentToolRequest.type, async ({ name, input }) => {
    const root = roots()[0];
    if (!root)
      return {
        summary: 'open a folder first: the tools read model files only inside the workspace',
        structured: { error: 'no workspace folder' },
        isError: true,
      };
    return runTool(name, input, { catalog, root });
  });
}
