/**
 * `iam-policy-studio lsp --stdio`: runs the language server (the same module as dist/server.js) in
 * this process, for editors other than VS Code (Neovim, Helix, Emacs, …).
 */
import type { CliCommand } from './commands';
import type { CliIo } from './main';
import { COMMAND_SUMMARIES } from './usage';

const USAGE = `Usage: iam-policy-studio lsp [--stdio]

Starts the IAM Policy Studio language server, speaking the Language Server Protocol over standard
input and output (the only transport offered here; --stdio is the default). Diagnostics use the
editor's workspace/configuration for iamPolicyStudio.* settings when the client provides them.
See docs/other-editors.md for Neovim and Helix configurations.

Options:
  --stdio     talk LSP over standard input/output (default)
  -h, --help  show this help
`;

/** The `lsp` subcommand. */
export const lspCommand: CliCommand = {
  name: 'lsp',
  summary: COMMAND_SUMMARIES.lsp,
  run: runLsp,
};

async function runLsp(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.find((a) => a !== '--stdio');
  if (unknown !== undefined) {
    io.stderr.write(
      `iam-policy-studio lsp: unknown option '${unknown}'; only --stdio is supported.\nRun 'iam-policy-studio lsp --help' for usage.\n`,
    );
    return 2;
  }
  // Loaded on demand: other subcommands need none of the server's modules.
  const [{ createConnection, ProposedFeatures }, { startLanguageServer }] = await Promise.all([
    import('vscode-languageserver/node'),
    import('../node/languageServer'),
  ]);
  startLanguageServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout), { bundleDir: __dirname });
  // The server keeps the process alive until the client sends `exit`, which ends the process.
  return 0;
}
