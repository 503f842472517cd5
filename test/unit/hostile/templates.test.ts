/**
 * Issue 13 for host documents (issue 15's templates): a CloudFormation/SAM template in YAML or JSON
 * and a Terraform file nested 20,000 levels deep (100,000 in
 * the long run) — in the template itself, in a JSON string
 * inside it, in a heredoc, in HCL blocks and expressions — is reported at the place the limit is
 * passed, with one clear message, and never overflows the stack; the other policies of the same
 * file are still checked. YAML's repeated keys are still found after the quadratic test of `yaml`
 * was replaced (compared with `yaml`'s own on random maps).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type CST, parseDocument } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { incrementalParser } from '../../../server/src/node/terraformParser';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { parseYamlTemplate, syntaxTree } from '../../../server/src/service/hosts/cloudformation/parse';
import { parseYamlIncremental } from '../../../server/src/service/hosts/cloudformation/chunks';
import { MAX_NESTING } from '../../../server/src/service/limits';
import { testTerraformParser } from '../../helpers/terraform';
import { mulberry32 } from '../../helpers/random';
import { effort } from '../../helpers/effort';
import { tempDir } from '../../helpers/tempDir';

// 20,000 levels in the default run: with the nesting guard taken out (MAX_NESTING = 1e9) every
// deep test below fails at 5,000 already ('Maximum call stack size exceeded'), and even a
// one-frame recursion (about 90 bytes a frame) overflows Node's 984 KB stack before 20,000.
// The long run (`npm run test:long`) keeps 100,000.
const DEPTH = effort(20_000, 100_000);
const TOO_DEEP = new RegExp(`nest more than ${MAX_NESTING} levels deep`);

const servicePromise = testTerraformParser().then((parser) =>
  getLanguageService({ catalog: getCatalog(), hosts: [terraformHost(incrementalParser(parser))] }),
);

async function diagnose(name: string, text: string) {
  const service = await servicePromise;
  const languageId = name.endsWith('.tf') ? 'terraform' : name.endsWith('.json') ? 'json' : 'yaml';
  const document = TextDocument.create(`file:///ws/${name}`, languageId, 1, text);
  assert.equal(service.documentKind(document), 'host', `${name} is a host document`);
  const diagnostics = await service.doValidation(document, service.parse(document));
  return diagnostics.map((d) => ({
    code: String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
    line: d.range.start.line,
    offset: document.offsetAt(d.range.start),
  }));
}

/** A CloudFormation YAML template whose first policy's Action is `deep`, the second a known mistake (line 12). */
function yamlTemplate(deep: string): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Deep:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    `            Action: ${deep}`,
    '            Resource: "*"',
    '  Plain:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Alow',
    '            Action: s3:GetObject',
    '            Resource: "*"',
    '',
  ].join('\n');
}

const deepYaml: Record<string, string> = {
  'flow sequences': '['.repeat(DEPTH) + ']'.repeat(DEPTH),
  'flow maps': '{a: '.repeat(DEPTH) + '}'.repeat(DEPTH),
  'compact block sequences': '\n' + ' '.repeat(14) + '- '.repeat(DEPTH) + 'x',
  'tagged flow sequences': '!Join ['.repeat(DEPTH) + ']'.repeat(DEPTH),
};

for (const [what, deep] of Object.entries(deepYaml)) {
  test(`YAML template: ${what} ${DEPTH.toLocaleString('en')} deep are reported where the limit is passed, without a stack overflow`, async () => {
    const text = yamlTemplate(deep);
    const diagnostics = await diagnose('t.yaml', text);
    const deepOnes = diagnostics.filter((d) => TOO_DEEP.test(d.message));
    assert.equal(deepOnes.length, 1, JSON.stringify(diagnostics.map((d) => d.message.slice(0, 120))));
    assert.equal(deepOnes[0]!.code, 'TEMPLATE_SYNTAX_ERROR');
    const line = deep.startsWith('\n') ? 10 : 9;
    assert.equal(deepOnes[0]!.line, line, 'on the line of the deep value');
    for (const d of diagnostics) assert.doesNotMatch(d.message, /call stack|parser failed/i);
    // The same through the incremental parse (pieces) and the whole-text parse.
    for (const parsed of [parseYamlIncremental(text), parseYamlTemplate(text)]) {
      assert.equal(parsed.problems.length, 1);
      assert.equal(text.slice(0, parsed.problems[0]!.range.start).split('\n').length, line + 1);
    }
  });
}

