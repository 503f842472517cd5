/**
 * Guards that keep the service responsive on hostile input. json-languageservice's parser and
 * validator recurse per nesting level, so a document like `[[[[…` 100,000 deep would overflow the
 * stack; IAM policies never nest deeper than about eight levels.
 *
 * The depth is measured on the tokens of jsonc-parser's scanner (the scanner both parsers use),
 * re-implemented here as one character loop that only tells brackets from the text that hides
 * them: strings (a `\` takes the next character, whatever it is; a line break or the end ends an
 * unterminated string), line comments (to the line break) and block comments (to the closing star-slash or the end).
 * Every other token of that scanner (numbers, keywords, unknown words) stops at a bracket, a quote
 * and a `/`, so no bracket the parser would recurse on can hide from the guard (test/unit/hostile/
 * nesting.test.ts compares it with the scanner's tokens). Closing brackets count only when they
 * close the innermost open bracket of their kind (the parser may skip a mismatched one), so the
 * measured depth is never below the parser's.
 */

/** Deeper documents are reported, not parsed. */
export const MAX_NESTING = 256;

export interface Nesting {
  /** The deepest nesting found, or an upper bound of it when that is within {@link MAX_NESTING}. */
  readonly depth: number;
  /** Offset of the bracket that reached `depth`. */
  readonly offset: number;
}

/** The deepest nesting of objects and arrays in `text`, as the JSON parser will meet it. */
export function maxNesting(text: string): Nesting {
  // Cheap exit: with no more opening brackets than the limit, nothing can be too deep (the
  // depth reported is then only a bound).
  const brackets = countBrackets(text, MAX_NESTING);
  if (brackets <= MAX_NESTING) return { depth: brackets, offset: 0 };
  return scanNesting(text);
}

/**
 * The problem of a host document part (a template, a JSON string in it, a Terraform block) nested
 * deeper than the limit: nothing of it is analysed. `offset`: where the limit was passed.
 */
export function tooDeepProblem(offset: number): {
  readonly range: { readonly start: number; readonly end: number };
  readonly message: string;
} {
  return {
    range: { start: offset, end: offset + 1 },
    message: `Collections nest more than ${MAX_NESTING} levels deep here: this document is not analysed (an IAM policy nests about eight levels).`,
  };
}

/** Whether `text` is nested too deep to be parsed safely. */
export function isTooDeep(text: string): boolean {
  return maxNesting(text).depth > MAX_NESTING;
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const LF = 10;
const CR = 13;

/**
 * The exact deepest nesting of `text` (scanning stops once it passes {@link MAX_NESTING}) and the
 * offset of the bracket that reached it.
 */
export function scanNesting(text: string): Nesting {
  const n = text.length;
  const open = new Uint8Array(MAX_NESTING + 2);
  let depth = 0;
  let max = 0;
  let maxOffset = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // A string: to the closing quote, or up to (not over) a line break, or to the end.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === QUOTE) {
          i++;
          break;
        }
        if (d === BACKSLASH) i += 2;
        else if (d === LF || d === CR) break;
        else i++;
      }
    } else if (c === SLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === SLASH) {
        // A line comment: up to the line break.
        i += 2;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === LF || d === CR) break;
          i++;
        }
      } else if (next === STAR) {
        // A block comment: over the first `*/` after `/*`, or to the end.
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
      } else i++;
    } else {
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        open[depth] = c;
        depth++;
        if (depth > max) {
          max = depth;
          maxOffset = i;
          if (max > MAX_NESTING) break;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        const opener = c === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET;
        if (depth > 0 && open[depth - 1] === opener) depth--;
      }
      i++;
    }
  }
  return { depth: max, offset: maxOffset };
}

/** The number of opening brackets in `text`, counting stops past `limit`. */
function countBrackets(text: string, limit: number): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 123 || c === 91) && ++n > limit) return n;
  }
  return n;
}
