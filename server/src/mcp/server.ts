/**
 * The Model Context Protocol server (official @modelcontextprotocol/sdk): the tools of
 * ./tools.ts over a transport (stdio for `iam-policy-studio mcp`). Each tool publishes its input and
 * output JSON schemas; a call returns a text summary and the structured result, or an error result
 * (`isError`) with a clear message for bad input. Nothing leaves the machine.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { guarded, TOOLS, ToolState, type ToolEnv } from './tools';

/** A server with tool state of its own (ToolState): servers made in one process share none. */
export function createMcpServer(settings: Omit<ToolEnv, 'state'>, version: string): McpServer {
  const env: ToolEnv = { ...settings, state: new ToolState() };
  const server = new McpServer(
    { name: 'iam-policy-studio', version },
    {
      instructions:
        "Offline AWS IAM tools: validate policies with Access Analyzer's checks, look up actions, ARN formats and condition keys, " +
        'evaluate requests with the AWS evaluation logic, and write least-privilege policies. Validate every policy you write with validate_policy.',
    },
  );
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async (args: Record<string, unknown>) => {
        const result = await guarded(() => tool.run(args, env));
        if (result.isError) return { isError: true, content: [{ type: 'text' as const, text: result.summary }] };
        return { content: [{ type: 'text' as const, text: result.summary }], structuredContent: result.structured };
      },
    );
  }
  return server;
}

/** Serves until the transport closes. */
export async function serveMcp(settings: Omit<ToolEnv, 'state'>, version: string, transport: Transport): Promise<void> {
  const server = createMcpServer(settings, version);
  const closed = new Promise<void>((done) => {
    server.server.onclose = () => done();
  });
  await server.connect(transport);
  await closed;
}
