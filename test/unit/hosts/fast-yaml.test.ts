/**
 * The fast YAML path (hosts/cloudformation/fastYaml.ts) gives exactly the tree `yaml`'s parser
 * and composer give (values, tags, styles, every range), or gives up: on every YAML template of
 * the tests, the real-template corpus and the examples (LF and CRLF), on random windows of them
 * with random edits, and on random generated documents with comments at every indentation.
 * Giving up on a text `yaml` reads without errors is allowed but counted: most untouched templates
 * must take the fast path. The fast path's own line lexer gives exactly the Lexer's tokens
 * wherever it does not decline a text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fastYamlTemplate, parseYamlTemplateWithYaml, templateLexers } from '../../../server/src/service/hosts/cloudformation/parse';
import { corpusSlice, effort } from '../../helpers/effort';

const yamlTexts = (dir: string) =>
  readdirSync(join(__dirname, dir))
    .filter((n) => /\.(ya?ml|template)$/.test(n))
    .map((n) => ({ name: n, text: readFileSync(join(__dirname, dir, n), 'utf8') }))
    .filter((f) => !f.text.trimStart().startsWith('{'));
const ours = [...yamlTexts('../../data/templates'), ...yamlTexts('../../../examples/cloudformation')];
const real = yamlTexts('../../data/templates-real');
const texts = [...ours, ...real];

let ownLexed = 0;

/**
 * Fast and `yaml` agree (and the line lexer and the Lexer: the same tokens, and the same lexemes for
 * `yaml`'s Parser when the tree gives up); returns whether the fast path took the text.
 */
function agree(text: string): boolean {
  const { own, lexer, ownLexemes, lexemes } = templateLexers(text);
  if (own) {
    ownLexed++;
    assert.deepEqual(own, lexer, `the line lexer's tokens differ from the Lexer's for ${JSON.stringify(text)}`);
    assert.deepEqual(ownLexemes, lexemes, `the line lexer's lexemes differ from the Lexer's for ${JSON.stringify(text)}`);
  }
  const fast = fastYamlTemplate(text, 7);
  if (!fast) return false;
  // yaml's Parser and composer over the Lexer's own lexemes (lexed once, above).
  const reference = parseYamlTemplateWithYaml(text, 7, lexemes);
  assert.deepEqual(reference.problems, [], `the fast path took a text yaml reports problems in: ${JSON.stringify(text)}`);
  assert.deepEqual(fast, reference.root, `the trees differ for ${JSON.stringify(text)}`);
  return true;
}

test('the YAML templates of the tests, the corpus and the examples: the same tree, most on the fast path (LF and CRLF)', () => {
  assert.ok(texts.length >= 25);
  // Every third real template in `npm run test:unit`, all of them in `npm run test:corpus`.
  const compared = [...ours, ...corpusSlice(real, 3)];
  const slow: string[] = [];
  for (const { name, text } of compared) {
    if (!agree(text)) slow.push(name);
    if (!agree(text.replace(/\n/g, '\r\n'))) slow.push(`${name} (CRLF)`);
  }
  // broken.yaml defines a key twice on purpose: yaml reports it, so the fast path must give up.
  // A few others use forms left to yaml (another tool's tags, such as Rain's `!Rain::Embed`).
  assert.ok(slow.includes('broken.yaml') && slow.includes('broken.yaml (CRLF)'), slow.join(', '));
  assert.ok(slow.length <= (compared.length * 2) / 5, `too many texts left to yaml: ${slow.join(', ')}`);
});

const PIECES = [
  ...['- - ', '\n- ', '  - ', ' ', '  ', '\n', '#', '# c\n', '-', '- ', ':', ': ', '!Ref ', '!If ', '!Sub\n', '!GetAZs'],
  ...['[', ']', '{', '}', ',', '"', "'", '|', '>', '|-', '>+', 'a', '1', '0x1F', '.5', '~', 'true', 'null', '\\', '\\n'],
  ...['\n  ', '\n    #x\n', '\n\n', '\r\n', '.', '%', '&a ', '*a', '?', '\t', '\n#x\n', '\n  #x\n', '\n      # x\n'],
  ...['\n\n  # x\n\n', '\n   \n', '\n        #y', ' # z', 'Key: value\n', '  - Item\n', '"a\\"b"', "'it''s'"],
  ...['---\n', '--- # doc\n', '\n---\n', '...\n', '[a, # c\n  b]', '{"a": 1, # c\n "b": 2}', ' #c\n  ', ',# c\n'],
  ...['\n   x', '\n      y: z', '!', '!<x>', ':x', '-1', '\r', '\ufeff', '"a\\"', "''"],
];

