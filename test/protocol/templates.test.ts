/**
 * Templates over the bundled server: a CloudFormation YAML template gets diagnostics at the
 * template's lines, hover inside a policy, and a YAML file that is no template gets nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../helpers/lspClient';

const TEMPLATE = join(__dirname, '../../examples/cloudformation/app.yaml');

test('a CloudFormation template: diagnostics on its lines, hover on an action, and other YAML left alone', async () => {
  const client = await startServer();
  const text = readFileSync(TEMPLATE, 'utf8');
  const uri = 'file:///ws/cloudformation/app.yaml';
  const published = await client.openAndWaitForDiagnostics(uri, text, 'yaml');
  const found = published.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`).sort();
  const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  assert.ok(found.includes(`${line('sqs:DeleteMesage')}:21 INVALID_ACTION`), found.join('\n'));
  assert.ok(found.includes(`${line('s3:getobjectversion')}:21 ACTION_CASE_MISMATCH`), found.join('\n'));
  const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: line('sqs:ReceiveMessage') - 1, character: 24 },
  });
  assert.match(hover?.contents.value ?? '', /ReceiveMessage/);

  const symbols = await client.connection.sendRequest<{ name: string }[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(
    symbols?.map((s) => s.name),
    [
      'WorkerRole.Properties.AssumeRolePolicyDocument',
      'WorkerRole.Properties.Policies[0].PolicyDocument',
      'QueuePolicy.Properties.PolicyDocument',
    ],
  );

  // The status item's request: the type of the policy under the cursor.
  const typeAt = (needle: string) =>
    client.connection.sendRequest<{ type: string; source: string; policy?: string } | null>('iamPolicy/policyType', {
      uri,
      position: { line: line(needle) - 1, character: 16 },
    });
  assert.deepEqual(await typeAt('sqs:SendMessage'), {
    type: 'resource',
    source: 'template',
    resourceService: 'sqs',
    policy: 'QueuePolicy.Properties.PolicyDocument',
    label: 'Resource-based policy',
  });
  assert.equal((await typeAt('sts:AssumeRole'))?.type, 'trust');

  const compose = 'file:///ws/docker-compose.yaml';
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: compose, languageId: 'yaml', version: 1, text: 'services:\n  web:\n    image: nginx\n' },
  });
  assert.equal(
    await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: compose } }),
    null,
    'a YAML file that holds no policies is left alone',
  );
  assert.equal(
    await client.connection.sendRequest('iamPolicy/policyType', { uri: compose }),
    null,
    'no policy type for it (no status item)',
  );
  assert.equal(await client.shutdown(), 0);
});

test('folding and formatting: static for editors that name no selector, registered for policies only when the client asks', async () => {
  const plain = await startServer();
  assert.equal(plain.initializeResult.capabilities.documentFormattingProvider, true);
  assert.equal(plain.initializeResult.capabilities.foldingRangeProvider, true);
  assert.equal(await plain.shutdown(), 0);

  // VS Code also sends JSON and YAML files (templates): JSON's own formatter and folding must stay the only ones there.
  const registered: { method: string; registerOptions: { documentSelector: unknown } }[] = [];
  let done: () => void = () => undefined;
  const three = new Promise<void>((resolve) => (done = resolve));
  const dynamic = { dynamicRegistration: true };
  const selector = [{ language: 'iam-policy' }];
  const vscodeLike = await startServer({ policyDocumentSelector: selector }, undefined, null, {
    capabilities: { textDocument: { formatting: dynamic, rangeFormatting: dynamic, foldingRange: dynamic } },
    onRequest: {
      'client/registerCapability': (params) => {
        registered.push(...(params as { registrations: typeof registered }).registrations);
        if (registered.length >= 3) done();
        return null;
      },
    },
  });
  const capabilities = vscodeLike.initializeResult.capabilities;
  assert.equal(capabilities.documentFormattingProvider, undefined);
  assert.equal(capabilities.documentRangeFormattingProvider, undefined);
  assert.equal(capabilities.foldingRangeProvider, undefined);
  await three;
  assert.deepEqual(registered.map((r) => [r.method, r.registerOptions.documentSelector]).sort(), [
    ['textDocument/foldingRange', selector],
    ['textDocument/formatting', selector],
    ['textDocument/rangeFormatting', selector],
  ]);
  assert.equal(await vscodeLike.shutdown(), 0);
});
