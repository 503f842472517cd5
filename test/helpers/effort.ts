/**
 * How hard the property, fuzz and stress tests work. By default they run enough seeded cases to
 * exercise each property in well under a second, so `npm run test:unit` stays quick; with
 * IAM_STUDIO_LONG=1 (`npm run test:long`, run by CI after `npm test`) they run their long
 * versions: more cases from the same seeds, bigger documents.
 */
export const LONG = process.env.IAM_STUDIO_LONG === '1';

/** `quick` by default, `long` under IAM_STUDIO_LONG=1. */
export function effort(quick: number, long: number): number {
  return LONG ? long : quick;
}

/**
 * Whether the sweeps over a whole corpus (the real templates and Terraform modules of test/data,
 * the examples) go over every file: under IAM_STUDIO_CORPUS=1 (`npm run test:corpus`, part of
 * `npm test`) and in the long run. By default (`npm run test:unit`) they go over a slice.
 */
export const CORPUS = LONG || process.env.IAM_STUDIO_CORPUS === '1';

/**
 * The items of a corpus a sweep goes over: all of them under {@link CORPUS}, else every `every`th
 * one from the first, in the order given (a fixed, representative slice: each kind of file the
 * corpus holds still occurs in it, so a unit run fails on the same kinds of regression).
 */
export function corpusSlice<T>(items: readonly T[], every: number): T[] {
  return CORPUS ? [...items] : items.filter((_, i) => i % every === 0);
}
