/**
 * Control characters in text output. Sids, access-test names, file names and messages come from
 * the workspace; printed raw, a line break in a Sid starts a new line that a CI runner reads as a
 * command (GitHub Actions' `::error …::`, `::add-mask::`, `::stop-commands::`), and an escape
 * character drives the terminal. Every line the CLI prints in text form passes through
 * {@link escapeControl}: control characters (C0 but tab, DEL, C1) and the Unicode line and
 * paragraph separators become visible escapes (`\n`, `\u001b`), so one record stays one line.
 * JSON and SARIF escape them by their own syntax.
 */

// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

/** `s` with every control character written as a visible escape. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether `s` holds a character {@link escapeControl} would rewrite. */
export function hasControl(s: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(s);
  CONTROL.lastIndex = 0;
  return found;
}
