/**
 * String languages of the policy language as small automata, and witness generation over their
 * product. A language is a glob compiled to tokens (`*`, `?`, literal character sets) whose NFA
 * states are token positions; ARN patterns keep `*` and `?` inside the first five colon-separated
 * segments (reference_policies_elements_resource.md, "Using wildcards in resource ARNs").
 *
 * {@link witnesses} walks the product of several languages breadth first and returns one string
 * for every combination of "which languages accept" that some string realizes. That is exact: the
 * alphabet is split into the characters the patterns name (in every case they match) plus ':' and
 * one character standing for all others, which every token treats alike.
 */
import type { WorkBudget } from './budget';
import { splitArn } from '../evaluator/arn';
import { CACHES } from '../caches';

type Token =
  | { readonly kind: 'lit'; readonly chars: string }
  | { readonly kind: 'one'; readonly noColon: boolean }
  | { readonly kind: 'star'; readonly noColon: boolean };

/** A compiled language: everything, nothing, or a token sequence. */
export type Language =
  { readonly kind: 'all' } | { readonly kind: 'none' } | { readonly kind: 'tokens'; readonly tokens: readonly Token[] };

const ALL: Language = { kind: 'all' };
const NONE: Language = { kind: 'none' };

function litToken(c: string, ignoreCase: boolean): Token {
  if (!ignoreCase) return { kind: 'lit', chars: c };
  const lower = c.toLowerCase();
  const upper = c.toUpperCase();
  return { kind: 'lit', chars: lower === upper ? c : lower + upper };
}

function globTokens(pattern: string, ignoreCase: boolean, noColon: boolean, out: Token[]): void {
  for (const c of pattern) {
    if (c === '*') out.push({ kind: 'star', noColon });
    else if (c === '?') out.push({ kind: 'one', noColon });
    else out.push(litToken(c, ignoreCase));
  }
}

/** A glob (`*`, `?`), as StringLike and the Action element use it. */
export function globLanguage(pattern: string, ignoreCase = false): Language {
  if (pattern === '*') return ALL;
  const tokens: Token[] = [];
  globTokens(pattern, ignoreCase, false, tokens);
  return { kind: 'tokens', tokens };
}

/** A literal string (StringEquals), optionally ignoring case. */
export function literalLanguage(text: string, ignoreCase = false): Language {
  return { kind: 'tokens', tokens: [...text].map((c) => litToken(c, ignoreCase)) };
}

/**
 * An ARN pattern as `compileArnPattern` matches it: six segments, wildcards within the first five
 * never crossing a colon, except a `*` that ends one of them (`segmentEndStar: 'spans'`, the
 * default, as in the Resource element: it "can expand to match beyond the colon boundaries"); a
 * pattern with fewer than six segments is a plain glob (`glob`) or matches nothing (`never`, the
 * ARN condition operators, which also pass `segmentEndStar: 'within'`).
 */
export function arnLanguage(
  pattern: string,
  options: { ignoreCasePrefix?: boolean; shortPattern?: 'glob' | 'never'; segmentEndStar?: 'spans' | 'within' } = {},
): Language {
  if (pattern === '*') return ALL;
  const segs = splitArn(pattern);
  if (!segs) return options.shortPattern === 'never' ? NONE : globLanguage(pattern);
  const tokens: Token[] = [];
  segs.forEach((s, i) => {
    if (i > 0) tokens.push({ kind: 'lit', chars: ':' });
    globTokens(s, options.ignoreCasePrefix === true && i >= 1 && i <= 3, i < 5, tokens);
    const last = tokens[tokens.length - 1];
    if (i < 5 && options.segmentEndStar !== 'within' && s.endsWith('*') && last?.kind === 'star')
      tokens[tokens.length - 1] = { kind: 'star', noColon: false };
  });
  return { kind: 'tokens', tokens };
}

/**
 * Positions reachable from `positions` without reading (a `*` may match nothing), ascending and
 * each once. The callers pass ascending positions (repeats allowed): then each position's run of
 * stars continues the list, and a position inside the run already taken adds nothing, so no set or
 * sort is needed. Anything else takes the general way.
 */
