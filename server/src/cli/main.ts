/**
 * The `iam-policy-studio` command line. Each subcommand lives in its own module and registers
 * here; this file only dispatches and prints usage.
 */
import { commands } from './commands';
import { runProcess } from './processRun';
import { catalogVersionLine } from '../node/catalogFile';
import { loadTerraformImports } from '../node/terraformModels';
import type { TerraformBlocks } from '../node/modelFiles';
import { join } from 'node:path';
import { version as CLI_VERSION } from '../../../package.json';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly cwd: string;
  /** Environment variables (NO_COLOR, …); `process.env` when absent. */
  readonly env?: NodeJS.ProcessEnv;
  /** The HCL parser the models' Terraform imports are read with (loaded by {@link runCli} for the commands that read models). */
  readonly parseTerraform?: TerraformBlocks;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`iam-policy-studio ${CLI_VERSION}\n${catalogVersionLine()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`iam-policy-studio: unknown command '${name}'.\n\n${usage()}`);
    return 2;
  }
  // Models may import Terraform configurations: the HCL parser is loaded first (~0.1 s).
  const parseTerraform =
    MODEL_COMMANDS.has(name) && !io.parseTerraform
      ? await loadTerraformImports([__dirname, join(__dirname, '..', '..', '..', 'dist')])
      : undefined;
  return command.run(rest, parseTerraform ? { ...io, parseTerraform } : io);
}

const MODEL_COMMANDS = new Set(['test', 'simulate', 'who-can', 'paths', 'can', 'check', 'mcp']);

function usage(): string {
  const lines = commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return `Usage: iam-policy-studio <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'iam-policy-studio <command> --help' for a command's options.\n`;
}

// The full CLI runs from the bin (bin.ts, dist/cli.js), or directly (`node dist/cli-main.js …`).
if (require.main === module) runProcess(runCli, process.argv.slice(2));
