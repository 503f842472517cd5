/**
 * For clients without snippet support (`completionItem.snippetSupport` false): a snippet becomes
 * the text a user would get by accepting every placeholder's default.
 */

/** `arn:${1:aws}:s3:::${2:BucketName}` → `arn:aws:s3:::BucketName`; `${1|Allow,Deny|}` → `Allow`; tab stops vanish. */
export function snippetToText(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i]!;
    if (c === '\\' && i + 1 < snippet.length) {
      out += snippet[++i];
      continue;
    }
    const m = c === '$' ? /^\$(?:\d+|\{\d+\}|\{\d+\|([^,|]*)[^|]*\|\}|\{\d+:)/.exec(snippet.slice(i)) : null;
    if (!m) {
      out += c;
    } else if (m[0].endsWith(':')) {
      const end = placeholderEnd(snippet, i + m[0].length);
      out += snippetToText(snippet.slice(i + m[0].length, end));
      i = end;
    } else {
      out += m[1] ?? '';
      i += m[0].length - 1;
    }
  }
  return out;
}

/** Index of the `}` closing a placeholder whose default starts at `from`. */
function placeholderEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '$' && s[i + 1] === '{') depth++;
    else if (s[i] === '}' && depth-- === 0) return i;
  }
  return s.length;
}
