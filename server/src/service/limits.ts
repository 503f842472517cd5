/**
 * Guards that keep the service responsive on hostile input. json-languageservice's parser and
 * validator recurse per nesting level, so a document like `[[[[…` 100,000 deep would overflow the
 * stack; IAM policies never nest deeper than about eight levels.
 */

/** Deeper documents are reported, not parsed. */
export const MAX_NESTING = 256;

/** The deepest nesting of objects and arrays in `text`, ignoring brackets inside strings. */
export function maxNesting(text: string): { depth: number; offset: number } {
  let depth = 0;
  let max = 0;
  let maxOffset = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        maxOffset = i;
        if (max > MAX_NESTING) break;
      }
    } else if ((c === 125 /* } */ || c === 93) /* ] */ && depth > 0) depth--;
  }
  return { depth: max, offset: maxOffset };
}
