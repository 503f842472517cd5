/**
 * The model code lenses over LSP (`textDocument/codeLens` + `codeLens/resolve`, served by the
 * bundled server for any editor) on a copy of examples/: each resource's "N principals can read ·
 * M can write" equals what `iam-policy-studio who-can` answers for the catalog's Read and Write
 * actions of that resource, each principal's "can become admin" equals `paths`, and
 * `iamPolicy/accessView` lists the same principals with links to the deciding statements.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { CodeLens, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { CLI_PATH, SERVER_PATH, startServer, waitForDiagnostics } from '../helpers/lspClient';
import {
  AccessViewRequest,
  SHOW_ACCESS_COMMAND,
  SIMULATE_ACCESS_COMMAND,
  SimulateAccessRequest,
  type AccessViewParams,
  type SimulateAccessParams,
} from '../../server/src/protocol';
import { loadCatalog, type AccessLevel } from '../../server/src/core/catalog';

const catalog = loadCatalog(readFileSync(join(__dirname, '../../dist/catalog.json'), 'utf8'));

/** `who-can --format json` for every action of the service on the resources; principals per access level of the actions that apply. */
function whoCanByLevel(dir: string, service: string, resources: readonly string[]): Map<AccessLevel, Set<string>> {
  const out = execFileSync(
    process.execPath,
    [
      CLI_PATH,
      'who-can',
      '--model',
      join(dir, 'organization.iam-model.json'),
      '--action',
      `${service}:*`,
      ...resources.flatMap((r) => ['--resource', r]),
      '--format',
      'json',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const levels = new Map<AccessLevel, Set<string>>();
  for (const line of out.split('\n').filter(Boolean)) {
    const e = JSON.parse(line) as { principal: string; action: string; resource: string; decision: string };
    assert.equal(e.decision, 'Allowed');
    const info = catalog.action(e.action);
    // Only the requests that make sense: the action applies to this resource's type.
    if (!info || catalog.actionResourceTypesForArn(info, e.resource).length === 0) continue;
    for (const level of info.accessLevels) {
      if (!levels.has(level)) levels.set(level, new Set());
      levels.get(level)!.add(e.principal);
    }
  }
  return levels;
}

function pathsFrom(dir: string, from: string): unknown[] {
  // Exit code 1 when a path is found.
  const run = spawnSync(
    process.execPath,
    [CLI_PATH, 'paths', '--model', join(dir, 'organization.iam-model.json'), '--from', from, '--format', 'json'],
    { encoding: 'utf8' },
  );
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
}

test('model code lenses: who can read and write each resource, escalation paths of each principal, as the CLI answers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-lens-'));
  cpSync(join(__dirname, '../../examples'), dir, { recursive: true });
  const modelPath = join(dir, 'organization.iam-model.json');
  const modelUri = URI.file(modelPath).toString();
  const text = readFileSync(modelPath, 'utf8');
  const lines = text.split('\n');
  const client = await startServer({}, [SERVER_PATH, '--stdio'], URI.file(dir).toString());
  try {
    assert.deepEqual(client.initializeResult.capabilities.codeLensProvider, { resolveProvider: true });
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: modelUri, languageId: 'json', version: 1, text },
    });
    const all = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: modelUri } });
    const lenses = all.filter((l) => l.data !== undefined);
    const data = (l: CodeLens) => l.data as AccessViewParams;
    const resources = lenses.filter((l) => data(l).resource !== undefined);
    const principals = lenses.filter((l) => data(l).principal !== undefined);
    // Every resource and every user and role the model file lists (the tools account's come from an import: no lens).
    assert.equal(resources.length, 5);
    assert.equal(principals.length, 10);
    for (const l of resources) assert.ok(lines[l.range.start.line]!.includes(`"arn": "${data(l).resource!}"`), data(l).resource);
    const frankLens = principals.find((l) => data(l).principal === 'arn:aws:iam::111122223333:user/frank')!;
    assert.match(lines[frankLens.range.start.line]!, /"frank": \{/);
    // Placing the lenses computes nothing: titles come with codeLens/resolve.
    assert.ok(lenses.every((l) => l.command === undefined));

    // Each access test (an entry with "expect") has its result at once, and simulates its request when clicked.
    const tests = all.filter((l) => l.data === undefined);
    assert.equal(tests.length, (text.match(/"expect":/g) ?? []).length);
    assert.deepEqual([...new Set(tests.map((l) => l.command?.title))], ['✓ passes']);
    const first = tests[0]!;
    assert.match(lines[first.range.start.line]!, /"developers read reports"/);
    assert.equal(first.command?.command, SIMULATE_ACCESS_COMMAND);
    assert.deepEqual(first.command?.arguments, [
      { modelUri, principal: 'alice', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::example-reports/2024/q1.csv'] },
    ]);
    // A test that assumes roles first simulates through the same roles, and the request gives the test's answer.
    const chained = tests.find((l) => lines[l.range.start.line]!.includes('reaches the audit role through a chain'))!;
    const request = chained.command?.arguments?.[0] as SimulateAccessParams;
    assert.deepEqual(request.via, ['ci-deployer', 'audit-role']);
    assert.deepEqual(request.resources, ['*']);
    assert.deepEqual(request.context, { 'sts:ExternalId': 'audit-2024' });
    const result = await client.connection.sendRequest(SimulateAccessRequest.type, request);
    assert.deepEqual(
      result.entries.map((e) => e.decision),
      ['Allowed'],
    );

    for (const [arn, service, asked] of [
      ['arn:aws:s3:::example-reports', 's3', ['arn:aws:s3:::example-reports', 'arn:aws:s3:::example-reports/*']],
      [
        'arn:aws:lambda:eu-west-1:111122223333:function:nightly-maintenance',
        'lambda',
        ['arn:aws:lambda:eu-west-1:111122223333:function:nightly-maintenance'],
      ],
    ] as const) {
      const lens = resources.find((l) => data(l).resource === arn)!;
      const resolved = await client.connection.sendRequest<CodeLens>('codeLens/resolve', lens);
      assert.equal(resolved.command?.command, SHOW_ACCESS_COMMAND);
      assert.deepEqual(resolved.command?.arguments, [{ modelUri, resource: arn }]);
      const m = /^(\d+) principals? can read · (\d+) can write$/.exec(resolved.command!.title);
      assert.ok(m, resolved.command!.title);
      const cli = whoCanByLevel(dir, service, asked);
      assert.equal(Number(m[1]), cli.get('Read')?.size ?? 0, `${arn}: read`);
      assert.equal(Number(m[2]), cli.get('Write')?.size ?? 0, `${arn}: write`);
      assert.ok(Number(m[1]) > 0);

      // The view lists exactly those principals, per level, with links to the deciding statements.
      const view = await client.connection.sendRequest(AccessViewRequest.type, { modelUri, resource: arn });
      assert.deepEqual(view.errors, []);
      assert.deepEqual(view.resource?.resources, asked);
      for (const level of view.resource!.levels)
        assert.deepEqual(new Set(level.principals.map((p) => p.principal)), cli.get(level.level as AccessLevel) ?? new Set(), level.level);
    }

    // frank replaces the code of a function that runs as an administrator role (lambda-003).
    const frank = await client.connection.sendRequest<CodeLens>('codeLens/resolve', frankLens);
    assert.equal(frank.command?.title, `can become admin: ${pathsFrom(dir, 'frank').length} path`);
    const alice = await client.connection.sendRequest<CodeLens>(
      'codeLens/resolve',
      principals.find((l) => data(l).principal === 'arn:aws:iam::111122223333:user/alice')!,
    );
    assert.equal(pathsFrom(dir, 'alice').length, 0);
    assert.equal(alice.command?.title, 'no path to admin');
    const view = await client.connection.sendRequest(AccessViewRequest.type, {
      modelUri,
      principal: 'arn:aws:iam::111122223333:user/frank',
    });
    const step = view.principal?.paths[0]?.steps[0];
    assert.equal(step?.action, 'lambda:UpdateFunctionCode');
    assert.equal(step?.decidedBy[0]?.location?.uri, URI.file(join(dir, 'policies/release-functions.iam.json')).toString());
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('accessLenses and escalationWarnings off: no who-can or escalation lenses, no ESCALATION_PATH warnings, noPath assertions and access-test lenses still there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-lens-'));
  cpSync(join(__dirname, '../../examples'), dir, { recursive: true });
  const modelUri = URI.file(join(dir, 'organization.iam-model.json')).toString();
  const published: PublishDiagnosticsParams[] = [];
  const client = await startServer({ accessLenses: false, escalationWarnings: false }, [SERVER_PATH, '--stdio'], URI.file(dir).toString(), {
    onRequest: {},
  });
  client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  try {
    // A noPath assertion made to fail shows that paths are still searched for assertions.
    const model = JSON.parse(readFileSync(join(dir, 'organization.iam-model.json'), 'utf8')) as { tests: unknown[] };
    model.tests.push({ name: 'frank cannot become administrator', noPath: { from: 'frank', to: 'admin' } });
    const diags = waitForDiagnostics(published, (p) => p.uri === modelUri && p.diagnostics.some((d) => d.code === 'NO_PATH_FAILED'));
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: modelUri, languageId: 'json', version: 1, text: JSON.stringify(model, null, 2) },
    });
    const codes = (await diags).diagnostics.map((d) => d.code);
    assert.ok(!codes.includes('ESCALATION_PATH'), String(codes));
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: modelUri } });
    assert.deepEqual(
      lenses.filter((l) => l.data !== undefined),
      [],
    );
    assert.equal(lenses.length, model.tests.filter((t) => typeof t === 'object' && t !== null && 'expect' in t).length);
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});
