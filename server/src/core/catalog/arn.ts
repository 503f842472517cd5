/**
 * Matching a policy's ARN (or ARN pattern) against resource type ARN templates.
 *
 * "Does `arn:aws:s3:::bucket/*` match `arn:${Partition}:s3:::${BucketName}/${ObjectName}`?" is a
 * question about two patterns: is there a concrete ARN both accept? Both sides are compiled to
 * tokens and intersected with a product-automaton walk over (policy position, template
 * position), O(|policy| × |template|) with no backtracking.
 *
 * Template variables in the resource part match any run of characters, possibly empty (lenient:
 * a false RESOURCE_MISMATCH is worse than a missed one); one followed by more template text
 * excludes `:`, which separates resource parts (`log-group:${LogGroupName}:log-stream:…`),
 * unless its value can hold one (embedded ARNs, paths, URIs).
 *
 * Variables in the fields before the resource (partition, service, region, account) never
 * contain `:` or `/` and are non-empty, except the account (AWS-owned resources such as public
 * SSM parameters have none). BucketName never contains them either, which is what catches the
 * classic `s3:ListBucket` on `arn:aws:s3:::bucket/*`. Literals compare case-insensitively: AWS's
 * own managed policies write `statemachine` for the documented `stateMachine`.
 *
 * A policy's `*` matches anything, `:` included, as in IAM, except that when the pattern spells
 * out all five fields before the resource (`arn:aws:ec2:*:*:volume/*`), a `*` inside one of them
 * stays in its field: otherwise that pattern would "match" an instance whose ID contains
 * `:volume/`, and no mismatch could ever be reported. `arn:aws:s3:*` keeps the IAM reading.
 */

/*
 * Token codes: non-negative values are literal character codes. Every wildcard token has a
 * character class (ANY, NO_COLON, NO_COLON_SLASH) and either loops (a run of zero or more
 * characters) or consumes exactly one character.
 */
const STAR = -1; // policy `*` or policy variable: loop, ANY
const ANY1 = -2; // policy `?`: one, ANY
const STAR_FIELD = -3; // policy `*` bound to its field: loop, NO_COLON
const VAR_ANY = -4; // template variable that may hold `:`: loop, ANY
const VAR_RESOURCE = -7; // template resource-part variable: loop, NO_COLON
const VAR_FIELD = -5; // template field variable / BucketName: loop, NO_COLON_SLASH
const ONE_FIELD = -6; // first character of a non-empty field variable: one, NO_COLON_SLASH

const COLON = 58;
const SLASH = 47;

const isLoop = (t: number): boolean => t === STAR || t === STAR_FIELD || t === VAR_ANY || t === VAR_FIELD || t === VAR_RESOURCE;

/** Whether literal character `c` belongs to wildcard token `t`'s class. */
function inClass(c: number, t: number): boolean {
  if (t === STAR || t === ANY1 || t === VAR_ANY) return true;
  if (t === STAR_FIELD || t === VAR_RESOURCE) return c !== COLON;
  return c !== COLON && c !== SLASH;
}

/** Whether one character can satisfy both tokens. Letters compare case-insensitively. */
function compatible(u: number, t: number): boolean {
  if (u >= 0 && t >= 0) return u === t || foldCase(u) === foldCase(t);
  if (u >= 0) return inClass(u, t);
  if (t >= 0) return inClass(t, u);
  return true; // two classes always share a letter
}

