/**
 * `iam-policy-studio evaluate <file.jsonl | ->`: evaluates one request per input line with the
 * pure evaluator (core/evaluator) and prints one JSON line per input line. A line that is not
 * valid input gets `{"line": n, "error": "..."}` and the run continues. Node glue only: reading
 * the file or stdin and writing results.
 */
import { close, open, read } from 'node:fs';
import { resolve } from 'node:path';
import { Buffer } from 'node:buffer';
import { EvaluationBatch } from './evaluateBatch';
import { LineOutput } from './lineOutput';
import type { CliCommand } from './commands';
import type { CliIo } from './main';
import { COMMON_OPTIONS, parseCommandArgs, usageError } from './options';
import { COMMAND_SUMMARIES } from './usage';

const USAGE = `Usage: iam-policy-studio evaluate [--brief] <file.jsonl | ->

Evaluates AWS IAM authorization requests offline, one JSON object per line:
  { "identityPolicies": [...], "resourcePolicy"?, "permissionBoundaries"?: [...], "sessionPolicy"?,
    "scps"?: [[...], ...], "rcps"?: [[...], ...], "vpcEndpointPolicies"?: [...],
    "request": { "principal", "action", "resource", "resourceAccount"?, "context"?: { key: string | string[] } } }

A policy is a policy document or { "id"?, "source"?, "document": {...} }. "principal" is an ARN,
an account id, a service principal (e.g. ec2.amazonaws.com), "*" (anonymous), or an object
{ "type": "user" | "role" | "assumed-role" | "federated-user" | "root" | "service" | ..., "arn"?, ... }.
SCP and RCP levels go root first; every SCP level must allow. Every RCP level holds
RCPFullAWSAccess, which cannot be detached, so RCPs restrict only through their Deny statements.

Each output line: { "line", "decision": "Allowed" | "ExplicitDeny" | "ImplicitDeny", "summary",
"decidedBy", "blockedBy"?, "missingContextKeys", "policies" (per-statement explanation) }, or
{ "line", "error" } for a line that is not valid input.

Options:
      --brief        omit the per-policy, per-statement explanation ("policies")
  -f, --format json  output format: JSON lines (the only one)
  -h, --help         show this help
  -                  read from standard input
`;

const OPTIONS = { help: COMMON_OPTIONS.help, format: COMMON_OPTIONS.format, brief: { type: 'boolean' } } as const;

/** The `evaluate` subcommand. */
export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  summary: COMMAND_SUMMARIES.evaluate,
  run: runEvaluate,
};

async function runEvaluate(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('evaluate', args, OPTIONS, USAGE, io, ['json']);
  if (parsed.exit !== undefined) return parsed.exit;
  const brief = parsed.values.brief === true;
  const files = parsed.positionals;
  if (files.length !== 1) return usageError(io, 'evaluate', 'expected exactly one input file (or - for stdin)');
  const input = await openInput(files[0] as string, io);
  if (typeof input === 'string') {
    io.stderr.write(`iam-policy-studio evaluate: ${input}\n`);
    return 2;
  }
  await processLines(input, io.stdout, brief);
  return 0;
}

