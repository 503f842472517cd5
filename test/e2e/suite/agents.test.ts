// For AI agents: the extension registers its MCP server for agent mode and contributes the same
// tools as language-model tools; both answer in a real VS Code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { useExtension } from './helpers';

describe('agent tools', () => {
  const ext = useExtension();

  it('registers the MCP server definition, which serves the tools', async function () {
    this.timeout(60_000);
    const [definition] = ext.api.agents.mcpServerDefinitions();
    assert.ok(definition, 'one MCP server definition');
    assert.equal(definition.label, 'IAM Policy Studio');
    assert.ok(definition.args[0]?.endsWith('dist/cli.js') && definition.args[1] === 'mcp', definition.args.join(' '));
    const env = Object.fromEntries(
      Object.entries({ ...process.env, ...definition.env }).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: definition.command, args: definition.args, env, cwd: definition.cwd?.fsPath }),
    );
    try {
      const { tools } = await client.listTools();
      assert.ok(
        tools.some((t) => t.name === 'least_privilege_policy'),
        tools.map((t) => t.name).join(),
      );
    } finally {
      await client.close();
    }
  });

  it('contributes language-model tools that the language server answers', async function () {
    this.timeout(60_000);
    const names = vscode.lm.tools.map((t) => t.name);
    assert.ok(names.includes('iam_validate_policy'), names.join());
    assert.deepEqual([...ext.api.agents.toolNames].sort(), names.filter((n) => n.startsWith('iam_')).sort());
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] };
    const result = await vscode.lm.invokeTool('iam_validate_policy', { input: { policy }, toolInvocationToken: undefined });
    const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.match(text, /INVALID_ACTION/);
    assert.match(text, /s3:GetObject/);
  });
});
