/**
 * Issue 13, item 4 and speed: the nesting guard (service/limits.ts) is a character loop that must
 * see brackets exactly as jsonc-parser's scanner, which json-languageservice's parser runs on. The
 * reference here is the guard as it was first written on that scanner's tokens; random and
 * adversarial texts (quotes, escapes before line breaks, CR/LF, comments opened and never closed,
 * mismatched brackets) must give the same depth and offset.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { MAX_NESTING, maxNesting, scanNesting, type Nesting } from '../../../server/src/service/limits';
import { mulberry32 } from '../../helpers/random';
import { effort } from '../../helpers/effort';

/** The guard on jsonc-parser's tokens (the reference). */
function scannerNesting(text: string): Nesting {
  const scanner = createScanner(text, false);
  const open: number[] = [];
  let max = 0;
  let maxOffset = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      open.push(token);
      if (open.length > max) {
        max = open.length;
        maxOffset = scanner.getTokenOffset();
        if (max > MAX_NESTING) break;
      }
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      const opener = token === SyntaxKind.CloseBraceToken ? SyntaxKind.OpenBraceToken : SyntaxKind.OpenBracketToken;
      if (open.length > 0 && open[open.length - 1] === opener) open.pop();
    }
  }
  return { depth: max, offset: maxOffset };
}

/** Pieces that change how the scanner reads what follows. */
const PIECES = [
  '{',
  '[',
  '}',
  ']',
  '"',
  '\\',
  '\\"',
  '\\\\',
  '/',
  '*',
  '//',
  '/*',
  '*/',
  '\n',
  '\r',
  '\r\n',
  ':',
  ',',
  ' ',
  'a',
  '-',
  '1',
  'true',
  '\\u',
  '\\u00',
  '\t',
  '\u2028',
  '\0',
];

function randomText(next: () => number, pieces: number): string {
  let s = '';
  for (let i = 0; i < pieces; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

test('the nesting guard measures random texts as the scanner does', () => {
  const next = mulberry32(13);
  for (let n = 0; n < effort(3_000, 20_000); n++) {
    const text = randomText(next, 1 + Math.floor(next() * 60));
    assert.deepEqual(scanNesting(text), scannerNesting(text), JSON.stringify(text));
  }
});

test('the nesting guard measures deep adversarial texts as the scanner does', () => {
  const next = mulberry32(4);
  // Deep runs of brackets hidden, or not, behind every piece that could hide them.
  const hiders = ['"', '"\\', '"\\\n', '"\n', '"\r', '//', '// "\n', '/*', '/* " */', '/* */', '"/*"', '"//"', '\\', '/', '"*/"'];
  for (const hider of hiders)
    for (const bracket of ['[', '{"a":', '{', '[{']) {
      const text = `{"Statement": ${hider}${bracket.repeat(300)}`;
      assert.deepEqual(scanNesting(text), scannerNesting(text), JSON.stringify(text.slice(0, 40)));
      assert.equal(maxNesting(text).depth > MAX_NESTING, scannerNesting(text).depth > MAX_NESTING, JSON.stringify(text.slice(0, 40)));
    }
  for (let n = 0; n < effort(100, 300); n++) {
    let text = '';
    for (let k = 0; k < 40; k++) text += next() < 0.5 ? randomText(next, 3) : '['.repeat(Math.floor(next() * 30));
    assert.deepEqual(scanNesting(text), scannerNesting(text), JSON.stringify(text));
  }
});
