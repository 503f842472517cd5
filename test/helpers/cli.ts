/**
 * Runs the CLI in-process (the same `runCli` as dist/cli.js) with captured output, for CLI tests.
 */
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../server/src/cli/main';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface CliRunOptions {
  readonly cwd?: string;
  readonly stdin?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Pretend stdout is a terminal (colour decisions). */
  readonly tty?: boolean;
}

/** Runs `iam-policy-studio ARGS` and resolves with the exit code and everything printed. */
export async function runCliCaptured(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin: Readable.from([options.stdin ?? '']),
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
  });
  return { code, out, err };
}
