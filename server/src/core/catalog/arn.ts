/**
 * Matching a policy's ARN (or ARN pattern) against resource type ARN templates, and turning
 * templates into LSP snippets.
 *
 * "Does `arn:aws:s3:::bucket/*` match `arn:${Partition}:s3:::${BucketName}/${ObjectName}`?" is a
 * question about two patterns: is there a concrete ARN both accept? Both sides are compiled to
 * tokens and intersected with a product-automaton walk over (user position, template position),
 * O(|user| × |template|) with no backtracking.
 *
 * Template variables match any run of characters (possibly empty, to stay lenient: a false
 * RESOURCE_MISMATCH is worse than a missed one), except in the structural fields (partition,
 * service, region, account) and BucketName, which never contain `:` or `/`. That exception is
 * what catches the classic `s3:ListBucket` on `arn:aws:s3:::bucket/*`. A policy's own `*`
 * matches anything, `:` and `/` included, as in IAM.
 */

/** Token codes; non-negative values are literal character codes. */
const STAR = -1; // user `*`, or a policy variable `${...}`
const ANY1 = -2; // user `?`
const VAR_ANY = -3; // template variable matching anything
const VAR_SEGMENT = -4; // template variable matching no `:` or `/`

const COLON = 58;
const SLASH = 47;

/** Resource-part variables that never contain `:` or `/` (S3 bucket names cannot). */
const SEGMENT_VARIABLES = new Set(['bucketname']);

/** A compiled ARN pattern or template. */
export type ArnTokens = Int32Array;

/**
 * Compiles a policy ARN pattern: `*` and `?` are wildcards, a policy variable `${...}` is
 * treated as `*` (its value is unknown), and the escapes `${*}`, `${?}`, `${$}` are literals.
 */
export function compileArnPattern(pattern: string): ArnTokens {
  const out: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 /* * */) out.push(STAR);
    else if (c === 63 /* ? */) out.push(ANY1);
    else if (c === 36 /* $ */ && pattern.charCodeAt(i + 1) === 123 /* { */) {
      const end = pattern.indexOf('}', i + 2);
      if (end < 0) {
        out.push(c);
        continue;
      }
      const inner = pattern.slice(i + 2, end);
      out.push(inner === '*' || inner === '?' || inner === '$' ? inner.charCodeAt(0) : STAR);
      i = end;
    } else out.push(c);
  }
  return Int32Array.from(out);
}

/**
 * Compiles a resource type's ARN template. `${Name}` placeholders and a literal `*` (some
 * templates have one) are variables; inside the five structural fields (partition, service,
 * region, account) they cannot span `:` or `/`.
 */
export function compileArnTemplate(template: string): ArnTokens {
  const out: number[] = [];
  let colons = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template.charCodeAt(i);
    const structural = colons < 5;
    if (c === COLON) colons++;
    const end = c === 36 && template.charCodeAt(i + 1) === 123 ? template.indexOf('}', i + 2) : -1;
    if (c === 42 /* * */) out.push(structural ? VAR_SEGMENT : VAR_ANY);
    else if (end < 0) out.push(c);
    else {
      const name = template.slice(i + 2, end).toLowerCase();
      out.push(structural || SEGMENT_VARIABLES.has(name) ? VAR_SEGMENT : VAR_ANY);
      i = end;
    }
  }
  return Int32Array.from(out);
}

/** True when some concrete ARN matches both the policy pattern and the template. */
export function arnTokensIntersect(user: ArnTokens, template: ArnTokens): boolean {
  const m = user.length;
  const n = template.length;
  const width = n + 1;
  const seen = new Uint8Array((m + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number): void => {
    const s = i * width + j;
    if (seen[s] === 0) {
      seen[s] = 1;
      stack.push(s);
    }
  };
  while (stack.length > 0) {
    const s = stack.pop()!;
    const i = (s / width) | 0;
    const j = s - i * width;
    if (i === m && j === n) return true;
    const u = i < m ? user[i]! : undefined;
    const t = j < n ? template[j]! : undefined;
    if (u === STAR) visit(i + 1, j);
    if (t === VAR_ANY || t === VAR_SEGMENT) visit(i, j + 1);
    if (u === undefined || t === undefined || !compatible(u, t)) continue;
    const ni = u === STAR ? i : i + 1;
    const nj = t === VAR_ANY || t === VAR_SEGMENT ? j : j + 1;
    if (ni !== i || nj !== j) visit(ni, nj);
  }
  return false;
}

/** Whether one character can satisfy both a user token and a template token. */
function compatible(u: number, t: number): boolean {
  if (u >= 0 && t >= 0) return u === t;
  if (t === VAR_SEGMENT && u >= 0) return u !== COLON && u !== SLASH;
  return true;
}

/**
 * The literal service part of a policy ARN (`s3` in `arn:aws:s3:::b`), or undefined when a
 * wildcard or variable occurs before it ends (then it could stand for any service).
 */
export function literalArnService(arn: string): string | undefined {
  const a = arn.indexOf(':');
  const b = a < 0 ? -1 : arn.indexOf(':', a + 1);
  const c = b < 0 ? -1 : arn.indexOf(':', b + 1);
  if (c < 0) return undefined;
  const head = arn.slice(0, c);
  if (head.includes('*') || head.includes('?') || head.includes('${')) return undefined;
  return arn.slice(b + 1, c);
}

/** The service part of a template (`s3`), or undefined when it is itself a variable. */
export function templateService(template: string): string | undefined {
  const parts = template.split(':', 3);
  const svc = parts[2];
  return svc === undefined || svc.includes('${') ? undefined : svc;
}

/** Options for {@link arnTemplateToSnippet}. */
export interface ArnSnippetOptions {
  /** Default value offered for `${Partition}`; `aws` unless told. */
  readonly partition?: string;
}

/**
 * Turns an ARN template into an LSP snippet string:
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}` → `arn:${1:aws}:s3:::${2:BucketName}/${3:ObjectName}`.
 * A placeholder repeated in the template reuses its tab stop.
 */
export function arnTemplateToSnippet(template: string, options: ArnSnippetOptions = {}): string {
  return templateToSnippet(template, (name) => (name === 'Partition' ? (options.partition ?? 'aws') : name));
}

/**
 * Turns a variable condition key into a snippet: `aws:RequestTag/${TagKey}` →
 * `aws:RequestTag/${1:TagKey}`, `s3:ExistingObjectTag/<key>` → `s3:ExistingObjectTag/${1:key}`.
 */
export function conditionKeyToSnippet(key: string): string {
  return templateToSnippet(key.replace(/<([^<>]+)>/g, '$${$1}'), (name) => name);
}

function templateToSnippet(template: string, defaultFor: (name: string) => string): string {
  const stops = new Map<string, number>();
  let out = '';
  let last = 0;
  for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
    out += escapeSnippet(template.slice(last, m.index));
    const name = m[1] ?? '';
    let stop = stops.get(name);
    if (stop === undefined) {
      stop = stops.size + 1;
      stops.set(name, stop);
    }
    out += `\${${stop}:${escapeSnippet(defaultFor(name))}}`;
    last = m.index + m[0].length;
  }
  return out + escapeSnippet(template.slice(last));
}

/** Escapes `$`, `}` and `\` so they stay literal in a snippet. */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}
