/**
 * Completion after an edit inside one statement parses only that statement (service/parse.ts
 * `localStatement`) and scans only its text for the cursor's location. Property: on random edits
 * of real policies (one or several versions after the last full parse), at random offsets, the
 * statement found that way equals the full parse's statement, the cursor context equals the one
 * found by scanning the whole text, and the completion list equals the one computed from the full
 * parse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ASTNode } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service';
import { doComplete } from '../../../server/src/service/completion';
import { cursorContext } from '../../../server/src/service/completion/context';
import { localStatement, type ParsedDocument } from '../../../server/src/service/parse';
import { nodeAtPath } from '../../../server/src/service/jsonPath';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { mulberry32 } from '../../helpers/random';
import { effort } from '../../helpers/effort';

const catalog = getCatalog();
const accounts = () => [{ accountId: '111122223333', principals: [] }];
const service = getLanguageService({ catalog, workspaceAccounts: accounts });

/** The content of a tree node, without offsets or parents. */
function content(node: ASTNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object':
      return { object: node.properties.map((p) => [p.keyNode.value, content(p.valueNode)]) };
    case 'array':
      return { array: node.items.map(content) };
    default:
      return { [node.type]: node.value };
  }
}

const SNIPPETS = ['"', '{', '}', '[', ']', ',', ':', '"Action": ', '"s3:Get', '\n', ' ', 'x', '\\', '"Condition": {', '/*', '*', '${'];

function policies(): string[] {
  const dir = join(__dirname, '../../../examples/policies');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((t) => t.includes('"Statement"'));
}

/** An edit at a random place, mostly inside a statement: insert a snippet or delete a few characters. */
function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  if (next() < 0.6) return text.slice(0, at) + SNIPPETS[Math.floor(next() * SNIPPETS.length)] + text.slice(at);
  return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 4)));
}

test('completion from the edited statement alone equals completion from the full parse', () => {
  const next = mulberry32(1302);
  let local = 0;
  let compared = 0;
  for (const original of policies()) {
    for (let round = 0; round < effort(3, 40); round++) {
      let text = original;
      let version = 1;
      let previous: ParsedDocument = service.parse(TextDocument.create('file:///p.iam.json', 'iam-policy', version, text));
      void previous.json;
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        text = edit(text, next);
        const doc = TextDocument.create('file:///p.iam.json', 'iam-policy', ++version, text);
        const parsed = service.parse(doc, previous);
        const fresh = service.parse(TextDocument.create('file:///p.iam.json', 'iam-policy', version, text));
        for (let k = 0; k < 8; k++) {
          const offset = Math.floor(next() * (text.length + 1));
          const found = localStatement(parsed, offset);
          if (found) {
            local++;
            assert.deepEqual(
              content(found.node),
              content(nodeAtPath(fresh.json, found.path)),
              `statement at ${offset} in ${JSON.stringify(text)} tree ${found.node.offset}`,
            );
            assert.deepEqual(
              cursorContext(text, offset, found),
              cursorContext(text, offset),
              `context at ${offset} in ${JSON.stringify(text.slice(found.start, found.end))} tree ${JSON.stringify(found.node.offset)}`,
            );
          }
          const position = doc.positionAt(offset);
          const expected = doComplete({ catalog, accounts }, doc, fresh, position);
          assert.deepEqual(service.doComplete(doc, parsed, position), expected, `completion at ${offset} of ${JSON.stringify(text)}`);
          compared++;
        }
        // Sometimes a feature builds the tree (validation, hover) before the next edit.
        if (next() < 0.3) void parsed.json;
        previous = parsed;
      }
    }
  }
  // The statement alone must actually have been used for a good part of the cursors.
  assert.ok(local > compared / 4, `${local} of ${compared} cursors completed from the statement alone`);
});
