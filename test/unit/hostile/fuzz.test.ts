/**
 * Issue 13: a seeded fuzz run over every feature of the language service — validation,
 * completion, hover, symbols, code actions (and fix-all), formatting, folding, policy type — with
 * random and adversarial documents and incremental edits. Bounded by a fixed amount of work
 * (documents × edits × positions), not by the clock; the seed is printed and can be set with
 * FUZZ_SEED (FUZZ_ROUNDS for a longer run; 25 rounds by default, 60 with IAM_STUDIO_LONG=1). Properties: nothing throws, no check reports
 * INTERNAL_ERROR (a crash it survived), every range lies inside its document, completion edits
 * stay on one line, hover and diagnostics never echo more than a bounded part of the text.
 * A small PRNG (mulberry32) instead of fast-check: no new dependency, and a failing seed replays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type Range } from 'vscode-languageserver-types';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { mulberry32 } from '../../helpers/random';
import { effort } from '../../helpers/effort';

const SEED = Number(process.env.FUZZ_SEED ?? 0x13c0ffee);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? effort(25, 60));

const SEEDS = [
  '{ "Version": "2012-10-17", "Statement": [ { "Sid": "A", "Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*", "s3:G?t*"], "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/*"], "Condition": { "StringEquals": { "aws:PrincipalTag/team": "x" }, "IpAddress": { "aws:SourceIp": "10.0.0.0/8" } } } ] }',
  '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": ["arn:aws:iam::111122223333:root", "*"], "Service": "lambda.amazonaws.com", "Federated": "cognito-identity.amazonaws.com" }, "Action": "sts:AssumeRole", "Condition": { "StringLike": { "sts:ExternalId": "*" } } } ] }',
  '{ "Version": "2012-10-17", "Statement": { "Effect": "Deny", "NotAction": "iam:*", "NotResource": "*", "Condition": { "ForAllValues:StringEquals": { "aws:TagKeys": ["a", "b"] }, "Null": { "aws:MultiFactorAuthAge": "true" } } } }',
  '{\n  "Statement": [\n    { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" },\n    { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }\n  ]\n}\n',
  '',
  '\ufeff{ "Version": "2008-10-17" }',
];

/** Fragments that break things: brackets, quotes, escapes, wildcards, control and odd Unicode characters. */
const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '\\',
  '\\u',
  '\\"',
  '*',
  '?',
  '${',
  '}',
  '\n',
  '\r\n',
  '\t',
  '/*',
  '*/',
  '//',
  '\u0000',
  '\u2028',
  '\ud800',
  '\ufeff',
  '😀',
  'e\u0301',
  ' ',
  '"Effect": {',
  '"Action": "',
  '"Resource": [',
  '"Condition": { "StringLike": { "',
  '"Principal": { "AWS": "',
  'null',
  'true',
  '1e999',
  '-0',
  '"Statement": [',
  '![x](https://e.example/i.png)',
  '<img src=x>',
  '?'.repeat(40),
  '['.repeat(300),
  ']'.repeat(300),
];

function randomDocument(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const kind = rnd();
  if (kind < 0.08) return '{"Statement":'.repeat(1 + Math.floor(rnd() * 400)) + (rnd() < 0.5 ? '' : '}'.repeat(200));
  if (kind < 0.14) return Array.from({ length: 1 + Math.floor(rnd() * 200) }, () => pick(FRAGMENTS)).join('');
  let text = pick(SEEDS);
  for (let i = Math.floor(rnd() * 6); i > 0; i--) text = mutate(text, rnd);
  return text;
}

function mutate(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const r = rnd();
  if (r < 0.45) return text.slice(0, at) + FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)] + text.slice(at);
  if (r < 0.75) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 12)));
  const from = Math.floor(rnd() * (text.length + 1));
  return text.slice(0, at) + text.slice(from, from + Math.floor(rnd() * 60)) + text.slice(at);
}

