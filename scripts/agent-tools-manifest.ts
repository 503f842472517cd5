/**
 * Writes package.json's `contributes.languageModelTools` from the agent tools
 * (server/src/mcp/tools.ts): names `iam_<tool>`, descriptions and input JSON schemas, so VS Code's
 * language-model tools and the MCP server offer the same tools with the same schemas.
 * `npx tsx scripts/agent-tools-manifest.ts` (test/unit/agents/manifest.test.ts fails when stale).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { TOOLS } from '../server/src/mcp/tools';

const pascal = (name: string): string =>
  name
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** The contribution entries, in tool order. */
export function languageModelTools(): Record<string, unknown>[] {
  return TOOLS.map((t) => {
    const schema = zodToJsonSchema(z.object(t.input), { target: 'jsonSchema7', $refStrategy: 'none' }) as Record<string, unknown>;
    delete schema.$schema;
    return {
      name: `iam_${t.name}`,
      displayName: t.title,
      toolReferenceName: `iam${pascal(t.name)}`,
      canBeReferencedInPrompt: true,
      icon: '$(shield)',
      when: 'config.iamPolicyStudio.agentTools.enabled',
      userDescription: t.title,
      modelDescription: t.description,
      tags: ['aws', 'iam', 'iam-policy-studio'],
      inputSchema: schema,
    };
  });
}

if (require.main === module) {
  const file = join(__dirname, '..', 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
  pkg.contributes.languageModelTools = languageModelTools();
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`package.json: ${TOOLS.length} language-model tools`);
}