test(`JSON template ${DEPTH.toLocaleString('en')} deep: one clear diagnostic at the limit, no stack overflow`, async () => {
  const deep = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
  const text = `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"R":{"Type":"AWS::IAM::Policy","Properties":{"PolicyDocument":{"Statement":[{"Effect":"Allow","Action":${deep}}]}}}}}`;
  const diagnostics = await diagnose('t.json', text);
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  assert.match(diagnostics[0]!.message, TOO_DEEP);
  assert.equal(
    diagnostics[0]!.offset,
    text.indexOf('[[') + MAX_NESTING - 7,
    'at the bracket that passes the limit (seven levels lead to Action)',
  );
});

test(`a JSON string ${DEPTH.toLocaleString('en')} deep in a template: reported at the limit, and the other policies are still checked`, async () => {
  const deep = `'{"Statement": ${'['.repeat(DEPTH)}'`;
  const text = yamlTemplate('s3:GetObject').replace(
    '      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n',
    `      PolicyDocument: ${deep}\n`,
  );
  const diagnostics = await diagnose('t.yaml', text);
  assert.ok(
    diagnostics.some((d) => TOO_DEEP.test(d.message) && d.line === 5),
    JSON.stringify(diagnostics.map((d) => d.message.slice(0, 120))),
  );
  assert.ok(
    diagnostics.some((d) => d.line === text.split('\n').indexOf('          - Effect: Alow')),
    'the misspelt Effect of the other policy is reported',
  );
  for (const d of diagnostics) assert.doesNotMatch(d.message, /call stack|parser failed/i);
});

const SOUND = [
  'resource "aws_iam_policy" "plain" {',
  '  policy = jsonencode({',
  '    Version   = "2012-10-17"',
  '    Statement = [{ Effect = "Alow", Action = "s3:GetObject", Resource = "*" }]',
  '  })',
  '}',
  '',
].join('\n');

// Terraform files above 256 KB are refused before any parse (service/limits.ts, sizes.test.ts): the
// deep files stay below it, still 17 times MAX_HCL_DEPTH (1,024) and far past any stack's recursion.
const TF_DEPTH = 18_000;
const deepTerraform: Record<string, string> = {
  'nested blocks': `data "aws_iam_policy_document" "d" {\n${'statement {\n'.repeat(TF_DEPTH)}${'}\n'.repeat(TF_DEPTH)}}\n`,
  'nested tuples': `resource "aws_iam_policy" "p" {\n  policy = jsonencode(${'['.repeat(TF_DEPTH)}${']'.repeat(TF_DEPTH)})\n}\n`,
  'nested objects': `resource "aws_iam_policy" "p" {\n  policy = jsonencode(${'{a = '.repeat(TF_DEPTH)}1${'}'.repeat(TF_DEPTH)})\n}\n`,
  'nested parentheses': `resource "aws_iam_policy" "p" {\n  policy = jsonencode(${'('.repeat(TF_DEPTH)}1${')'.repeat(TF_DEPTH)})\n}\n`,
  'nested conditionals': `resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Action = ${'true ? '.repeat(TF_DEPTH)}"s3:x"${' : "y"'.repeat(TF_DEPTH)} })\n}\n`,
  'a long operator chain': `resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Action = ${'1 + '.repeat(TF_DEPTH)}1 })\n}\n`,
  'JSON in a heredoc': `resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Statement": ${'['.repeat(TF_DEPTH)}${']'.repeat(TF_DEPTH)}}\nEOF\n}\n`,
};

