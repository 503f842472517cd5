/**
 * The work a decision may spend, counted in steps, not milliseconds, so that the same input
 * always gets the same answer whatever the machine's load. A step is one unit of the procedure's
 * inner loops, about one statement, action, pattern or language visited: a search node costs one
 * step per statement (search.ts, clauses.ts); a witness walk one per language for each candidate
 * and each transition (languages.ts); an action list one per action its patterns expand to;
 * truth tables one per witness and pattern, principal entry or condition entry (dimensions.ts);
 * verifying a candidate request one per statement of each evaluation (compare.ts).
 *
 * Every answer the CLI, the MCP tools and the tests print is bounded by steps only (defaults:
 * `COMPARE_DEFAULT_STEPS`, `NEVER_DEFAULT_STEPS`, `PUBLIC_ACCESS_STEPS`), so it never depends on
 * the machine's load. A wall-clock deadline is added only where a user waits on an interactive
 * answer and a late one is worse than a partial one: the editor's never-assertion diagnostics and
 * its compare-with-base lens; then an answer cut short by the clock says so ("time limit of … ms").
 */
export class WorkBudget {
  private used = 0;
  private stopped: 'steps' | 'time' | undefined;
  private nextClock = 0;

  /**
   * @param limit steps allowed (Infinity: no count)
   * @param deadline `Date.now()` milliseconds past which spending fails (Infinity: no clock; the
   *   clock is then never read)
   */
  constructor(
    readonly limit: number = Infinity,
    readonly deadline: number = Infinity,
  ) {}

  /** Spends `n` steps; false once the budget is spent (and from then on). */
  spend(n = 1): boolean {
    if (this.stopped) return false;
    this.used += n;
    if (this.used > this.limit) {
      this.stopped = 'steps';
      return false;
    }
    if (this.deadline !== Infinity && this.used >= this.nextClock) {
      this.nextClock = this.used + 256;
      if (Date.now() > this.deadline) {
        this.stopped = 'time';
        return false;
      }
    }
    return true;
  }

  /** Steps spent so far. */
  get spent(): number {
    return this.used;
  }

  /** Why spending stopped: the step count or the deadline; undefined while work may go on. */
  get exhausted(): 'steps' | 'time' | undefined {
    return this.stopped;
  }
}
