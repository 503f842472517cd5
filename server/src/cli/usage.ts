/**
 * What the CLI answers without running a command: usage (`--help`, no command, an unknown
 * command) and `--version`. Light on purpose: the executable's bin (bin.ts) answers these without
 * loading the full CLI (dist/cli-main.js: every command, the language service), and `--version`
 * reads the catalog's counts from its first bytes (catalogFile.ts) rather than loading it.
 */
import { version as CLI_VERSION } from '../../../package.json';

/** Every command's one-line summary, as `--help` lists them (each command's module takes its own from here). */
export const COMMAND_SUMMARIES = {
  can: 'Print the effective permissions of a user or role (compact policy per service)',
  catalog: "Show the AWS service catalog in use, or build a newer one from AWS's reference files",
  check: 'Validate policy files (text, JSON or SARIF output; exit 1 on errors)',
  compare: 'Tell whether a new version of a policy grants new access (exit 1 when it does)',
  evaluate: 'Evaluate requests (JSON lines) against policies with the AWS evaluation logic',
  lsp: 'Run the language server over stdio (for Neovim, Helix and other LSP editors)',
  mcp: 'Run the MCP server (tools for AI agents) over stdio',
  paths: 'Find privilege-escalation paths to administrator or to a principal',
  simulate: "Simulate a principal's access to actions and resources in a workspace model",
  test: 'Run the access tests of a workspace model (exit 1 when one fails)',
  'who-can': 'List every principal that can make a request (reverse of simulate)',
} as const;

export function usage(): string {
  const lines = Object.entries(COMMAND_SUMMARIES).map(([name, summary]) => `  ${name.padEnd(10)} ${summary}`);
  return `Usage: iam-policy-studio <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'iam-policy-studio <command> --help' for a command's options.\n`;
}

/** A run's whole output and exit code. */
export interface Answer {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly code: number;
}

/**
 * The answer to `argv` (without node and script) when it asks for usage or the version, or names
 * no command there is; undefined when a command runs, or for `--version` when `catalogLine` (the
 * catalog's line) returns undefined.
 */
export function answerWithoutCommand(argv: readonly string[], catalogLine: () => string | undefined): Answer | undefined {
  const [name] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help')
    return { stdout: usage(), code: name === undefined ? 2 : 0 };
  if (name === '--version' || name === '-v') {
    const line = catalogLine();
    return line === undefined ? undefined : { stdout: `iam-policy-studio ${CLI_VERSION}\n${line}\n`, code: 0 };
  }
  if (!Object.hasOwn(COMMAND_SUMMARIES, name)) return { stderr: `iam-policy-studio: unknown command '${name}'.\n\n${usage()}`, code: 2 };
  return undefined;
}
