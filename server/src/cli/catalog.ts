/**
 * `iam-policy-studio catalog`: which AWS service catalog is in use, and a newer one built from
 * AWS's Service Authorization Reference files (`--from <dir>`, or fetched first with the opt-in
 * `--download`), with what it changes. The compiler is the one that builds the bundled catalog
 * (scripts/catalog/compile.ts). Node glue: reading and writing files, the optional download.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { compileCatalog, type IamDataSource } from '../../../scripts/catalog/compile';
import { loadCatalog, type Catalog } from '../core/catalog';
import { diffCatalogs, isEmptyDiff, type CatalogDiff } from '../core/catalog/diff';
import { fromServiceReference, serviceFileProblem, type ServiceReferenceFile } from '../core/catalog/serviceReference';
import { catalogAgeDays, catalogSelection, getCatalog, userCatalogFile, userDataDir, CATALOG_ENV } from '../node/catalogFile';
import type { CliCommand } from './commands';
import type { CliIo } from './main';
import { parseCommandArgs, stringOption, usageError } from './options';
import { COMMAND_SUMMARIES } from './usage';

/** Where AWS publishes the list of service files. */
export const SERVICE_REFERENCE_URL = 'https://servicereference.us-east-1.amazonaws.com/';

const USAGE = `Usage: iam-policy-studio catalog [options]

Without options: the AWS service catalog in use (source, data date, age, file).

With --from <dir>: builds a catalog from AWS's Service Authorization Reference files saved in <dir>
(the per-service JSON files listed at ${SERVICE_REFERENCE_URL}, e.g. s3.json; the list itself too,
if saved) and prints what it changes against the catalog in use. Services without a file keep their
current data, unless the saved list no longer names them. The result goes to
~/.iam-policy-studio/catalog.json, which the CLI and the extension use when it is newer than the
bundled catalog (or name any catalog file with ${CATALOG_ENV} / the setting iamPolicyStudio.catalogPath).

Options:
      --from <dir>        folder with the reference files (searched two levels deep)
      --download          fetch the reference files first (the only network access of this tool; opt-in):
                          into --from <dir>, or ~/.iam-policy-studio/service-reference
      --url <url>         the list to download (default: ${SERVICE_REFERENCE_URL}); files are fetched
                          only from its host; http only for localhost
  -o, --out <file>        where to write the catalog (default: ~/.iam-policy-studio/catalog.json)
      --date <YYYY-MM-DD> the data date (default: the newest reference file's modification time)
  -f, --format <text|json>  report format (default: text)
  -h, --help              show this help

Exit codes: 0 done, 2 bad usage or unusable reference files.
`;

export const catalogCommand: CliCommand = {
  name: 'catalog',
  summary: COMMAND_SUMMARIES.catalog,
  run: runCatalog,
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  format: { type: 'string', short: 'f' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  from: { type: 'string' },
  download: { type: 'boolean' },
  url: { type: 'string' },
  out: { type: 'string', short: 'o' },
  date: { type: 'string' },
} as const;

/** Limits on what a reference folder may hold (AWS publishes ~450 files of up to a few MB). */
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAX_DEPTH = 2;

async function runCatalog(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('catalog', args, OPTIONS, USAGE, io, ['text', 'json']);
  if (parsed.exit !== undefined) return parsed.exit;
  if (parsed.positionals.length) return usageError(io, 'catalog', `unexpected argument '${parsed.positionals[0]}'`);
  const env = io.env ?? process.env;
  const home = env.HOME || homedir();
  const fromOption = stringOption(parsed.values, 'from');
  const download = parsed.values.download === true;
  const date = stringOption(parsed.values, 'date');
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return usageError(io, 'catalog', `--date takes YYYY-MM-DD, not '${date}'`);
  if (!fromOption && !download) {
    if (stringOption(parsed.values, 'out') || stringOption(parsed.values, 'url'))
      return usageError(io, 'catalog', '--out and --url need --from or --download');
    return showCatalog(io, parsed.format === 'json');
  }
  const dir = resolve(io.cwd, fromOption ?? join(userDataDir(home), 'service-reference'));
  if (download) {
    const fetched = await downloadReference(stringOption(parsed.values, 'url') ?? SERVICE_REFERENCE_URL, dir, io);
    if (typeof fetched === 'number') return fetched;
  }
  const read = readReferenceFolder(dir);
  if (typeof read === 'string') return usageError(io, 'catalog', read);
  for (const w of read.skipped) io.stderr.write(`iam-policy-studio catalog: skipped ${w}\n`);
  const base = currentCatalog();
  const updatedAt = date ? `${date}T00:00:00.000Z` : new Date(read.newest).toISOString();
  const source = fromServiceReference(read.files, base, updatedAt, read.listed);
  const { artifact, warnings } = compileCatalog(source as IamDataSource, new Date().toISOString());
  const built = loadCatalog(artifact);
  const out = resolve(io.cwd, stringOption(parsed.values, 'out') ?? userCatalogFile(home));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, JSON.stringify(artifact));
  renameSync(`${out}.tmp`, out);
  const diff = base ? diffCatalogs(base, built) : undefined;
  const missing = read.listed?.filter((s) => !read.files.some((f) => f.Name.toLowerCase() === s.toLowerCase())) ?? [];
  if (parsed.format === 'json') {
    io.stdout.write(
      `${JSON.stringify({ catalog: out, source: built.source, stats: built.stats, comparedWith: base?.versionLabel, differences: diff, listedWithoutFile: missing, warnings: warnings.length }, null, 2)}\n`,
    );
  } else {
    io.stdout.write(buildReport(out, built, base, diff, read.files.length, missing, warnings.length, io.cwd));
  }
  return 0;
}

