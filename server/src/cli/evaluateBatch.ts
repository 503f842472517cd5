/**
 * Evaluating JSON lines at the speed of the core. A batch usually repeats the same policies on
 * many lines, so each policy document is parsed (`JSON.parse` + `parsePolicy`) once per distinct
 * text and its statements are compiled once (the core caches compiled statements per policy
 * object). A line is only scanned for the boundaries of its top-level fields and policy entries;
 * only the request and policies not seen before are parsed. Any line the scanner does not follow
 * takes the plain path (`JSON.parse` of the whole line), which also words the errors.
 */
import {
  evaluate,
  parseEvaluationInput,
  parseInputPolicies,
  parseInputRequest,
  readPolicy,
  type EvaluateOptions,
  type EvaluationRequest,
  type EvaluationResult,
  type InputError,
  type PolicyReader,
  type PolicySet,
} from '../core/evaluator';
import { Buffer } from 'node:buffer';
import { jsonDepth, MAX_JSON_DEPTH, parseJsonText } from '../core/json';
import type { Policy } from '../core/policy/types';
import { ExplanationTexts, policiesJson, resultJson, writePolicies } from './explanationJson';
import { TextLine, type LineWriter } from './lineOutput';
import type { StatementRef } from '../core/evaluator';

/** The raw JSON text of one policy entry of a line, read through the batch's cache. */
class PolicyText {
  constructor(readonly text: string) {}
}

interface CachedPolicy {
  readonly policy: Policy | undefined;
  /** Problems, with paths relative to the entry. */
  readonly errors: readonly InputError[];
}

interface CachedSet {
  readonly policies: PolicySet;
  readonly errors: readonly InputError[];
  /** The line's text before and after its request value (the request's value excluded). */
  readonly prefix: string;
  readonly suffix: string;
  /** The same as UTF-8 bytes, for lines compared before they are decoded. */
  readonly prefixBytes: Buffer | undefined;
  readonly suffixBytes: Buffer | undefined;
  /** The texts of the set's recent explanations (explained output). */
  readonly texts: ExplanationTexts | undefined;
}

/** The nesting a request value may have: the line's object is one level (core/json's bound). */
const MAX_REQUEST_DEPTH = MAX_JSON_DEPTH - 1;

/** How many recently used policy sets a line is first compared with. */
const RECENT = 8;

/**
 * A map from text to what was read from it, oldest dropped first beyond `maxEntries` or
 * `maxChars` of keys: memory stays flat however many lines and distinct policies come.
 */
class TextCache<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
  ) {}

  get(text: string): V | undefined {
    return this.map.get(text);
  }

  set(text: string, value: V): void {
    this.map.set(text, value);
    this.chars += text.length;
    for (const [k] of this.map) {
      if (this.map.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.map.delete(k);
      this.chars -= k.length;
    }
  }

  get size(): number {
    return this.map.size;
  }
}

const ONE = new Set(['resourcePolicy', 'sessionPolicy']);
const LIST = new Set(['identityPolicies', 'permissionBoundaries', 'vpcEndpointPolicies']);
const LEVELS = new Set(['scps', 'rcps']);

/** Evaluates input lines, sharing parsed policies between them. One per run of `evaluate`. */
export class EvaluationBatch {
  /** Policy documents by their text. */
  private readonly documents = new TextCache<CachedPolicy>(4096, 32 * 1024 * 1024);
  /** Whole policy sets by the text of the line without its request: lines often repeat them. */
  private readonly sets = new TextCache<CachedSet>(1024, 32 * 1024 * 1024);
  /** The most recently used sets, most recent first: most lines repeat one of them. */
  private readonly recent: CachedSet[] = [];
  /**
   * The place in {@link recent} where the previous line's set was found, tried first: a batch that
   * repeats one set finds it at place 0, one that goes round p sets in turn finds each at place
   * p - 1 (without this, p - 1 failed comparisons of a whole policy-set text per line).
   */
  private lastAt = 0;
  private readonly reader: PolicyReader = (raw, path, errors) => {
    if (!(raw instanceof PolicyText)) return readPolicy(raw, path, errors);
    const cached = this.document(raw.text);
    for (const e of cached.errors) errors.push({ path: [...path, ...e.path], message: e.message });
    return cached.policy;
  };

