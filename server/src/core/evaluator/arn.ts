/**
 * ARN parsing and segment-by-segment matching.
 *
 * An ARN has six colon-separated segments: `arn:partition:service:region:account:resource`; the
 * resource segment may itself contain colons. Wildcards work within a segment and never span a
 * colon between the first five (reference_policies_elements_resource.md, "Using wildcards in
 * resource ARNs"; ArnLike: "Each of the six colon-delimited components of the ARN is checked
 * separately", reference_policies_elements_condition_operators.md).
 */
import { compilePattern, type TextMatcher } from './pattern';

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
  return {
    matches(text: string): boolean {
      const t = splitArn(text);
      if (!t) return false;
      for (let i = 0; i < 6; i++) {
        if (!(matchers[i] as TextMatcher).matches(t[i] as string)) return false;
      }
      return true;
    },
  };
}

/** Matches `text` against an ARN pattern once. Prefer {@link compileArnPattern} in loops. */
export function arnMatches(pattern: string, text: string, options: ArnPatternOptions = {}): boolean {
  return compileArnPattern(pattern, options).matches(text);
}