async function openInput(name: string, io: CliIo): Promise<AsyncIterable<Buffer | string> | string> {
  if (name === '-') return io.stdin;
  try {
    return fileChunks(await openFile(resolve(io.cwd, name)));
  } catch (err) {
    return `cannot read '${name}': ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Bytes read per chunk of an input file. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * The file's bytes in chunks, read into two buffers in turn: while the lines of one chunk are
 * evaluated the next is read (on libuv's thread pool), so the run does not wait for each read
 * (15-30 ms of waiting in a 10,000-line explained run before, 25 reads of 1 MB; 2-8 ms after).
 * Each chunk is valid until the next is asked for (its buffer is then read into): processLines
 * copies the only part it keeps (a line's unfinished start) before asking. A read stream would
 * allocate a new buffer per chunk (peak memory on the bench's batch: ~3 MB less this way).
 */
async function* fileChunks(fd: number): AsyncGenerator<Buffer> {
  let buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  let other = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  let next = readInto(fd, buffer);
  try {
    for (;;) {
      const bytesRead = await next;
      if (bytesRead === 0) return;
      const chunk = buffer.subarray(0, bytesRead);
      // The next chunk goes into the other buffer, which the caller is done with (it asked for this one).
      next = readInto(fd, other);
      // Settled before the file is closed (finally), whether or not the caller asks for it.
      next.catch(() => undefined);
      yield chunk;
      [buffer, other] = [other, buffer];
    }
  } finally {
    await next.catch(() => undefined);
    await closeFile(fd);
  }
}

// node:fs's callbacks as promises: node:fs/promises (FileHandle) would load several more of
// Node's modules (~5 M instructions at start-up) for three calls.

function openFile(path: string): Promise<number> {
  return new Promise((res, rej) => open(path, 'r', (err, fd) => (err ? rej(err) : res(fd))));
}

function readInto(fd: number, buffer: Buffer): Promise<number> {
  return new Promise((res, rej) => read(fd, buffer, 0, buffer.length, null, (err, bytesRead) => (err ? rej(err) : res(bytesRead))));
}

function closeFile(fd: number): Promise<void> {
  return new Promise((res, rej) => close(fd, (err) => (err ? rej(err) : res())));
}

/**
 * Streams `input` to `out`: lines are split from the chunks (as bytes) as they arrive and evaluated
 * at once, results leave in chunks of 64 KB, waiting when the reader falls behind (lineOutput.ts). A line that
 * repeats a recent policy set byte for byte has only its request decoded; any other line is
 * decoded as UTF-8 whole (a newline byte never occurs inside a multi-byte character, so lines
 * decode alone as they would in the stream). Memory holds one chunk, one pending line, the output
 * buffer and the batch's bounded policy cache, however long the input.
 */
async function processLines(input: AsyncIterable<Buffer | string>, out: NodeJS.WritableStream, brief: boolean): Promise<void> {
  const batch = new EvaluationBatch(brief);
  const output = new LineOutput(out);
  let n = 0;
  const pending: Buffer[] = [];
  const handle = (bytes: Buffer, start: number, end: number) => {
    n++;
    if (end > start && bytes[end - 1] === 0x0d /* \r */) end--;
    if (batch.writeRecentBytes(bytes, start, end, n, output)) return;
    const line = bytes.toString('utf8', start, end);
    if (line.trim() !== '') batch.writeLine(line, n, output);
  };
  // The lines of one chunk, until the output is due for a write: a plain loop, apart from the async
  // function (the optimising compiler compiles this loop alone, not with the generator around it).
  const lines = (bytes: Buffer, from: number): number => {
    for (let nl = bytes.indexOf(0x0a, from); nl >= 0; nl = bytes.indexOf(0x0a, from)) {
      if (pending.length > 0) {
        pending.push(bytes.subarray(from, nl));
        const line = Buffer.concat(pending);
        pending.length = 0;
        handle(line, 0, line.length);
      } else handle(bytes, from, nl);
      from = nl + 1;
      if (output.full) return from;
    }
    return from;
  };
  for await (const chunk of input) {
    if (output.closed) break;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    let from = 0;
    for (;;) {
      from = lines(bytes, from);
      if (!output.full) break;
      const wait = output.flush();
      if (wait) await wait;
      if (output.closed) return;
    }
    // A copy: the stream may reuse its chunk's memory.
    if (from < bytes.length) pending.push(Buffer.from(bytes.subarray(from)));
  }
  if (pending.length > 0 && !output.closed) {
    const line = Buffer.concat(pending);
    handle(line, 0, line.length);
  }
  if (!output.closed) {
    const wait = output.finish();
    if (wait) await wait;
  }
}
