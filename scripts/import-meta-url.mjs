// Injected into the CommonJS bundles (scripts/build.mjs): what `import.meta.url` is replaced with.
import { pathToFileURL } from 'node:url';

export const __bundle_import_meta_url = pathToFileURL(__filename).href;
