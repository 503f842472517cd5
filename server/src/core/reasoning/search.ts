/**
 * The decision procedure's search. A request is a choice of one region per dimension (action,
 * resource, principal, one per condition key); a statement applies when its atom on every
 * dimension it constrains is true. The question "is some request allowed by one statement set and
 * not by another" is
 *
 *   (∨ newAllow) ∧ ¬(∨ newDeny) ∧ ( ¬(∨ oldAllow) ∨ (∨ oldDeny) )
 *
 * decided by depth-first search over the dimensions with three-valued pruning: a branch is cut as
 * soon as no new Allow can still apply, a new Deny surely applies, or an old Allow surely applies
 * while no old Deny can. A dimension no live statement constrains is not branched on.
 */
import type { WorkBudget } from './budget';

/** One region of a dimension: a witness value and, per statement, whether its atom is true. */
export interface Choice<V> {
  readonly value: V;
  /** 1 where the statement's atom on this dimension holds (or it does not constrain the dimension). */
  readonly truth: Uint8Array;
}

/** A dimension: its choices, and which statements it constrains. */
export interface Dimension<V> {
  readonly name: string;
  readonly choices: readonly Choice<V>[];
  readonly constrains: Uint8Array;
}

/** The role of a statement in the question. */
export type Role = 'newAllow' | 'newDeny' | 'oldAllow' | 'oldDeny';

/** A satisfying assignment: one choice index per dimension, and the statements that apply. */
export interface Leaf {
  readonly picks: readonly number[];
  /** Indices of statements that apply under the picks. */
  readonly applying: readonly number[];
}

/** What to do after a leaf: stop, or look for more. */
export type LeafAction = 'stop' | 'continue' | 'skip-action';

/** The outcome of {@link search}. */
export interface SearchOutcome {
  /** True when the search visited every branch it needed (no node limit hit, budget not spent). */
  readonly finished: boolean;
  readonly nodes: number;
}

/** Limits of a search: a node count and/or a work budget (one step per statement at each node, budget.ts). */
export interface SearchLimits {
  readonly maxNodes?: number;
  readonly budget?: WorkBudget;
}

/** Runs the search; `onLeaf` gets each satisfying assignment. */
export function search(
  roles: readonly Role[],
  dims: readonly Dimension<unknown>[],
  onLeaf: (leaf: Leaf) => LeafAction,
  limits: SearchLimits | number = {},
): SearchOutcome {
  const { maxNodes = Infinity, budget } = typeof limits === 'number' ? { maxNodes: limits } : limits;
  const n = roles.length;
  const lastDim = new Int32Array(n).fill(-1);
  dims.forEach((d, i) => {
    for (let s = 0; s < n; s++) if (d.constrains[s]) lastDim[s] = i;
  });
  const byRole = (r: Role) => roles.flatMap((x, i) => (x === r ? [i] : []));
  const newAllow = byRole('newAllow');
  const newDeny = byRole('newDeny');
  const oldAllow = byRole('oldAllow');
  const oldDeny = byRole('oldDeny');
  const picks: number[] = new Array<number>(dims.length).fill(0);
  let nodes = 0;
  let aborted = false;

  // -1: cut; 0: undecided; 1: satisfied (only at the last dimension).
  const status = (alive: Uint8Array, depth: number): number => {
    const certain = (s: number) => alive[s] === 1 && (lastDim[s] as number) <= depth;
    if (!newAllow.some((s) => alive[s])) return -1;
    if (newDeny.some(certain)) return -1;
    if (oldAllow.some(certain) && !oldDeny.some((s) => alive[s])) return -1;
    return depth === dims.length - 1 ? 1 : 0;
  };

  const visit = (depth: number, alive: Uint8Array): 'continue' | 'stop' | 'skip-action' => {
    if (depth === dims.length) {
      const applying: number[] = [];
      for (let s = 0; s < n; s++) if (alive[s]) applying.push(s);
      return onLeaf({ picks: [...picks], applying });
    }
    const dim = dims[depth] as Dimension<unknown>;
    const relevant = alive.some((a, s) => a === 1 && dim.constrains[s] === 1);
    const count = relevant ? dim.choices.length : 1;
    for (let c = 0; c < count; c++) {
      if (++nodes > maxNodes || (budget && !budget.spend(n))) {
        aborted = true;
        return 'stop';
      }
      const truth = (dim.choices[c] as Choice<unknown>).truth;
      const next = new Uint8Array(n);
      for (let s = 0; s < n; s++) next[s] = (alive[s] as number) & (truth[s] as number);
      const st = status(next, depth);
      if (st < 0) continue;
      picks[depth] = c;
      const r = visit(depth + 1, next);
      if (r === 'stop') return 'stop';
      if (r === 'skip-action' && depth > 0) return 'skip-action';
    }
    return 'continue';
  };

  if (dims.length === 0) {
    // No dimension: every statement applies to every request.
    const all = new Uint8Array(n).fill(1);
    if (status(all, -1) >= 0 && decideLeaf(all, newAllow, newDeny, oldAllow, oldDeny)) onLeaf({ picks: [], applying: [...all.keys()] });
    return { finished: true, nodes: 0 };
  }
  visit(0, new Uint8Array(n).fill(1));
  return { finished: !aborted, nodes };
}

function decideLeaf(alive: Uint8Array, newAllow: number[], newDeny: number[], oldAllow: number[], oldDeny: number[]): boolean {
  const any = (xs: number[]) => xs.some((s) => alive[s] === 1);
  return any(newAllow) && !any(newDeny) && (!any(oldAllow) || any(oldDeny));
}
