// Which test files each worker of scripts/run-node-tests.mjs takes first: one group of test folders
// per worker, chosen so that the workers load as few of the same sources as they can.
//
// A worker pays for every source it loads: the module's own set-up, and V8 compiling its hot
// functions again (each worker process compiles its own copy). Two workers that run files of
// every folder both load nearly everything; a worker that runs the template tests and another
// that runs the evaluator tests share little. Measured on `npm run test:unit` (two workers, V8
// single-threaded in both, idle machine, 2–10 runs each): 36.6–37.4 s of CPU and 18.6–19.1 s of
// wall time with one queue of files for both workers, 34.7–35.6 s and 17.7–18.3 s with groups.
//
// The folders (the first folder below each folder given to the runner; a file given by name, or
// lying directly in a given folder, is a unit of its own) are split between the workers in the
// way whose groups load the fewest bytes, counting each group's sources once (its test files,
// what they import from the repository, transitively, from esbuild's metafile; a package counts
// as PACKAGE_BYTES), among the splits whose expected CPU time (the costs the runner knows) is
// within BALANCE of each side's share. Several workers: split in two halves of workers, then each
// half again. More than MAX_UNITS folders to split: no groups (the runner hands every file from
// one queue, as it does when the files could not be bundled).

import { isBuiltin } from 'node:module';

/** The weight of a package (by name) in a group's load: a package's size on disk says little of what loading it costs. */
export const PACKAGE_BYTES = 100_000;
/**
 * How far a group's expected CPU time may be from its share of the whole (a fraction of that
 * share); a worker done early takes files of the other groups. Wide enough that the split stays
 * the same from run to run: each run's costs are measured under the split it used, and at 3 % the
 * next run often chose another (the unit run: 10 %, one split in every run, 17.6–18.0 s wall; 3 %,
 * two splits taking turns, 17.5–17.8 s).
 */
export const BALANCE = 0.1;
/** The most units one split tries every way of (2^(MAX_UNITS-1) ways). */
export const MAX_UNITS = 18;

/**
 * The sources each test file loads, as names: `graph` is esbuild's metafile `inputs` (path →
 * `{ bytes, imports: [{ path, external? }] }`), `keys` the test files' paths as it names them.
 * A package (an external import other than Node's own modules) is named `package:<name>`.
 * Returns each file's set of names and the weight of each name.
 */
export function sourcesOfFiles(graph, keys) {
  const weights = new Map();
  const sources = new Map();
  for (const key of keys) {
    const seen = new Set();
    const stack = [key];
    while (stack.length > 0) {
      const path = stack.pop();
      if (seen.has(path)) continue;
      seen.add(path);
      weights.set(path, graph[path]?.bytes ?? 0);
      for (const i of graph[path]?.imports ?? []) {
        if (!i.external) stack.push(i.path);
        else if (!isBuiltin(i.path)) {
          const name = `package:${i.path
            .split('/')
            .slice(0, i.path.startsWith('@') ? 2 : 1)
            .join('/')}`;
          seen.add(name);
          weights.set(name, PACKAGE_BYTES);
        }
      }
    }
    sources.set(key, seen);
  }
  return { sources, weights };
}

/**
 * The groups of `files` (`{ key, unit, cost, sources }`: `sources` a Set of names weighed by
 * `weights`), one per worker, each ordered costliest first; undefined where the files are not
 * worth splitting this way (one worker, or fewer units than workers, or more than MAX_UNITS).
 */
export function groupFiles(files, weights, workers) {
  const byUnit = new Map();
  for (const f of files) {
    const unit = byUnit.get(f.unit) ?? { name: f.unit, cost: 0, files: [], sources: new Set() };
    unit.cost += f.cost;
    unit.files.push(f);
    for (const s of f.sources) unit.sources.add(s);
    byUnit.set(f.unit, unit);
  }
  const units = [...byUnit.values()].sort((a, b) => b.cost - a.cost || a.name.localeCompare(b.name));
  if (workers < 2 || units.length < workers) return undefined;
  const groups = split(units, workers, weights);
  if (!groups) return undefined;
  return groups.map((g) => ({
    units: g.map((u) => u.name),
    files: g.flatMap((u) => u.files).sort((a, b) => b.cost - a.cost || a.key.localeCompare(b.key)),
  }));
}

