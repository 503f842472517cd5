/**
 * Model data cases (test/data/reach, test/data/never): the files of a case, as JSON values or
 * text, resolved in memory; the model's problems must be the ones the case lists.
 */
import assert from 'node:assert/strict';
import { memoryHost, resolveModel, type ManagedPolicyDocument, type Model } from '../../server/src/core/model';

export interface ModelCase {
  files: Record<string, unknown>;
  /** The model file among `files`. */
  model: string;
  managed?: ManagedPolicyDocument[];
  /** Expected model problems (code and JSON path); none when absent. */
  problems?: { code: string; path: (string | number)[] }[];
}

/** The case's model, after asserting its problems. */
export function loadCaseModel(c: ModelCase): Model {
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.files)) files[k] = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  const model = resolveModel(JSON.parse(files[c.model] as string), c.model, memoryHost(files, c.managed ?? []));
  assert.deepEqual(
    model.problems.map((p) => ({ code: p.code, path: p.path })),
    c.problems ?? [],
    model.problems.map((p) => p.message).join('\n'),
  );
  return model;
}
