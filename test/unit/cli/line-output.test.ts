/**
 * `evaluate` writes its lines as bytes into one buffer that a socket or pipe gets again once it has
 * taken a write whole. Whatever the stream, the bytes that arrive must be the lines as text: a
 * stream that keeps the very buffer it was given (a PassThrough hands it to its reader) must never
 * see it overwritten, and a socket whose writes queue (a slow reader) must get every byte.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { LineOutput, TextLine, type LineWriter } from '../../../server/src/cli/lineOutput';
import { tempDir } from '../../helpers/tempDir';

/** Line `i` of `count`, piece by piece: text with non-ASCII and surrogate pairs, bytes, a number, once a piece larger than the buffer. */
function writeLine(w: LineWriter, i: number, count: number): void {
  const encoded = `{"policy":${i % 7},"text":"${'x'.repeat(i % 300)}"}`;
  w.text('{"line":');
  w.int(i * 7919);
  w.encoded(Buffer.from(encoded), encoded);
  w.text(i % 5 === 0 ? `,"who":"zoë 😀 ${i}"` : ',"who":"bob"');
  if (i % 50 === 0) w.text(`,"big":"${'b'.repeat(150_000)}"`); // fills the buffer within the line
  if (i === count - 3) w.text(`,"long":"${'ü'.repeat(300_000)}"`);
  w.text('}');
  w.end();
}

/** The same line as one text. */
function lineText(i: number, count: number): string {
  const encoded = `{"policy":${i % 7},"text":"${'x'.repeat(i % 300)}"}`;
  const who = i % 5 === 0 ? `,"who":"zoë 😀 ${i}"` : ',"who":"bob"';
  const big = i % 50 === 0 ? `,"big":"${'b'.repeat(150_000)}"` : '';
  const long = i === count - 3 ? `,"long":"${'ü'.repeat(300_000)}"` : '';
  return `{"line":${i * 7919}${encoded}${who}${big}${long}}`;
}

function expectedText(count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += `${lineText(i, count)}\n`;
  return out;
}

/**
 * Writes `count` lines as processLines does: once the buffer is full a flush at the end of the
 * line, waiting while it asks to; at the end everything, waiting until it is sent. `onLine` sees
 * each line go (after its flush).
 */
async function writeAll(out: LineOutput, count: number, onLine?: (i: number) => void): Promise<void> {
  for (let i = 0; i < count; i++) {
    writeLine(out, i, count);
    if (out.full) {
      const wait = out.flush();
      if (wait) await wait;
      if (out.closed) return;
    }
    onLine?.(i);
  }
  const wait = out.finish();
  if (wait) await wait;
}

// 2,000 lines: ~7 MB, every kind of piece, the big ones 40 times; far more than a socket or pipe
// holds, so every writer here waits for its reader.
const COUNT = 2_000;

test('a text line is the pieces as one string, without a newline', () => {
  for (const i of [0, 1, 5, 17]) {
    const t = new TextLine();
    writeLine(t, i, 20);
    assert.equal(t.out, lineText(i, 20));
  }
});

test('lines written to a PassThrough that keeps every chunk arrive intact (no buffer is reused)', async () => {
  const stream = new PassThrough({ highWaterMark: 1 << 30 });
  const chunks: Buffer[] = [];
  stream.on('data', (d: Buffer) => chunks.push(d)); // kept as given, read only at the end
  await writeAll(new LineOutput(stream), COUNT);
  assert.equal(Buffer.concat(chunks).toString('utf8'), expectedText(COUNT));
});

test('lines written to a socket with a slow reader arrive intact (queued writes keep their buffer)', async (t) => {
  const path = join(tempDir(t, 'iam-out-'), 's.sock');
  const received: Buffer[] = [];
  const done = new Promise<void>((resolve) => {
    const server = createServer((conn) => {
      conn.pause();
      // A reader that falls behind (at most 64 KB a millisecond): the writer's socket fills and its writes queue.
      const timer = setInterval(() => {
        const d = (conn.read(65536) ?? conn.read()) as Buffer | null;
        if (d !== null) received.push(d);
      }, 1);
      conn.on('end', () => {
        clearInterval(timer);
        server.close();
        resolve();
      });
    });
    server.listen(path);
  });
  const socket = new Socket();
  await new Promise<void>((resolve) => socket.connect(path, resolve));
  await writeAll(new LineOutput(socket), COUNT);
  socket.end();
  await done;
  assert.equal(Buffer.concat(received).toString('utf8'), expectedText(COUNT));
});

