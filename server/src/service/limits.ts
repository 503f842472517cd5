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

/**
 * Size limits, checked before any parse (bytes of UTF-8, as AWS counts them). Beyond them a document
 * gets one diagnostic on line 1 and nothing else: the parsers' time and memory grow with the size,
 * and nothing that large is deployable or a policy.
 *
 * - CloudFormation/SAM templates: 1 MB, AWS's own limit on a template body (51,200 bytes in a request,
 *   1 MB from an Amazon S3 object: "Understand CloudFormation quotas",
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html, read 2026-12-03).
 * - Terraform files: 256 KB (Terraform has no limit; tree-sitter's parse and the copy of its tree cost
 *   about 3 ms of CPU per KB of dense `aws_iam_policy` blocks, so this keeps a file within about a second;
 *   the real configurations in test/data/terraform-real are below 20 KB).
 * - Policy documents: 3 MB (one and a half times the 10,000-statement document the hostile bench
 *   validates; AWS's policies are kilobytes, the largest tens of kilobytes).
 */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;
export const MAX_TERRAFORM_BYTES = 256 * 1024;
export const MAX_POLICY_BYTES = 3 * 1024 * 1024;

/** The UTF-8 size of `text` when it exceeds `limit` bytes, else undefined (counts only when it must). */
export function sizeOver(text: string, limit: number): number | undefined {
  // Every UTF-16 unit is 1–3 bytes of UTF-8 (a surrogate pair, two units, is 4 bytes).
  if (text.length * 3 <= limit) return undefined;
  // ASCII only (the usual case): one byte each, found by a native scan.
  const bytes = NON_ASCII.test(text) ? utf8Length(text) : text.length;
  return bytes > limit ? bytes : undefined;
}

const NON_ASCII = /[\u0080-\uffff]/;

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : c >= 0xdc00 && c <= 0xdfff ? 2 : 3;
  }
  return bytes;
}

/** `4.9 MB`, `256 KB`, `980 bytes`. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KB`;
  return `${bytes} bytes`;
}

/** What a document larger than its limit is told, on line 1. */
export function tooLargeMessage(kind: 'template' | 'terraform' | 'policy', bytes: number): string {
  const size = `${sizeText(bytes)} (${String(bytes).replace(/\B(?=(\d{3})+$)/g, ',')} bytes)`;
  switch (kind) {
    case 'template':
      return `This template is ${size}: CloudFormation accepts a template body of at most ${sizeText(MAX_TEMPLATE_BYTES)} (51,200 bytes inline), so it is not analysed.`;
    case 'terraform':
      return `This Terraform file is ${size}: files larger than ${sizeText(MAX_TERRAFORM_BYTES)} are not analysed (their parse would take seconds); split it into smaller files.`;
    case 'policy':
      return `This document is ${size}: documents larger than ${sizeText(MAX_POLICY_BYTES)} are not analysed (AWS's policies are at most tens of kilobytes).`;
  }
}

/** The problem of a host document (template, Terraform file) larger than its limit. */
export function tooLargeProblem(
  kind: 'template' | 'terraform',
  bytes: number,
): { readonly range: { readonly start: number; readonly end: number }; readonly message: string } {
  return { range: { start: 0, end: 0 }, message: tooLargeMessage(kind, bytes) };
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
