/**
 * Debounced validation, one pending run per document: an edit replaces the pending run of the
 * same document, so a burst of edits validates once, after the last one, and requests that
 * arrive meanwhile (completion, hover, …) are answered first: they never wait for a validation
 * of a version that the next keystroke makes stale. A run that finishes for a version that is no
 * longer current is dropped by the caller.
 */

/** How long after the last edit of a document its validation starts. */
export const VALIDATION_DELAY_MS = 200;

export class ValidationScheduler {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly run: (uri: string) => void,
    private readonly delayMs = VALIDATION_DELAY_MS,
  ) {}

  /** Validates `uri` after the delay, replacing a pending run for it. */
  schedule(uri: string): void {
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.pending.delete(uri);
      this.run(uri);
    }, this.delayMs);
    this.pending.set(uri, timer);
  }

  /** Drops the pending run for `uri` (closed documents). */
  cancel(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.pending.delete(uri);
  }

  /** Whether a run for `uri` is waiting. */
  isPending(uri: string): boolean {
    return this.pending.has(uri);
  }
}