function closure(tokens: readonly Token[], positions: readonly number[]): number[] {
  const out: number[] = [];
  let last = -1;
  for (let i = 0; i < positions.length; i++) {
    let p = positions[i] as number;
    if (i > 0 && p < (positions[i - 1] as number)) return closureOfAny(tokens, positions);
    if (p <= last) continue;
    out.push(p);
    while (p < tokens.length && tokens[p]?.kind === 'star') out.push(++p);
    last = p;
  }
  return out;
}

function closureOfAny(tokens: readonly Token[], positions: readonly number[]): number[] {
  const out = new Set<number>();
  for (let p of positions) {
    out.add(p);
    while (p < tokens.length && tokens[p]?.kind === 'star') out.add(++p);
  }
  return [...out].sort((a, b) => a - b);
}

function step(tokens: readonly Token[], positions: readonly number[], c: string): number[] {
  const next: number[] = [];
  for (const p of positions) {
    const t = tokens[p];
    if (!t) continue;
    if (t.kind === 'lit') {
      if (t.chars.includes(c)) next.push(p + 1);
    } else if (!(t.noColon && c === ':')) next.push(t.kind === 'one' ? p + 1 : p);
  }
  return next.length === 0 ? next : closure(tokens, next);
}

/** Whether `lang` accepts `text` (used by tests to check the automata against the evaluator). */
export function accepts(lang: Language, text: string): boolean {
  if (lang.kind !== 'tokens') return lang.kind === 'all';
  let s = closure(lang.tokens, [0]);
  for (const c of text) {
    s = step(lang.tokens, s, c);
    if (s.length === 0) return false;
  }
  return s.includes(lang.tokens.length);
}

/** The outcome of {@link witnesses}. */
export interface Witnesses {
  /** One string per realizable acceptance signature ("1" = accepts, per language). */
  readonly bySignature: ReadonlyMap<string, string>;
  /** False when the state limit stopped the walk: some signatures may be missing. */
  readonly complete: boolean;
}

const FRESH = ['x', 'q', 'z', '0', '_', '-', '~', 'Q', '9'];

/**
 * A language's automaton made deterministic as a walk needs it: each set of token positions the
 * walk reaches gets a number once, and each (set, character) its successor once, so a transition
 * taken again is a lookup instead of a step over the positions. The sets, and so the answers, are
 * those of {@link step} and {@link closure}.
 */
class LazyDfa {
  private readonly ids = new Map<string, number>();
  private readonly sets: (readonly number[])[] = [];
  private readonly next: Map<string, number>[] = [];
  /** Whether each state accepts (holds the position past the last token). */
  readonly accepting: boolean[] = [];
  readonly start: number;

  constructor(private readonly tokens: readonly Token[]) {
    this.start = this.id(closure(tokens, [0]));
  }

  step(state: number, c: string): number {
    const row = this.next[state] as Map<string, number>;
    let to = row.get(c);
    if (to === undefined) {
      const set = this.sets[state] as readonly number[];
      row.set(c, (to = this.id(set.length === 0 ? set : step(this.tokens, set, c))));
    }
    return to;
  }

  accepts(text: string): boolean {
    let s = this.start;
    for (const c of text) s = this.step(s, c);
    return this.accepting[s] as boolean;
  }

  private id(set: readonly number[]): number {
    const key = set.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.ids.set(key, id);
      this.sets.push(set);
      this.next.push(new Map());
      this.accepting.push(set.includes(this.tokens.length));
    }
    return id;
  }
}

/** A finished walk of {@link witnesses}: its witnesses in order, and the steps it spent. */
interface FinishedWalk {
  readonly entries: readonly (readonly [string, string])[];
  readonly steps: number;
  /** Characters of its key, signatures and witnesses. */
  readonly size: number;
}

/**
 * Walks that finished, by their input ({@link walkKey}): the never-assertions ask the same
 * resource patterns once per principal and resource class, and a document's checks ask them again
 * on each validation. Cleared when it would hold more than {@link MAX_WALKS} walks or
 * {@link MAX_HELD} characters (keys, signatures and witnesses), so its memory stays bounded.
 */
const finishedWalks = CACHES.map<string, FinishedWalk>('reasoning.witnessWalks');
const MAX_WALKS = 256;
const MAX_HELD = 4_000_000;

