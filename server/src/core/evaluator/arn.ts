/**
 * ARN parsing and segment-by-segment matching.
 *
 * An ARN has six colon-separated segments: `arn:partition:service:region:account:resource`; the
 * resource segment may itself contain colons. In the Resource element wildcards work within a
 * segment, but "If the `*` wildcard is the last character of a resource ARN segment, it can expand
 * to match beyond the colon boundaries" (IAM User Guide, Resource element, "Using wildcards in
 * resource ARNs", current page read 2026-12-04; not in the 2023 copy): `arn:aws:lambda:*:function:f`
 * covers `arn:aws:lambda:us-east-1:111122223333:function:f`. Any other `*`, and `?`, stays inside
 * its segment. The ARN condition operators keep every segment apart: "Each of the six
 * colon-delimited components of the ARN is checked separately"
 * (reference_policies_elements_condition_operators.md).
 */
import { compilePattern, hasEscapes, type TextMatcher } from './pattern';
import { hasWildcard } from '../wildcard';

/** The six segments of an ARN. */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits `text` into its six segments, or undefined when it is not an ARN. */
export function parseArn(text: string): Arn | undefined {
  const segs = splitArn(text);
  if (!segs || segs[0] !== 'arn') return undefined;
  return { partition: segs[1], service: segs[2], region: segs[3], account: segs[4], resource: segs[5] };
}

/**
 * The named fields of any text with at least five colons, whatever its first segment (the checks
 * report a wrong prefix themselves); {@link parseArn} also requires `arn`.
 */
export function arnFields(text: string): Arn | undefined {
  const segs = splitArn(text);
  return segs && { partition: segs[1], service: segs[2], region: segs[3], account: segs[4], resource: segs[5] };
}

/**
 * Where the account segment of the ARN `text` starts (it ends at the next colon), found without
 * splitting the text (per-request paths); -1 when `text` is not an ARN of six segments.
 */
export function accountSegmentStart(text: string): number {
  if (!text.startsWith('arn:')) return -1;
  let at = 3;
  for (let i = 0; i < 3; i++) {
    at = text.indexOf(':', at + 1);
    if (at < 0) return -1;
  }
  return text.indexOf(':', at + 1) < 0 ? -1 : at + 1;
}

type Six = [string, string, string, string, string, string];

/** The six segments, or undefined when `text` has fewer than five colons. */
export function splitArn(text: string): Six | undefined {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const c = text.indexOf(':', from);
    if (c < 0) return undefined;
    out.push(text.slice(from, c));
    from = c + 1;
  }
  out.push(text.slice(from));
  return out as Six;
}

/** Options for {@link compileArnPattern}. */
export interface ArnPatternOptions {
  /**
   * Compare the partition, service and region segments ignoring case. Real ARNs spell these in
   * lower case; ignoring case there can only avoid a false "denied". The resource segment is
   * always case-sensitive.
   */
  readonly ignoreCasePrefix?: boolean;
  /**
   * How to treat a pattern with fewer than six segments. `glob` (the default, for the Resource
   * element) matches it as a whole string, so `arn:aws:s3:*` covers S3 ARNs; `never` (for the ARN
   * condition operators, which compare "elements between colons") makes it match nothing.
   */
  readonly shortPattern?: 'glob' | 'never';
  /**
   * Whether a `*` that ends one of the first five segments may also match colons (`spans`, the
   * default: the Resource element) or stays inside its segment (`within`: the ARN condition
   * operators, which check each segment separately).
   */
  readonly segmentEndStar?: 'spans' | 'within';
}

/**
 * Compiles a Resource / ArnLike pattern. `*` alone matches everything. For a pattern with fewer
 * than six segments see {@link ArnPatternOptions.shortPattern}.
 */
