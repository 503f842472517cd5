/** The CLI's subcommands. Add a subcommand by importing its module and listing it here. */
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
import { mcpCommand } from './mcp';

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

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
