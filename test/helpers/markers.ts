/**
 * Markers in test documents: `|` is the cursor, `«…»` a range. (Never `$`: policy variables
 * contain `${…}`.) A literal `|` in a test document is written `\|`.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';

export interface Marked {
  /** The text without markers. */
  readonly text: string;
  /** Offsets of `«…»` ranges, in document order. */
  readonly ranges: ReadonlyArray<{ start: number; end: number }>;
  /** Offset of `|`, if present. */
  readonly cursor: number | undefined;
}

/** Removes markers from `source` and reports where they were. */
export function parseMarkers(source: string): Marked {
  let text = '';
  const ranges: { start: number; end: number }[] = [];
  const open: number[] = [];
  let cursor: number | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\' && source[i + 1] === '|') {
      text += '|';
      i++;
    } else if (c === '|') cursor = text.length;
    else if (c === '«') open.push(text.length);
    else if (c === '»') {
      const start = open.pop();
      if (start === undefined) throw new Error('unbalanced » in test document');
      ranges.push({ start, end: text.length });
    } else text += c;
  }
  if (open.length) throw new Error('unbalanced « in test document');
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, ranges, cursor };
}

/** A TextDocument for tests. */
export function makeDocument(text: string, uri = 'file:///test/policy.iam.json', languageId = 'iam-policy'): TextDocument {
  return TextDocument.create(uri, languageId, 1, text);
}

/** Reads a case file of the form `expect …` lines, a `---` line, then the document. */
export function parseCaseFile(content: string): { expectations: string[]; document: string } {
  const sep = content.indexOf('\n---\n');
  if (content.startsWith('---\n')) return { expectations: [], document: content.slice(4) };
  if (sep < 0) throw new Error('case file needs a --- line between expectations and the document');
  const header = content
    .slice(0, sep)
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  return { expectations: header, document: content.slice(sep + 5) };
}
