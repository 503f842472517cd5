/**
 * The incremental YAML template parse (hosts/cloudformation/chunks.ts) gives the tree a whole
 * document parse gives: for every YAML template in the tests and examples, after edits inside a
 * resource, in a parameter and between resources, and for texts where it must fall back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlIncremental } from '../../../server/src/service/hosts/cloudformation/chunks';
import { parseYamlTemplate } from '../../../server/src/service/hosts/cloudformation/parse';
import { CORPUS, effort } from '../../helpers/effort';

const DIR = join(__dirname, '../../data/templates');
const files = [
  ...readdirSync(DIR)
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => join(DIR, n)),
  join(__dirname, '../../../examples/cloudformation/app.yaml'),
];

/** The incremental parse of `text` is `whole` (by default a whole parse of it, made now). */
function same(text: string, what: string, whole = parseYamlTemplate(text)): void {
  assert.deepEqual(parseYamlIncremental(text), whole, what);
}

for (const file of files) {
  test(`incremental parse of ${file.slice(file.lastIndexOf('/') + 1)} equals a whole parse, before and after edits`, () => {
    const text = readFileSync(file, 'utf8');
    const whole = parseYamlTemplate(text);
    same(text, 'as is', whole);
    same(text, 'again (pieces from the cache)', whole);
    // Every 389th offset, at most 6 offsets a file in the unit run and 12 in the corpus run (every
    // 97th with IAM_STUDIO_LONG=1): insert a character, delete one, insert a line break. (Each parse
    // takes time in proportion to the text.)
    const step = effort(Math.max(389, Math.ceil(text.length / (CORPUS ? 12 : 6))), 97);
    for (let at = 0; at < text.length; at += step) {
      same(`${text.slice(0, at)}x${text.slice(at)}`, `x inserted at ${at}`);
      same(`${text.slice(0, at)}${text.slice(at + 1)}`, `character deleted at ${at}`);
      same(`${text.slice(0, at)}\n${text.slice(at)}`, `line break inserted at ${at}`);
    }
  });
}

test('texts the cut cannot handle are parsed whole', () => {
  const cases = [
    'Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::S3::Bucket\n', // duplicate resource
    '---\nResources:\n  A:\n    Type: AWS::S3::Bucket\n', // document marker
    'Resources:\n\tA: 1\n', // tab
    '{"Resources": {"A": {"Type": "AWS::S3::Bucket"}}}\n', // flow
    'Resources:\n  A: &x\n    Type: AWS::S3::Bucket\n  B: *x\n', // alias across resources
    'Resources:\n  A:\n    Type: "AWS::S3::\nBucket"\n', // a quoted scalar continued at column 0
  ];
  for (const text of cases) same(text, JSON.stringify(text));
});

test('each document keeps its own pieces: two documents edited in turn, one broken for a while, parse as whole texts', () => {
  const text = readFileSync(join(__dirname, '../../../examples/cloudformation/app.yaml'), 'utf8');
  const at = text.indexOf('Type:', text.indexOf('Resources:'));
  const versions = [
    text,
    `${text.slice(0, at)}x${text.slice(at)}`,
    `${text.slice(0, at)}Type: [\n${text.slice(at)}`, // a YAML error: this version is parsed whole
    `${text.slice(0, at)}xy${text.slice(at)}`,
    text,
  ];
  for (const [i, version] of versions.entries()) {
    const other = versions[versions.length - 1 - i]!;
    assert.deepEqual(parseYamlIncremental(version, 'file:///a.yaml'), parseYamlTemplate(version), `a, version ${i}`);
    assert.deepEqual(parseYamlIncremental(other, 'file:///b.yaml'), parseYamlTemplate(other), `b, version ${i}`);
  }
});

test('a `---` line before the first key: the template is still cut into pieces (an unchanged resource is re-used as it is), and reads as a whole parse', () => {
  const text = readFileSync(join(__dirname, '../../data/templates-real/cfn-lint-bucket-policy.yaml'), 'utf8');
  assert.ok(text.startsWith('---\n'));
  const resourcesOf = (parsed: ReturnType<typeof parseYamlIncremental>) => {
    const root = parsed.root;
    const resources = root?.kind === 'map' ? root.entries.find((e) => e.key === 'Resources')?.value : undefined;
    assert.ok(resources?.kind === 'map');
    return resources.entries;
  };
  const first = parseYamlIncremental(text, 'file:///marker.yaml');
  assert.deepEqual(first, parseYamlTemplate(text));
  // An edit at the end of the last resource.
  const edited = text.replace(/\s*$/, ' # edited\n');
  const second = parseYamlIncremental(edited, 'file:///marker.yaml');
  assert.deepEqual(second, parseYamlTemplate(edited));
  assert.equal(resourcesOf(second)[0]!.value, resourcesOf(first)[0]!.value, 'the first resource is the piece parsed before');
});
