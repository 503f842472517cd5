// A node:test reporter for the test workers (scripts/test-entry.mjs), beside the spec reporter:
// at the end, the failed top-level tests with the file each came from (the worker imports many
// files into one process, where node:test gives the worker's own line as their location). The
// runner prints what each worker's reporter wrote after all the workers' reports.
export const FILES_OF_TEST = Symbol.for('iam-policy-studio.test-files');

export default async function* failures(source) {
  const failed = [];
  for await (const { type, data } of source) if (type === 'test:fail' && data.nesting === 0) failed.push(data.name);
  if (failed.length === 0) return;
  /** Test name → the files that registered a test of that name (filled by the worker). */
  const files = globalThis[FILES_OF_TEST] ?? new Map();
  for (const name of failed) yield `  ${[...(files.get(name) ?? ['(unknown file)'])].join(', ')}: ${name}\n`;
}
