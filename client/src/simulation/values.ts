/** What people type into the simulation's input boxes, as request values (pure). */

/** Parses `key=value, key2=value2`; undefined when a part has no `=` or an empty key. */
export function parseTags(text: string): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    tags[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return tags;
}

/** A context key's typed value: commas separate several values; empty means "leave it missing". */
export function parseContextValue(text: string): string | string[] | undefined {
  const values = text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}