  private readonly options: EvaluateOptions;
  /**
   * The text of a result's decision fields (after the line number, before the explanation), by
   * its `decidedBy` list: the core's plans hand out the same decision objects for requests they
   * reduce alike (results are never mutated), with or without an explanation around them.
   */
  private readonly decisionTexts = new WeakMap<readonly StatementRef[], DecisionText>();

  constructor(private readonly brief: boolean) {
    this.options = { explain: !brief };
  }

  /** Distinct policy documents and policy sets held (for benchmarks). */
  get cached(): { documents: number; sets: number } {
    return { documents: this.documents.size, sets: this.sets.size };
  }

  /** The output line (JSON, no newline) for input line `line`. Never throws. */
  evaluateLine(text: string, line: number): string {
    const w = new TextLine();
    this.writeLine(text, line, w);
    return w.out;
  }

  /** Writes the output line for input line `line` to `w` (then ends the line). Never throws. */
  writeLine(text: string, line: number, w: LineWriter): void {
    try {
      // Nothing is written before the line is known to follow the scanner and to be valid JSON.
      if (this.fast(text, line, w)) return;
    } catch {
      // Invalid JSON somewhere in the line: the plain path below words the error.
    }
    // The plain path: a byte-order mark, the nesting bound and error messages that never quote
    // the line, as for every JSON text the workspace controls (core/json).
    const json = parseJsonText(text);
    if (!json.ok) return textLine(w, JSON.stringify({ line, error: `Invalid JSON: ${json.message}` }));
    const value = json.value;
    const parsed = parseEvaluationInput(value);
    if (parsed.ok) this.outcome(parsed.request, parsed.policies, line, undefined, w);
    else textLine(w, errorLine(parsed.errors, line));
  }

  /** The line written through the caches, or false when the scanner does not follow it. Throws on invalid JSON. */
  private fast(text: string, line: number, w: LineWriter): boolean {
    const known = this.recentMatch(text);
    if (known) {
      this.withRequest(known.set, known.request, line, w);
      return true;
    }
    const fields = scanObject(text);
    if (!fields) return false;
    const req = fields.get('request');
    const [from, to] = req ?? [text.length, text.length];
    const rest = text.slice(0, from) + text.slice(to);
    let set = this.sets.get(rest);
    if (!set) {
      // Nesting beyond the bound goes to the plain path, which refuses it before any walk.
      if (jsonDepth(rest) > MAX_JSON_DEPTH) return false;
      const value: Record<string, unknown> = {};
      for (const [key, [start, end]] of fields) if (key !== 'request') setField(value, key, policyField(key, text, start, end));
      const read = parseInputPolicies(value, this.reader);
      const prefix = own(text.slice(0, from));
      const suffix = own(text.slice(to));
      set = {
        ...read,
        prefix,
        suffix,
        prefixBytes: utf8(prefix),
        suffixBytes: utf8(suffix),
        texts: this.brief ? undefined : new ExplanationTexts(),
      };
      this.sets.set(own(rest), set);
    }
    const requestText = text.slice(from, to);
    if (req && !shallow(requestText)) return false;
    if (req) this.remember(set);
    this.withRequest(set, req ? JSON.parse(requestText) : undefined, line, w);
    return true;
  }

  /**
   * A recently used set whose line text is this line's but for the request value, with that
   * value parsed: the line then needs no scanning. JSON.parse accepting the text between the two
   * known parts as one value proves the line has the same shape (anything else throws).
   */
  private recentMatch(text: string): { set: CachedSet; request: unknown } | undefined {
    const recent = this.recent;
    for (let k = 0; k < recent.length; k++) {
      const set = recent[probe(k, this.lastAt)] as CachedSet;
      const { prefix, suffix } = set;
      const end = text.length - suffix.length;
      // Slices compared with === (a memory compare) are several times faster than startsWith.
      if (end <= prefix.length || text.slice(0, prefix.length) !== prefix || text.slice(end) !== suffix) continue;
      const request = parseRequest(text.slice(prefix.length, end));
      if (request === NOT_PARSED) return undefined;
      this.remember(set);
      return { set, request };
    }
    return undefined;
  }

