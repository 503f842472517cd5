/**
 * The requests behind the "IAM: Simulate Access…" pickers and progress, on the bundled server
 * over stdio with examples/ as the workspace: the action list filtered on the server, ARN
 * templates for chosen actions, and a big run that reports progress and stops when cancelled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { CancellationTokenSource, WorkDoneProgress } from 'vscode-languageserver-protocol';
import { SERVER_PATH, startServer } from '../helpers/lspClient';
import { ListActionsRequest, ResourceTemplatesRequest, SimulateAccessRequest } from '../../server/src/protocol';

test('action picker, ARN templates and a cancelled run with progress over stdio', async () => {
  const client = await startServer({}, [SERVER_PATH, '--stdio'], URI.file(join(__dirname, '../../examples')).toString());
  try {
    const actions = await client.connection.sendRequest(ListActionsRequest.type, { filter: 's3:getobj', limit: 5 });
    assert.equal(actions.items.length, 5);
    assert.ok(actions.total > 5);
    assert.equal(actions.items[0]?.name, 's3:GetObject');

    const templates = await client.connection.sendRequest(ResourceTemplatesRequest.type, { actions: ['sqs:SendMessage'] });
    assert.deepEqual(
      templates.map((t) => t.template),
      ['arn:${Partition}:sqs:${Region}:${Account}:${QueueName}'],
    );

    // Every action × three resources: ~66k requests, far more than one chunk between cancellation checks.
    const source = new CancellationTokenSource();
    const progress: string[] = [];
    client.connection.onProgress(WorkDoneProgress.type, 'run-1', (value) => {
      progress.push(value.kind);
      if (value.kind === 'report') source.cancel();
    });
    const resources = ['arn:aws:s3:::example-reports/a', 'arn:aws:s3:::example-app-data/b', '*'];
    const result = await client.connection.sendRequest(
      SimulateAccessRequest.type,
      { principal: 'alice', actions: ['*'], resources, brief: true, workDoneToken: 'run-1' },
      source.token,
    );
    assert.equal(result.cancelled, true);
    assert.ok(result.entries.length > 0 && result.entries.length < 20_000, `stopped early (${result.entries.length} entries)`);
    assert.deepEqual(result.errors, []);
    assert.equal(progress[0], 'begin');
    assert.equal(progress[progress.length - 1], 'end');
  } finally {
    await client.shutdown();
  }
});
