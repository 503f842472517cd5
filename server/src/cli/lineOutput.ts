/**
 * The output of `evaluate`: lines written as pieces (text, or bytes already encoded as UTF-8) into
 * one byte buffer, which leaves in writes of about 64 KB. Node glue only.
 */
import { Buffer } from 'node:buffer';
import { Socket } from 'node:net';

/**
 * Where an output line goes, piece by piece. `encoded` gives a piece as UTF-8 bytes, and as text
 * (the same characters) when the caller has it: a byte sink copies the bytes, a text sink appends
 * the text (or decodes the bytes).
 */
export interface LineWriter {
  text(s: string): void;
  encoded(bytes: Uint8Array, s?: string): void;
  /** A non-negative integer in decimal (as `JSON.stringify` writes it). */
  int(n: number): void;
  /** Ends the line. */
  end(): void;
}

/** A line as text (without its newline), for callers that want a string. */
export class TextLine implements LineWriter {
  out = '';

  text(s: string): void {
    this.out += s;
  }

  encoded(bytes: Uint8Array, s?: string): void {
    this.out += s ?? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }

  int(n: number): void {
    this.out += n;
  }

  end(): void {
    // A string line has no newline.
  }
}

/**
 * Output leaves in writes of this many bytes (the last one of a run may be shorter): a Linux
 * pipe's capacity, so that a write into a pipe its reader has emptied goes through whole.
 */
const WRITE_BYTES = 64 * 1024;
/** The buffer: room for the line that fills a write past {@link WRITE_BYTES} (a longer piece is written by itself). */
const OUTPUT_BYTES = 4 * WRITE_BYTES;
/**
 * The most a socket or pipe may hold queued (bytes its reader has not taken yet) while lines are
 * still evaluated; past it the run waits until the queue is down to half of it.
 */
const QUEUED_BYTES = 1024 * 1024;

/**
 * Output lines encoded as UTF-8 straight into a byte buffer, written in chunks of
 * {@link WRITE_BYTES}. Text is encoded into a buffer that is already there, and pieces known as
 * bytes are copied: no string per line, no new buffer per write (`Buffer.from` of a 64 KB text
 * allocates outside the heap and measures the text first: ~20 ms on the bench's 47 MB of
 * explained output).
 *
 * A socket or pipe (stdout piped to the next command) is written without waiting for its reader:
 * a write the kernel cannot take whole stays queued in the stream, which sends it from the event
 * loop as the reader makes room, while the next lines are evaluated ({@link flush} lets the loop
 * run in between). The run waits only when more than {@link QUEUED_BYTES} are queued. Waiting for
 * the reader after every write (the stream's `drain`) left the process idle for the reader to
 * wake and read, once per 64 KB: on a 10,000-line explained batch piped to another process, about
 * as long as the evaluation itself. After a write that a socket took whole (nothing queued: the
 * kernel has copied the bytes) the same buffer is filled again; a queued write keeps its buffer
 * until it is sent, and the next lines go into another (a spare one whose write has been sent,
 * or a new one). Any other stream (a PassThrough hands the very buffer to its reader; a file is
 * written synchronously) gets a new buffer after each write and the usual backpressure: after a
 * write it refuses, the run waits for `drain`.
 */
