/**
 * Policy variables (reference_policies_variables.md): `${aws:username}`, `${aws:PrincipalTag/team}`,
 * default values `${aws:PrincipalTag/team, 'company-wide'}`, and the special characters `${*}`,
 * `${?}`, `${$}`. Variables only exist in `"Version": "2012-10-17"` policies; in 2008-10-17 they are
 * literal text (reference_policies_elements_version.md) — callers decide by not parsing templates.
 */
import { singleValue, type ContextMap } from './context';
import { escapeLiteral } from './pattern';

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'var'; readonly key: string; readonly fallback?: string }
  | { readonly kind: 'char'; readonly char: string };

/** A string split into literal text, variables and special characters. */
export interface Template {
  readonly source: string;
  readonly parts: readonly Part[];
  /** Whether any `${…}` was recognized (otherwise the source is used as is). */
  readonly dynamic: boolean;
}

/**
 * The outcome of substituting a template: the text, or the first key that had no value. `missing`
 * is undefined when that key is in the request but multivalued (it cannot be a variable, yet it is
 * not missing from the request).
 */
export type Resolution = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly missing: string | undefined };

const DEFAULT = /^\s*'([^']*)'\s*$/;

/** Splits `source` into parts. Text that is not a well-formed `${…}` stays literal. */
export function parseTemplate(source: string): Template {
  if (!source.includes('${')) return { source, parts: [{ kind: 'text', text: source }], dynamic: false };
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const start = source.indexOf('${', i);
    const end = start < 0 ? -1 : source.indexOf('}', start + 2);
    if (start < 0 || end < 0) break;
    const part = variablePart(source.slice(start + 2, end));
    if (part) {
      text += source.slice(i, start);
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push(part);
    } else {
      text += source.slice(i, end + 1);
    }
    i = end + 1;
  }
  text += source.slice(i);
  if (text) parts.push({ kind: 'text', text });
  return { source, parts, dynamic: parts.some((p) => p.kind !== 'text') };
}

// `key` or `key, 'default'`. Parsed by hand (no backtracking); tag keys may hold inner spaces.
function variablePart(inner: string): Part | undefined {
  if (inner === '*' || inner === '?' || inner === '$') return { kind: 'char', char: inner };
  const comma = inner.indexOf(',');
  const key = (comma < 0 ? inner : inner.slice(0, comma)).trim();
  if (key === '' || /[,'{}]/.test(key)) return undefined;
  if (comma < 0) return { kind: 'var', key };
  const m = DEFAULT.exec(inner.slice(comma + 1));
  return m && m[1] !== undefined ? { kind: 'var', key, fallback: m[1] } : undefined;
}

/**
 * Substitutes variables from `ctx`. With `forPattern`, substituted values and special characters
 * are encoded as literals so a `*` in a user name or `${*}` never acts as a wildcard, while the
 * policy's own `*` and `?` stay wildcards. A variable without value (and without default) makes
 * the whole string unresolvable: a Resource then matches nothing and a positive condition value
 * matches nothing (reference_policies_variables.md, "Policy variables with no value").
 */
export function resolveTemplate(t: Template, ctx: ContextMap, forPattern: boolean): Resolution {
  if (!t.dynamic) return { ok: true, text: t.source };
  let text = '';
  // By index: no iterator per call (this runs per request for Resource entries and condition values).
  const parts = t.parts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Part;
    if (part.kind === 'text') text += part.text;
    else if (part.kind === 'char') text += forPattern ? escapeLiteral(part.char) : part.char;
    else {
      const value = singleValue(ctx, part.key) ?? part.fallback;
      // A multivalued key is present but no variable ("You can't use a multivalued condition key as
      // a variable", variables page): the entry matches nothing, and the key is not reported missing.
      if (value === undefined) return { ok: false, missing: ctx.raw(part.key) === undefined ? part.key : undefined };
      text += forPattern ? escapeLiteral(value) : value;
    }
  }
  return { ok: true, text };
}

/** The context keys a template refers to (for "missing context keys" reports). */
export function templateKeys(t: Template): string[] {
  const keys: string[] = [];
  for (const p of t.parts) if (p.kind === 'var' && p.fallback === undefined) keys.push(p.key);
  return keys;
}

/**
 * Where the resource part of an ARN pattern starts: just after its fifth colon, counting only
 * colons outside `${…}` (a variable such as `${aws:PrincipalAccount}` holds a colon of its own).
 * -1 when the pattern has fewer than five such colons.
 */
export function resourcePartStart(source: string): number {
  let colons = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x24 /* $ */ && source.charCodeAt(i + 1) === 0x7b /* { */) {
      const end = source.indexOf('}', i + 2);
      if (end < 0) return -1;
      i = end;
    } else if (c === 0x3a /* : */ && ++colons === 5) {
      return i + 1;
    }
  }
  return -1;
}

/**
 * The variables of a Resource entry that stand before the resource part of the ARN (before its
 * fifth colon), e.g. `${aws:PrincipalAccount}` in `arn:aws:sns:*:${aws:PrincipalAccount}:*`.
 * AWS substitutes variables "only in the resource portion of the ARN … You can't use a variable to
 * replace parts of the ARN before the fifth colon, such as the service or account"
 * (reference_policies_variables.md, "Using variables in the Resource element").
 */
export function variablesBeforeResourcePart(source: string): string[] {
  if (!source.includes('${')) return [];
  const start = resourcePartStart(source);
  const head = parseTemplate(start < 0 ? source : source.slice(0, start));
  return head.parts.flatMap((p) =>
    p.kind === 'var' ? [`\${${p.key}${p.fallback !== undefined ? `, '${p.fallback}'` : ''}}`] : p.kind === 'char' ? [`\${${p.char}}`] : [],
  );
}
