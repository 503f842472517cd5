/**
 * The files of a model or template data case written to a folder, for tests that run the CLI or
 * the server on real files: a string as it is, a list of lines for a file that is not JSON (a
 * YAML template written line by line), any other value as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The text of the case file `name` whose value in the case is `content`. */
export function caseFileText(name: string, content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content) && !name.endsWith('.json')) return `${content.join('\n')}\n`;
  return JSON.stringify(content, null, 2);
}

/** Writes the case's `files` (those `keep` accepts: all by default) under `dir`. */
export function writeCaseFiles(dir: string, files: Record<string, unknown>, keep: (name: string) => boolean = () => true): void {
  for (const [name, content] of Object.entries(files)) {
    if (!keep(name)) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), caseFileText(name, content));
  }
}
