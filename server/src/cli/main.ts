/**
 * The `iam-policy-studio` command line. Each subcommand lives in its own module and registers
 * here; this file only dispatches and prints usage.
 */
import { commands } from './commands';
import { runProcess } from './processRun';
import { catalogVersionLine } from '../node/catalogFile';
import { loadCliTerraformImports } from '../node/terraformModels';
import type { TerraformBlocks } from '../node/modelFiles';
import { answerWithoutCommand } from './usage';

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
  const answer = answerWithoutCommand(argv, catalogVersionLine);
  if (answer) {
    if (answer.stdout) io.stdout.write(answer.stdout);
    if (answer.stderr) io.stderr.write(answer.stderr);
    return answer.code;
  }
  const [name, ...rest] = argv as [string, ...string[]];
  const command = commands.find((c) => c.name === name);
  if (!command) throw new Error(`command '${name}' is listed but not registered`);
  // Models may import Terraform configurations: the HCL parser is loaded first (~0.1 s). `check`
  // loads it only for a workspace that has model files (check.ts).
  const parseTerraform = MODEL_COMMANDS.has(name) && !io.parseTerraform ? await loadCliTerraformImports() : undefined;
  return command.run(rest, parseTerraform ? { ...io, parseTerraform } : io);
}

const MODEL_COMMANDS = new Set(['test', 'simulate', 'who-can', 'paths', 'can', 'mcp']);

// The full CLI runs from the bin (bin.ts, dist/cli.js), or directly (`node dist/cli-main.js …`).
if (require.main === module) runProcess(runCli, process.argv.slice(2));
