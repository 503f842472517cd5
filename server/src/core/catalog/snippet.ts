/**
 * LSP snippet strings for completion: ARN templates and variable condition keys become
 * snippets with one tab stop per placeholder.
 */

/** Options for {@link arnTemplateToSnippet}. */
export interface ArnSnippetOptions {
  /** Default value offered for `${Partition}`; `aws` unless told. */
  readonly partition?: string;
}

/**
 * Turns an ARN template into an LSP snippet string:
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}` → `arn:${1:aws}:s3:::${2:BucketName}/${3:ObjectName}`.
 * A placeholder repeated in the template reuses its tab stop.
 */
export function arnTemplateToSnippet(template: string, options: ArnSnippetOptions = {}): string {
  return templateToSnippet(template, (name) => (name === 'Partition' ? (options.partition ?? 'aws') : name));
}

/**
 * Turns a variable condition key into a snippet: `aws:RequestTag/${TagKey}` →
 * `aws:RequestTag/${1:TagKey}`, `s3:ExistingObjectTag/<key>` → `s3:ExistingObjectTag/${1:key}`.
 */
export function conditionKeyToSnippet(key: string): string {
  return templateToSnippet(key.replace(/<([^<>]+)>/g, '$${$1}'), (name) => name);
}

function templateToSnippet(template: string, defaultFor: (name: string) => string): string {
  const stops = new Map<string, number>();
  let out = '';
  let last = 0;
  for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
    out += escapeSnippet(template.slice(last, m.index));
    const name = m[1] ?? '';
    let stop = stops.get(name);
    if (stop === undefined) {
      stop = stops.size + 1;
      stops.set(name, stop);
    }
    out += `\${${stop}:${escapeSnippet(defaultFor(name))}}`;
    last = m.index + m[0].length;
  }
  return out + escapeSnippet(template.slice(last));
}

/** Escapes `$`, `}` and `\` so they stay literal in a snippet. */
export function escapeSnippet(text: string): string {
  // Most texts (up to 200 per completion list) have none of them: three scans cost less than a replace.
  if (text.indexOf('$') < 0 && text.indexOf('}') < 0 && text.indexOf('\\') < 0) return text;
  return text.replace(/[$}\\]/g, '\\$&');
}