/** ASCII upper case to lower case. */
function foldCase(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Resource-part variables that never contain `:` or `/` (S3 bucket names cannot). */
const FIELD_VARIABLES = new Set(['bucketname']);

/** Resource-part variables whose values may contain `:`. */
const COLON_VARIABLES = /(arn|path|uri|url|pattern)$/;

/** A compiled ARN pattern or template. */
export type ArnTokens = Int32Array;

/** How strictly to read wildcards and template variables. */
export interface ArnCompileOptions {
  /**
   * IAM's own reading, with little assumed about variable values: every policy `*` may span
   * colons, and every variable of the resource part may hold any characters (`:` and `/`
   * included); the Region and account fields still hold no `:` or `/`. What Access Analyzer
   * accepts as a resource ARN (INVALID_ARN_RESOURCE) is this loose.
   */
  readonly loose?: boolean;
}

/**
 * Compiles a policy ARN pattern: `*` and `?` are wildcards, a policy variable `${...}` is
 * treated as `*` (its value is unknown), and the escapes `${*}`, `${?}`, `${$}` are literals.
 */
export function arnPatternTokens(pattern: string, options: ArnCompileOptions = {}): ArnTokens {
  // Written into a reused scratch array, then copied out: ARNs are compiled by the ten thousand.
  if (scratch.length < pattern.length) scratch = new Int32Array(Math.max(pattern.length, scratch.length * 2));
  const out = scratch;
  let n = 0;
  let colons = 0;
  const fieldBound = options.loose !== true && literalColons(pattern) >= 5;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === COLON) colons++;
    if (c === 42 /* * */) out[n++] = fieldBound && colons < 5 ? STAR_FIELD : STAR;
    else if (c === 63 /* ? */) out[n++] = ANY1;
    else if (c === 36 /* $ */ && pattern.charCodeAt(i + 1) === 123 /* { */ && pattern.indexOf('}', i + 2) > 0) {
      const end = pattern.indexOf('}', i + 2);
      const inner = end === i + 3 ? pattern.charCodeAt(i + 2) : -1;
      out[n++] = inner === 42 || inner === 63 || inner === 36 ? inner : fieldBound && colons < 5 ? STAR_FIELD : STAR;
      i = end;
    } else out[n++] = c;
  }
  return out.slice(0, n);
}

/** Scratch space of {@link arnPatternTokens} (one token per character at most). */
let scratch = new Int32Array(256);

/** Colons outside policy variables (`${aws:username}` has one). */
function literalColons(pattern: string): number {
  let n = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === COLON) n++;
    else if (c === 36 && pattern.charCodeAt(i + 1) === 123) {
      const end = pattern.indexOf('}', i + 2);
      if (end > 0) i = end;
    }
  }
  return n;
}

/**
 * Compiles a resource type's ARN template. `${Name}` placeholders and a literal `*` (some
 * templates have one) are variables; see the module comment for their classes.
 */
export function compileArnTemplate(template: string, options: ArnCompileOptions = {}): ArnTokens {
  const loose = options.loose === true;
  const out: number[] = [];
  let colons = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template.charCodeAt(i);
    const inField = colons < 5;
    // Field 4 is the account, empty in AWS-owned ARNs (public SSM parameters, service views).
    const mayBeEmpty = colons === 4;
    if (c === COLON) colons++;
    const end = c === 36 && template.charCodeAt(i + 1) === 123 ? template.indexOf('}', i + 2) : -1;
    const last = (end < 0 ? i + 1 : end + 1) === template.length;
    if (c === 42 /* * */) out.push(inField ? VAR_FIELD : loose || last ? VAR_ANY : VAR_RESOURCE);
    else if (end < 0) out.push(c);
    else if (loose && !inField) {
      out.push(VAR_ANY);
      i = end;
    } else {
      const name = template.slice(i + 2, end).toLowerCase();
      if (inField) out.push(...(mayBeEmpty ? [VAR_FIELD] : [ONE_FIELD, VAR_FIELD]));
      else if (FIELD_VARIABLES.has(name)) out.push(VAR_FIELD);
      else out.push(last || COLON_VARIABLES.test(name) ? VAR_ANY : VAR_RESOURCE);
      i = end;
    }
  }
  return Int32Array.from(out);
}

/*
 * Scratch space of the walk, reused across calls (the walk runs to completion synchronously):
 * `seen` holds the call's stamp for visited states, so it never needs clearing.
 */
let seen = new Uint32Array(1024);
let stack = new Int32Array(1024);
let stamp = 0;

/** True when some concrete ARN matches both the policy pattern and the template. */
export function arnTokensIntersect(user: ArnTokens, template: ArnTokens): boolean {
  const m = user.length;
  const n = template.length;
  const width = n + 1;
  const states = (m + 1) * width;
  if (seen.length < states) {
    seen = new Uint32Array(Math.max(states, seen.length * 2));
    stamp = 0;
  }
  if (stack.length < states) stack = new Int32Array(Math.max(states, stack.length * 2));
  if (++stamp === 0xffffffff) {
    seen.fill(0);
    stamp = 1;
  }
  const mark = stamp;
  let top = 0;
  stack[top++] = 0;
  seen[0] = mark;
  while (top > 0) {
    const s = stack[--top]!;
    const i = (s / width) | 0;
    const j = s - i * width;
    if (i === m && j === n) return true;
    const u = i < m ? user[i]! : undefined;
    const t = j < n ? template[j]! : undefined;
    const uLoop = u !== undefined && isLoop(u);
    const tLoop = t !== undefined && isLoop(t);
    // Each state is pushed once (stamped when pushed), so the stack never holds more than `states`.
    if (uLoop && seen[s + width] !== mark) {
      seen[s + width] = mark;
      stack[top++] = s + width;
    }
    if (tLoop && seen[s + 1] !== mark) {
      seen[s + 1] = mark;
      stack[top++] = s + 1;
    }
    if (u === undefined || t === undefined || (uLoop && tLoop) || !compatible(u, t)) continue;
    const next = s + (uLoop ? 0 : width) + (tLoop ? 0 : 1);
    if (seen[next] !== mark) {
      seen[next] = mark;
      stack[top++] = next;
    }
  }
  return false;
}

