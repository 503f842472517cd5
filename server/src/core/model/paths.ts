/**
 * Workspace-relative paths, `/`-separated, without Node's path module (the core is pure). A
 * reference leaves the workspace when its normalized form climbs above the root (`../x`) or is
 * absolute; the node glue additionally checks symlinks with the real file system.
 */

/** The result of resolving a reference from a file. */
export type ResolvedPath =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: 'outside' | 'absolute' | 'empty' };

/** The directory part of a workspace-relative path (`''` for a top-level file). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Resolves `ref` (relative to the file at `from`) to a normalized workspace-relative path. */
export function resolveRef(from: string, ref: string): ResolvedPath {
  const text = ref.replace(/\\/g, '/');
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  if (text.startsWith('/') || /^[a-zA-Z]:/.test(text) || text.startsWith('//')) return { ok: false, reason: 'absolute' };
  const base = dirOf(from);
  const normalized = normalize(base === '' ? text : `${base}/${text}`);
  return normalized === undefined ? { ok: false, reason: 'outside' } : { ok: true, path: normalized };
}

/** Collapses `.` and `..`; undefined when the path climbs above the root. */
export function normalize(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** `to` (workspace-relative) as a reference from the file at `from`: `policies/a.json`, `../x.json`. */
export function relativeRef(from: string, to: string): string {
  const a = dirOf(from)
    .split('/')
    .filter((p) => p !== '');
  const b = to.split('/').filter((p) => p !== '');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}