  /**
   * The output line for input line `line`, given as UTF-8 bytes `bytes[start, end)`, when the line
   * repeats a recently used policy set byte for byte: only its request value is then decoded and
   * parsed. Undefined otherwise: decode the line and call {@link evaluateLine}, which gives the
   * same output for it. (Equal bytes decode to equal text: the cached parts are UTF-8 encodings of
   * decoded text and end on character boundaries.)
   */
  evaluateRecentBytes(bytes: Buffer, start: number, end: number, line: number): string | undefined {
    const w = new TextLine();
    return this.writeRecentBytes(bytes, start, end, line, w) ? w.out : undefined;
  }

  /** {@link evaluateRecentBytes} writing the line to `w` (then ending it): false when nothing was written. */
  writeRecentBytes(bytes: Buffer, start: number, end: number, line: number, w: LineWriter): boolean {
    const recent = this.recent;
    for (let k = 0; k < recent.length; k++) {
      const set = recent[probe(k, this.lastAt)] as CachedSet;
      const { prefixBytes, suffixBytes } = set;
      if (!prefixBytes || !suffixBytes) continue;
      const from = start + prefixBytes.length;
      const to = end - suffixBytes.length;
      if (to <= from || !sameBytes(suffixBytes, bytes, to) || prefixBytes.compare(bytes, start, from) !== 0) continue;
      const request = parseRequest(bytes.toString('utf8', from, to));
      if (request === NOT_PARSED) return false;
      this.remember(set);
      this.withRequest(set, request, line, w);
      return true;
    }
    return false;
  }

  private remember(set: CachedSet): void {
    const recent = this.recent;
    if (recent[0] === set) {
      this.lastAt = 0;
      return;
    }
    // Moved (or added) first by shifting the ones before it: no array per call (this runs per line).
    let at = recent.indexOf(set);
    this.lastAt = at < 0 ? 0 : at;
    if (at < 0) at = Math.min(recent.length, RECENT - 1);
    for (let m = at; m > 0; m--) recent[m] = recent[m - 1] as CachedSet;
    recent[0] = set;
  }

  private withRequest(set: CachedSet, raw: unknown, line: number, w: LineWriter): void {
    const errors = set.errors.length > 0 ? [...set.errors] : [];
    const request = parseInputRequest(raw, errors);
    if (errors.length > 0 || !request) textLine(w, errorLine(errors, line));
    else this.outcome(request, set.policies, line, set.texts, w);
  }

  private document(text: string): CachedPolicy {
    let hit = this.documents.get(text);
    if (!hit) {
      const errors: InputError[] = [];
      // Throws on invalid JSON: the caller retries the line on the plain path for the message.
      hit = { policy: readPolicy(JSON.parse(text) as unknown, [], errors), errors };
      this.documents.set(own(text), hit);
    }
    return hit;
  }

  private outcome(request: EvaluationRequest, policies: PolicySet, line: number, texts: ExplanationTexts | undefined, w: LineWriter): void {
    // --brief prints no explanation: the core's lean path builds none (same decision and summary).
    const outcome = evaluate(request, policies, this.options);
    if (outcome.decision === 'Error') return textLine(w, JSON.stringify({ line, error: outcome.summary, problems: outcome.problems }));
    // Field order as before: line first, then the result's own fields; the explanation last
    // (from cached pieces, explanationJson.ts): byte for byte what JSON.stringify gives.
    const decision = this.decisionText(outcome);
    w.encoded(LINE_HEAD_BYTES, LINE_HEAD);
    w.int(line);
    w.encoded(decision.bytes, decision.text);
    if (this.brief) w.encoded(CLOSE_BYTES, '}');
    else if (texts) {
      w.encoded(POLICIES_OPEN_BYTES, POLICIES_OPEN);
      writePolicies(outcome.policies, texts, w);
      w.encoded(POLICIES_CLOSE_BYTES, ']}');
    } else w.text(`${POLICIES_OPEN}${policiesJson(outcome.policies).slice(1)}}`);
    w.end();
  }

