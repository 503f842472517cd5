/**
 * Serves `iamPolicy/agentTool`: VS Code's language-model tools run the MCP server's tool handlers
 * here, in the language server, so the extension stays glue. Model files must be inside the first
 * workspace folder.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { Catalog } from '../core/catalog';
import { runTool, ToolState } from '../mcp/tools';
import type { TerraformBlocks } from './modelFiles';
import { AgentToolRequest } from '../protocol';

/**
 * `parseTerraform`: the HCL parser the server's models read Terraform imports with, once loaded.
 * The tools' state (ToolState) is this connection's.
 */
export function registerAgentTools(
  connection: Connection,
  catalog: Catalog | undefined,
  roots: () => readonly string[],
  parseTerraform: () => TerraformBlocks | undefined,
): void {
  const state = new ToolState();
  connection.onRequest(AgentToolRequest.type, async ({ name, input }) => {
    const root = roots()[0];
    if (!root)
      return {
        summary: 'open a folder first: the tools read model files only inside the workspace',
        structured: { error: 'no workspace folder' },
        isError: true,
      };
    const parse = parseTerraform();
    return runTool(name, input, { catalog, root, state, ...(parse ? { parseTerraform: parse } : {}) });
  });
}
