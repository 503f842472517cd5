/** package.json's language-model tools are the MCP server's tools, with the same input schemas. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageModelTools } from '../../../scripts/agent-tools-manifest';

test('contributes.languageModelTools is generated from the tools (npx tsx scripts/agent-tools-manifest.ts)', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { languageModelTools: unknown; mcpServerDefinitionProviders: { id: string }[] };
  };
  assert.deepEqual(pkg.contributes.languageModelTools, languageModelTools());
  assert.deepEqual(
    pkg.contributes.mcpServerDefinitionProviders.map((p) => p.id),
    ['iamPolicyStudio.mcp'],
  );
});
