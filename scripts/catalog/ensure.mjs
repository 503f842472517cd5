// Regenerates dist/catalog.json when it is missing or older than the installed iam-data or the
// generator's sources. Called by scripts/build.mjs; `npm run catalog` forces it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifact = join(root, 'dist', 'catalog.json');

function inputs() {
  const own = join(root, 'scripts', 'catalog');
  return [
    join(root, 'node_modules', '@cloud-copilot', 'iam-data', 'package.json'),
    join(root, 'scripts', 'build-catalog.ts'),
    join(root, 'server', 'src', 'core', 'catalog', 'format.ts'),
    ...readdirSync(own).map((f) => join(own, f)),
  ].filter((f) => existsSync(f));
}

/** True when the artifact is missing or older than any input. */
export function catalogIsStale() {
  if (!existsSync(artifact)) return true;
  const built = statSync(artifact).mtimeMs;
  return inputs().some((f) => statSync(f).mtimeMs > built);
}

/** Runs the generator if needed; throws if it fails. */
export function ensureCatalog({ force = false } = {}) {
  if (!force && !catalogIsStale()) return false;
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-catalog.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('catalog generation failed');
  return true;
}
