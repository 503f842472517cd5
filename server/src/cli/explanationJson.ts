/**
 * The JSON text of an evaluation's per-policy explanation (`policies` of an `evaluate` output
 * line), the same text `JSON.stringify` gives, built faster: most of it is the same for every
 * request against a policy (each statement's type, index, label, Sid, effect and path; each
 * condition's operator, key and values), so those pieces are serialized once and kept with the
 * parsed statement, and only the per-request parts are written per line.
 */
import type {
  ConditionResult,
  ElementMatch,
  EvaluationResult,
  PolicyExplanation,
  StatementExplanation,
  StatementRef,
} from '../core/evaluator';
import type { JsonPath, PolicyLabel } from '../core/policy/types';
import { RecentSlots } from '../core/memo';
import { Buffer } from 'node:buffer';
import type { LineWriter } from './lineOutput';

// Keyed by objects that live as long as their parsed policy: the statement's path array, the
// label object, a condition's list of values.
const heads = new WeakMap<JsonPath, Map<string, Head>>();
const labels = new WeakMap<PolicyLabel, string>();
const conditionHeads = new WeakMap<readonly string[], { readonly operator: string; readonly key: string; readonly text: string }[]>();

/**
 * `JSON.stringify({ line, decision, summary, decidedBy, blockedBy?, crossAccount, missingContextKeys })`
 * of a result, with the deciding statements from cached pieces.
 */
export function resultJson(r: EvaluationResult, line: number, policies?: string): string {
  let out = `{"line":${JSON.stringify(line)},"decision":${JSON.stringify(r.decision)},"summary":${JSON.stringify(r.summary)},"decidedBy":[`;
  for (let i = 0; i < r.decidedBy.length; i++) out += `${i > 0 ? ',' : ''}${head(r.decidedBy[i] as StatementRef)}}`;
  out += ']';
  if (r.blockedBy !== undefined) out += `,"blockedBy":${JSON.stringify(r.blockedBy)}`;
  out += `,"crossAccount":${r.crossAccount},"missingContextKeys":${r.missingContextKeys.length === 0 ? '[]' : JSON.stringify(r.missingContextKeys)}`;
  // The explanation (`policiesJson`) last, when given: appended, not spliced into a finished text.
  return policies === undefined ? `${out}}` : `${out},"policies":${policies}}`;
}

/** `JSON.stringify(policies)`, from cached pieces. */
export function policiesJson(policies: readonly PolicyExplanation[]): string {
  let out = '[';
  for (let i = 0; i < policies.length; i++) {
    if (i > 0) out += ',';
    out += policyText(policies[i] as PolicyExplanation);
  }
  return `${out}]`;
}

const COMMA = Buffer.from(',');

/**
 * {@link policiesJson} without its brackets, with `texts`, written to `w`: a policy's or a
 * statement's explanation written again is copied as bytes.
 */
export function writePolicies(policies: readonly PolicyExplanation[], texts: ExplanationTexts, w: LineWriter): void {
  for (let i = 0; i < policies.length; i++) {
    if (i > 0) w.encoded(COMMA, ',');
    texts.writePolicy(i, policies[i] as PolicyExplanation, w);
  }
}

/**
 * The texts of the explanations recently written for one policy set, per place (policy i,
 * statement j): a few objects each, found by identity. Not a WeakMap or a Map of every object:
 * most explanation objects live for one request, and such maps keep them (and their texts) alive
 * long enough to reach the old generation, where they make garbage collection expensive; a small
 * ring per place lets them die young.
 *
 * A statement's or a policy's text is kept only as UTF-8 bytes (outside the JavaScript heap), not
 * as a string: what a place's ring holds is alive when the young generation is collected, and
 * strings kept there were most of what each collection copied (and what made V8 widen the young
 * generation as the run went on). A policy explanation written for the first time is written
 * piece by piece (its head, then each statement's bytes): most are never written again (a request
 * value of their own, such as a source IP), so their bytes as one piece are made only when they
 * are. The parts of a new statement explanation (its element answers and condition results,
 * objects the core shares between requests) have their texts kept per place too.
 */