/**
 * Where the resource part of a compiled pattern or template starts (the token after its fifth
 * literal `:`) when no token before it can match a `:` (literals, and wildcards bound to their
 * field); -1 otherwise. Then every ARN it matches has its fifth `:` at that colon token.
 */
export function boundResourceStart(tokens: ArnTokens): number {
  let colons = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === COLON) {
      if (++colons === 5) return i + 1;
    } else if (t === STAR || t === ANY1 || t === VAR_ANY) return -1;
  }
  return -1;
}

/**
 * True when a policy pattern and a template, both with a bound resource start
 * ({@link boundResourceStart}, not -1), cannot intersect because of the first character of the
 * resource part: both tokens there consume exactly one character (neither loops) and no character
 * satisfies both. Every ARN both match has its fifth `:` where both put it, so the character after
 * it is consumed by both tokens. False means only "the walk must decide".
 */
export function resourceHeadsClash(user: ArnTokens, userStart: number, template: ArnTokens, templateStart: number): boolean {
  if (userStart >= user.length || templateStart >= template.length) return false;
  const u = user[userStart]!;
  const t = template[templateStart]!;
  return !isLoop(u) && !isLoop(t) && !compatible(u, t);
}

/**
 * The literal service part of a policy ARN (`s3` in `arn:aws:s3:::b`), or undefined when a
 * wildcard or variable occurs before it ends (then it could stand for any service).
 */
export function literalArnService(arn: string): string | undefined {
  const span = serviceSpan(arn);
  if (span === undefined) return undefined;
  const head = arn.slice(0, span.end);
  if (head.includes('*') || head.includes('?') || head.includes('${')) return undefined;
  return arn.slice(span.start, span.end);
}

/** Where the service part of `arn` lies (after its second colon, up to its third), or undefined with fewer than three colons. */
function serviceSpan(arn: string): { start: number; end: number } | undefined {
  const a = arn.indexOf(':');
  const b = a < 0 ? -1 : arn.indexOf(':', a + 1);
  const c = b < 0 ? -1 : arn.indexOf(':', b + 1);
  return c < 0 ? undefined : { start: b + 1, end: c };
}

/**
 * The service part of a policy ARN whose fields before it are literals or `*`s bound to their
 * field (`glue` in `arn:*:glue:*:*:catalog/*`: the pattern spells out the five fields before the
 * resource, see the module comment), or undefined otherwise. Nothing before its third colon can
 * then match a `:`, so the walk pairs its first three colons with a template's first three and
 * its service part, character by character, with the template's: only templates whose service
 * part is this one (ASCII case folded, as literals compare) can intersect the pattern.
 */
export function boundArnService(arn: string): string | undefined {
  const span = serviceSpan(arn);
  if (span === undefined) return undefined;
  const head = arn.slice(0, span.end);
  const service = arn.slice(span.start, span.end);
  if (head.includes('?') || head.includes('${') || service.includes('*') || literalColons(arn) < 5) return undefined;
  return service;
}

/** ASCII upper case to lower case in a string, as {@link foldCase} does per character. */
export function foldAsciiCase(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * The service part of a compiled template (the literals between its second and third colon,
 * ASCII case folded), or null when a variable occurs there or it has fewer than three colons.
 */
export function templateTokensService(template: ArnTokens): string | null {
  let colons = 0;
  let service = '';
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    if (t === COLON) {
      if (++colons === 3) return service;
    } else if (colons === 2) {
      if (t < 0) return null;
      service += String.fromCharCode(foldCase(t));
    }
  }
  return null;
}

/** The service part of a template (`s3`), or undefined when it is itself a variable. */
export function templateService(template: string): string | undefined {
  const parts = template.split(':', 3);
  const svc = parts[2];
  return svc === undefined || svc.includes('${') ? undefined : svc;
}
