/**
 * Workspace text inside hover markdown must stay text: a Sid, a principal or a variable default
 * can hold `![x](https://…)`, `<img src=…>`, `[click](command:…)` or a bare URL, and an editor
 * renders markdown. The characters that make links, images, HTML, entities, emphasis, code and
 * tables are backslash-escaped (CommonMark's escapes), and so are the pieces that GFM turns into
 * autolinks (`https\:\/\/…`, `www\.…`, `a\@b`); line breaks and other control characters become
 * spaces; long text is cut.
 */

const MAX_LENGTH = 300;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `text` as literal markdown text. */
export function inert(text: string, max = MAX_LENGTH): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut
    .replace(CONTROL, ' ')
    .replace(/[\\`*_~[\]()<>&|!@]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, '\\:\\/\\/')
    .replace(/(w{3})\./gi, '$1\\.');
}

/** `text` as a code span (its content is never markup), fenced by more backticks than it holds. */
export function inertCode(text: string, max = MAX_LENGTH): string {
  const cut = (text.length > max ? `${text.slice(0, max)}…` : text).replace(CONTROL, ' ');
  const longest = Math.max(0, ...(cut.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = cut.startsWith('`') || cut.endsWith('`') || cut === '' ? ' ' : '';
  return `${fence}${pad}${cut}${pad}${fence}`;
}