export class ExplanationTexts {
  private readonly policies: Ring<PolicyExplanation>[] = [];
  private readonly statements: Ring<StatementExplanation>[][] = [];
  /** Per statement place: rings for the action answer (0), the resource answer (1) and each condition (2 + k). */
  private readonly parts: Ring<object>[][][] = [];

  /**
   * Writes the text of policy explanation `p` at place `i`: piece by piece the first time, as its
   * UTF-8 bytes (made once) after that.
   */
  writePolicy(i: number, p: PolicyExplanation, w: LineWriter): void {
    const ring = (this.policies[i] ??= new Ring());
    if (ring.find(p)) {
      w.encoded(ring.currentBytes() ?? ring.setBytes(this.policyBytes(ring, i, p)));
      return;
    }
    ring.add(p);
    const known = ring.policyHead(p);
    w.encoded(known.bytes, known.text);
    for (let j = 0; j < p.statements.length; j++) {
      if (j > 0) w.encoded(COMMA, ',');
      w.encoded(this.statementBytes(i, j, p.statements[j] as StatementExplanation));
    }
    w.encoded(CLOSE_POLICY, ']}');
  }

  /** The UTF-8 text of policy explanation `p` at place `i` (whose ring is `ring`), from its head's and statements' bytes. */
  private policyBytes(ring: Ring<PolicyExplanation>, i: number, p: PolicyExplanation): Buffer {
    const pieces: Buffer[] = [ring.policyHead(p).bytes];
    for (let j = 0; j < p.statements.length; j++) {
      if (j > 0) pieces.push(COMMA);
      pieces.push(this.statementBytes(i, j, p.statements[j] as StatementExplanation));
    }
    pieces.push(CLOSE_POLICY);
    return Buffer.concat(pieces);
  }

  /** The UTF-8 text of statement explanation `s` at place (i, j), made when first asked for. */
  private statementBytes(i: number, j: number, s: StatementExplanation): Buffer {
    const ring = this.statementRing(i, j);
    if (ring.find(s)) {
      const known = ring.currentBytes();
      if (known !== undefined) return known;
    } else ring.add(s);
    return ring.setBytes(Buffer.from(statementText(s, (ring.head ??= head(s)), this.partsOf(i, j)), 'utf8'));
  }

  private statementRing(i: number, j: number): Ring<StatementExplanation> {
    return ((this.statements[i] ??= [])[j] ??= new Ring());
  }

  private partsOf(i: number, j: number): Ring<object>[] {
    return ((this.parts[i] ??= [])[j] ??= []);
  }
}

/** A policy explanation's head at a place, as text and bytes, and the explanation it was made for. */
interface PolicyHead {
  readonly text: string;
  readonly bytes: Buffer;
  readonly of: PolicyExplanation;
}

/**
 * Recently written objects and their texts or UTF-8 bytes (made when first asked for), the least
 * recently used replaced when full (see {@link RecentSlots}). The object found or added last is
 * the current one ({@link currentText} and the rest read it).
 */
class Ring<K> {
  /** For a statement's place: the statement's head (the same at that place of the set: see {@link head}). */
  head: string | undefined;
  /** For a policy's place: its heads, by applicable, allows and denies (see {@link policyHead}). */
  private heads: PolicyHead[] | undefined;
  private readonly keys: K[] = [];
  /** Texts (element answers and condition results, pieces of statement texts). */
  private readonly texts: (string | undefined)[] = [];
  /** UTF-8 texts (statements and policies, written as they are). */
  private readonly bytes: (Buffer | undefined)[] = [];
  private readonly slots = new RecentSlots(RING);
  /** The current entry. */
  private at = 0;

