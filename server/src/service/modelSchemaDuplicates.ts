/**
 * Model files in an editor that validates them with `schemas/iam-model.schema.json` itself (VS
 * Code does, through package.json `jsonValidation`): our wrong-typed-entry problems (MODEL_INVALID)
 * would show twice there. The server validates the text with the same schema and the same JSON
 * library (json-languageservice) and leaves out MODEL_INVALID where the schema, or the JSON syntax,
 * reports a problem too; everything else of ours stays. Other editors and the CLI get every
 * problem. Pure: text in, diagnostics out.
 */
import { getLanguageService, type JSONSchema, type LanguageService } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import modelSchema from '../../../schemas/iam-model.schema.json';
import { isTooDeep } from './limits';

/** A position as one number (lines of a million characters are not a concern here). */
const key = (p: Range['start']): number => p.line * 1_000_000 + p.character;

/** Whether two ranges share a character; an empty range counts as its first character. */
export function overlaps(a: Range, b: Range): boolean {
  const [as, bs] = [key(a.start), key(b.start)];
  const ae = Math.max(key(a.end), as + 1);
  const be = Math.max(key(b.end), bs + 1);
  return as < be && bs < ae;
}

/** Keeps our diagnostics except shape problems the schema validation reports at the same place. */
export function withoutSchemaDuplicates<D extends Pick<Diagnostic, 'range' | 'code'>>(ours: readonly D[], schema: readonly Range[]): D[] {
  return ours.filter((d) => d.code !== 'MODEL_INVALID' || !schema.some((s) => overlaps(d.range, s)));
}

/** The schema validation an editor runs on model files, run here to know what it reports. */
export class ModelSchemaValidation {
  private readonly jsonLs: LanguageService = getLanguageService({});
  private readonly schema: JSONSchema = modelSchema as JSONSchema;

  constructor() {
    this.jsonLs.configure({ validate: true, allowComments: false });
  }

  /** The ranges of the problems the schema validation (and the JSON syntax) reports in `document`. */
  async problems(document: TextDocument): Promise<Range[]> {
    if (isTooDeep(document.getText())) return [];
    const json = this.jsonLs.parseJSONDocument(document);
    const found = await this.jsonLs.doValidation(
      document,
      json,
      { comments: 'error', trailingCommas: 'error', schemaValidation: 'error', schemaRequest: 'ignore' },
      this.schema,
    );
    return found.map((d) => d.range);
  }

  /** `ours` without the MODEL_INVALID problems the schema validation reports at the same place. */
  async filter<D extends Pick<Diagnostic, 'range' | 'code'>>(document: TextDocument, ours: readonly D[]): Promise<D[]> {
    if (!ours.some((d) => d.code === 'MODEL_INVALID')) return [...ours];
    return withoutSchemaDuplicates(ours, await this.problems(document));
  }
}