function currentCatalog(): Catalog | undefined {
  try {
    return getCatalog();
  } catch {
    return undefined;
  }
}

function showCatalog(io: CliIo, json: boolean): number {
  const catalog = currentCatalog();
  if (!catalog) {
    io.stderr.write('iam-policy-studio catalog: no AWS service catalog could be loaded; run `npm run catalog` in a clone, or reinstall\n');
    return 2;
  }
  const selection = catalogSelection();
  const age = catalogAgeDays(catalog);
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ source: catalog.source, stats: catalog.stats, file: selection?.file, origin: selection?.origin, ageDays: age, notes: selection?.notes ?? [] }, null, 2)}\n`,
    );
    return 0;
  }
  const origin = { bundled: 'the bundled catalog', 'user-folder': 'newer than the bundled one', configured: `named by ${CATALOG_ENV}` }[
    selection?.origin ?? 'bundled'
  ];
  io.stdout.write(
    `${catalog.versionLabel}: ${catalog.stats.services} services, ${catalog.stats.actions} actions, ${catalog.stats.conditionKeys} condition keys\n` +
      `file: ${selection?.file ?? '?'} (${origin})\n` +
      (age === undefined ? '' : `data age: ${age} days\n`) +
      (selection?.notes ?? []).map((n) => `note: ${n}\n`).join(''),
  );
  return 0;
}

interface ReferenceFolder {
  readonly files: ServiceReferenceFile[];
  /** Service names of AWS's list, when the list was saved too. */
  readonly listed?: string[];
  /** Files that are neither, with why. */
  readonly skipped: string[];
  /** Newest modification time (ms) of the files read. */
  readonly newest: number;
}

/** Every reference file below `dir` (two levels), or an error message. */
export function readReferenceFolder(dir: string): ReferenceFolder | string {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) return `'${dir}' is not a folder`;
  const paths: string[] = [];
  const walk = (d: string, depth: number): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (paths.length >= MAX_FILES) return;
      const p = join(d, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH && !entry.name.startsWith('.')) walk(p, depth + 1);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) paths.push(p);
    }
  };
  walk(dir, 0);
  const files: ServiceReferenceFile[] = [];
  const skipped: string[] = [];
  let listed: string[] | undefined;
  let newest = 0;
  for (const p of paths) {
    const name = relative(dir, p);
    const stat = statSync(p);
    if (stat.size > MAX_FILE_BYTES) {
      skipped.push(`${name}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(p, 'utf8').replace(/^\uFEFF/, ''));
    } catch {
      skipped.push(`${name}: not JSON`);
      continue;
    }
    newest = Math.max(newest, stat.mtimeMs);
    const services = serviceList(value);
    if (services) {
      listed = [...(listed ?? []), ...services];
      continue;
    }
    const problem = serviceFileProblem(value);
    if (problem) skipped.push(`${name}: ${problem}`);
    else files.push(value as ServiceReferenceFile);
  }
  if (files.length === 0) return `no Service Authorization Reference service files (JSON with "Name" and "Actions") in '${dir}'`;
  return { files, listed, skipped, newest };
}