  /**
   * {@link policyHead} of `p`, a policy explanation at this ring's place, as text and bytes: made
   * once per combination of applicable, allows and denies (the other fields are the place's).
   */
  policyHead(p: PolicyExplanation): PolicyHead {
    const heads = (this.heads ??= []);
    const flags = (p.applicable ? 4 : 0) + (p.allows ? 2 : 0) + (p.denies ? 1 : 0);
    const hit = heads[flags];
    // Checking the place's fields costs little and keeps the text right whatever a caller passes.
    const o = hit?.of;
    if (hit && o && o.policyType === p.policyType && o.policyIndex === p.policyIndex && o.level === p.level && o.label === p.label)
      return hit;
    const text = policyHead(p);
    return (heads[flags] = { text, bytes: Buffer.from(text, 'utf8'), of: p });
  }

  /** Whether `key` is held; if so it becomes the current entry (and the most recently used). */
  find(key: K): boolean {
    const keys = this.keys;
    // The current entry first: a place often gets the same object on consecutive lines.
    let k = this.at;
    if (keys[k] !== key) {
      for (k = 0; k < keys.length; k++) if (keys[k] === key) break;
      if (k === keys.length) return false;
      this.at = k;
    }
    this.slots.touch(k);
    return true;
  }

  /** Adds `key` as the current entry, without a text yet, in place of the least recently used one when full. */
  add(key: K): void {
    const at = this.slots.claim(this.keys.length);
    this.keys[at] = key;
    this.texts[at] = undefined;
    this.bytes[at] = undefined;
    this.at = at;
  }

  /** The text of the current entry, if made (flat: see {@link flatten}). */
  currentText(): string | undefined {
    const text = this.texts[this.at];
    if (text !== undefined) flatten(text);
    return text;
  }

  setCurrent(text: string): string {
    this.texts[this.at] = text;
    return text;
  }

  /** The UTF-8 text of the current entry, if made. */
  currentBytes(): Buffer | undefined {
    return this.bytes[this.at];
  }

  setBytes(bytes: Buffer): Buffer {
    this.bytes[this.at] = bytes;
    return bytes;
  }
}

/** The text of `part` (an element answer or a condition result, shared between requests) from its place's ring. */
function partText<T extends object>(rings: Ring<object>[], slot: number, part: T, json: (part: T) => string): string {
  const ring = (rings[slot] ??= new Ring());
  if (!ring.find(part)) ring.add(part);
  return ring.currentText() ?? ring.setCurrent(json(part));
}

/**
 * Makes V8 store `text` (built by concatenation, as a tree of pieces) as one flat string, in place,
 * once it is written again: a text written for many lines is then copied as one piece each time
 * instead of its tree being walked again (reading a character flattens a string; a flat string
 * is left as it is).
 */
function flatten(text: string): void {
  text.charCodeAt(0);
}

/** Explanations kept per place: the core keeps as many to hand out again (collect.ts). */
const RING = 8;

const CLOSE_POLICY = Buffer.from(']}');

/** `{"policyType":…,"statements":[` of a policy explanation. */
function policyHead(p: PolicyExplanation): string {
  let out = `{"policyType":"${p.policyType}","policyIndex":${p.policyIndex}`;
  if (p.level !== undefined) out += `,"level":${p.level}`;
  if (p.label !== undefined) out += `,"label":${labelJson(p.label)}`;
  return `${out},"applicable":${p.applicable},"allows":${p.allows},"denies":${p.denies},"statements":[`;
}

function policyText(p: PolicyExplanation): string {
  let out = policyHead(p);
  for (let j = 0; j < p.statements.length; j++) {
    if (j > 0) out += ',';
    out += statementText(p.statements[j] as StatementExplanation);
  }
  return `${out}]}`;
}

function labelJson(label: PolicyLabel): string {
  let text = labels.get(label);
  if (text === undefined) labels.set(label, (text = JSON.stringify(label)));
  return text;
}