test('random windows of the templates with random edits: the same tree or a fallback', () => {
  let fast = 0;
  fc.assert(
    fc.property(
      fc.nat(),
      fc.nat(),
      fc.integer({ min: 1, max: 60 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: -3, max: PIECES.length - 1 })), { maxLength: 4 }),
      fc.boolean(),
      (file, line, count, edits, newline) => {
        const lines = texts[file % texts.length]!.text.split('\n');
        const first = line % lines.length;
        let text = lines.slice(first, first + count).join('\n') + (newline ? '\n' : '');
        for (const [at0, piece] of edits) {
          const at = at0 % (text.length + 1);
          text = piece < 0 ? text.slice(0, at) + text.slice(at - piece) : text.slice(0, at) + PIECES[piece]! + text.slice(at);
        }
        if (agree(text)) fast++;
      },
    ),
    { numRuns: effort(600, 20000), seed: 1515 },
  );
  // Not a vacuous comparison: a good share of the edited windows is read on the fast path, and lexed by its line lexer.
  assert.ok(fast > effort(600, 20000) / 10, `only ${fast} texts took the fast path`);
  assert.ok(ownLexed > effort(600, 20000) / 10, `only ${ownLexed} texts were read by the line lexer`);
});

/** Random documents: nested block maps and sequences, every scalar form, comments and blank lines anywhere. */
const scalar = fc.constantFrom(
  'plain',
  'two words',
  '12',
  '-3',
  '0o17',
  '0x1f',
  '1.5e3',
  '.inf',
  '.NaN',
  'true',
  'False',
  'null',
  '~',
  'arn:aws:s3:::b/*',
  '"double"',
  '"esc\\t\\u0041"',
  "'single'",
  "'it''s'",
  '"2012-10-17"',
  '!Ref Bucket',
  '!Sub "arn:${AWS::Partition}:s3:::${B}/*"',
  '!GetAtt Role.Arn',
  '[a, "b", !Ref c]',
  '{a: 1, "b": [x, y]}',
  '[]',
  '{}',
  '!If [c, a, b]',
  '!GetAZs',
  '!GetAZs ""',
  '[a, # note\n      b]',
  '',
);
const block = fc.constantFrom('|', '|-', '|+', '>', '>-', '|2');
const key = fc.constantFrom('Key', 'Other', '"Quoted"', "'Single'", '1', 'true', 'Resource', 'a b');
const trivia = fc.array(
  fc.oneof(
    fc.constant(''),
    fc.integer({ min: 0, max: 12 }).map((n) => `${' '.repeat(n)}# note`),
    fc.constant('   '),
  ),
  { maxLength: 3 },
);
type Doc =
  | { kind: 'map'; entries: Array<[string, Doc]> }
  | { kind: 'seq'; items: Doc[] }
  | { kind: 'scalar'; text: string }
  | { kind: 'block'; header: string };
const { doc } = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar.map((text): Doc => ({ kind: 'scalar', text })),
    block.map((header): Doc => ({ kind: 'block', header })),
    fc.array(fc.tuple(key, tie('doc')), { minLength: 1, maxLength: 4 }).map((entries): Doc => ({ kind: 'map', entries })),
    fc.array(tie('doc'), { minLength: 1, maxLength: 3 }).map((items): Doc => ({ kind: 'seq', items })),
  ),
}));

function render(d: Doc, indent: number, steps: number[], notes: string[][], out: string[], head: string): void {
  const pad = ' '.repeat(indent);
  const step = steps[out.length % steps.length]!;
  const note = () => out.push(...notes[out.length % notes.length]!);
  switch (d.kind) {
    case 'scalar':
      out.push(`${head}${d.text ? ` ${d.text}` : ''}`);
      note();
      return;
    case 'block':
      out.push(`${head} ${d.header}`, `${pad}${' '.repeat(step)}line one`, `${pad}${' '.repeat(step)}line two`);
      note();
      return;
    case 'map':
      if (head) out.push(head);
      note();
      for (const [k, v] of d.entries) {
        // A sequence at its key's indentation, sometimes.
        const compact = v.kind === 'seq' && out.length % 3 === 0;
        render(v, compact ? indent : indent + step, steps, notes, out, `${pad}${k}:`);
      }
      return;
    case 'seq':
      if (head) out.push(head);
      note();
      for (const item of d.items) {
        // A map starting on the item's line (`- Key: value`), sometimes.
        if (item.kind === 'map' && step >= 2 && out.length % 2 === 0) {
          const [[k, v], ...rest] = item.entries as [[string, Doc], ...Array<[string, Doc]>];
          render(v, indent + step + step, steps, notes, out, `${pad}-${' '.repeat(step - 1)}${k}:`);
          for (const [k2, v2] of rest) render(v2, indent + step + step, steps, notes, out, `${pad}${' '.repeat(step)}${k2}:`);
        } else render(item, indent + step, steps, notes, out, `${pad}-`);
      }
  }
}

test('random generated documents: the same tree or a fallback', () => {
  let fast = 0;
  fc.assert(
    fc.property(
      fc.array(fc.tuple(key, doc), { minLength: 1, maxLength: 4 }),
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
      fc.array(trivia, { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 0, max: 4 }),
      fc.boolean(),
      (entries, steps, notes, indent, newline) => {
        const out: string[] = [];
        render({ kind: 'map', entries }, indent, steps, notes, out, '');
        const text = out.join('\n') + (newline ? '\n' : '');
        if (agree(text)) fast++;
      },
    ),
    { numRuns: effort(300, 10000), seed: 1516 },
  );
  assert.ok(fast > effort(300, 10000) / 10, `only ${fast} documents took the fast path`);
});
