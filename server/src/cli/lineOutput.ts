/**
 * The output of `evaluate`: lines written as pieces (text, or bytes already encoded as UTF-8) into
 * one byte buffer, which leaves in writes of about 64 KB. Node glue only.
 */
import { Buffer } from 'node:buffer';
import { Socket } from 'node:net';

/**
 * Where an output line goes, piece by piece. `encoded` gives a piece both as UTF-8 bytes and as
 * text (the same characters): a byte sink copies the bytes, a text sink appends the text.
 */
export interface LineWriter {
  text(s: string): void;
  encoded(bytes: Uint8Array, s: string): void;
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

  encoded(_bytes: Uint8Array, s: string): void {
    this.out += s;
  }

  int(n: number): void {
    this.out += n;
  }

  end(): void {
    // A string line has no newline.
  }
}

/** Output leaves in writes of about this many bytes: few system calls, little held. */
const FLUSH_BYTES = 64 * 1024;
/** The buffer: room for the line that fills a write past {@link FLUSH_BYTES} (a longer piece is written by itself). */
const OUTPUT_BYTES = 4 * FLUSH_BYTES;

/**
 * Output lines encoded as UTF-8 straight into a byte buffer, written in chunks of about
 * {@link FLUSH_BYTES}. Text is encoded into a buffer that is already there, and pieces known as
 * bytes are copied: no string per line, no new buffer per write (`Buffer.from` of a 64 KB text
 * allocates outside the heap and measures the text first: ~20 ms on the bench's 47 MB of
 * explained output). After a write that a socket or pipe took whole at once (nothing left queued:
 * the kernel has copied the bytes) the same buffer is filled again; any other stream (a
 * PassThrough hands the very buffer to its reader) gets a new buffer after each write.
 */
export class LineOutput implements LineWriter {
  private bytes = Buffer.allocUnsafeSlow(OUTPUT_BYTES);
  private at = 0;
  /** A closed pipe (`evaluate big.jsonl | head`) ends the run quietly instead of crashing. */
  closed = false;
  /** The stream when it is a socket or pipe (see {@link flush}). */
  private readonly socket: Socket | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', () => {
      this.closed = true;
    });
    this.socket = out instanceof Socket ? out : undefined;
  }

  /** Whether the next write is due (see {@link flush}). */
  get full(): boolean {
    return this.at >= FLUSH_BYTES;
  }

  text(s: string): void {
    // At most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    if (this.room(3 * s.length)) this.at += this.bytes.write(s, this.at);
    else void write(this.out, Buffer.from(s, 'utf8'));
  }

  encoded(bytes: Uint8Array, _s: string): void {
    if (!this.room(bytes.length)) {
      // Cached bytes are never changed: the stream may hold them.
      void write(this.out, bytes);
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
   * Whether `n` more bytes fit in the buffer, after writing out what it holds if they did not.
   * False: they fit in no buffer (write that piece by itself, after what the buffer held).
   */
  private room(n: number): boolean {
    if (this.at + n <= this.bytes.length) return true;
    // A write without waiting: the caller waits at the end of the line (`full`, `flush`).
    void this.flush();
    return n <= this.bytes.length;
  }

  /**
   * Writes what was appended; when the stream's buffer is full, a promise that settles once it
   * drains (or fails).
   */
  flush(): Promise<void> | undefined {
    if (this.closed) this.at = 0;
    if (this.at === 0) return undefined;
    const wait = write(this.out, this.bytes.subarray(0, this.at));
    // The stream holds nothing of ours once it has nothing queued (a socket's write went through whole).
    if (this.socket === undefined || this.socket.writableLength > 0) this.bytes = Buffer.allocUnsafeSlow(OUTPUT_BYTES);
    this.at = 0;
    return wait;
  }
}

/**
 * Writes `chunk`; when the stream's buffer is full, a promise that settles once it drains (or
 * fails). Nothing here keeps `chunk` or the listeners alive after that: a listener left behind
 * per write would hold every written chunk through its closure (memory growing with the output).
 */
function write(out: NodeJS.WritableStream, chunk: Uint8Array): Promise<void> | undefined {
  if (out.write(chunk)) return undefined;
  return waitForDrain(out);
}

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
