/** Small HTML helpers shared by the result view's renderers. */

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A value the server sends as an enum (a decision, an effect), used as a class name: only a
 * plain word passes, anything else becomes `unknown` (the data comes from workspace files).
 */
export function classToken(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z]{1,40}$/.test(value) ? value : 'unknown';
}

/** `PolicyName: statement 'Sid'` or `PolicyName: statement #2`. */
export function statementLabel(s: { readonly policyName: string; readonly sid?: string; readonly statementIndex: number }): string {
  return `${s.policyName}: ${s.sid ? `statement '${s.sid}'` : `statement #${s.statementIndex + 1}`}`;
}
