/**
 * Glob matching in time linear in pattern × path, for globs a repository controls (`exclude` in
 * the config file) as well as the ones given on the command line. A glob compiles to a small
 * nondeterministic automaton (Thompson's construction) that is run on all its states at once,
 * never backtracking: `*a*a*a…b` against a long run of `a`s costs |pattern| × |path| steps, where
 * a backtracking RegExp takes exponential time. No library does this without a native build
 * (picomatch and minimatch compile to a backtracking RegExp; RE2 needs a native or WASM binding).
 *
 * Syntax: `*` and `?` stay inside one path segment, `**` spans segments (`**` then `/` also matches
 * no segment), `{a,b}` alternates (nested too; a `{` without its `}` is literal), `[abc]`, `[a-z]`,
 * `[!a]`/`[^a]` match one character other than `/`; everything else is literal.
 */

type Consume = (c: number) => boolean;

interface State {
  /** The character test of a consuming state; undefined for a state that only forwards. */
  consume?: Consume;
  /** Where a consumed character leads. */
  out: number;
  /** Transitions taken without a character. */
  readonly eps: number[];
}

type Node =
  | { kind: 'char'; test: Consume }
  | { kind: 'loop'; test: Consume } // `*` (no `/`) and `**` (anything)
  | { kind: 'anyDirs' } // `**/`: nothing, or anything ending in `/`
  | { kind: 'alt'; options: Node[][] };

const SLASH = 47;
const notSlash: Consume = (c) => c !== SLASH;
const anything: Consume = () => true;

/** Compiles `glob` into a predicate over `/`-separated paths (the whole path must match). */
export function compilePathGlob(glob: string): (path: string) => boolean {
  const states: State[] = [{ out: -1, eps: [] }]; // state 0 accepts
  const add = (state: State): number => states.push(state) - 1;
  /** Builds `seq` in front of `next`, back to front; returns its first state. */
  const build = (seq: readonly Node[], next: number): number => {
    let at = next;
    for (let i = seq.length - 1; i >= 0; i--) {
      const node = seq[i] as Node;
      if (node.kind === 'char') at = add({ consume: node.test, out: at, eps: [] });
      else if (node.kind === 'loop') {
        const loop = add({ consume: node.test, out: -1, eps: [at] });
        (states[loop] as State).out = loop;
        at = loop;
      } else if (node.kind === 'anyDirs') {
        const slash = add({ consume: (c) => c === SLASH, out: at, eps: [] });
        const loop = add({ consume: anything, out: -1, eps: [slash] });
        (states[loop] as State).out = loop;
        at = add({ out: -1, eps: [at, loop] });
      } else {
        const target = at;
        at = add({ out: -1, eps: node.options.map((option) => build(option, target)) });
      }
    }
    return at;
  };
  const start = build(parse(glob), 0);

  const seen = new Int32Array(states.length).fill(-1);
  /** Adds `s` and every state reachable from it without a character to `into` (once per step). */
  const close = (s: number, step: number, into: number[]): void => {
    const stack = [s];
    while (stack.length > 0) {
      const t = stack.pop() as number;
      if (seen[t] === step) continue;
      seen[t] = step;
      const state = states[t] as State;
      if (state.consume) into.push(t);
      else if (t === 0) into.push(t);
      for (const e of state.eps) stack.push(e);
    }
  };
  return (path: string): boolean => {
    seen.fill(-1);
    let current: number[] = [];
    close(start, 0, current);
    for (let i = 0; i < path.length && current.length > 0; i++) {
      const c = path.charCodeAt(i);
      const next: number[] = [];
      for (const s of current) {
        const state = states[s] as State;
        if (state.consume?.(c)) close(state.out, i + 1, next);
      }
      current = next;
    }
    return current.includes(0);
  };
}

/** Parses a glob into nodes; `{…}` only where its `}` exists. */
function parse(glob: string): Node[] {
  let i = 0;
  /** A sequence up to the end, or (inside braces) up to a `,` or `}` of this level. */
  const sequence = (inBraces: boolean): Node[] => {
    const seq: Node[] = [];
    while (i < glob.length) {
      const c = glob[i] as string;
      if (inBraces && (c === ',' || c === '}')) break;
      if (c === '*' && glob[i + 1] === '*') {
        if (glob[i + 2] === '/') {
          seq.push({ kind: 'anyDirs' });
          i += 3;
        } else {
          seq.push({ kind: 'loop', test: anything });
          i += 2;
          while (glob[i] === '*') i++; // `***` is `**`
        }
      } else if (c === '*') {
        seq.push({ kind: 'loop', test: notSlash });
        i++;
      } else if (c === '?') {
        seq.push({ kind: 'char', test: notSlash });
        i++;
      } else if (c === '[' && glob.indexOf(']', i + 2) > 0) {
        const end = glob.indexOf(']', i + 2); // `[]a]`: a leading `]` is a member
        seq.push({ kind: 'char', test: charClass(glob.slice(i + 1, end)) });
        i = end + 1;
      } else if (c === '{' && closingBrace(glob, i) > 0) {
        i++;
        const options: Node[][] = [sequence(true)];
        while (glob[i] === ',') {
          i++;
          options.push(sequence(true));
        }
        i++; // the `}`
        seq.push({ kind: 'alt', options });
      } else {
        const code = glob.charCodeAt(i);
        seq.push({ kind: 'char', test: (x) => x === code });
        i++;
      }
    }
    return seq;
  };
  return sequence(false);
}

/** The index of the `}` closing the `{` at `open`, or -1. Linear: one pass, counting depth. */
function closingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let j = open; j < glob.length; j++) {
    if (glob[j] === '{') depth++;
    else if (glob[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

/** `abc`, `a-z`, `!…` / `^…` negated; never matches `/`. */
function charClass(body: string): Consume {
  const negated = body.startsWith('!') || body.startsWith('^');
  const members = negated ? body.slice(1) : body;
  const ranges: [number, number][] = [];
  for (let j = 0; j < members.length; j++) {
    const lo = members.charCodeAt(j);
    if (members[j + 1] === '-' && j + 2 < members.length) {
      ranges.push([lo, members.charCodeAt(j + 2)]);
      j += 2;
    } else ranges.push([lo, lo]);
  }
  return (c) => c !== SLASH && ranges.some(([lo, hi]) => c >= lo && c <= hi) !== negated;
}
