/**
 * One simulation API for every caller (the language server's Simulate Access, the CLI's
 * `simulate` and `test`, the agent tools, the tests): plan → missing context → run, with progress
 * and cancellation, or {@link simulate} for all at once.
 *
 * A plan resolves the principal (and role chain) and expands the actions; its requests are
 * evaluated once, by {@link Simulation.run}, and kept: asking for the missing context keys first
 * (the editor does, before it asks the user for values) and then for the result evaluates nothing
 * twice. Pure: a model and plain values in, core results out; the glue maps them to the protocol.
 */
import {
  evaluatePlan,
  planSimulation,
  type Model,
  type SimulationEntry,
  type SimulationInput,
  type SimulationOptions,
  type SimulationPlan,
  type SimulationResult,
} from '../core/model';

/** How a run reports and stops. */
export interface RunControl {
  /** Called after every chunk of requests with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Looked at between chunks (after yielding to the event loop): true stops the run. */
  readonly isCancelled?: () => boolean;
  /** Requests evaluated between two looks at cancellation (default 250). */
  readonly chunk?: number;
}

/** What a run produced: the core's result, and whether it was stopped before the end. */
export interface SimulationRun extends SimulationResult {
  readonly cancelled?: boolean;
}

/** The context keys to ask the user for before running. */
export interface MissingContext {
  /** Keys the relevant conditions referenced that neither the model nor the given context supplied, sorted. */
  readonly missing: readonly string[];
  /** The keys the model derived for the first request, with their values. */
  readonly derived: Readonly<Record<string, string | readonly string[]>>;
}

const CHUNK = 250;

/** A planned simulation; {@link Simulation.plan} makes one, or a result holding the errors. */
export class Simulation {
  private entries: SimulationEntry[] = [];
  private done = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly plan: SimulationPlan) {}

  /** Plans `input` against `model`: a simulation ready to run, or the result that stops it (errors). */
  static plan(model: Model, input: SimulationInput, options: SimulationOptions = {}): Simulation | SimulationResult {
    const planned = planSimulation(model, input, options);
    return planned.ok ? new Simulation(planned.plan) : planned.result;
  }

  /** The number of requests (actions × resources). */
  get total(): number {
    return this.plan.actions.length * this.plan.resources.length;
  }

  /**
   * Evaluates the requests not evaluated yet, yielding to the event loop between chunks, and
   * returns the result. A cancelled run keeps what it did; running again continues from there.
   */
  run(control: RunControl = {}): Promise<SimulationRun> {
    // One run at a time: a second caller continues after the first (nothing is evaluated twice).
    const next = this.queue.then(() => this.continue(control));
    this.queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async continue(control: RunControl): Promise<SimulationRun> {
    if (this.done) return this.result(false);
    const chunk = Math.max(1, control.chunk ?? CHUNK);
    const total = this.total;
    for (const entry of evaluatePlan(this.plan, this.entries.length)) {
      this.entries.push(entry);
      if (this.entries.length % chunk !== 0 || this.entries.length === total) continue;
      control.onProgress?.(this.entries.length, total);
      await new Promise((resolve) => setImmediate(resolve));
      if (control.isCancelled?.()) return this.result(true);
    }
    this.done = true;
    control.onProgress?.(total, total);
    return this.result(false);
  }

  /** Evaluates every request at once (no yielding): the CLI and tests. */
  runNow(): SimulationRun {
    if (!this.done) for (const entry of evaluatePlan(this.plan, this.entries.length)) this.entries.push(entry);
    this.done = true;
    return this.result(false);
  }

  /**
   * The context keys the requests' conditions referenced that nothing supplied: runs the
   * simulation (kept for {@link run}) and collects them. Undefined when the run was cancelled.
   */
  async missingContext(control: RunControl = {}): Promise<MissingContext | undefined> {
    const run = await this.run(control);
    if (run.cancelled) return undefined;
    return missingContextOf(run.entries);
  }

  private result(cancelled: boolean): SimulationRun {
    const p = this.plan;
    return {
      principal: p.principal,
      entries: this.entries,
      errors: [],
      unknownActions: p.unknownActions,
      ...(p.chain ? { chain: p.chain } : {}),
      ...(cancelled ? { cancelled } : {}),
    };
  }
}

/** The union of the entries' missing context keys (first spelling of each, sorted) and the first derived context. */
export function missingContextOf(entries: readonly SimulationEntry[]): MissingContext {
  const missing = new Map<string, string>();
  for (const e of entries) for (const k of e.missingContextKeys) if (!missing.has(k.toLowerCase())) missing.set(k.toLowerCase(), k);
  const derived = entries.find((e) => Object.keys(e.context).length > 0)?.context ?? {};
  return { missing: [...missing.values()].sort(), derived };
}

/**
 * Plans and runs at once, without yielding: the CLI, the agent tools and the access tests. The
 * result of a plan that cannot run holds its errors. Never throws.
 */
export function simulate(model: Model, input: SimulationInput, options: SimulationOptions = {}): SimulationResult {
  const planned = Simulation.plan(model, input, options);
  return isSimulation(planned) ? planned.runNow() : planned;
}

/** Whether `x` is a planned simulation (not a result with errors). */
export function isSimulation(x: Simulation | SimulationResult): x is Simulation {
  return x instanceof Simulation;
}
