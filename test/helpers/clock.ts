/**
 * A clock for tests of answers that must not depend on machine load (step budgets, not deadlines).
 */

/** Runs `fn` while every read of `Date.now()` is an hour later than the one before. */
export function withRacingClock<T>(fn: () => T): T {
  const real = Date.now;
  let now = real();
  Date.now = () => (now += 3_600_000);
  try {
    return fn();
  } finally {
    Date.now = real;
  }
}
