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
