// A node:test reporter that writes one JSON object: each test file's path and the time its
// top-level tests took, in milliseconds. scripts/run-node-tests.mjs runs it beside the spec
// reporter and balances the next run's shards with the times (as Jest orders by past durations).
export default async function* testTimes(source) {
  const times = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, nesting, details } = event.data;
    if (!file || nesting !== 0) continue;
    times[file] = (times[file] ?? 0) + (details?.duration_ms ?? 0);
  }
  yield `${JSON.stringify(times)}\n`;
}
