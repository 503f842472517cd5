/**
 * Glob matching with `*` (any run of characters, including none) and `?` (exactly one character),
 * as IAM uses it in Action, Resource and String/ArnLike conditions.
 *
 * The matcher never backtracks. The pattern is split at `*` into segments; the first is anchored
 * at the start, the last at the end, and each middle segment is placed at its leftmost match after
 * the previous one (leftmost placement is always safe for globs). A segment without `?` is found
 * with `indexOf`; a segment with `?` is found by bit-parallel simulation of its automaton
 * (Shift-And: one machine word per 32 pattern characters, one step per text character), so the
 * text is scanned once per pattern and the cost is O(text length × ⌈segment length / 32⌉) at
 * worst — never the O(text × pattern) of trying each start position. A segment of `?` only is a
 * length test. Tables are built lazily, the first time a segment has to be searched.
 */
export interface GlobOptions {
  /** Compare case-insensitively (actions are; ARNs' resource parts are not). */
  readonly ignoreCase?: boolean;
}

/** A pattern compiled once and matched many times. */
export interface CompiledGlob {
  readonly source: string;
  readonly hasWildcard: boolean;
  matches(text: string): boolean;
}

/** True when `text` contains `*` or `?`. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

const QMARK = 63;

/** Compiles a glob for repeated matching. */
export function compileGlob(pattern: string, options: GlobOptions = {}): CompiledGlob {
  const ignoreCase = options.ignoreCase === true;
  const source = pattern;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  if (!hasWildcard(p)) {
    return { source, hasWildcard: false, matches: (text) => (ignoreCase ? text.toLowerCase() : text) === p };
  }
  const parts = p.split('*');
  if (parts.length === 1) {
    // No `*`: the text has the pattern's length and matches it position by position.
    return {
      source,
      hasWildcard: true,
      matches: (text) => {
        const t = ignoreCase ? text.toLowerCase() : text;
        return t.length === p.length && segmentAt(t, 0, p);
      },
    };
  }
  const anchoredStart = parts[0] ?? '';
  const anchoredEnd = parts[parts.length - 1] ?? '';
  const middle = parts
    .slice(1, -1)
    .filter((s) => s.length > 0)
    .map((s) => new Segment(s));
  const minLength = anchoredStart.length + anchoredEnd.length + middle.reduce((n, s) => n + s.text.length, 0);
  return {
    source,
    hasWildcard: true,
    matches(text: string): boolean {
      const t = ignoreCase ? text.toLowerCase() : text;
      if (t.length < minLength) return false;
      if (!segmentAt(t, 0, anchoredStart)) return false;
      const endStart = t.length - anchoredEnd.length;
      if (!segmentAt(t, endStart, anchoredEnd)) return false;
      let pos = anchoredStart.length;
      for (let i = 0; i < middle.length; i++) {
        const seg = middle[i] as Segment;
        const found = seg.find(t, pos, endStart);
        if (found < 0) return false;
        pos = found + seg.text.length;
      }
      return true;
    },
  };
}

/** Matches `text` against a glob `pattern` once. Prefer {@link compileGlob} in loops. */
export function globMatch(pattern: string, text: string, options: GlobOptions = {}): boolean {
  return compileGlob(pattern, options).matches(text);
}

/** Whether `seg` (which may contain `?`) matches `text` at `at`. */
function segmentAt(text: string, at: number, seg: string): boolean {
  if (at < 0 || at + seg.length > text.length) return false;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if (c !== QMARK && c !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

/** A middle segment: found by `indexOf` when literal, else by a Shift-And automaton. */
class Segment {
  private readonly literal: boolean;
  private readonly onlyQuestionMarks: boolean;
  private tables: ShiftAnd | undefined;

  constructor(readonly text: string) {
    this.literal = !text.includes('?');
    this.onlyQuestionMarks = !this.literal && /^\?+$/.test(text);
  }

  /** Leftmost index in [from, limit - length] where the segment matches, or -1. */
  find(text: string, from: number, limit: number): number {
    const m = this.text.length;
    if (from + m > limit) return -1;
    if (this.onlyQuestionMarks) return from;
    if (this.literal) {
      const i = text.indexOf(this.text, from);
      return i >= 0 && i + m <= limit ? i : -1;
    }
    this.tables ??= new ShiftAnd(this.text);
    return this.tables.find(text, from, limit);
  }
}

/**
 * Bit-parallel simulation of the automaton of a segment with `?` (Shift-And, Baeza-Yates and
 * Gonnet): bit i of the state is set when the last i + 1 text characters match the segment's
 * first i + 1 characters. Segments longer than 32 characters use several 32-bit words; only the
 * words that can hold a live partial match are updated.
 */
class ShiftAnd {
  private readonly words: number;
  private readonly length: number;
  /** Row per distinct literal character (row 0: characters absent from the segment, i.e. `?` only). */
  private readonly table: Uint32Array;
  private readonly asciiRow = new Int32Array(128);
  private readonly otherRow = new Map<number, number>();
  private readonly state: Uint32Array;

  constructor(segment: string) {
    this.length = segment.length;
    const words = (this.words = Math.ceil(segment.length / 32));
    this.state = new Uint32Array(words);
    const rows = new Map<number, number>();
    for (let i = 0; i < segment.length; i++) {
      const c = segment.charCodeAt(i);
      if (c !== QMARK && !rows.has(c)) rows.set(c, rows.size + 1);
    }
    const table = (this.table = new Uint32Array((rows.size + 1) * words));
    for (let i = 0; i < segment.length; i++) {
      if (segment.charCodeAt(i) !== QMARK) continue;
      // A `?` accepts every character: its bit is set in every row.
      for (let r = 0; r <= rows.size; r++) table[r * words + (i >>> 5)]! |= 1 << (i & 31);
    }
    for (let i = 0; i < segment.length; i++) {
      const c = segment.charCodeAt(i);
      if (c === QMARK) continue;
      const row = rows.get(c)!;
      table[row * words + (i >>> 5)]! |= 1 << (i & 31);
      if (c < 128) this.asciiRow[c] = row * words;
      else this.otherRow.set(c, row * words);
    }
  }

  find(text: string, from: number, limit: number): number {
    const last = this.length - 1;
    const lastWord = last >>> 5;
    const lastBit = 1 << (last & 31);
    const { table, asciiRow, otherRow, words } = this;
    if (words === 1) {
      let d = 0;
      for (let j = from; j < limit; j++) {
        const c = text.charCodeAt(j);
        d = ((d << 1) | 1) & table[c < 128 ? asciiRow[c]! : (otherRow.get(c) ?? 0)]!;
        if (d & lastBit) return j - last;
      }
      return -1;
    }
    const state = this.state;
    state.fill(0);
    // Words above `top` are zero: a step can only carry into the next one.
    let top = 0;
    for (let j = from; j < limit; j++) {
      const c = text.charCodeAt(j);
      const row = c < 128 ? asciiRow[c]! : (otherRow.get(c) ?? 0);
      const end = top + 1 < words ? top + 1 : words - 1;
      let carry = 1;
      let highest = -1;
      for (let w = 0; w <= end; w++) {
        const d = state[w]!;
        const next = ((d << 1) | carry) & table[row + w]!;
        carry = d >>> 31;
        state[w] = next;
        if (next !== 0) highest = w;
      }
      if (state[lastWord]! & lastBit) return j - last;
      top = highest < 0 ? 0 : highest;
    }
    return -1;
  }
}
