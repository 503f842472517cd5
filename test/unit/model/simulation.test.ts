/**
 * The one simulation API (server/src/service/simulation.ts) that the server, the CLI and these
 * tests call: plan → missing context → run, with progress and cancellation, over a model given as
 * data. A run gives the decisions the model implies; asking for the missing context first
 * evaluates nothing twice; a cancelled run keeps what it did and continues when run again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryHost, resolveModel, type SimulationInput } from '../../../server/src/core/model';
import { isSimulation, simulate, Simulation } from '../../../server/src/service/simulation';
import { getCatalog } from '../../../server/src/node/catalogFile';

// A user allowed to read the reports bucket only from the office network (aws:SourceIp is not
// something the model can derive: the user must supply it).
const MODEL = {
  accounts: [
    {
      id: '111122223333',
      users: {
        alice: {
          inlinePolicies: {
            reports: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::reports/*',
                  Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
                },
                { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::reports' },
              ],
            },
          },
        },
      },
    },
  ],
};
const model = resolveModel(MODEL, 'm.iam-model.json', memoryHost({}));
const catalog = getCatalog();
const INPUT: SimulationInput = {
  principal: 'alice',
  actions: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'],
  resources: ['arn:aws:s3:::reports/q1.csv', 'arn:aws:s3:::reports'],
};

function planned(input: SimulationInput = INPUT): Simulation {
  const s = Simulation.plan(model, input, { catalog });
  assert.ok(isSimulation(s), 'planned');
  return s;
}

// Without aws:SourceIp the conditional read is implicitly denied; the bucket may be listed.
const EXPECTED = [
  's3:GetObject arn:aws:s3:::reports/q1.csv ImplicitDeny',
  's3:GetObject arn:aws:s3:::reports ImplicitDeny',
  's3:ListBucket arn:aws:s3:::reports/q1.csv ImplicitDeny',
  's3:ListBucket arn:aws:s3:::reports Allowed',
  's3:PutObject arn:aws:s3:::reports/q1.csv ImplicitDeny',
  's3:PutObject arn:aws:s3:::reports ImplicitDeny',
];

const decisions = (entries: readonly { action: string; resource: string; decision: string }[]) =>
  entries.map((e) => `${e.action} ${e.resource} ${e.decision}`);

test('a run gives the decisions the model implies, with progress up to the total', async () => {
  const sim = planned();
  assert.equal(sim.total, 6);
  const seen: [number, number][] = [];
  const run = await sim.run({ chunk: 2, onProgress: (done, total) => seen.push([done, total]) });
  assert.deepEqual(decisions(run.entries), EXPECTED);
  assert.equal(run.principal, 'arn:aws:iam::111122223333:user/alice');
  assert.equal(run.cancelled, undefined);
  assert.deepEqual(seen, [
    [2, 6],
    [4, 6],
    [6, 6],
  ]);
  assert.deepEqual(decisions(sim.runNow().entries), decisions(run.entries), 'running again evaluates nothing new');
});

test('the missing context keys come from the same evaluation as the result', async () => {
  const sim = planned();
  let evaluated = 0;
  const run = sim.plan.runner.run.bind(sim.plan.runner);
  sim.plan.runner.run = (action, resource) => {
    evaluated++;
    return run(action, resource);
  };
  const missing = await sim.missingContext();
  assert.deepEqual(missing?.missing, ['aws:SourceIp']);
  assert.equal(missing?.derived['aws:username'], 'alice');
  const result = await sim.run();
  assert.equal(evaluated, 6, 'each request evaluated once');
  assert.equal(result.entries.find((e) => e.action === 's3:GetObject' && e.resource.endsWith('q1.csv'))?.decision, 'ImplicitDeny');

  const supplied = planned({ ...INPUT, context: { 'aws:SourceIp': '192.0.2.10' } });
  assert.deepEqual((await supplied.missingContext())?.missing, []);
  const allowed = (await supplied.run()).entries.find((e) => e.action === 's3:GetObject' && e.resource.endsWith('q1.csv'));
  assert.equal(allowed?.decision, 'Allowed');
});

test('a cancelled run keeps what it did and continues when run again', async () => {
  const sim = planned();
  let calls = 0;
  const first = await sim.run({ chunk: 2, isCancelled: () => ++calls === 1 });
  assert.equal(first.cancelled, true);
  assert.equal(first.entries.length, 2);
  const rest = await sim.run({ chunk: 2 });
  assert.equal(rest.cancelled, undefined);
  assert.deepEqual(decisions(rest.entries), EXPECTED);
});

test('two runs at once evaluate each request once', async () => {
  const sim = planned();
  const [a, b] = await Promise.all([sim.run({ chunk: 1 }), sim.run({ chunk: 1 })]);
  assert.equal(a.entries.length, 6);
  assert.deepEqual(decisions(b.entries), decisions(a.entries));
});

test('a plan that cannot run is a result with the reason', () => {
  const unknown = Simulation.plan(model, { ...INPUT, principal: 'mallory' }, { catalog });
  assert.ok(!isSimulation(unknown));
  assert.equal(unknown.entries.length, 0);
  assert.match(unknown.errors.join(' '), /mallory/);
  const tooMany = Simulation.plan(model, { ...INPUT, actions: ['s3:*'] }, { catalog, maxRequests: 10 });
  assert.ok(!isSimulation(tooMany));
  assert.match(tooMany.errors.join(' '), /exceed the limit of 10 requests/);
});

test('simulate plans and runs at once, as the CLI, the agent tools and the access tests call it', () => {
  const result = simulate(model, INPUT, { catalog });
  assert.deepEqual(decisions(result.entries), EXPECTED);
  assert.deepEqual(result.errors, []);
  assert.equal(Object.hasOwn(result, 'cancelled'), false);
  assert.match(simulate(model, { ...INPUT, principal: 'mallory' }, { catalog }).errors.join(' '), /mallory/);
});