export function compileArnPattern(pattern: string, options: ArnPatternOptions = {}): TextMatcher {
  if (pattern === '*') return { matches: () => true };
  const segs = splitArn(pattern);
  if (!segs) return options.shortPattern === 'never' ? { matches: () => false } : compilePattern(pattern);
  const ci = options.ignoreCasePrefix === true;
  const matchers = segs.map((s, i) => compilePattern(s, ci && i >= 1 && i <= 3));
  const bySegment = segmentMatcher(segs, matchers, ci);
  // Segments (of the first five) whose last character is `*` may reach over colons.
  const spans = options.segmentEndStar === 'within' ? [] : segs.slice(0, 5).map((s) => s.endsWith('*'));
  if (!spans.some(Boolean)) return { matches: bySegment };
  return {
    // Segment by segment first (the usual case); a `*` reaching over a colon can only help when the
    // text has more colons than its first five.
    matches: (text) => bySegment(text) || (moreThanFiveColons(text) && spanning(matchers, spans, text)),
  };
}

/**
 * Matches a text segment by segment, as splitting it at its first five colons and testing each
 * part with its matcher would, without splitting: a segment written `*` takes any part, and a
 * segment without wildcards is compared in place (this runs per Resource entry per request).
 */
function segmentMatcher(segs: readonly string[], matchers: readonly TextMatcher[], ci: boolean): (text: string) => boolean {
  // Per segment of the first five: undefined for `*`, the text to compare for a plain literal
  // (lower-cased where case is ignored, as its matcher compares), or null: ask the matcher.
  const literals = segs
    .slice(0, 5)
    .map((s, i) => (s === '*' ? undefined : hasWildcard(s) || hasEscapes(s) ? null : ci && i >= 1 && i <= 3 ? s.toLowerCase() : s));
  const folded = literals.map((_, i) => ci && i >= 1 && i <= 3);
  const resource = segs[5] === '*' ? undefined : (matchers[5] as TextMatcher);
  return (text) => {
    let from = 0;
    for (let i = 0; i < 5; i++) {
      const c = text.indexOf(':', from);
      if (c < 0) return false;
      const literal = literals[i];
      if (literal === null) {
        if (!(matchers[i] as TextMatcher).matches(text.slice(from, c))) return false;
      } else if (literal !== undefined && !(c - from === literal.length && text.startsWith(literal, from))) {
        // Not the same characters: with case ignored, the part in lower case may still be.
        if (!folded[i] || text.slice(from, c).toLowerCase() !== literal) return false;
      }
      from = c + 1;
    }
    return resource === undefined || resource.matches(text.slice(from));
  };
}

function moreThanFiveColons(text: string): boolean {
  let from = 0;
  for (let i = 0; i < 6; i++) {
    const c = text.indexOf(':', from);
    if (c < 0) return false;
    from = c + 1;
  }
  return true;
}

/**
 * Whether the six segment matchers accept `text` when segment i (of the first five) may cover
 * several of the text's colon-separated parts because it ends with `*` (`spans[i]`): its matcher
 * must accept the first part (the `*` then takes the rest of it and the whole parts after it).
 * The resource matcher takes what is left, colons included. A small set of part positions, no
 * backtracking.
 */
function spanning(matchers: readonly TextMatcher[], spans: readonly boolean[], text: string): boolean {
  const parts = text.split(':');
  let starts = [0];
  for (let i = 0; i < 5; i++) {
    const next = new Set<number>();
    for (const j of starts) {
      // Leave at least one part for each segment after this one.
      if (j >= parts.length || !(matchers[i] as TextMatcher).matches(parts[j] as string)) continue;
      const last = spans[i] ? parts.length - (5 - i) - 1 : j;
      for (let k = j; k <= last; k++) next.add(k + 1);
    }
    if (next.size === 0) return false;
    starts = [...next];
  }
  const resource = matchers[5] as TextMatcher;
  return starts.some((k) => k < parts.length && resource.matches(parts.slice(k).join(':')));
}

/** Matches `text` against an ARN pattern once. Prefer {@link compileArnPattern} in loops. */
export function arnMatches(pattern: string, text: string, options: ArnPatternOptions = {}): boolean {
  return compileArnPattern(pattern, options).matches(text);
}
