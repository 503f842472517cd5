/**
 * Severity per check code: the Access Analyzer category sets the default (error → Error,
 * security and general warnings → Warning, suggestion → Information, our own hints → Hint); the user's
 * `iamPolicyStudio.severity` setting overrides it per code, `off` included.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkInfo, type CheckCategory } from '../core/checks';

/** A severity a user can give a check code (`iamPolicyStudio.severity`); `off` hides it. */
export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** Every {@link SeveritySetting}, in the order messages list them. */
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

/** The user's overrides: check code → severity. Unknown codes and values are ignored. */
export type SeverityOverrides = Readonly<Record<string, SeveritySetting>>;

const BY_CATEGORY: Record<CheckCategory, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  security: DiagnosticSeverity.Warning,
  warning: DiagnosticSeverity.Warning,
  suggestion: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const BY_SETTING: Record<Exclude<SeveritySetting, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity of `code`, or undefined when the user turned it off. */
export function severityOf(code: string, overrides: SeverityOverrides): DiagnosticSeverity | undefined {
  const setting = Object.prototype.hasOwnProperty.call(overrides, code) ? overrides[code] : undefined;
  if (setting === 'off') return undefined;
  if (setting && Object.hasOwn(BY_SETTING, setting)) return BY_SETTING[setting];
  const info = checkInfo(code);
  // Every code the checks emit is in CHECKS (a unit test proves it); a code that is not would be our
  // bug, and a bug must not fail a user's CI: it shows as a warning.
  return info ? BY_CATEGORY[info.category] : DiagnosticSeverity.Warning;
}

/**
 * A setting's value as a severity: any case, `info` for `information`; undefined for anything
 * else (also for names of `Object.prototype`'s members, such as `constructor`).
 */
export function readSeveritySetting(raw: unknown): SeveritySetting | undefined {
  if (typeof raw !== 'string') return undefined;
  const lower = raw.toLowerCase();
  const level = lower === 'info' ? 'information' : lower;
  return SEVERITY_SETTINGS.find((s) => s === level);
}

/** Keeps only well-formed entries of a settings object (settings come from user JSON). */
export function sanitizeOverrides(raw: unknown): SeverityOverrides {
  const out: Record<string, SeveritySetting> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [code, value] of Object.entries(raw)) {
    const setting = readSeveritySetting(value);
    if (setting) out[code] = setting;
  }
  return out;
}