  private decisionText(r: EvaluationResult): DecisionText {
    const hit = this.decisionTexts.get(r.decidedBy);
    if (
      hit !== undefined &&
      hit.decision === r.decision &&
      hit.summary === r.summary &&
      hit.blockedBy === r.blockedBy &&
      hit.crossAccount === r.crossAccount &&
      hit.missing === r.missingContextKeys
    )
      return hit;
    const text = resultJson(r, 0).slice(LINE_ZERO.length, -1);
    const made: DecisionText = {
      decision: r.decision,
      summary: r.summary,
      blockedBy: r.blockedBy,
      crossAccount: r.crossAccount,
      missing: r.missingContextKeys,
      text,
      bytes: Buffer.from(text, 'utf8'),
    };
    this.decisionTexts.set(r.decidedBy, made);
    return made;
  }
}

/** A result's decision fields and their JSON text (`,"decision":…,"missingContextKeys":[…]`). */
interface DecisionText {
  readonly decision: EvaluationResult['decision'];
  readonly summary: string;
  readonly blockedBy: EvaluationResult['blockedBy'];
  readonly crossAccount: boolean | undefined;
  readonly missing: readonly string[];
  readonly text: string;
  /** The text as UTF-8. */
  readonly bytes: Buffer;
}

const NOT_PARSED = Symbol('not parsed');

/** How `resultJson` starts a line: the number follows. */
const LINE_HEAD = '{"line":';
const LINE_ZERO = `${LINE_HEAD}0`;
const POLICIES_OPEN = ',"policies":[';
const LINE_HEAD_BYTES = Buffer.from(LINE_HEAD);
const POLICIES_OPEN_BYTES = Buffer.from(POLICIES_OPEN);
const POLICIES_CLOSE_BYTES = Buffer.from(']}');
const CLOSE_BYTES = Buffer.from('}');

/**
 * The place in the recent sets to try `k`-th: `first` (where the previous line's set was found,
 * below the list's length), then the others in order.
 */
function probe(k: number, first: number): number {
  if (k === 0) return first;
  return k <= first ? k - 1 : k;
}

/** Writes a whole line given as text. */
function textLine(w: LineWriter, text: string): void {
  w.text(text);
  w.end();
}

/** A request value's text parsed, or NOT_PARSED when it is not JSON or nests too deep (the plain path words why). */
function parseRequest(text: string): unknown {
  if (!shallow(text)) return NOT_PARSED;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_PARSED;
  }
}

/**
 * Whether a request value's text nests within the bound. Most requests hold a handful of brackets:
 * counting them (indexOf runs fast) bounds the depth without walking every character.
 */
function shallow(text: string): boolean {
  let brackets = 0;
  for (let i = text.indexOf('{'); i >= 0 && brackets <= MAX_REQUEST_DEPTH; i = text.indexOf('{', i + 1)) brackets++;
  for (let i = text.indexOf('['); i >= 0 && brackets <= MAX_REQUEST_DEPTH; i = text.indexOf('[', i + 1)) brackets++;
  return brackets <= MAX_REQUEST_DEPTH || jsonDepth(text) <= MAX_REQUEST_DEPTH;
}

/**
 * Whether `bytes` at `at` holds `part`. A line's text after its request is usually short (`}`):
 * compared here byte by byte, as Buffer#compare with offsets costs about a microsecond a call.
 */
function sameBytes(part: Buffer, bytes: Buffer, at: number): boolean {
  const n = part.length;
  if (n > 32) return part.compare(bytes, at, at + n) === 0;
  for (let i = 0; i < n; i++) if (part[i] !== bytes[at + i]) return false;
  return true;
}

/** The UTF-8 bytes of `text`, or undefined when they would not decode to it (a lone surrogate). */
function utf8(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.toString('utf8') === text ? bytes : undefined;
}

/**
 * A copy of `text` that does not keep the input chunk it was sliced from alive (V8 slices share
 * their parent string): cached texts must not hold whole chunks of past input.
 */
function own(text: string): string {
  return ` ${text}`.slice(1);
}

