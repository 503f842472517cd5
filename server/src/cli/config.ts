/**
 * The settings a CLI run uses, from the workspace folder (the current directory):
 *   1. `.vscode/settings.json`: the `iamPolicyStudio.*` keys, as the editor reads them;
 *   2. `.iam-policy-studio.json` (or the file given with `--config`), which wins:
 *      `{ "severity": { "CODE": "error|warning|information|hint|off" }, "detectByContent": true, "exclude": ["glob", …] }`.
 * Both may contain comments (parsed with jsonc-parser, as VS Code does).
 */
import { safeReadFile } from '../node/safeRead';
import { isTooDeep } from '../service/limits';
import { join, resolve } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { DEFAULT_SETTINGS, readSettings, type PolicyStudioSettings, type SettingsProblem } from '../node/settings';

/** The config file's name at the workspace root. */
export const CONFIG_FILE_NAME = '.iam-policy-studio.json';
const PREFIX = 'iamPolicyStudio.';

export interface LoadedConfig {
  readonly settings: PolicyStudioSettings;
  /** Files that were read, for `--verbose`-style reporting and tests. */
  readonly sources: string[];
  /** Values that were ignored (wrong type); the run goes on. */
  readonly warnings: string[];
}

/** Thrown when a config file cannot be read or parsed: a usage error (exit code 2). */
export class ConfigError extends Error {}

/**
 * Loads settings for a run in `cwd`. `explicit` is the `--config` path: it must exist, while the
 * default files are optional.
 */
export function loadConfig(cwd: string, explicit?: string): LoadedConfig {
  const sources: string[] = [];
  const warnings: string[] = [];
  let settings = DEFAULT_SETTINGS;
  const vscodeFile = join(cwd, '.vscode', 'settings.json');
  const vscode = readJsonc(vscodeFile, false);
  if (vscode !== undefined) {
    const r = readSettings(stripPrefix(vscode), settings);
    settings = r.settings;
    sources.push(vscodeFile);
    warnings.push(...describe(vscodeFile, r.problems, PREFIX));
  }
  const configFile = explicit ? resolve(cwd, explicit) : join(cwd, CONFIG_FILE_NAME);
  const config = readJsonc(configFile, explicit !== undefined);
  if (config !== undefined) {
    const r = readSettings(config, settings);
    settings = r.settings;
    sources.push(configFile);
    warnings.push(...describe(configFile, r.problems, ''));
  }
  return { settings, sources, warnings };
}

/** `{ "iamPolicyStudio.severity": {…}, "editor.x": … }` → `{ severity: {…} }`; nested form too. */
function stripPrefix(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, unknown> = {};
  const nested = (value as Record<string, unknown>)['iamPolicyStudio'];
  if (typeof nested === 'object' && nested !== null) Object.assign(out, nested);
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith(PREFIX)) out[key.slice(PREFIX.length)] = v;
  }
  return out;
}

/** The parsed file, undefined when it does not exist (and is optional); throws ConfigError otherwise. */
function readJsonc(file: string, required: boolean): unknown {
  // Regular files of at most 16 MB: a FIFO named like the config file is refused, never waited on.
  const read = safeReadFile(file);
  if (!read.ok) {
    if (!required && read.reason === 'missing') return undefined;
    throw new ConfigError(`cannot read config file '${file}': ${read.message}; check the path given to --config`);
  }
  const text = read.text;
  if (isTooDeep(text))
    throw new ConfigError(`cannot parse '${file}': it nests objects and arrays too deep; fix the JSON or remove the file`);
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  const first = errors[0];
  if (first) {
    const { line, column } = lineColumn(text, first.offset);
    throw new ConfigError(
      `cannot parse '${file}' at ${line}:${column} (${printParseErrorCode(first.error)}); fix the JSON or remove the file`,
    );
  }
  return value;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function describe(file: string, problems: readonly SettingsProblem[], prefix: string): string[] {
  return problems.map((p) => `${file}: ${prefix}${p.key}: ${p.message} (ignored)`);
}
