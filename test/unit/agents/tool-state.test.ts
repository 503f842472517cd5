/**
 * The agent tools run in process with a tool state of their own (ToolState, server/src/mcp/tools.ts):
 * the catalog a call brings is the one its policy is checked with, and checks that overlap keep their
 * own policy types. (The MCP server over stdio: test/protocol/mcp.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTool, ToolState, type ToolEnv } from '../../../server/src/mcp/tools';
import { findCatalogFile, readCatalogFile } from '../../../server/src/node/catalogFile';

const catalog = readCatalogFile(findCatalogFile()!);
const misspelled = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObjekt'], Resource: '*' }] };

async function codes(env: ToolEnv, input: Record<string, unknown>): Promise<string[]> {
  const result = await runTool('validate_policy', input, env);
  assert.ok(!result.isError, result.summary);
  return (result.structured.findings as { code: string }[]).map((f) => f.code);
}

test('validate_policy checks with the catalog of the call, on one state and on two', async () => {
  const state = new ToolState();
  const other = new ToolState();
  // Without a catalog an action name cannot be looked up; with it, the misspelling is found.
  assert.ok(!(await codes({ catalog: undefined, root: __dirname, state }, { policy: misspelled })).includes('INVALID_ACTION'));
  assert.ok((await codes({ catalog, root: __dirname, state }, { policy: misspelled })).includes('INVALID_ACTION'));
  assert.ok(!(await codes({ catalog: undefined, root: __dirname, state: other }, { policy: misspelled })).includes('INVALID_ACTION'));
  assert.ok((await codes({ catalog, root: __dirname, state }, { policy: misspelled })).includes('INVALID_ACTION'));
});

test('overlapping validate_policy calls on one state each keep their policy type', async () => {
  const env = { catalog, root: __dirname, state: new ToolState() };
  const types = ['trust', 'identity', 'scp', 'resource'];
  const results = await Promise.all(types.map((policyType) => runTool('validate_policy', { policy: misspelled, policyType }, env)));
  assert.deepEqual(
    results.map((r) => r.structured.policyType),
    types,
  );
});