/** `units` split into `workers` groups (recursive halving), or undefined when a split has too many units to try. */
function split(units, workers, weights) {
  if (workers === 1) return [units];
  if (units.length > MAX_UNITS) return undefined;
  const left = Math.floor(workers / 2);
  const halves = bestHalves(units, left / workers, weights);
  if (!halves) return undefined;
  const [a, b] = halves;
  if (a.length < left || b.length < workers - left) return undefined;
  const ga = split(a, left, weights);
  const gb = split(b, workers - left, weights);
  return ga && gb ? [...ga, ...gb] : undefined;
}

/**
 * The split of `units` in two whose sides' sources weigh least together, the first side's
 * expected cost within BALANCE of `share` of the whole; the closer to its share on a tie.
 */
function bestHalves(units, share, weights) {
  // Each unit's sources as a bit set over every source the units name.
  const names = [...new Set(units.flatMap((u) => [...u.sources]))];
  const bit = new Map(names.map((n, i) => [n, i]));
  const words = Math.ceil(names.length / 32);
  const sets = units.map((u) => {
    const set = new Uint32Array(words);
    for (const s of u.sources) set[bit.get(s) >>> 5] |= 1 << (bit.get(s) & 31);
    return set;
  });
  const weightOf = names.map((n) => weights.get(n) ?? 0);
  const weigh = (set) => {
    let w = 0;
    for (let i = 0; i < words; i++)
      for (let word = set[i]; word !== 0; word &= word - 1) w += weightOf[i * 32 + (31 - Math.clz32(word & -word))];
    return w;
  };
  const total = units.reduce((s, u) => s + u.cost, 0);
  const target = total * share;
  let best;
  const sideA = new Uint32Array(words);
  const sideB = new Uint32Array(words);
  // With equal shares, the last unit stays on the first side (each split is tried once).
  const ways = share === 0.5 ? 1 << (units.length - 1) : 1 << units.length;
  for (let mask = 0; mask < ways; mask++) {
    let cost = 0;
    sideA.fill(0);
    sideB.fill(0);
    let onB = 0;
    for (let u = 0; u < units.length; u++) {
      const inB = (mask >>> u) & 1;
      onB += inB;
      const side = inB ? sideB : sideA;
      if (!inB) cost += units[u].cost;
      for (let i = 0; i < words; i++) side[i] |= sets[u][i];
    }
    const off = Math.abs(cost - target);
    if (off > BALANCE * target || onB === 0 || onB === units.length) continue;
    const load = weigh(sideA) + weigh(sideB);
    if (!best || load < best.load || (load === best.load && off < best.off)) best = { mask, load, off };
  }
  if (!best) return undefined;
  return [units.filter((_, u) => !((best.mask >>> u) & 1)), units.filter((_, u) => (best.mask >>> u) & 1)];
}

/**
 * Which of another group's files (`list`, costliest first) a worker whose own group is done takes:
 * among those that leave the group at least as much expected time as they take (the group's
 * worker is not left idle at the end by it), the one whose sources add the least weight to what the
 * worker has `loaded`, the cheaper on a tie; the cheapest when none leaves as much. An index of `list`.
 */
export function fileToTake(list, costOf, sourcesOf, loaded, weights) {
  const total = list.reduce((sum, f) => sum + costOf(f), 0);
  let best = list.length - 1;
  let bestAdded = Infinity;
  for (let i = list.length - 1; i >= 0; i--) {
    if (costOf(list[i]) > total / 2) continue;
    let added = 0;
    for (const s of sourcesOf(list[i])) if (!loaded.has(s)) added += weights.get(s) ?? 0;
    if (added < bestAdded) {
      best = i;
      bestAdded = added;
    }
  }
  return best;
}
