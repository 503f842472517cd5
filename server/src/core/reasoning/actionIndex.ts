/**
 * Action lists as index arrays over a universe's actions: the action dimension and the pruning of
 * comparePolicies work on typed arrays instead of sets of action names (a `"*"` is ~22,000 names).
 */
import { CACHES } from '../caches';
import type { ActionUniverse } from './dimensions';

/** A universe's actions numbered, with each pattern's expansion as sorted indices. */
export interface ActionIndex {
  /** Action names by index: the universe's `all()` (without repeats), then any name an expansion yields beyond it. */
  readonly names: string[];
  /** How many of `names` are the universe's `all()`. */
  readonly base: number;
  /** The indices of the actions `pattern` matches, in the universe's `expand` order (no repeats). */
  expand(pattern: string): Int32Array;
}

const indexes = CACHES.weak<ActionUniverse, ActionIndex>('reasoning.actionIndexes');

/** The index of `universe` (kept as long as the universe is). */
export function actionIndex(universe: ActionUniverse): ActionIndex {
  let index = indexes.get(universe);
  if (!index) indexes.set(universe, (index = build(universe)));
  return index;
}

function build(universe: ActionUniverse): ActionIndex {
  const names = [...new Set(universe.all())];
  const numbers = new Map<string, number>();
  names.forEach((name, i) => numbers.set(name, i));
  const base = names.length;
  const byPattern = new Map<string, Int32Array>();
  return {
    names,
    base,
    expand(pattern) {
      let hit = byPattern.get(pattern);
      if (hit) return hit;
      const seen = new Set<number>();
      for (const name of universe.expand(pattern)) {
        let i = numbers.get(name);
        if (i === undefined) {
          i = names.length;
          names.push(name);
          numbers.set(name, i);
        }
        seen.add(i);
      }
      hit = Int32Array.from(seen);
      byPattern.set(pattern, hit);
      return hit;
    },
  };
}
