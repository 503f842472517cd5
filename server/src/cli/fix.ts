/**
 * `check --fix` / `--fix-dry-run`: the editor's "Fix all" (the preferred, plain-text quick fixes
 * whose edits do not overlap) applied to a document until nothing more is fixed, as `eslint --fix`
 * does. A document with syntax errors is never changed: its fixes could land in the wrong place.
 */
import { createTwoFilesPatch } from 'diff';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND, type FixAllData, type PolicyLanguageService } from '../service';

/** Passes before giving up: a fix may uncover another (a second pass is rare, a third rarer). */
const MAX_PASSES = 10;

export interface FixOutcome {
  /** The document after the fixes (the input when nothing changed). */
  readonly document: TextDocument;
  /** Problems fixed. */
  readonly fixes: number;
  /** Why nothing was fixed although the document has problems, if that is the reason. */
  readonly skipped?: 'syntax-errors';
}

/** Applies the fix-all action to `document` repeatedly; pure (the caller writes the file). */
export async function fixDocument(service: PolicyLanguageService, document: TextDocument): Promise<FixOutcome> {
  let current = document;
  let fixes = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const parsed = service.parse(current);
    const diagnostics = await service.doValidation(current, parsed);
    if (diagnostics.some((d) => d.code === 'JSON_SYNTAX_ERROR' || d.code === 'TEMPLATE_SYNTAX_ERROR')) {
      return pass === 0 ? { document, fixes: 0, skipped: 'syntax-errors' } : { document: current, fixes };
    }
    const whole = { start: current.positionAt(0), end: current.positionAt(current.getText().length) };
    const [action] = service.doCodeActions(current, parsed, whole, { diagnostics, only: [FIX_ALL_KIND] });
    const edits = action?.edit?.changes?.[current.uri];
    if (!action || !edits?.length) break;
    const text = TextDocument.applyEdits(current, edits);
    if (text === current.getText()) break;
    fixes += (action.data as FixAllData | undefined)?.fixes ?? edits.length;
    current = TextDocument.create(current.uri, current.languageId, current.version + 1, text);
  }
  return { document: current, fixes };
}

/** A unified diff of one file's fix, with `path` as both names (git's a/ and b/ prefixes). */
export function fixDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
}
