/**
 * Glob matching with `*` (any run of characters, including none) and `?` (exactly one character),
 * as IAM uses it in Action, Resource and String/ArnLike conditions.
 *
 * The matcher never backtracks: the pattern is split at `*` into literal segments, the first is
 * anchored at the start, the last at the end, and each middle segment is found at its leftmost
 * position after the previous one (leftmost placement is always safe for globs). The cost is
 * O(text length × longest segment), so a pattern like `a*a*a*a*b` against a 4 KB string is fast.
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

/** Compiles a glob for repeated matching. */
export function compileGlob(pattern: string, options: GlobOptions = {}): CompiledGlob {
  const ignoreCase = options.ignoreCase === true;
  const source = pattern;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  if (!hasWildcard(p)) {
    return { source, hasWildcard: false, matches: (text) => (ignoreCase ? text.toLowerCase() : text) === p };
  }
  const segments = p.split('*');
  const anchoredStart = segments[0] ?? '';
  const anchoredEnd = segments.length > 1 ? (segments[segments.length - 1] ?? '') : '';
  const middle = segments.slice(1, -1);
  const singleSegment = segments.length === 1;
  return {
    source,
    hasWildcard: true,
    matches(text: string): boolean {
      const t = ignoreCase ? text.toLowerCase() : text;
      if (singleSegment) return t.length === p.length && segmentAt(t, 0, p);
      if (t.length < anchoredStart.length + anchoredEnd.length) return false;
      if (!segmentAt(t, 0, anchoredStart)) return false;
      const endStart = t.length - anchoredEnd.length;
      if (!segmentAt(t, endStart, anchoredEnd)) return false;
      let pos = anchoredStart.length;
      for (const seg of middle) {
        if (seg.length === 0) continue;
        const found = findSegment(t, pos, endStart, seg);
        if (found < 0) return false;
        pos = found + seg.length;
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
    if (c !== 63 /* ? */ && c !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

/** Leftmost index in [from, limit - seg.length] where `seg` matches, or -1. */
function findSegment(text: string, from: number, limit: number, seg: string): number {
  if (!seg.includes('?')) {
    const i = text.indexOf(seg, from);
    return i >= 0 && i + seg.length <= limit ? i : -1;
  }
  for (let i = from; i + seg.length <= limit; i++) {
    if (segmentAt(text, i, seg)) return i;
  }
  return -1;
}
