/**
 * The CLI's subcommands. Add a subcommand by importing its module and listing it here (a command
 * whose module is costly to load and rarely run, as `mcp`, is loaded only when it runs).
 */
import type { CliIo } from './main';
import { evaluateCommand } from './evaluate';
import { simulateCommand } from './simulate';
import { testCommand } from './test';
import { checkCommand } from './check';
import { lspCommand } from './lsp';
import { compareCommand } from './compare';
import { whoCanCommand } from './whoCan';
import { canCommand } from './can';
import { pathsCommand } from './paths';
import { catalogCommand } from './catalog';
import { COMMAND_SUMMARIES } from './usage';

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/**
 * `mcp`, whose module loads the MCP SDK and zod (about 0.2 s of CPU, a third of the full CLI's
 * start-up), is loaded when it runs: every other command starts without them.
 */
const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: COMMAND_SUMMARIES.mcp,
  run: async (args, io) => (await import('./mcp')).runMcp(args, io),
};

export const commands: CliCommand[] = [
  canCommand,
  catalogCommand,
  checkCommand,
  compareCommand,
  evaluateCommand,
  lspCommand,
  mcpCommand,
  pathsCommand,
  simulateCommand,
  testCommand,
  whoCanCommand,
];
