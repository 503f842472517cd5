/**
 * The request context: condition keys and their values. Key names compare case-insensitively
 * (reference_policies_variables.md, "Key names are case-insensitive"); values keep their case.
 * Besides the keys given, `evaluate` supplies the principal keys AWS sets for every request from
 * the request principal, and `aws:ResourceAccount` and (for IAM) `aws:RequestedRegion` from the
 * request (derived.ts), when the input does not give them.
 */
import { CACHES } from '../caches';
import { requestedRegionOf, resourceAccountOf } from './derived';
import type { EvaluationRequest } from './types';

/** Context as callers supply it: each key maps to one string or a list (multivalued key). */
export type RequestContextInput = Readonly<Record<string, string | readonly string[]>>;

/** A key's values. An empty list is a present-but-empty multivalued key. */
export interface ContextEntry {
  readonly key: string;
  readonly values: readonly string[];
  readonly multi: boolean;
}

/** A normalized context for fast, case-insensitive lookups. */
export interface ContextMap {
  get(key: string): ContextEntry | undefined;
  /**
   * A key's values as given, without an entry object (this runs per condition per request): a
   * string for a single value, a list for a multivalued key (even of one value), or undefined.
   */
  raw(key: string): string | readonly string[] | undefined;
}

/**
 * Builds a {@link ContextMap} from caller input. Runs once per request, so it does little: a key
 * spelled as in the input is found directly; another spelling is compared with the input's keys
 * in lower case (lower-cased once per distinct text, not per request).
 */
export function buildContext(
  input: RequestContextInput | undefined,
  derived?: ReadonlyMap<string, ContextEntry>,
  request?: EvaluationRequest,
): ContextMap {
  if (!input) return (derived && derived.size > 0) || request ? new DerivedContext(derived, request) : EMPTY;
  return new InputContext(input, derived, request);
}

const RESOURCE_ACCOUNT = 'aws:resourceaccount';
const REQUESTED_REGION = 'aws:requestedregion';

/** A derived key that depends on the request (`aws:ResourceAccount`, `aws:RequestedRegion`: derived.ts), worked out only when read. */
function requestKey(request: EvaluationRequest | undefined, lower: string): string | undefined {
  if (request === undefined) return undefined;
  if (lower === RESOURCE_ACCOUNT) return resourceAccountOf(request);
  return lower === REQUESTED_REGION ? requestedRegionOf(request) : undefined;
}

/** A key the input does not give: a derived principal key, else a request key. */
function derivedEntry(
  derived: ReadonlyMap<string, ContextEntry> | undefined,
  request: EvaluationRequest | undefined,
  key: string,
): ContextEntry | undefined {
  const lower = lowerCase(key);
  const entry = derived?.get(lower);
  if (entry !== undefined || request === undefined) return entry;
  const value = requestKey(request, lower);
  if (value === undefined) return undefined;
  return { key: lower === RESOURCE_ACCOUNT ? 'aws:ResourceAccount' : 'aws:RequestedRegion', values: [value], multi: false };
}

function derivedRaw(
  derived: ReadonlyMap<string, ContextEntry> | undefined,
  request: EvaluationRequest | undefined,
  key: string,
): string | readonly string[] | undefined {
  const lower = lowerCase(key);
  const entry = derived?.get(lower);
  if (entry !== undefined) return entry.multi ? entry.values : entry.values[0];
  return request === undefined ? undefined : requestKey(request, lower);
}

/** A request's context: the input's keys, then the derived ones (one object, no closures: one per request). */
class InputContext implements ContextMap {
  constructor(
    private readonly input: RequestContextInput,
    private readonly derived: ReadonlyMap<string, ContextEntry> | undefined,
    private readonly request: EvaluationRequest | undefined,
  ) {}

  get(key: string): ContextEntry | undefined {
    const input = this.input;
    if (hasOwn.call(input, key)) return entryOf(input, key);
    const actual = this.spelling(key);
    return actual === undefined ? derivedEntry(this.derived, this.request, key) : entryOf(input, actual);
  }

  raw(key: string): string | readonly string[] | undefined {
    const input = this.input;
    if (hasOwn.call(input, key)) return input[key];
    const actual = this.spelling(key);
    return actual === undefined ? derivedRaw(this.derived, this.request, key) : input[actual];
  }

  /** The input's key that is `key` in another case; the last such key counts, as a later duplicate would in any map built from them. */
  private spelling(key: string): string | undefined {
    const input = this.input;
    const wanted = lowerCase(key);
    let actual: string | undefined;
    for (const k in input) if (hasOwn.call(input, k) && lowerCase(k) === wanted) actual = k;
    return actual;
  }
}

/** A context of derived keys only. */
class DerivedContext implements ContextMap {
  constructor(
    private readonly derived: ReadonlyMap<string, ContextEntry> | undefined,
    private readonly request: EvaluationRequest | undefined,
  ) {}

  get(key: string): ContextEntry | undefined {
    return derivedEntry(this.derived, this.request, key);
  }

  raw(key: string): string | readonly string[] | undefined {
    return derivedRaw(this.derived, this.request, key);
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

// Key names repeat across requests and policies: each distinct text is lower-cased once.
const lowered = CACHES.map<string, string>('evaluator.lowerCasedKeys');
/** `key.toLowerCase()`, memoized (bounded): for condition key names, which repeat. */
export function lowerCase(key: string): string {
  let l = lowered.get(key);
  if (l === undefined) {
    if (lowered.size >= 4096) lowered.clear();
    lowered.set(key, (l = key.toLowerCase()));
  }
  return l;
}

function entryOf(input: RequestContextInput, key: string): ContextEntry {
  const value = input[key] as string | readonly string[];
  return typeof value === 'string' ? { key, values: [value], multi: false } : { key, values: value, multi: true };
}

const EMPTY: ContextMap = { get: () => undefined, raw: () => undefined };

/**
 * The single value of a key for use as a policy variable, or undefined. Multivalued keys cannot be
 * variables (reference_policies_variables.md, "You can use any single-valued condition key as a
 * variable. You can't use a multivalued condition key as a variable"), so a key given as a list
 * (a multivalued key, even with one value) yields no value.
 */
export function singleValue(ctx: ContextMap, key: string): string | undefined {
  const raw = ctx.raw(key);
  return typeof raw === 'string' ? raw : undefined;
}
