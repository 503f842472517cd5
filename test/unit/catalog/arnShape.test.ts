/**
 * `Catalog.arnShape`: the checks keep resource-type answers per shape, not per ARN text, so two
 * ARNs with one shape must get the same `resourceTypesForArn` answer. Random ARNs are written from
 * the real catalog's templates with a small pool of characters (template letters, others, case
 * changes, wildcards, `:` and `/`), so many share a shape and many differ in a way that matters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { effort } from '../../helpers/effort';

const catalog = getCatalog();
/** A spread of the catalog's templates (few enough that random ARNs often share a shape). */
const templates = catalog
  .services()
  .flatMap((s) => s.resourceTypes.flatMap((rt) => rt.arns))
  .filter((_, i) => i % 97 === 0);

/** Characters for placeholder values and edits: template letters, others, wildcards, separators. */
const POOL = ['a', 'c', 'e', 'S', '3', '7', 'k', 'x', 'Z', '-', '/', ':', '*', '?', '${aws:username}', 'é', '\ue000', '\ue001'];

/** Twin swaps: mostly characters no template has, and a few that some have. */
const TWIN = ['1', '7', 'q', 'é', '\ue000', '\ue001', 'Q', '0', 'a', '/'];

const arnArb = fc
  .record({
    template: fc.constantFrom(...templates),
    fills: fc.array(fc.array(fc.constantFrom(...POOL), { maxLength: 3 }), { minLength: 12, maxLength: 12 }),
    upper: fc.boolean(),
    service: fc.constantFrom('', 's3', 'iam', 'ec2', 'nosuch', '*'),
  })
  .map(({ template, fills, upper, service }) => {
    let k = 0;
    let arn = template.replace(/\$\{[^}]*\}/g, () => (fills[k++ % fills.length] ?? []).join(''));
    if (upper) arn = arn.replace(/[a-z]+\/?$/, (m) => m.toUpperCase());
    // Sometimes another service part: the shape must keep ARNs of different buckets apart.
    if (service !== '') arn = arn.replace(/^(arn:[^:]*:)[^:]*/, `$1${service}`);
    return arn;
  })
  .chain((arn) => fc.nat().map((seed) => [arn, twin(arn, seed)]));

/** A twin: one to three characters swapped for others (often of the same class, sometimes not). */
function twin(arn: string, seed: number): string {
  let x = seed | 1;
  const next = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  const chars = [...arn];
  for (let k = 1 + next(3); k > 0; k--) chars[next(chars.length)] = TWIN[next(TWIN.length)]!;
  return chars.join('');
}

const names = (arn: string): string =>
  catalog
    .resourceTypesForArn(arn)
    .map((t) => `${t.service}:${t.name}`)
    .join(',');

test('ARNs with one shape have the same resource types', () => {
  const arns = fc.sample(arnArb, { numRuns: effort(800, 20_000), seed: 1313 }).flat();
  // Shapes of numbered names (the bench's 10,000 buckets) are shared.
  const numbered = new Set(Array.from({ length: 1000 }, (_, i) => catalog.arnShape(`arn:aws:s3:::bucket-${i}/*`)));
  assert.ok(numbered.size < 100, `${numbered.size} shapes for 1,000 numbered buckets`);
  const byShape = new Map<string, { arn: string; answer: string }>();
  const coarse = new Map<string, string>();
  let shared = 0;
  let coarseWrong = 0;
  for (const arn of arns) {
    const answer = names(arn);
    const shape = catalog.arnShape(arn);
    const first = byShape.get(shape);
    if (first) {
      if (first.arn !== arn) shared++;
      assert.equal(answer, first.answer, `${arn} and ${first.arn} share a shape`);
    } else byShape.set(shape, { arn, answer });
    // A key that forgets which letters the templates use would merge ARNs with different answers:
    // the sample must be able to tell (otherwise this test could not fail).
    const rough = arn.replace(/[^:/*?]/g, 'x');
    const seen = coarse.get(rough);
    if (seen === undefined) coarse.set(rough, answer);
    else if (seen !== answer) coarseWrong++;
  }
  assert.ok(shared > arns.length / 50, `only ${shared} ARNs shared a shape with another`);
  assert.ok(coarseWrong > 0, 'the sample never tells ARNs of one rough shape apart');
});

/** Every type of the catalog, in the order the catalog lists them. */
const allTypes = catalog.services().flatMap((s) => s.resourceTypes);
/** Whether every ARN format of the type names its service. */
const literal = new Map(allTypes.map((rt) => [rt, rt.arns.every((a) => !(a.split(':', 3)[2] ?? '${').includes('${'))]));
/** What `resourceTypesForArn` answers, by trying every template: the types whose every ARN format names its service match first. */
function scanned(arn: string): string {
  const matching = allTypes.filter((rt) => catalog.arnMatchesResourceType(arn, rt));
  const specific = matching.filter((rt) => literal.get(rt));
  return (specific.length > 0 ? specific : matching.filter((rt) => !literal.get(rt))).map((t) => `${t.service}:${t.name}`).join(',');
}

test('a wildcard partition before a literal service part, or a wildcard service part, gets what trying every template gives', () => {
  // resourceTypesForArn tries only the templates of that service part when the fields before it cannot hold a `:`.
  const arns = templates.slice(0, 10).flatMap((t) => {
    const wild = t.replace(/\$\{Partition\}/, '*').replace(/\$\{[^}]*\}/g, 'x');
    return [wild, wild.replace(/^(arn:\*:)([^:]*)/, (_, a: string, s: string) => a + s.toUpperCase()), wild.replace(/:x$/, ':*')];
  });
  arns.push(
    'arn:*:glue:*:*:catalog/*',
    'arn:*:nosuch:*:*:x/*',
    'arn:*:s3:::bucket/*',
    'arn:*:s3:::bucket:*',
    'arn:a?:s3:::b/*',
    'arn:*:s3',
    'arn:*:s3:*',
    'arn:*:s3:*:*',
  );
  // A wildcard service part tries every template; with the fields bound, those whose resource part cannot start as the ARN's are ruled out first.
  arns.push(
    'arn:aws:*:*:*:table/x',
    'arn:aws:*:*:*:TABLE/*',
    'arn:aws:*:us-east-1:123456789012:instance/i-1',
    'arn:aws:*:::bucket/*',
    'arn:aws:*:*:*:?able/*',
    'arn:aws:*:*:*:*/x',
    'arn:aws:*:*:*:',
    'arn:aws:*:*:*:${aws:username}',
    'arn:aws:*:*:*:key/',
    'arn:aws:*:*:*:/x',
    // A `?` before the resource may stand for a `:`: the resource part may start earlier.
    'arn:aws:logs:us-east-1?123:log-group:x',
  );
  for (const arn of arns) assert.equal(names(arn), scanned(arn), arn);
  assert.ok(arns.some((arn) => names(arn) !== ''));
});
