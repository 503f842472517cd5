/**
 * Glob patterns that may contain *literal* `*` and `?` characters. Those come from the special
 * policy variables `${*}` and `${?}` (reference_policies_variables.md, "Special characters") and
 * from substituted request values, which must never act as wildcards. Literal characters are
 * encoded as private-use code points in the pattern; the text is encoded the same way before
 * matching, so a literal `*` in the pattern matches only a `*` in the text. Matching itself is the
 * linear, non-backtracking matcher of `core/wildcard.ts`.
 */
import { compileGlob } from '../wildcard';

/** Stands for a literal `*` inside a pattern. */
export const LITERAL_STAR = '\uE000';
/** Stands for a literal `?` inside a pattern. */
export const LITERAL_QMARK = '\uE001';

/** Something that tests one string. */
export interface TextMatcher {
  matches(text: string): boolean;
}

/** Encodes `*` and `?` of a literal string so they are not wildcards inside a pattern. */
export function escapeLiteral(text: string): string {
  if (!text.includes('*') && !text.includes('?')) return text;
  return text.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_QMARK);
}

/** Whether `pattern` contains encoded literal characters. */
export function hasEscapes(pattern: string): boolean {
  return pattern.includes(LITERAL_STAR) || pattern.includes(LITERAL_QMARK);
}

/** Compiles a glob that may hold encoded literals (see {@link escapeLiteral}). */
export function compilePattern(pattern: string, ignoreCase = false): TextMatcher {
  const glob = compileGlob(pattern, { ignoreCase });
  if (!hasEscapes(pattern)) return glob;
  return { matches: (text) => glob.matches(escapeLiteral(text)) };
}

/** Turns encoded literals back into the characters they stand for (for display). */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\uE000/g, '*').replace(/\uE001/g, '?');
}
