/**
 * Running the CLI as a process: the real stdio and working directory, the exit code, and a quiet
 * end when the reader of stdout goes away (`iam-policy-studio check | head`). Shared by the
 * bin's entry (bin.ts) and the full command set (main.ts).
 */
import type { CliIo } from './main';

export function runProcess(run: (argv: readonly string[], io: CliIo) => Promise<number>, argv: readonly string[]): void {
  // A reader that stops early ends the run quietly, not with EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  // stdin and stderr are made when first used: Node builds each stream (and loads its modules)
  // on first access, which a run that reads a file and prints no error never needs.
  const io = {
    stdout: process.stdout,
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    cwd: process.cwd(),
  };
  run(argv, io)
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err: unknown) => {
      process.stderr.write(`iam-policy-studio: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    });
}
