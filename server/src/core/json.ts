/**
 * Strict JSON parsing for text the workspace controls (model files, policy files, evaluate lines):
 * `JSON.parse` (native and iterative), then a depth bound, because every walk over the value
 * (normalization, checks, the evaluator) recurses per level. Error messages say where the text is
 * wrong but never quote it: a file that is not JSON (say /etc/passwd reached by mistake) must not
 * have its content echoed into diagnostics, logs or protocol answers.
 */

/** A JSON object: not null, not an array. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Values nested deeper than this are refused (IAM documents nest about eight levels). */
export const MAX_JSON_DEPTH = 256;

export type JsonParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** Parses strict JSON text (a leading byte-order mark is ignored). */
export function parseJsonText(text: string): JsonParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return { ok: false, message: `not valid JSON${where(body, err)}` };
  }
  if (typeof value === 'object' && value !== null && jsonDepth(body) > MAX_JSON_DEPTH) {
    return { ok: false, message: `nested more than ${MAX_JSON_DEPTH} levels deep (objects and arrays)` };
  }
  return { ok: true, value };
}

/** The deepest nesting of valid JSON text (counting stops past {@link MAX_JSON_DEPTH}). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max && (max = depth) > MAX_JSON_DEPTH) return max;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/** " at line L, column C" from a JSON.parse error, without the text it quotes. */
function where(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : '';
  const m = /position (\d+)/.exec(message);
  if (!m) return text.trim() === '' ? ' (empty)' : '';
  const offset = Math.min(Number(m[1]), text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return ` (line ${line}, column ${offset - lineStart + 1})`;
}
