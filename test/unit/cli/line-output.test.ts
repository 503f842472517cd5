/**
 * `evaluate` writes its lines as bytes into one buffer that a socket or pipe gets again once it has
 * taken a write whole. Whatever the stream, the bytes that arrive must be the lines as text: a
 * stream that keeps the very buffer it was given (a PassThrough hands it to its reader) must never
 * see it overwritten, and a socket whose writes queue (a slow reader) must get every byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineOutput, TextLine, type LineWriter } from '../../../server/src/cli/lineOutput';

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

/** Writes `count` lines as processLines does: a flush once the buffer is full, waiting while the stream asks to. */
async function writeAll(out: LineOutput, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    writeLine(out, i, count);
    if (out.full) {
      const wait = out.flush();
      if (wait) await wait;
    }
  }
  const wait = out.flush();
  if (wait) await wait;
}

const COUNT = 5_000;

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

test('lines written to a socket with a slow reader arrive intact (queued writes keep their buffer)', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'iam-out-')), 's.sock');
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