function keepWalk(key: string, bySignature: ReadonlyMap<string, string>, steps: number): void {
  let size = key.length;
  for (const [signature, text] of bySignature) size += signature.length + text.length;
  if (size > MAX_HELD / 4) return;
  let held = size;
  for (const walk of finishedWalks.values()) held += walk.size;
  if (finishedWalks.size >= MAX_WALKS || held > MAX_HELD) finishedWalks.clear();
  finishedWalks.set(key, { entries: [...bySignature], steps, size });
}

/** The input of a walk as a string that two walks share only when their languages, candidates and state limit are the same. */
function walkKey(langs: readonly Language[], candidates: readonly string[], maxStates: number): string {
  let key = `${maxStates}`;
  for (const l of langs) {
    key += l.kind === 'all' ? '|A' : l.kind === 'none' ? '|N' : '|T';
    if (l.kind !== 'tokens') continue;
    for (const t of l.tokens)
      key += t.kind === 'lit' ? `l${t.chars.length}:${t.chars}` : `${t.kind === 'one' ? 'o' : 's'}${t.noColon ? 1 : 0}`;
  }
  for (const c of candidates) key += `|${c.length}:${c}`;
  return key;
}

/**
 * One witness string for every subset of `langs` that some string is accepted by exactly. Nice
 * candidates (e.g. the patterns with `*` filled in) are tried first so that witnesses read well;
 * the breadth-first walk fills in the rest. Stops after `maxStates` product states, or when
 * `budget` is spent (one step per language for each candidate and each transition). A walk that
 * finished is kept: the same input again gets the same witnesses and spends the same steps at
 * once (so a step budget runs out exactly where the walk would have run it out, and then the walk
 * is done again to stop where it stopped).
 */
export function witnesses(
  langs: readonly Language[],
  candidates: readonly string[] = [],
  maxStates = 20000,
  budget?: WorkBudget,
): Witnesses {
  const key = walkKey(langs, candidates, maxStates);
  const known = finishedWalks.get(key);
  if (known && (!budget || (budget.spent + known.steps <= budget.limit && budget.spend(known.steps))))
    return { bySignature: new Map(known.entries), complete: true };
  const walk = walkWitnesses(langs, candidates, maxStates, budget);
  if (walk.complete) keepWalk(key, walk.bySignature, walk.steps);
  return { bySignature: walk.bySignature, complete: walk.complete };
}

function walkWitnesses(
  langs: readonly Language[],
  candidates: readonly string[],
  maxStates: number,
  budget: WorkBudget | undefined,
): Witnesses & { readonly steps: number } {
  const bySignature = new Map<string, string>();
  let steps = 0;
  const dfas = langs.map((l) => (l.kind === 'tokens' ? new LazyDfa(l.tokens) : undefined));
  const fixed = langs.map((l) => (l.kind === 'all' ? '1' : l.kind === 'none' ? '0' : ''));
  const signatureOf = (text: string) => dfas.map((d, i) => fixed[i] || ((d as LazyDfa).accepts(text) ? '1' : '0')).join('');
  for (const c of candidates) {
    const sig = signatureOf(c);
    if (!bySignature.has(sig)) bySignature.set(sig, c);
    // Signatures cost patterns × candidates: hundreds of resource ARNs take seconds.
    steps += langs.length;
    if (budget && !budget.spend(langs.length)) return { bySignature, complete: false, steps };
  }
  const alphabet = alphabetOf(langs.map((l) => (l.kind === 'tokens' ? l.tokens : undefined)));
  // A product state is the tuple of the moving languages' DFA states (the languages without
  // tokens never move), numbered in the order the walk finds them (ProductWalk).
  const walk = new ProductWalk(
    dfas.filter((d): d is LazyDfa => d !== undefined),
    alphabet,
  );
  const sigOfState = (p: number) => {
    let sig = '';
    for (let i = 0, j = 0; i < langs.length; i++) sig += fixed[i] || (walk.accepting(p, j++) ? '1' : '0');
    return sig;
  };
  let queue: { state: number; text: string }[] = [{ state: 0, text: '' }];
  while (queue.length > 0) {
    const next: typeof queue = [];
    for (const { state, text } of queue) {
      const sig = sigOfState(state);
      if (!bySignature.has(sig)) bySignature.set(sig, text);
      for (let k = 0; k < alphabet.length; k++) {
        // One step per language for each transition taken.
        steps += langs.length;
        if (budget && !budget.spend(langs.length)) return { bySignature, complete: false, steps };
        const to = walk.step(state, k);
        if (to < 0) continue;
        if (walk.size > maxStates) return { bySignature, complete: false, steps };
        next.push({ state: to, text: text + alphabet[k]! });
      }
    }
    queue = next;
  }
  return { bySignature, complete: true, steps };
}