/** A Unix socket server whose one connection `reader` gets (paused), and a client socket connected to it. */
async function connectedPair(
  t: TestContext,
  reader: (conn: Socket) => Promise<Buffer[]>,
): Promise<{ socket: Socket; received: Promise<Buffer[]> }> {
  const path = join(tempDir(t, 'iam-out-'), 's.sock');
  let got: (b: Promise<Buffer[]>) => void = () => undefined;
  const accepted = new Promise<Promise<Buffer[]>>((resolve) => (got = resolve));
  const server = createServer((conn) => {
    conn.pause();
    got(reader(conn).finally(() => server.close()));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const socket = new Socket();
  await new Promise<void>((resolve) => socket.connect(path, resolve));
  return { socket, received: accepted.then((p) => p) };
}

test('a socket whose reader stops reading makes the run wait with a bounded queue; every byte arrives, in order, once it reads again', async (t) => {
  let written = -1;
  let stalledAt = -1;
  let mostQueued = 0;
  const { socket, received } = await connectedPair(t, async (conn) => {
    // Reads nothing until the writer has made no progress for several turns of the event loop
    // (it waits for the reader), or has written every line (it did not wait: the test fails).
    for (let last = -2, still = 0; still < 5 && written < COUNT - 1;) {
      await new Promise((resolve) => setImmediate(resolve));
      still = written === last ? still + 1 : 0;
      last = written;
    }
    stalledAt = written;
    const chunks: Buffer[] = [];
    conn.on('data', (d: Buffer) => chunks.push(d));
    conn.resume();
    await new Promise((resolve) => conn.on('end', resolve));
    return chunks;
  });
  await writeAll(new LineOutput(socket), COUNT, (i) => {
    written = i;
    mostQueued = Math.max(mostQueued, socket.writableLength);
  });
  socket.end();
  const text = Buffer.concat(await received).toString('utf8');
  assert.ok(stalledAt >= 0 && stalledAt < COUNT - 1, `the writer waited for the reader (stalled after line ${stalledAt})`);
  // Output ~7 MB; the queue holds at most about 1 MB, a buffer's write and the longest piece (600 KB).
  assert.ok(mostQueued < 3 * 1024 * 1024, `queued at most ${mostQueued} bytes`);
  assert.equal(text.length, expectedText(COUNT).length);
  assert.ok(text === expectedText(COUNT), 'the bytes arrive in order');
});

/** A child process that reads its stdin slowly (a pause after every 256 KB), then prints the bytes' SHA-256 and count; or one that exits after its first chunk. */
function reader(script: string) {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  const done = new Promise<string>((resolve) => child.on('close', () => resolve(out.trim())));
  return { stdin: child.stdin, done };
}

const SLOW_READER = `
const h = require('node:crypto').createHash('sha256'); let n = 0, since = 0;
process.stdin.on('data', (d) => { h.update(d); n += d.length; since += d.length;
  if (since >= 262144) { since = 0; process.stdin.pause(); setTimeout(() => process.stdin.resume(), 2); } });
process.stdin.on('end', () => console.log(h.digest('hex') + ' ' + n));`;

test("lines written to another process's stdin (a pipe) that reads slowly arrive intact and in order", async () => {
  const child = reader(SLOW_READER);
  await writeAll(new LineOutput(child.stdin), COUNT);
  child.stdin.end();
  const expected = Buffer.from(expectedText(COUNT), 'utf8');
  assert.equal(await child.done, `${createHash('sha256').update(expected).digest('hex')} ${expected.length}`);
});

test('a reader that goes away (evaluate … | head) ends the writing quietly: the output is closed, nothing is thrown', async () => {
  const child = reader(`process.stdin.once('data', () => process.exit(0));`);
  child.stdin.on('error', () => undefined); // the process's stdout has its own listener (processRun.ts)
  const out = new LineOutput(child.stdin);
  await writeAll(out, COUNT);
  await child.done;
  assert.equal(out.closed, true);
});
