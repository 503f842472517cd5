// Writes docs/settings.md from package.json's contributes.configuration, so the settings reference
// never drifts from what VS Code offers. `node scripts/settings-doc.mjs` writes the file;
// `--check` exits 1 when it is stale (test/unit/docs/settings-doc.test.ts runs the same check).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = join(fileURLToPath(import.meta.url), '..', '..');
export const SETTINGS_DOC = join(root, 'docs', 'settings.md');

const INTRO = `## Settings

Set these in VS Code's Settings (search "IAM Policy Studio") or in \`settings.json\`. The command line
(\`iam-policy-studio check\`) reads the same keys from \`.vscode/settings.json\` in the folder it runs in,
and the keys without the \`iamPolicyStudio.\` prefix from \`.iam-policy-studio.json\` (see the CLI
reference), so CI reports what the editor shows: \`check\` uses \`severity\` and \`detectByContent\`
(plus its own \`exclude\` list); the others only concern the editor. Other editors pass settings in
the \`iamPolicyStudio\` section of the language server's configuration.

<!-- Generated from package.json by scripts/settings-doc.mjs: edit the descriptions there. -->
`;

/** One setting's default, shown as JSON (objects collapsed when empty). */
function showDefault(spec) {
  return spec.default === undefined ? '' : `\`${JSON.stringify(spec.default)}\``;
}

function showType(spec) {
  if (spec.enum) return spec.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ');
  if (spec.type === 'object' && spec.additionalProperties?.enum) {
    return `object: code → ${spec.additionalProperties.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`;
  }
  return Array.isArray(spec.type) ? spec.type.join(' or ') : (spec.type ?? '');
}

/** Text for a table cell: one line, pipes escaped. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');
}

/** The settings reference for a parsed package.json. */
export function renderSettingsDoc(pkg) {
  const configurations = [pkg.contributes?.configuration ?? []].flat();
  const rows = configurations.flatMap((c) => Object.entries(c.properties ?? {}));
  const table = rows.map(
    ([key, spec]) =>
      `| \`${key}\` | ${cell(showType(spec))} | ${cell(showDefault(spec))} | ${cell(spec.markdownDescription ?? spec.description)} |`,
  );
  return `${INTRO}\n| Setting | Values | Default | Description |\n| --- | --- | --- | --- |\n${table.join('\n')}\n`;
}

export function currentDoc() {
  return renderSettingsDoc(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = currentDoc();
  if (process.argv.includes('--check')) {
    let existing = '';
    try {
      existing = readFileSync(SETTINGS_DOC, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (existing !== doc) {
      console.error('docs/settings.md is stale: run node scripts/settings-doc.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(SETTINGS_DOC, doc);
    console.log(`wrote ${SETTINGS_DOC}`);
  }
}
