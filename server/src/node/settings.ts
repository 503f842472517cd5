/**
 * The extension's settings (`iamPolicyStudio.*`) as plain values, read the same way by the
 * language server (from `workspace/configuration`) and by the CLI (from `.vscode/settings.json`
 * and `.iam-policy-studio.json`), so a CI run reports exactly what the editor shows.
 */
import type { LanguageServiceOptions, PolicyLanguageService } from '../service';
import { readSeveritySetting, type SeveritySetting } from '../service/severity';
import type { Catalog } from '../core/catalog';
import { isRecord } from '../core/json';

export interface PolicyStudioSettings {
  /** Per-code severity overrides, e.g. `{ "PASS_ROLE_WITH_STAR_IN_RESOURCE": "error" }`. */
  readonly severity: Readonly<Record<string, SeveritySetting>>;
  /** Whether `.json` files are policies when their content is one (`*.iam.json` always are). */
  readonly detectByContent: boolean;
  /** Globs of files the CLI skips (the editor ignores this). */
  readonly exclude: readonly string[];
  /** Code lenses on the resources and principals of workspace models (who can read/write, escalation paths). */
  readonly accessLenses: boolean;
  /** Escalation paths to administrator as warnings on a model's principals (`noPath` assertions always run). */
  readonly escalationWarnings: boolean;
}

export const DEFAULT_SETTINGS: PolicyStudioSettings = {
  severity: {},
  detectByContent: true,
  exclude: [],
  accessLenses: true,
  escalationWarnings: true,
};

/** A problem found while reading settings: where, and what the user should write instead. */
export interface SettingsProblem {
  readonly key: string;
  readonly message: string;
}

/**
 * Reads raw settings values (keys without the `iamPolicyStudio.` prefix) over `base`. Wrong
 * values are reported and ignored, so one typo does not discard the rest.
 */
export function readSettings(
  raw: unknown,
  base: PolicyStudioSettings = DEFAULT_SETTINGS,
): { settings: PolicyStudioSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  if (!isRecord(raw)) return { settings: base, problems: raw === undefined ? [] : [{ key: '', message: 'expected an object' }] };
  const severity = { ...base.severity, ...readSeverity(raw.severity, problems) };
  const detectByContent = readBoolean(raw, 'detectByContent', problems) ?? base.detectByContent;
  const exclude = [...base.exclude, ...readStrings(raw, 'exclude', problems)];
  const accessLenses = readBoolean(raw, 'accessLenses', problems) ?? base.accessLenses;
  const escalationWarnings = readBoolean(raw, 'escalationWarnings', problems) ?? base.escalationWarnings;
  return { settings: { severity, detectByContent, exclude, accessLenses, escalationWarnings }, problems };
}

function readSeverity(value: unknown, problems: SettingsProblem[]): Record<string, SeveritySetting> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    problems.push({ key: 'severity', message: 'expected an object mapping check codes to error, warning, information, hint or off' });
    return {};
  }
  const out: Record<string, SeveritySetting> = {};
  for (const [code, raw] of Object.entries(value)) {
    // Read as the service reads it (any case, and `info` for information); anything else is a problem.
    const level = readSeveritySetting(raw);
    if (level) out[code] = level;
    else
      problems.push({
        key: `severity.${code}`,
        message: `expected error, warning, information, hint or off, found ${JSON.stringify(raw)}`,
      });
  }
  return out;
}

function readBoolean(raw: Record<string, unknown>, key: string, problems: SettingsProblem[]): boolean | undefined {
  const v = raw[key];
  if (v === undefined || typeof v === 'boolean') return v;
  problems.push({ key, message: `expected true or false, found ${JSON.stringify(v)}` });
  return undefined;
}

function readStrings(raw: Record<string, unknown>, key: string, problems: SettingsProblem[]): string[] {
  const v = raw[key];
  if (v === undefined) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  problems.push({ key, message: 'expected an array of glob strings' });
  return [];
}

/**
 * The language service options for these settings: the one mapping shared by the server and the
 * CLI. Extend it here when the service grows an option backed by a setting.
 */
export function serviceOptionsFromSettings(
  settings: PolicyStudioSettings,
  catalog: Catalog | undefined,
  extra: Omit<LanguageServiceOptions, 'catalog'> = {},
): LanguageServiceOptions {
  void settings;
  return { ...extra, catalog };
}

/**
 * Applies the settings a running service takes as calls (severity per code). The server calls
 * this on every configuration change, the CLI once per run: both report the same severities.
 */
export function applySettings(service: PolicyLanguageService, settings: PolicyStudioSettings): void {
  service.setSeverityOverrides(settings.severity);
}
