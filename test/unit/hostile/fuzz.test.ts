/**
 * Issue 13: a seeded fuzz run over every feature of the language service — validation,
 * completion, hover, symbols, code actions (and fix-all), formatting, folding, policy type — with
 * random and adversarial documents and incremental edits. Bounded by a fixed amount of work
 * (documents × edits × positions), not by the clock; the seed is printed and can be set with
 * FUZZ_SEED (FUZZ_ROUNDS for a longer run; 12 rounds by default, 60 with IAM_STUDIO_LONG=1). Properties: nothing throws, no check reports
 * INTERNAL_ERROR (a crash it survived), every range lies inside its document, completion edits
 * stay on one line, hover and diagnostics never echo more than a bounded part of the text.
 * A small PRNG (mulberry32) instead of fast-check: no new dependency, and a failing seed replays.
 * The second test does the same with host documents (issue 15): CloudFormation/SAM templates in
 * YAML and JSON and Terraform files, with YAML and HCL fragments (tags, anchors, aliases, merge
 * keys, block scalars, heredocs, interpolations, deep nesting) as documents and edits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type Range } from 'vscode-languageserver-types';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { mulberry32 } from '../../helpers/random';
import { effort } from '../../helpers/effort';
import { incrementalParser } from '../../../server/src/node/terraformParser';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { testTerraformParser } from '../../helpers/terraform';

const SEED = Number(process.env.FUZZ_SEED ?? 0x13c0ffee);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? effort(12, 60));

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

type Service = ReturnType<typeof getLanguageService>;
const policyService = getLanguageService({ catalog: getCatalog() });

async function exercise(doc: TextDocument, rnd: () => number, context: string, service: Service = policyService): Promise<void> {
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

const TEMPLATE_SEEDS: ReadonlyArray<readonly [string, string]> = [
  [
    't.yaml',
    'AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  Env:\n    Type: String\n    Default: prod\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: [s3:GetObject, "s3:Put*"]\n                Resource: !Sub "${Bucket.Arn}/${Env}/*"\n              - !If [C, {Effect: Deny, Action: "*", Resource: "*"}, !Ref AWS::NoValue]\n',
  ],
  [
    't.yaml',
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - S3ReadPolicy:\n            BucketName: b\n        - Statement:\n            - Effect: Allow\n              Action: sqs:SendMessage\n              Resource: !GetAtt Queue.Arn\n  Topic:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      PolicyDocument: |\n        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "*"}]}\n',
  ],
  [
    't.json',
    '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Join": ["", ["arn:aws:s3:::", {"Ref": "B"}, "/*"]]}}]}}}}}',
  ],
  [
    'main.tf',
    'locals {\n  bucket = "b"\n}\ndata "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::${local.bucket}/*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["*"]\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "aws:SourceAccount"\n      values   = [var.account]\n    }\n  }\n  dynamic "statement" {\n    for_each = var.s\n    content {\n      actions = statement.value\n    }\n  }\n}\nresource "aws_iam_role" "r" {\n  assume_role_policy = data.aws_iam_policy_document.d.json\n}\n',
  ],
  [
    'main.tf',
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["s3:*"], Resource = "${aws_s3_bucket.b.arn}/*" }]\n  })\n}\nresource "aws_s3_bucket_policy" "b" {\n  policy = <<EOF\n{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "${aws_s3_bucket.b.arn}"}]}\nEOF\n}\nresource "aws_iam_role_policy" "f" {\n  policy = file("${path.module}/../p.json")\n}\n',
  ],
];

/** YAML and HCL fragments that break things, added to the JSON ones. */
const TEMPLATE_FRAGMENTS = [
  ...FRAGMENTS,
  '- ',
  ': ',
  '? ',
  '!Sub ',
  '!Ref ',
  '!GetAtt x.Arn',
  '!If [',
  '&a ',
  '*a',
  '<<: *a',
  '|\n',
  '>-\n',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '\n  ',
  '\n    - ',
  "'",
  '#',
  '\t',
  '"${',
  '${var.x}',
  '%{ if x }',
  '<<EOF\n',
  '\nEOF\n',
  '<<-EOT\n',
  ' = ',
  'jsonencode(',
  'file("../../etc/passwd")',
  'templatefile("/dev/zero", {})',
  'statement {\n',
  'dynamic "statement" {',
  '(',
  ')',
  '- '.repeat(300),
  '{a: '.repeat(300),
  'statement {'.repeat(300),
];

function randomTemplate(rnd: () => number): readonly [string, string] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const [name, seed] = pick(TEMPLATE_SEEDS);
  let text = seed;
  for (let i = Math.floor(rnd() * 6); i > 0; i--) {
    const at = Math.floor(rnd() * (text.length + 1));
    const r = rnd();
    if (r < 0.5) text = text.slice(0, at) + pick(TEMPLATE_FRAGMENTS) + text.slice(at);
    else if (r < 0.8) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 12)));
    else {
      const from = Math.floor(rnd() * (text.length + 1));
      text = text.slice(0, at) + text.slice(from, from + Math.floor(rnd() * 80)) + text.slice(at);
    }
  }
  return [name, text];
}

test(
  `fuzz: every feature on random and adversarial templates and Terraform files, and edits (seed ${SEED}, ${ROUNDS} rounds)`,
  { timeout: 600_000 },
  async () => {
    const service = getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(await testTerraformParser()))] });
    const rnd = mulberry32(SEED ^ 0x15);
    let hosts = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const [name, text] = randomTemplate(rnd);
      const languageId = name.endsWith('.tf') ? 'terraform' : name.endsWith('.json') ? 'json' : 'yaml';
      let doc = TextDocument.create(`file:///ws/r${round}/${name}`, languageId, 1, text);
      if (service.documentKind(doc) === 'host') hosts++;
      await exercise(doc, rnd, `template round ${round}, version 1 (seed ${SEED})`, service);
      for (let v = 2; v <= 4; v++) {
        const current = doc.getText();
        const start = Math.floor(rnd() * (current.length + 1));
        const end = Math.min(current.length, start + Math.floor(rnd() * 8));
        const insert = rnd() < 0.7 ? TEMPLATE_FRAGMENTS[Math.floor(rnd() * TEMPLATE_FRAGMENTS.length)]! : '';
        doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: insert }], v);
        await exercise(doc, rnd, `template round ${round}, version ${v} (seed ${SEED})`, service);
      }
    }
    assert.ok(hosts > ROUNDS / 2, `most documents are templates (${hosts} of ${ROUNDS})`);
  },
);
