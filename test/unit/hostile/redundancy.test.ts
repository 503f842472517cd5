/**
 * Issue 13, item 1: the redundancy checks stay bounded on hostile lists. Thousands of distinct
 * `?` patterns sharing one literal prefix made every pair a candidate and every comparison a
 * |p| × |q| table: hours of work for one validation. Now cheap necessary conditions skip most
 * pairs and one policy's comparisons share a work budget; what is found is still right.
 * (Before this change the first test ran for hours; speed itself is measured in bench/hostile.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { makeDocument } from '../../helpers/markers';

const service = getLanguageService({ catalog: getCatalog() });

async function codesAt(policy: unknown): Promise<{ code: string; line: number; message: string }[]> {
  const doc = makeDocument(JSON.stringify(policy, null, 1));
  const diagnostics = await service.doValidation(doc, service.parse(doc));
  return diagnostics
    .filter((d) => String(d.code).startsWith('REDUNDANT_'))
    .map((d) => ({ code: String(d.code), line: d.range.start.line, message: String(d.message) }));
}

/** `n` distinct patterns of `?` and letters, all starting `s3:` and ending in `*`, none covering another. */
function questionPatterns(n: number, width: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    let s = 's3:';
    for (let k = 0; k < width; k++) s += k % 2 === 0 ? '?' : String.fromCharCode(97 + (((i >> (k % 12)) + k) % 26));
    return `${s}${i.toString(36)}x*y`;
  });
}

test('thousands of ? patterns in one Action list: bounded, and a duplicate listed first is still found', { timeout: 120_000 }, async () => {
  const actions = ['s3:GetObject', 's3:getobject', ...questionPatterns(3000, 200)];
  const found = await codesAt({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
  assert.deepEqual(
    found.map((f) => f.code),
    ['REDUNDANT_ACTION'],
  );
  assert.match(found[0]!.message, /"s3:GetObject" is listed twice/);
});

test('a resource list with one broad entry and thousands it covers: one finding, names a bounded list', { timeout: 120_000 }, async () => {
  const resources = ['arn:aws:s3:::bucket/*', ...Array.from({ length: 5000 }, (_, i) => `arn:aws:s3:::bucket/${'?'.repeat(50)}${i}`)];
  const found = await codesAt({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }] });
  assert.equal(found.length, 1);
  assert.match(
    found[0]!.message,
    /^5001 resources are redundant: "arn:aws:s3:::bucket\/\*" already covers .* and 4980 more\. Remove them\.$/,
  );
});

test('exact duplicates among many literal actions are found without comparing every pair', { timeout: 120_000 }, async () => {
  // 20,000 real actions (unknown ones would cost a "did you mean" search each, which is not what
  // this test is about), the 18th listed again last: comparing every pair would spend the work
  // budget long before it.
  const actions = getCatalog().expandActions('*').slice(0, 20000);
  assert.equal(actions.length, 20000);
  const again = actions[17]!;
  actions.push(again);
  const found = await codesAt({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
  assert.deepEqual(
    found.map((f) => f.code),
    ['REDUNDANT_ACTION'],
  );
  assert.ok(found[0]!.message.includes(`"${again}" is listed twice`), found[0]!.message);
});

test('an action written n times is one finding at its first entry, however large n is', async () => {
  const three = await codesAt({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: Array(3).fill('s3:GetObject'), Resource: '*' }],
  });
  assert.deepEqual(
    three.map((f) => f.message),
    ['The action "s3:GetObject" is listed 3 times.'],
  );
  const many = await codesAt({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: Array(20_000).fill('s3:GetObject'), Resource: '*' }],
  });
  assert.deepEqual(
    many.map((f) => f.message),
    ['The action "s3:GetObject" is listed 20000 times.'],
  );
});