function inside(doc: TextDocument, range: Range, what: string): void {
  const lines = doc.lineCount;
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lines && p.character >= 0, `${what}: ${JSON.stringify(range)} outside the document (${lines} lines)`);
    assert.ok(doc.offsetAt(p) <= doc.getText().length);
  }
  assert.ok(doc.offsetAt(range.start) <= doc.offsetAt(range.end), `${what}: reversed range ${JSON.stringify(range)}`);
}

const service = getLanguageService({ catalog: getCatalog() });

async function exercise(doc: TextDocument, rnd: () => number, context: string): Promise<void> {
  const parsed = service.parse(doc);
  const diagnostics = await service.doValidation(doc, parsed);
  for (const d of diagnostics) {
    inside(doc, d.range, `diagnostic ${String(d.code)}`);
    assert.notEqual(d.code, 'INTERNAL_ERROR', `a check failed (${d.message}) on ${context}`);
    assert.ok(String(d.message).length < 4000, `diagnostic ${String(d.code)}: message of ${String(d.message).length} characters`);
  }
  const text = doc.getText();
  const offsets = new Set([0, text.length, ...Array.from({ length: 12 }, () => Math.floor(rnd() * (text.length + 1)))]);
  for (const offset of offsets) {
    const position = doc.positionAt(offset);
    const list = service.doComplete(doc, parsed, position);
    assert.ok(list.items.length <= 1000);
    for (const item of list.items) {
      const edit = item.textEdit;
      if (edit && 'range' in edit) {
        inside(doc, edit.range, `completion ${item.label}`);
        assert.equal(edit.range.start.line, edit.range.end.line, `completion ${item.label} spans lines`);
      }
    }
    const hover = service.doHover(doc, parsed, position);
    if (hover?.range) inside(doc, hover.range, 'hover');
    if (hover) assert.ok(JSON.stringify(hover.contents).length < 20_000);
    service.getPolicyType(doc, parsed, position);
  }
  const walk = (symbols: ReturnType<typeof service.findDocumentSymbols>): void => {
    for (const s of symbols) {
      inside(doc, s.range, `symbol ${s.name}`);
      walk(s.children ?? []);
    }
  };
  walk(service.findDocumentSymbols(doc, parsed));
  for (const f of service.getFoldingRanges(doc)) assert.ok(f.startLine <= f.endLine && f.endLine < doc.lineCount);
  const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
  for (const e of service.format(doc, undefined, { tabSize: 2, insertSpaces: true })) inside(doc, e.range, 'format');
  for (const range of [whole, ...diagnostics.slice(0, 5).map((d) => d.range)]) {
    const actions = service.doCodeActions(doc, parsed, range, { diagnostics });
    service.doCodeActions(doc, parsed, range, { diagnostics, only: [CodeActionKind.SourceFixAll] });
    for (const a of actions)
      for (const edits of Object.values(a.edit?.changes ?? {})) for (const e of edits) inside(doc, e.range, `code action ${a.title}`);
  }
}

test(
  `fuzz: every feature on random and adversarial documents and edits (seed ${SEED}, ${ROUNDS} rounds)`,
  { timeout: 600_000 },
  async () => {
    const rnd = mulberry32(SEED);
    for (let round = 0; round < ROUNDS; round++) {
      const uri = round % 5 === 0 ? 'file:///ws/fuzz.json' : 'file:///ws/fuzz.iam.json';
      let doc = TextDocument.create(uri, 'iam-policy', 1, randomDocument(rnd));
      await exercise(doc, rnd, `round ${round}, version 1`);
      // Incremental edits, as an editor sends them: each version is validated and queried.
      for (let v = 2; v <= 4; v++) {
        const text = doc.getText();
        const start = Math.floor(rnd() * (text.length + 1));
        const end = Math.min(text.length, start + Math.floor(rnd() * 8));
        const insert = rnd() < 0.7 ? FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)]! : '';
        doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: insert }], v);
        await exercise(doc, rnd, `round ${round}, version ${v} (seed ${SEED})`);
      }
    }
  },
);