/** Tuples of DFA states by their components: a map per prefix, the last component to the tuple's number. */
type TupleTrie = Map<number, TupleTrie | number>;

/**
 * The product of DFAs as {@link walkWitnesses} explores it: product states numbered from 0 (the
 * start) in the order found, each DFA's transition on each alphabet character looked up in a row
 * of its own (first taken through {@link LazyDfa.step}, so the DFA numbers its states as before),
 * and a tuple of DFA states found again through a trie of maps (no key string per transition).
 */
class ProductWalk {
  /** Product state p's DFA states at [p * m, (p + 1) * m). */
  private readonly tuples: number[] = [];
  /** Per DFA, per DFA state, the successor on each alphabet character (-1: not yet taken). */
  private readonly rows: number[][][];
  /** The trie of tuples: a map per prefix; the last level maps to product state numbers. */
  private readonly trie: TupleTrie = new Map();
  private readonly to: number[];
  size = 0;

  constructor(
    private readonly dfas: readonly LazyDfa[],
    private readonly alphabet: readonly string[],
  ) {
    this.rows = dfas.map(() => []);
    this.to = dfas.map((d) => d.start);
    this.intern();
  }

  /** Whether DFA `j` accepts in product state `p`. */
  accepting(p: number, j: number): boolean {
    return this.dfas[j]!.accepting[this.tuples[p * this.dfas.length + j]!] === true;
  }

  /** The successor of product state `p` on alphabet character `k`: its number when it is new, -1 when it was found before. */
  step(p: number, k: number): number {
    const m = this.dfas.length;
    const c = this.alphabet[k]!;
    for (let j = 0; j < m; j++) {
      const s = this.tuples[p * m + j]!;
      const rows = this.rows[j]!;
      const row = rows[s] ?? (rows[s] = new Array<number>(this.alphabet.length).fill(-1));
      let t = row[k]!;
      if (t < 0) row[k] = t = this.dfas[j]!.step(s, c);
      this.to[j] = t;
    }
    return this.intern();
  }

  /** Numbers the tuple in {@link to} when it is new (and returns the number), else -1. */
  private intern(): number {
    const m = this.dfas.length;
    if (m === 0) return this.size === 0 ? this.add() : -1;
    let node = this.trie;
    for (let j = 0; j < m - 1; j++) {
      const s = this.to[j]!;
      let child = node.get(s);
      if (child === undefined) node.set(s, (child = new Map()));
      else if (typeof child === 'number') throw new Error('a tuple prefix numbered as a tuple');
      node = child;
    }
    const last = this.to[m - 1]!;
    if (node.has(last)) return -1;
    const id = this.add();
    node.set(last, id);
    return id;
  }

  private add(): number {
    for (const s of this.to) this.tuples.push(s);
    return this.size++;
  }
}

function alphabetOf(langs: readonly (readonly Token[] | undefined)[]): string[] {
  const chars = new Set<string>([':']);
  for (const t of langs) for (const tok of t ?? []) if (tok.kind === 'lit') for (const c of tok.chars) chars.add(c);
  const fresh = FRESH.find((c) => !chars.has(c));
  // Every printable ASCII character named: fall back to a character no pattern is likely to use.
  return [...(fresh ? [fresh] : ['\u00e9']), ...[...chars].sort()];
}

/** A readable instance of a glob: `*` becomes `example`, `?` becomes `x`. */
export function instantiate(pattern: string): string {
  return pattern.replace(/\*/g, 'example').replace(/\?/g, 'x');
}
