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
  run(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err: unknown) => {
      process.stderr.write(`iam-policy-studio: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    });
}
