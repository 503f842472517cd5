/**
 * Access Analyzer parity on the calibration set (AWS's ValidatePolicy answers for half of the AWS
 * managed policies, next to the repository in ../shared; skipped where it is absent): the
 * scoreboard in test/data/parity/scoreboard.json (shown in docs/checks.md) is the current one,
 * every difference from AWS's answers is explained in test/data/parity/explained.json, and every
 * explanation there still names a real difference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  DEFAULT_SET,
  SCOREBOARD_FILE,
  explains,
  readCalibrationSet,
  readExplained,
  runParity,
  scoreboard,
  type ParityResult,
} from '../../../scripts/parity';

const skip = !existsSync(DEFAULT_SET) && 'no calibration set next to the repository (../shared/reference/access-analyzer-findings)';
let result: Promise<ParityResult> | undefined;
const run = () => (result ??= runParity(readCalibrationSet()));

test('every explained difference has a reason', () => {
  for (const e of readExplained()) assert.ok(e.reason.trim().length > 20, `${e.policy} ${e.code}: give the reason`);
});

test('parity scoreboard is current (npm run parity -- --write)', { skip }, async () => {
  const r = await run();
  assert.deepEqual(JSON.parse(readFileSync(SCOREBOARD_FILE, 'utf8')), JSON.parse(JSON.stringify(scoreboard(r, readExplained()))));
});

test('no unexplained difference from Access Analyzer (npm run parity lists them)', { skip }, async () => {
  const r = await run();
  const explained = readExplained();
  const unexplained = r.differences
    .filter((d) => !explained.some((e) => explains(e, d)))
    .map((d) => `${d.kind} ${d.policy} ${d.code} ${JSON.stringify(d.path)}: ${d.message}`);
  assert.deepEqual(unexplained, []);
});

test('every explained difference is still a difference', { skip }, async () => {
  const r = await run();
  const stale = readExplained().filter((e) => !r.differences.some((d) => explains(e, d)));
  assert.deepEqual(stale, []);
});