for (const [what, deep] of Object.entries(deepTerraform)) {
  test(`Terraform: ${what} ${TF_DEPTH.toLocaleString('en')} deep are reported at the limit; the file's other policies are still checked`, async () => {
    const text = deep + SOUND;
    const diagnostics = await diagnose('main.tf', text);
    const deepOnes = diagnostics.filter((d) => TOO_DEEP.test(d.message));
    assert.equal(deepOnes.length, 1, JSON.stringify(diagnostics.map((d) => d.message.slice(0, 120))));
    assert.ok(deepOnes[0]!.offset < deep.length, 'inside the deep block');
    for (const d of diagnostics) assert.doesNotMatch(d.message, /call stack|parser failed/i);
    const alow = text.split('\n').findIndex((l) => l.includes('"Alow"'));
    assert.ok(
      diagnostics.some((d) => d.line === alow),
      `the misspelt Effect of the other policy is reported: ${JSON.stringify(diagnostics.map((d) => `${d.line} ${d.code}`))}`,
    );
  });
}

test('YAML: repeated keys are found where yaml finds them (random maps, block and flow, scalars of every type)', () => {
  const rnd = mulberry32(0x13d0);
  const keys = ['a', 'b', '"a"', "'b'", '1', '"1"', '01', 'true', 'True', 'null', '~', '1.0', '.nan', '0x1', '!Ref a', '? a', '? [x]'];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const rounds = effort(200, 4000);
  let duplicates = 0;
  for (let round = 0; round < rounds; round++) {
    const n = 1 + Math.floor(rnd() * 6);
    const entries = Array.from({ length: n }, (_, i) => [pick(keys), `v${i}`] as const);
    const text =
      rnd() < 0.5
        ? `m:\n${entries.map(([k, v]) => (k.startsWith('?') ? `  ${k}\n  : ${v}` : `  ${k}: ${v}`)).join('\n')}\n`
        : `m: {${entries.map(([k, v]) => (k.startsWith('?') ? `${k} : ${v}` : `${k}: ${v}`)).join(', ')}}\n`;
    const expected = parseDocument(text, { uniqueKeys: true, strict: false, prettyErrors: false, customTags: [] })
      .errors.filter((e) => e.code === 'DUPLICATE_KEY')
      .map((e) => e.pos[0]);
    const actual = parseYamlTemplate(text)
      .problems.filter((p) => p.code === 'TEMPLATE_DUPLICATE_KEY')
      .map((p) => p.range.start);
    if (text.includes('!Ref')) continue; // yaml without our tags resolves `!Ref a` differently
    assert.deepEqual(actual, expected, text);
    duplicates += expected.length;
  }
  assert.ok(duplicates > rounds / 4, `repeated keys occur (${duplicates})`);
});

