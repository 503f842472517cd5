/**
 * The answers `test`, `check` and the tests print do not depend on the machine's load: a
 * never-assertion is bounded by a count of steps (NEVER_DEFAULT_STEPS), never by the clock, unless
 * a caller (the editor) asks for a wall-clock limit. "Load" is played by a clock that jumps an hour
 * each time it is read: a deadline would pass at once, a step count does not notice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { NEVER_DEFAULT_STEPS, runNeverAssertions, type Model, type NeverAssertionResult } from '../../../server/src/core/model';
import { resourceAccess } from '../../../server/src/core/model/reach/access';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { loadModelFile } from '../../../server/src/node/modelFiles';
import { accessTestReport } from '../../../server/src/cli/output/accessTests';
import { withRacingClock } from '../../helpers/clock';

const EXAMPLES = join(__dirname, '../../../examples');
const catalog = getCatalog();
const organization = exampleOrganization();
/** The example organization's never-assertions with the default budget, run once for every test here. */
const calm = runNeverAssertions(organization, { catalog });

function exampleOrganization(): Model {
  const loaded = loadModelFile(join(EXAMPLES, 'organization.iam-model.json'), EXAMPLES);
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
  return loaded.model;
}

/** What a user sees of a result. */
const shown = (rs: readonly NeverAssertionResult[]) => rs.map((r) => ({ verdict: r.verdict, message: r.message, steps: r.steps }));

test('never-assertions of the example organization hold under any load: the default budget counts steps, not time', () => {
  assert.deepEqual(
    calm.map((r) => r.verdict),
    calm.map(() => 'holds'),
    calm.map((r) => r.message).join('\n'),
  );
  // The heaviest real assertion stays well inside the budget (the figure the default was set from).
  for (const r of calm) assert.ok(r.steps > 0 && r.steps < NEVER_DEFAULT_STEPS / 3, `${r.steps} steps: ${r.message}`);
  assert.deepEqual(shown(withRacingClock(() => runNeverAssertions(organization, { catalog }))), shown(calm));
});

test('a never-assertion past its step budget is unknown, names the budget, and is the same on every run', () => {
  const model = organization;
  const heaviest = Math.max(...calm.map((r) => r.steps));
  const tiny = Math.floor(heaviest / 100);
  const first = runNeverAssertions(model, { catalog, maxSteps: tiny });
  const cut = first.filter((r) => r.verdict === 'unknown');
  assert.ok(cut.length > 0, 'the tiny budget cuts the heaviest assertion short');
  for (const r of cut) {
    assert.equal(r.passed, false);
    assert.match(r.message, new RegExp(`could not be decided \\(work limit of ${tiny} steps reached\\)`));
  }
  // Applied twice (once with the clock racing): the same answers, to the step.
  assert.deepEqual(shown(runNeverAssertions(model, { catalog, maxSteps: tiny })), shown(first));
  assert.deepEqual(shown(withRacingClock(() => runNeverAssertions(model, { catalog, maxSteps: tiny }))), shown(first));
});

test('a wall-clock limit applies only when asked for (the editor), and its answer names it', () => {
  const clocked = withRacingClock(() => runNeverAssertions(organization, { catalog, timeLimitMs: 5_000 }));
  assert.ok(clocked.length > 0);
  for (const r of clocked) {
    assert.equal(r.verdict, 'unknown', r.message);
    assert.match(r.message, /could not be decided \(time limit of 5000 ms reached\)/);
  }
});

test('`test --format sarif` and `check` report on the model as the editor does, without its clock', () => {
  const report = withRacingClock(() => accessTestReport(organization, EXAMPLES, EXAMPLES, catalog));
  const nevers = report.files.flatMap((f) => f.diagnostics).filter((d) => d.code === 'NEVER_FAILED');
  assert.deepEqual(
    nevers.map((d) => d.message),
    [],
  );
});

test('who can act on a resource: complete without a time budget (the clock is not read), partial past one', () => {
  const model = organization;
  const arn = 'arn:aws:s3:::example-reports';
  const noClock = () => {
    throw new Error('the clock was read');
  };
  const full = resourceAccess(model, arn, { catalog, clock: noClock });
  assert.equal(full.partial, false);
  assert.ok(full.levels.some((l) => l.principals.length > 0));
  let now = 0;
  const racing = () => (now += 3_600_000);
  const cut = resourceAccess(model, `${arn}`, { catalog, context: { 'aws:SecureTransport': 'true' }, budgetMs: 5_000, clock: racing });
  assert.equal(cut.partial, true);
});