function errorLine(errors: readonly InputError[], line: number): string {
  return JSON.stringify({ line, error: errors.map((e) => `${e.path.length ? `${e.path.join('.')}: ` : ''}${e.message}`).join('; ') });
}

function setField(value: Record<string, unknown>, key: string, field: unknown): void {
  // A "__proto__" key must stay an ordinary field, as JSON.parse makes it.
  if (key === '__proto__') Object.defineProperty(value, key, { value: field, enumerable: true, writable: true, configurable: true });
  else value[key] = field;
}

/** A policy field with each policy entry as a {@link PolicyText}; other fields parsed as they are. */
function policyField(key: string, text: string, start: number, end: number): unknown {
  if (ONE.has(key)) return entry(text, start, end);
  if (LIST.has(key)) return list(text, start, end, entry);
  if (LEVELS.has(key)) return list(text, start, end, (t, s, e) => list(t, s, e, entry));
  return JSON.parse(text.slice(start, end));
}

type Reader = (text: string, start: number, end: number) => unknown;

/** A policy entry: objects go through the cache, anything else is parsed (and rejected by the input reader). */
function entry(text: string, start: number, end: number): unknown {
  return text.charCodeAt(start) === 0x7b /* { */ ? new PolicyText(text.slice(start, end)) : JSON.parse(text.slice(start, end));
}

/** An array's elements read with `read`; a value that is not an array is parsed as is. */
function list(text: string, start: number, end: number, read: Reader): unknown {
  if (text.charCodeAt(start) !== 0x5b /* [ */) return JSON.parse(text.slice(start, end));
  const out: unknown[] = [];
  let i = skipSpace(text, start + 1);
  if (text.charCodeAt(i) === 0x5d /* ] */) return i + 1 === end ? out : fail();
  for (;;) {
    const valueEnd = scanValue(text, i);
    out.push(read(text, i, valueEnd));
    i = skipSpace(text, valueEnd);
    const c = text.charCodeAt(i);
    if (c === 0x5d /* ] */) return i + 1 === end ? out : fail();
    if (c !== 0x2c /* , */) return fail();
    i = skipSpace(text, i + 1);
  }
}

/** The top-level fields of a JSON object line: key → value span. Undefined when `text` is not an object. */
function scanObject(text: string): Map<string, [number, number]> | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b /* { */) return undefined;
  const fields = new Map<string, [number, number]>();
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === 0x7d /* } */) return skipSpace(text, i + 1) === text.length ? fields : undefined;
  for (;;) {
    if (text.charCodeAt(i) !== 0x22 /* " */) return undefined;
    const keyEnd = scanString(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== 0x3a /* : */) return undefined;
    i = skipSpace(text, i + 1);
    const valueEnd = scanValue(text, i);
    fields.delete(key); // a repeated key: the last one counts, as with JSON.parse
    fields.set(key, [i, valueEnd]);
    i = skipSpace(text, valueEnd);
    const c = text.charCodeAt(i);
    if (c === 0x7d /* } */) return skipSpace(text, i + 1) === text.length ? fields : undefined;
    if (c !== 0x2c /* , */) return undefined;
    i = skipSpace(text, i + 1);
  }
}

function fail(): never {
  throw new SyntaxError('unexpected structure');
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/**
 * The end of the JSON value starting at `i`. Strings and brackets are followed (brackets by depth
 * only: a span is either parsed with JSON.parse, which rejects a mismatch, or equal to a text that
 * was parsed before); scalars run to the next delimiter.
 */
function scanValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22 /* " */) return scanString(text, i);
  if (c === 0x7b /* { */ || c === 0x5b /* [ */) return scanBrackets(text, i);
  let j = i;
  for (;;) {
    const d = text.charCodeAt(j);
    if (Number.isNaN(d) || d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    j++;
  }
  return j > i ? j : fail();
}

function scanBrackets(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22 /* " */) j = scanString(text, j) - 1;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return j + 1;
  }
  return fail();
}

/** The index after the closing quote of the string starting at `i`. */
function scanString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return fail();
    let backslashes = 0;
    for (let k = q - 1; k > i && text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}
