/**
 * Which catalog file to use (see catalogFile.ts, which loads it), and the `--version` line read
 * from its first bytes. Imports no catalog code: the executable's bin (server/src/cli/bin.ts)
 * answers `--version` with this alone.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CATALOG_FORMAT, versionLabelOf, type ArtifactCounts, type CatalogSource } from '../core/catalog/format';

const FILE_NAME = 'catalog.json';

/** The user's home folder. node:os is loaded when first asked: the `evaluate` executable loads this module at every start (bin.ts). */
function homedir(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:os') as typeof import('node:os')).homedir();
}
/** Names a catalog file to use instead of the bundled one. */
export const CATALOG_ENV = 'IAM_POLICY_STUDIO_CATALOG';

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

/** The first bytes of an artifact (where the generator writes `format`, `source` and `counts`); empty when unreadable. */
function catalogHead(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(2048);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The data date of an artifact (`source.updatedAt`) read from its first bytes, without parsing
 * the whole file: the generator writes `format` and `source` first. Empty when unreadable.
 */
export function catalogDataDate(file: string): string {
  return /"updatedAt":"([^"]*)"/.exec(catalogHead(file))?.[1] ?? '';
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

/** `--version`'s catalog line. */
export function versionLine(label: string, counts: ArtifactCounts, where: string): string {
  return `AWS service catalog: ${label}, ${counts.services} services, ${counts.actions} actions${where}`;
}

/**
 * {@link catalogVersionLine} without loading the catalog (`--version` then starts in a fraction of
 * the time): read from the first bytes of the bundled catalog, which the build wrote with its
 * counts. Undefined when the line needs the catalog loaded: another catalog is selected (a user's
 * or a configured one, which may fail to load and give way to the bundled one), or the file does
 * not start as this version's generator writes it.
 */
export function catalogVersionLineFromHead(options: SelectOptions = {}): string | undefined {
  const selection = selectCatalogFile(options);
  if (selection?.origin !== 'bundled') return undefined;
  const head = catalogHead(selection.file);
  if (!head.startsWith(`{"format":${CATALOG_FORMAT},"source":{`)) return undefined;
  try {
    const source = JSON.parse(/"source":(\{[^{}]*\})/.exec(head)?.[1] ?? 'null') as CatalogSource | null;
    const counts = JSON.parse(/^[^[]*?"counts":(\{[^{}]*\})/.exec(head)?.[1] ?? 'null') as ArtifactCounts | null;
    if (!source || !counts || !Number.isInteger(counts.services) || !Number.isInteger(counts.actions)) return undefined;
    if (typeof source.package !== 'string' || typeof source.version !== 'string' || typeof source.updatedAt !== 'string') return undefined;
    return versionLine(versionLabelOf(source), counts, '');
  } catch {
    return undefined;
  }
}