export class LineOutput implements LineWriter {
  private bytes: Buffer = Buffer.allocUnsafeSlow(OUTPUT_BYTES);
  private at = 0;
  /** A closed pipe (`evaluate big.jsonl | head`) ends the run quietly instead of crashing. */
  closed = false;
  /** The stream when it is a socket or pipe (see {@link flush}). */
  private readonly socket: Socket | undefined;
  /** Buffers whose queued writes have been sent, to fill again (at most two kept). */
  private readonly spare: Buffer[] = [];
  /** Settles the run's wait for the socket's queue to shrink (see {@link QUEUED_BYTES}) to {@link resumeAt} bytes. */
  private resume: (() => void) | undefined;
  private resumeAt = 0;
  /** A stream other than a socket refused a write: the run waits for its drain. */
  private refused = false;
  /** The buffer was written out within a line: the run checks at the line's end whether to wait. */
  private due = false;

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', () => {
      this.closed = true;
      this.wake();
    });
    this.socket = out instanceof Socket ? out : undefined;
  }

  /** Whether the next write is due (see {@link flush}). */
  get full(): boolean {
    return this.at >= WRITE_BYTES || this.due;
  }
  text(s: string): void {
    // At most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    if (this.room(3 * s.length)) this.at += this.bytes.write(s, this.at);
    else this.put(Buffer.from(s, 'utf8'), undefined);
  }

  encoded(bytes: Uint8Array, _s?: string): void {
    if (!this.room(bytes.length)) {
      // Cached bytes are never changed: the stream may hold them.
      this.put(bytes, undefined);
      return;
    }
    const n = bytes.length;
    const b = this.bytes;
    let at = this.at;
    // A few bytes (a comma, a bracket) are copied faster one by one than through a call.
    if (n <= 8) for (let i = 0; i < n; i++) b[at++] = bytes[i] as number;
    else {
      b.set(bytes, at);
      at += n;
    }
    this.at = at;
  }

  int(n: number): void {
    if (n < 0 || n > 0xffffffff || !Number.isInteger(n)) {
      this.text(JSON.stringify(n));
      return;
    }
    this.room(10);
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    const b = this.bytes;
    let i = this.at + digits;
    this.at = i;
    do {
      const q = Math.floor(n / 10);
      b[--i] = 0x30 + n - q * 10;
      n = q;
    } while (n > 0);
  }

  end(): void {
    this.room(1);
    this.bytes[this.at++] = 0x0a;
  }

  /**
   * At the end of a line once {@link full}: writes the whole chunks of {@link WRITE_BYTES} appended
   * (the rest stays for the next write). A promise when the run should wait before it evaluates
   * more: a stream other than a socket refused a write (until it drains); a socket holds more than
   * {@link QUEUED_BYTES} queued (until it is down to half); a socket holds anything queued (one
   * turn of the event loop, which sends what the reader has made room for meanwhile).
   */
  flush(): Promise<void> | undefined {
    this.due = false;
    if (this.at >= WRITE_BYTES) this.send(this.at - (this.at % WRITE_BYTES));
    return this.wait(QUEUED_BYTES);
  }

  /** Writes everything appended; a promise that settles once the stream has sent it all (or failed). */
  finish(): Promise<void> | undefined {
    this.due = false;
    if (this.at > 0) this.send(this.at);
    return this.wait(0);
  }

  /**
   * Whether `n` more bytes fit in the buffer, after writing out what it holds if they did not (the
   * run waits at the end of the line: {@link full}). False: they fit in no buffer (write that
   * piece by itself, after what the buffer held).
   */
  private room(n: number): boolean {
    if (this.at + n <= this.bytes.length) return true;
    this.send(this.at);
    this.due = true;
    return n <= this.bytes.length;
  }

  /** Writes the first `n` bytes of the buffer and keeps the rest at the start of the buffer to fill next. */
  private send(n: number): void {
    const bytes = this.bytes;
    const rest = this.at - n;
    this.at = rest;
    if (this.closed) {
      this.at = 0;
      return;
    }
    if (!this.put(bytes.subarray(0, n), bytes)) {
      if (rest > 0) bytes.copyWithin(0, n, n + rest);
      return;
    }
    // The stream holds the buffer until its write is sent (a socket) or for good (any other stream).
    const next = (this.socket !== undefined ? this.spare.pop() : undefined) ?? Buffer.allocUnsafeSlow(OUTPUT_BYTES);
    if (rest > 0) next.set(bytes.subarray(n, n + rest));
    this.bytes = next;
  }

  /**
   * Writes `chunk` (part of `buffer`, when it is one of ours). True when the stream still holds
   * it: a socket has it queued (its buffer comes back as a spare once sent), or any other stream
   * took it (it may keep it: a PassThrough hands it to its reader as it is).
   */
  private put(chunk: Uint8Array, buffer: Buffer | undefined): boolean {
    if (this.closed) return false;
    const socket = this.socket;
    if (socket === undefined) {
      if (!this.out.write(chunk)) this.refused = true;
      return true;
    }
    // Set once the write has returned; the callback of a write sent at once runs after that.
    let queued = false;
    socket.write(chunk, (err) => this.sent(err, queued ? buffer : undefined));
    // Writes leave in order: nothing queued means this one went through whole (the kernel has the bytes).
    queued = socket.writableLength > 0;
    return queued;
  }

  /** A socket's write has been sent (or failed): its buffer can be filled again, the run may go on. */
  private sent(err: Error | null | undefined, buffer: Buffer | undefined): void {
    if (buffer !== undefined && this.spare.length < 2) this.spare.push(buffer);
    if (err) this.closed = true;
    if (this.resume !== undefined && (this.closed || (this.socket as Socket).writableLength <= this.resumeAt)) this.wake();
  }

  private wake(): void {
    const go = this.resume;
    this.resume = undefined;
    go?.();
  }

  /** What the run waits for, if anything, with at most `most` bytes left queued in a socket (see {@link flush}). */
  private wait(most: number): Promise<void> | undefined {
    if (this.closed) return undefined;
    const socket = this.socket;
    if (socket === undefined) {
      if (!this.refused) return undefined;
      // No turn of the event loop since the refused write: its drain is still to come.
      this.refused = false;
      return waitForDrain(this.out);
    }
    const queued = socket.writableLength;
    if (queued === 0) return undefined;
    if (queued <= most) return new Promise((go) => setImmediate(go));
    this.resumeAt = most >> 1;
    return new Promise((go) => {
      this.resume = go;
    });
  }
}

/**
 * Settles once `out` drains or fails. Nothing here keeps the listeners alive after that: a
 * listener left behind per write would hold every written chunk through its closure (memory
 * growing with the output).
 */
function waitForDrain(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((done) => {
    const settle = () => {
      out.removeListener('drain', settle);
      out.removeListener('error', settle);
      done();
    };
    out.on('drain', settle);
    out.on('error', settle);
  });
}
