/**
 * The Simulate Access action picker on the server (`iamPolicy/listActions`): one answer per
 * keystroke, from a freshly loaded catalog (first call builds the lowercase name list) and warm,
 * for typical inputs; and the ARN templates of a wildcard. `npm run bench pickers`.
 * Prints figures only; the 16 ms target (one frame per keystroke) is shown for reading, never asserted.
 */
import { findCatalogFile, readCatalogFile } from '../server/src/node/catalogFile';
import { listActions, resourceTemplates } from '../server/src/service/actionList';

const file = findCatalogFile();
if (!file) throw new Error('dist/catalog.json is missing: npm run build');
const catalog = readCatalogFile(file);

const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1e3).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(fn: () => unknown): number {
  const s = performance.now();
  fn();
  return performance.now() - s;
}

console.log(`first keystroke, cold catalog ("s3:get"): ${fmt(time(() => listActions(catalog, 's3:get', 500)))}  [target ≤ 16 ms]`);
for (const typed of ['', 's', 'e', 's3', 's3:get', 'getobject', 'ec2:Describe*', '*']) {
  const r = listActions(catalog, typed, 500);
  const ms = median(Array.from({ length: 30 }, () => time(() => listActions(catalog, typed, 500))));
  console.log(
    `${JSON.stringify(typed).padEnd(16)} warm median ${fmt(ms).padStart(9)}  ${String(r.items.length).padStart(3)} items of ${r.total}`,
  );
}
const templates = median(Array.from({ length: 10 }, () => time(() => resourceTemplates(catalog, ['s3:*']))));
console.log(`ARN templates of s3:* (${resourceTemplates(catalog, ['s3:*']).length} formats): median ${fmt(templates)}`);
