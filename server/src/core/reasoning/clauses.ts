/**
 * The search of search.ts for a goal written as clauses over statements: "some statement of this
 * group applies" and "no statement of this group applies". Never-assertions use it to ask
 * whether some request satisfies every condition AWS puts on an allowed request (no Deny applies,
 * every SCP and RCP level allows, the identity side or the resource policy allows, …).
 *
 * Depth-first over the dimensions with three-valued pruning, as in search.ts: a branch is cut as
 * soon as a "some" group has no statement that can still apply, or a "none" group has one that
 * surely applies. A dimension no live statement constrains is not branched on.
 */
import type { Choice, Dimension, Leaf, LeafAction, SearchLimits, SearchOutcome } from './search';

/** One clause of the goal. An empty "some" clause cannot be met. */
export interface Clause {
  readonly kind: 'some' | 'none';
  /** Statement indices (into the placed statements the dimensions were built from). */
  readonly members: readonly number[];
}

/** Runs the search for assignments that meet every clause; `onLeaf` gets each. */
export function searchClauses(
  n: number,
  clauses: readonly Clause[],
  dims: readonly Dimension<unknown>[],
  onLeaf: (leaf: Leaf) => LeafAction,
  limits: SearchLimits = {},
): SearchOutcome {
  const { maxNodes = Infinity, budget } = limits;
  if (clauses.some((c) => c.kind === 'some' && c.members.length === 0)) return { finished: true, nodes: 0 };
  const lastDim = new Int32Array(n).fill(-1);
  dims.forEach((d, i) => {
    for (let s = 0; s < n; s++) if (d.constrains[s]) lastDim[s] = i;
  });
  const some = clauses.filter((c) => c.kind === 'some').map((c) => c.members);
  const none = [...new Set(clauses.filter((c) => c.kind === 'none').flatMap((c) => c.members))];
  const picks: number[] = new Array<number>(dims.length).fill(0);
  let nodes = 0;
  let aborted = false;

  // -1: cut; 0: may still hold.
  const status = (alive: Uint8Array, depth: number): number => {
    for (const group of some) if (!group.some((s) => alive[s] === 1)) return -1;
    for (const s of none) if (alive[s] === 1 && (lastDim[s] as number) <= depth) return -1;
    return 0;
  };

  const visit = (depth: number, alive: Uint8Array): LeafAction => {
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
      const choice = dim.choices[c] as Choice<unknown> | undefined;
      const next = new Uint8Array(n);
      if (choice && relevant) for (let s = 0; s < n; s++) next[s] = (alive[s] as number) & (choice.truth[s] as number);
      else next.set(alive);
      if (status(next, depth) < 0) continue;
      picks[depth] = c;
      const r = visit(depth + 1, next);
      if (r === 'stop') return 'stop';
    }
    return 'continue';
  };

  const all = new Uint8Array(n).fill(1);
  if (status(all, -1) < 0) return { finished: true, nodes: 0 };
  visit(0, all);
  return { finished: !aborted, nodes };
}