/** The service names of AWS's list (`[{ "service", "url" }]`), or undefined when `value` is not one. */
function serviceList(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const names = value.map((e: unknown) => (e && typeof e === 'object' ? (e as Record<string, unknown>).service : undefined));
  return names.every((n): n is string => typeof n === 'string') ? names : undefined;
}

/** Fetches the list at `url` and every service file it names (same host only) into `dir`. */
async function downloadReference(url: string, dir: string, io: CliIo): Promise<void | number> {
  let list: URL;
  try {
    list = new URL(url);
  } catch {
    return usageError(io, 'catalog', `--url '${url}' is not a URL`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(list.hostname);
  if (list.protocol !== 'https:' && !(list.protocol === 'http:' && loopback))
    return usageError(io, 'catalog', `--url must be https (http only for localhost): '${url}'`);
  io.stderr.write(`iam-policy-studio catalog: downloading ${list.href}\n`);
  let entries: unknown;
  try {
    entries = await fetchJson(list);
  } catch (err) {
    io.stderr.write(`iam-policy-studio catalog: download failed: ${(err as Error).message}\n`);
    return 2;
  }
  const services = Array.isArray(entries) ? entries : [];
  const wanted = services.flatMap((e: unknown) => {
    const { service, url: file } = (e ?? {}) as { service?: unknown; url?: unknown };
    if (typeof service !== 'string' || !/^[a-z0-9-]+$/i.test(service) || typeof file !== 'string') return [];
    try {
      const target = new URL(file, list);
      return target.host === list.host && target.protocol === list.protocol ? [{ service, target }] : [];
    } catch {
      return [];
    }
  });
  if (wanted.length === 0) {
    io.stderr.write('iam-policy-studio catalog: the list names no service files on its host\n');
    return 2;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '_services.json'), JSON.stringify(wanted.map((w) => ({ service: w.service, url: w.target.href }))));
  let failed = 0;
  const queue = [...wanted];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        writeFileSync(join(dir, `${next.service}.json`), JSON.stringify(await fetchJson(next.target)));
      } catch (err) {
        failed++;
        io.stderr.write(`iam-policy-studio catalog: ${next.service}: ${(err as Error).message}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  io.stderr.write(`iam-policy-studio catalog: saved ${wanted.length - failed} of ${wanted.length} service files in ${dir}\n`);
}

async function fetchJson(url: URL): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000), redirect: 'error' });
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_FILE_BYTES) throw new Error(`${url.href}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  return JSON.parse(text) as unknown;
}

const SHOWN = 25;

function list(title: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const shown = names
    .slice(0, SHOWN)
    .map((n) => `    ${n}\n`)
    .join('');
  const more = names.length > SHOWN ? `    … and ${names.length - SHOWN} more (--format json lists all)\n` : '';
  return `  ${title} (${names.length}):\n${shown}${more}`;
}

function buildReport(
  out: string,
  built: Catalog,
  base: Catalog | undefined,
  diff: CatalogDiff | undefined,
  files: number,
  missing: readonly string[],
  warnings: number,
  cwd: string,
): string {
  const lines = [
    `Built ${built.versionLabel} from ${files} service file${files === 1 ? '' : 's'}: ${built.stats.services} services, ${built.stats.actions} actions, ${built.stats.conditionKeys} condition keys`,
    `Wrote ${relative(cwd, out).startsWith('..') ? out : relative(cwd, out)}`,
  ];
  if (missing.length)
    lines.push(
      `AWS's list names ${missing.length} service${missing.length === 1 ? '' : 's'} without a saved file (kept as before): ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}`,
    );
  if (warnings)
    lines.push(`${warnings} data warning${warnings === 1 ? '' : 's'} (keys referenced but not defined; --format json counts them)`);
  let text = `${lines.join('\n')}\n`;
  if (!base || !diff) return text;
  if (isEmptyDiff(diff)) return `${text}No differences from ${base.versionLabel}.\n`;
  text += `Differences from ${base.versionLabel}:\n`;
  text += list('services added', diff.servicesAdded);
  text += list('services removed', diff.servicesRemoved);
  text += list(
    'services renamed',
    diff.servicesRenamed.map((r) => `${r.from} → ${r.to}`),
  );
  text += list('actions added', diff.actionsAdded);
  text += list('actions removed', diff.actionsRemoved);
  text += list(
    'actions renamed',
    diff.actionsRenamed.map((r) => `${r.from} → ${r.to}`),
  );
  text += list('condition keys added', diff.keysAdded);
  text += list('condition keys removed', diff.keysRemoved);
  return text;
}