/** The nesting of collections in yaml's syntax tree (what its composer recurses on), walked iteratively. */
function cstDepth(tokens: readonly CST.Token[]): number {
  let max = 0;
  const stack: Array<[CST.Token, number]> = tokens.map((t) => [t, 0]);
  while (stack.length) {
    const [token, depth] = stack.pop()!;
    if (token.type === 'document' && token.value) stack.push([token.value, depth]);
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      max = Math.max(max, depth + 1);
      for (const item of token.items) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return max;
}

test('YAML nesting guard: its bound is never below the depth of the tree yaml builds (random texts of indicators, brackets, quotes, indentation)', () => {
  const rnd = mulberry32(0x13d1);
  const pieces = [
    '- ',
    '? ',
    ': ',
    'a: ',
    'a:',
    '-',
    '[',
    ']',
    '{',
    '}',
    ', ',
    '"',
    "'",
    '"a: [x',
    "'[",
    '#',
    ' #',
    '|\n',
    '>-\n',
    '!Ref ',
    '&x ',
    '*x ',
    '\n',
    '\n  ',
    '\n    ',
    '\n      ',
    '\r\n ',
    '\t',
    'x',
    'x y',
    '---\n',
    '...\n',
    '%YAML 1.2\n',
    '\ufeff',
  ];
  const rounds = effort(1000, 30000);
  let deep = 0;
  for (let round = 0; round < rounds; round++) {
    const n = 1 + Math.floor(rnd() * 60);
    let text = '';
    for (let i = 0; i < n; i++) text += pieces[Math.floor(rnd() * pieces.length)];
    const tree = syntaxTree(text, Infinity);
    assert.ok(Array.isArray(tree));
    const depth = cstDepth(tree);
    if (depth === 0) continue;
    const guarded = syntaxTree(text, depth - 1);
    assert.ok(!Array.isArray(guarded), `the guard lets depth ${depth} through a limit of ${depth - 1}: ${JSON.stringify(text)}`);
    const whole = syntaxTree(text, depth);
    if (Array.isArray(whole)) assert.equal(cstDepth(whole), depth, 'the guard passes the same tokens on');
    if (depth >= 4) deep++;
  }
  assert.ok(deep > rounds / 20, `deep texts occur (${deep})`);
});

test('Terraform model import: module blocks that name their own folder are read a bounded number of times, and the rest is said to be left out', async (t) => {
  const { loadTerraformImports } = await import('../../../server/src/node/terraformModels');
  const { loadModelFile } = await import('../../../server/src/node/modelFiles');
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const parseTerraform = await loadTerraformImports([]);
  assert.ok(parseTerraform);
  const dir = tempDir(t, 'iam13t-');
  // 8 blocks, 4 levels: 8 + 64 + 512 + 4,096 readers before (5.7 s); at most 100 now.
  const modules = Array.from({ length: 8 }, (_, i) => `module "m${i}" {\n  source = "./"\n}\n`).join('');
  writeFileSync(join(dir, 'main.tf'), `${modules}resource "aws_iam_role" "r" {\n  name = "r"\n}\n`);
  writeFileSync(join(dir, 'w.iam-model.json'), JSON.stringify({ accounts: [{ id: '111122223333', import: { template: './' } }] }));
  const loaded = loadModelFile(join(dir, 'w.iam-model.json'), dir, parseTerraform);
  assert.ok(loaded.ok);
  const messages = JSON.stringify(loaded.model.problems);
  assert.match(messages, /more than 100 module instances in one import; left out/);
});

test('YAML: aliases of aliases (a "billion laughs" of 10^29 nodes) expand a bounded number of nodes, said once', async () => {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Mappings:', '  L:', '    a0: &a0 [s3:GetObject, s3:GetObject]'];
  for (let i = 1; i < 30; i++)
    lines.push(
      `    a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  lines.push('Resources:', '  P:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:');
  lines.push(
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Action: *a29',
    '            Resource: "*"',
    '',
  );
  const diagnostics = await diagnose('laughs.yaml', lines.join('\n'));
  const said = diagnostics.filter((d) => /aliases here expand to more than 100,000 nodes/.test(d.message));
  assert.equal(said.length, 1, JSON.stringify(diagnostics.map((d) => d.message.slice(0, 100))));
  // An alias within the bound is still the anchored value (the Action below is checked as s3:GetObjectt).
  const small = yamlTemplate('*x').replace(
    'AWSTemplateFormatVersion: "2010-09-09"',
    'AWSTemplateFormatVersion: "2010-09-09"\nMappings:\n  M:\n    x: &x s3:GetObjectt',
  );
  assert.ok(
    (await diagnose('alias.yaml', small)).some((d) => /GetObjectt/.test(d.message)),
    'the alias stands for its anchor',
  );
});
