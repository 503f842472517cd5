/**
 * Access tests: expectations written in the model file ("alice may s3:GetObject on
 * arn:aws:s3:::reports/*", "ci-role may not iam:*"). A test passes when every action × resource
 * it names has the expected decision; `allow` means Allowed, `deny` either kind of deny. Each test
 * is one run of the simulation API (`./simulation`), brief (no explanations).
 */
import type { AccessTest, Expectation, Model, SimulationEntry, SimulationOptions } from '../core/model';
import { simulate } from './simulation';

/** The outcome of one access test. */
export interface AccessTestResult {
  readonly test: AccessTest;
  /** Index of the test in the model's `tests`. */
  readonly index: number;
  readonly passed: boolean;
  /** One line: what was expected and what happened (the first mismatch when failing). */
  readonly message: string;
  /** The mismatching entries (empty when passed). */
  readonly failures: readonly SimulationEntry[];
  /** Number of action × resource requests the test evaluated. */
  readonly requests: number;
}

/** Whether a decision satisfies an expectation. */
export function meets(decision: string, expect: Expectation): boolean {
  if (expect === 'allow') return decision === 'Allowed';
  if (expect === 'deny') return decision === 'ExplicitDeny' || decision === 'ImplicitDeny';
  return decision === expect;
}

/** Runs every access test of the model. */
export function runAccessTests(model: Model, options: SimulationOptions = {}): AccessTestResult[] {
  return model.tests.map((test, index) => runAccessTest(model, test, index, options));
}

/** Runs one access test. */
export function runAccessTest(model: Model, test: AccessTest, index: number, options: SimulationOptions = {}): AccessTestResult {
  const result = simulate(
    model,
    {
      principal: test.principal,
      actions: test.actions,
      resources: test.resources,
      context: test.context,
      ...(test.sessionPolicy ? { sessionPolicy: test.sessionPolicy } : {}),
      ...(test.sessionTags ? { sessionTags: test.sessionTags } : {}),
      ...(test.via ? { via: test.via } : {}),
    },
    { ...options, brief: true },
  );
  const label = test.name ? `'${test.name}': ` : '';
  if (result.errors.length > 0)
    return { test, index, passed: false, message: `${label}cannot run: ${result.errors.join(' ')}`, failures: [], requests: 0 };
  const failures = result.entries.filter((e) => !meets(e.decision, test.expect));
  const first = failures[0];
  const verb = test.expect === 'allow' || test.expect === 'Allowed' ? 'may' : 'may not';
  const what = `${test.principal} ${verb} ${test.actions.join(', ')} on ${test.resources.join(', ')}`;
  const message = first
    ? `${label}expected ${test.principal} ${expectText(test.expect)} ${first.action} on ${first.resource}, but: ${first.summary}${failures.length > 1 ? ` (${failures.length - 1} more request(s) fail)` : ''}`
    : `${label}${what}: passes (${result.entries.length} request(s)).`;
  return { test, index, passed: failures.length === 0, message, failures, requests: result.entries.length };
}

function expectText(expect: Expectation): string {
  switch (expect) {
    case 'allow':
    case 'Allowed':
      return 'to be allowed';
    case 'deny':
      return 'to be denied';
    case 'ExplicitDeny':
      return 'to be explicitly denied';
    case 'ImplicitDeny':
      return 'to be implicitly denied';
  }
}
