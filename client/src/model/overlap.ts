/**
 * Which of our model-file diagnostics VS Code's JSON schema validation already reports: a
 * MODEL_INVALID problem (a wrong-typed entry) at a place where the JSON service has a problem too.
 * Pure: positions in, a keep/drop answer out.
 */

/** A zero-based position. */
export interface Pos {
  readonly line: number;
  readonly character: number;
}

/** A range of positions. */
export interface Span {
  readonly start: Pos;
  readonly end: Pos;
}

/** A position as one number (lines of a million characters are not a concern here). */
const key = (p: Pos): number => p.line * 1_000_000 + p.character;

/** Whether two ranges share a character; an empty range counts as its first character. */
export function overlaps(a: Span, b: Span): boolean {
  const [as, bs] = [key(a.start), key(b.start)];
  const ae = Math.max(key(a.end), as + 1);
  const be = Math.max(key(b.end), bs + 1);
  return as < be && bs < ae;
}

/** Keeps our diagnostics except shape problems the schema validation reports at the same place. */
export function withoutSchemaDuplicates<D extends { readonly range: Span; readonly code?: unknown }>(
  ours: readonly D[],
  schema: readonly Span[],
): D[] {
  return ours.filter((d) => codeOf(d.code) !== 'MODEL_INVALID' || !schema.some((s) => overlaps(d.range, s)));
}

function codeOf(code: unknown): unknown {
  return typeof code === 'object' && code !== null && 'value' in code ? (code as { value: unknown }).value : code;
}
