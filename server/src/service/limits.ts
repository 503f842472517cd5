/**
 * Guards that keep the service responsive on hostile input. json-languageservice's parser and
 * validator recurse per nesting level, so a document like `[[[[…` 100,000 deep would overflow the
 * stack; IAM policies never nest deeper than about eight levels.
 *
 * The depth is measured on the tokens of jsonc-parser's scanner, the very scanner the parsers use,
 * so strings, escapes, line breaks that end a string, and comments are seen exactly as the parser
 * sees them: no bracket the parser would recurse on can hide from the guard. Closing brackets count
 * only when they close the innermost open bracket of their kind (the parser may skip a mismatched
 * one), so the measured depth is never below the parser's.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';

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
  return scan(text);
}

/** Whether `text` is nested too deep to be parsed safely. */
export function isTooDeep(text: string): boolean {
  return maxNesting(text).depth > MAX_NESTING;
}

function scan(text: string): Nesting {
  const scanner = createScanner(text, false);
  const open = new Uint8Array(MAX_NESTING + 2);
  let depth = 0;
  let max = 0;
  let maxOffset = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      open[depth] = token;
      depth++;
      if (depth > max) {
        max = depth;
        maxOffset = scanner.getTokenOffset();
        if (max > MAX_NESTING) break;
      }
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      const opener = token === SyntaxKind.CloseBraceToken ? SyntaxKind.OpenBraceToken : SyntaxKind.OpenBracketToken;
      if (depth > 0 && open[depth - 1] === opener) depth--;
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