// Field order as collect.ts builds a statement explanation (JSON.stringify follows it). With
// `parts`, the texts of its answers and condition results are kept per place (see partText).
function statementText(s: StatementExplanation, known?: string, parts?: Ring<object>[]): string {
  let out = known ?? head(s);
  out += `,"applies":${s.applies},"action":${parts ? matchText(parts, 0, s.action) : matchJson(s.action)}`;
  if (s.resource !== undefined) out += `,"resource":${parts ? matchText(parts, 1, s.resource) : matchJson(s.resource)}`;
  if (s.principal !== undefined) out += `,"principal":${JSON.stringify(s.principal)}`;
  if (s.conditions !== undefined) {
    out += ',"conditions":[';
    for (let i = 0; i < s.conditions.length; i++) {
      if (i > 0) out += ',';
      const c = s.conditions[i] as ConditionResult;
      out += parts ? partText(parts, 2 + i, c, conditionJson) : conditionJson(c);
    }
    out += ']';
  }
  return `${out}}`;
}

/** {@link matchJson} of an answer at a statement's place: the constant texts directly, others from the place's ring. */
function matchText(parts: Ring<object>[], slot: number, m: ElementMatch): string {
  if (m.by === undefined && m.missingKeys === undefined) return m.matched ? '{"matched":true}' : '{"matched":false}';
  return partText(parts, slot, m, matchJson);
}

interface Head {
  readonly text: string;
  readonly of: StatementRef;
}

/**
 * `{"policyType":…,"path":[…]` (no closing brace) of a statement at its place in the set: the
 * fields of a StatementRef, in the order collect.ts builds them.
 */
function head(s: StatementRef): string {
  let byPlace = heads.get(s.path);
  if (!byPlace) heads.set(s.path, (byPlace = new Map()));
  const place = `${s.policyType}:${s.policyIndex}:${s.level ?? ''}`;
  const hit = byPlace.get(place);
  // The path array belongs to one parsed statement; checking the rest costs little and keeps
  // the text right even if a caller shared path arrays between statements.
  const o = hit?.of;
  if (hit && o && o.label === s.label && o.sid === s.sid && o.effect === s.effect && o.statementIndex === s.statementIndex) return hit.text;
  const { policyType, policyIndex, level, label, statementIndex, sid, effect, path } = s;
  const text = JSON.stringify({ policyType, policyIndex, level, label, statementIndex, sid, effect, path }).slice(0, -1);
  byPlace.set(place, { text, of: s });
  return text;
}

// Field order as statement.ts builds element matches: matched, by, missingKeys.
function matchJson(m: ElementMatch): string {
  if (m.by === undefined && m.missingKeys === undefined) return m.matched ? '{"matched":true}' : '{"matched":false}';
  let out = `{"matched":${m.matched}`;
  if (m.by !== undefined) out += `,"by":${JSON.stringify(m.by)}`;
  if (m.missingKeys !== undefined) out += `,"missingKeys":${JSON.stringify(m.missingKeys)}`;
  return `${out}}`;
}

// Field order as core/evaluator/conditionEval.ts builds a condition result.
function conditionJson(c: ConditionResult): string {
  let known = conditionHeads.get(c.policyValues);
  if (!known) conditionHeads.set(c.policyValues, (known = []));
  let out: string | undefined;
  // A list of values belongs to one condition entry: one operator and key (a few if shared).
  for (const h of known) if (h.operator === c.operator && h.key === c.key) out = h.text;
  if (out === undefined) {
    out = `{"operator":${JSON.stringify(c.operator)},"key":${JSON.stringify(c.key)},"policyValues":${JSON.stringify(c.policyValues)}`;
    known.push({ operator: c.operator, key: c.key, text: out });
  }
  if (c.requestValues !== undefined) out += `,"requestValues":${JSON.stringify(c.requestValues)}`;
  out += `,"result":${c.result},"reason":${JSON.stringify(c.reason)},"missingKeys":${c.missingKeys.length === 0 ? '[]' : JSON.stringify(c.missingKeys)}}`;
  return out;
}
