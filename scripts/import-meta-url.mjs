// Injected into the CommonJS bundles (scripts/build.mjs): what `import.meta.url` is replaced with.
// Pure, so that a bundle whose code never reads it (the bin, dist/cli.js) drops it: computing it
// loads node:url at start-up.
import { pathToFileURL } from 'node:url';

export const __bundle_import_meta_url = /* @__PURE__ */ (() => pathToFileURL(__filename).href)();
