/**
 * `iam-policy-studio mcp`: the Model Context Protocol server over stdio, for AI agents (Claude,
 * Copilot's agent mode, …). The workspace root (model files must be inside it) is the current folder
 * or `--root`.
 */
import { resolve } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { serveMcp } from '../mcp/server';
import { getCatalog } from '../node/catalogFile';
import type { Catalog } from '../core/catalog';
import type { CliIo } from './main';
import { COMMON_OPTIONS, parseCommandArgs, stringOption, usageError } from './options';
import { version as TOOL_VERSION } from '../../../package.json';

const USAGE = `Usage: iam-policy-studio mcp [--root <dir>]

Runs a Model Context Protocol server on standard input and output with the tools validate_policy,
lookup_actions, resource_arn_formats, condition_keys, simulate_request, compare_policies,
least_privilege_policy,
simulate_model and who_can. Offline; model files are read only inside the workspace root.

Options:
      --root <dir>   workspace root (default: the current folder)
  -h, --help         show this help

Client configuration (e.g. Claude Desktop, VS Code's mcp.json):
  { "command": "npx", "args": ["iam-policy-studio", "mcp"] }
`;

const OPTIONS = { help: COMMON_OPTIONS.help, root: { type: 'string' } } as const;

/** Runs `iam-policy-studio mcp ARGS` (loaded when run: server/src/cli/commands.ts). */
export async function runMcp(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('mcp', args, OPTIONS, USAGE, io, ['text']);
  if (parsed.exit !== undefined) return parsed.exit;
  if (parsed.positionals.length) return usageError(io, 'mcp', `unexpected argument '${parsed.positionals[0]}'`);
  let catalog: Catalog | undefined;
  try {
    catalog = getCatalog();
  } catch (err) {
    io.stderr.write(`iam-policy-studio mcp: the AWS service catalog could not be loaded; catalog tools are off. ${String(err)}\n`);
  }
  const root = resolve(io.cwd, stringOption(parsed.values, 'root') ?? '.');
  const env = { catalog, root, ...(io.parseTerraform ? { parseTerraform: io.parseTerraform } : {}) };
  await serveMcp(env, TOOL_VERSION, new StdioServerTransport(io.stdin as NodeJS.ReadStream, io.stdout as NodeJS.WriteStream));
  return 0;
}
