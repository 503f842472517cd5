/**
 * Quick fixes, data-driven: each file in test/data/fixes names a fix (`fix <title>`), has a
 * document with the cursor `|` on the problem, and `=== after` with the text after applying the
 * fix. `gone CODE` lines assert that the fixed document no longer reports CODE.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { isPolicyType } from '../../../server/src/core/policyType';
import { makeDocument, parseMarkers } from '../../helpers/markers';
import { parseFixCase } from '../../helpers/checkCases';

const dir = join(__dirname, '../../data/fixes');
const service = getLanguageService({ catalog: getCatalog() });
let counter = 0;

/** The text edits of a code action (plain or snippet edits), as the editor would apply them. */
export function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const plain = action.edit?.changes?.[uri];
  if (plain) return plain;
  const edits: TextEdit[] = [];
  for (const change of action.edit?.documentChanges ?? []) {
    if (!('edits' in change)) continue;
    for (const e of change.edits) edits.push('snippet' in e ? { range: e.range, newText: e.snippet.value } : e);
  }
  return edits;
}

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  test(`fix: ${file}`, async () => {
    const content = readFileSync(join(dir, file), 'utf8');
    const c = parseFixCase(content);
    const gone = content
      .split('\n')
      .filter((l) => l.startsWith('gone '))
      .map((l) => l.slice(5).trim());
    const marked = parseMarkers(c.before);
    assert.ok(marked.cursor !== undefined, 'the document needs a | cursor');
    const uri = `file:///fixes/case${++counter}.json`;
    if (c.type) {
      assert.ok(isPolicyType(c.type));
      service.setPolicyTypeOverride(uri, c.type);
    }
    const doc = makeDocument(marked.text, uri);
    const parsed = service.parse(doc);
    const diagnostics = await service.doValidation(doc, parsed);
    const at = doc.positionAt(marked.cursor);
    const actions = service.doCodeActions(doc, parsed, { start: at, end: at }, { diagnostics });
    const action = actions.find((a) => a.title === c.title);
    assert.ok(action, `no fix "${c.title}"; offered: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
    const fixed = TextDocument.applyEdits(doc, editsOf(action, uri));
    assert.equal(fixed, c.after);
    if (gone.length) {
      const after = makeDocument(fixed, `${uri}.after`);
      if (c.type) service.setPolicyTypeOverride(after.uri, c.type as never);
      const left = (await service.doValidation(after, service.parse(after))).filter((d) => gone.includes(String(d.code)));
      assert.deepEqual(
        left.map((d) => d.message),
        [],
        'the fix removes the problem',
      );
    }
  });
}
