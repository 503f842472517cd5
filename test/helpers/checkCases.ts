/**
 * Case files for checks and fixes. A checks file (`test/data/checks/<CODE>.txt`) holds sections
 * introduced by `=== positive: …` or `=== near-miss: …`; each has header lines (`type scp`,
 * `expect CODE: message`), a `---` line, and a document with «…» ranges for the expectations.
 * A fixes file has `fix <title>` (and optional `type …`), `---`, the document with the cursor
 * `|`, then `=== after` and the expected text.
 */

/**
 * The grammar codes: test/data/validation covers them (test/unit/service/validation.test.ts),
 * the IAM check cases in test/data/checks leave them out.
 */
export const GRAMMAR_CODES: ReadonlySet<string> = new Set([
  'JSON_SYNTAX_ERROR',
  'INVALID_EFFECT',
  'INVALID_VERSION',
  'INVALID_POLICY_ELEMENT',
  'INVALID_PRINCIPAL_KEY',
  'MISSING_EFFECT',
  'MISSING_ACTION',
  'MISSING_STATEMENT',
  'DATA_TYPE_MISMATCH',
  'UNSUPPORTED_ELEMENT_COMBINATION',
]);

export interface CheckCase {
  readonly title: string;
  readonly positive: boolean;
  readonly type: string | undefined;
  /** `file x.bucket.json`: the document's file name (file-name conventions). */
  readonly fileName: string | undefined;
  readonly expectations: readonly string[];
  readonly document: string;
}

/** Splits a checks file into its sections. */
export function parseCheckCases(content: string): CheckCase[] {
  const sections = content.split(/^=== /m).slice(1);
  return sections.map((section) => {
    const newline = section.indexOf('\n');
    const title = section.slice(0, newline).trim();
    const body = section.slice(newline + 1);
    const sep = body.indexOf('---\n');
    if (sep < 0) throw new Error(`section "${title}" needs a --- line`);
    const header = body
      .slice(0, sep)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const type = header
      .find((l) => l.startsWith('type '))
      ?.slice(5)
      .trim();
    return {
      title,
      positive: title.startsWith('positive'),
      type,
      fileName: header
        .find((l) => l.startsWith('file '))
        ?.slice(5)
        .trim(),
      expectations: header.filter((l) => l.startsWith('expect ')),
      document: body.slice(sep + 4).replace(/\n+$/, '\n'),
    };
  });
}

export interface FixCase {
  readonly title: string;
  readonly type: string | undefined;
  readonly before: string;
  readonly after: string;
}

/** Reads a fixes file. */
export function parseFixCase(content: string): FixCase {
  const [head = '', after = ''] = content.split(/^=== after\n/m);
  const sep = head.indexOf('---\n');
  if (sep < 0) throw new Error('fix case needs a --- line');
  const header = head
    .slice(0, sep)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const title = header.find((l) => l.startsWith('fix '))?.slice(4);
  if (!title) throw new Error('fix case needs a "fix <title>" line');
  return {
    title,
    type: header
      .find((l) => l.startsWith('type '))
      ?.slice(5)
      .trim(),
    before: head.slice(sep + 4),
    after,
  };
}
