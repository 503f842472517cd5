/**
 * The one way the server and the CLI read files the workspace names: regular files only (a FIFO
 * would block forever, `/dev/zero` would never end), at most {@link MAX_FILE_BYTES}, and — for
 * paths that come from the workspace or the protocol — only inside the workspace, after symbolic
 * links are resolved. The file is opened without blocking and checked on the open descriptor, so
 * what is read is what was checked. Failures say why in a few words and never carry the file's
 * content.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Larger files are refused (IAM documents are kilobytes; account-details exports a few megabytes). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export type SafeReadFailure = 'missing' | 'outside' | 'not-a-file' | 'too-large' | 'unreadable' | 'unresolved';

export type SafeRead =
  | { readonly ok: true; readonly text: string; readonly path: string }
  | { readonly ok: false; readonly reason: SafeReadFailure; readonly message: string };

export interface SafeReadOptions {
  /** Folders the file's real path must be inside (none: anywhere, for paths the user named). */
  readonly roots?: readonly string[];
  readonly maxBytes?: number;
}

/** Reads `file` as UTF-8 text (a leading byte-order mark removed) under the rules above. */
export function safeReadFile(file: string, options: SafeReadOptions = {}): SafeRead {
  const max = options.maxBytes ?? MAX_FILE_BYTES;
  let real: string;
  try {
    real = realpathSync(resolve(file));
  } catch (err) {
    return failure(errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR' ? 'missing' : 'unreadable', errnoOf(err));
  }
  if (options.roots && !options.roots.some((root) => isInside(realRoot(root), real))) return failure('outside');
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return failure(errnoOf(err) === 'ENOENT' ? 'missing' : 'unreadable', errnoOf(err));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return failure('not-a-file');
    if (st.size > max) return failure('too-large', undefined, max);
    // Read to the end, never past the cap (a file may grow, and some report size 0).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 64 * 1024), max + 1 - total));
      if (chunk.length === 0) return failure('too-large', undefined, max);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > max) return failure('too-large', undefined, max);
    }
    const text = Buffer.concat(chunks, total).toString('utf8');
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path: real };
  } catch (err) {
    return failure('unreadable', errnoOf(err));
  } finally {
    closeSync(fd);
  }
}

/**
 * Policy files named by Terraform's `file()`/`templatefile()` are read up to this size (AWS's
 * largest policy, a 20 KB bucket policy, is far below; a larger file is no policy AWS accepts).
 */
export const MAX_REFERENCED_FILE_BYTES = 1024 * 1024;

/**
 * The file a `.tf` file at `fromFile` names in `file(…)`/`templatefile(…)`: `ref` is the path as
 * written (`${path.module}/` already taken as the `.tf` file's folder, as
 * `PolicyFileReference.path` gives it), resolved against the `.tf` file's folder. Read only when
 * it is a regular file of at most `maxBytes` whose real path lies inside one of `roots` (the
 * workspace folders): a FIFO, a device, a folder, a symbolic link leaving the workspace, an
 * absolute path elsewhere (`/dev/zero`, `/etc/passwd`) and a path still holding `${…}` are
 * refused with a short reason, never waited on, and the content is never quoted.
 * The one reader of such files for the server and the CLI.
 */
export function readReferencedFile(
  fromFile: string,
  ref: string,
  roots: readonly string[],
  maxBytes: number = MAX_REFERENCED_FILE_BYTES,
): SafeRead {
  if (ref === '' || ref.includes('\0') || ref.includes('${') || ref.includes('%{')) return failure('unresolved');
  if (roots.length === 0) return failure('outside');
  return safeReadFile(resolve(dirname(resolve(fromFile)), ref), { roots, maxBytes });
}

/** Whether `target` is `root` or below it. */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of a workspace root (the resolved path when it cannot be read). */
export function realRoot(root: string): string {
  try {
    return realpathSync(resolve(root));
  } catch {
    return resolve(root);
  }
}

const WHY: Record<SafeReadFailure, string> = {
  missing: 'it does not exist',
  outside: 'it is outside the workspace',
  'not-a-file': 'it is not a regular file',
  'too-large': 'it is too large',
  unreadable: 'it cannot be read',
  unresolved: 'its path is known only when Terraform runs',
};

function failure(reason: SafeReadFailure, code?: string, max?: number): SafeRead {
  const limit = reason === 'too-large' && max !== undefined ? ` (more than ${sizeText(max)})` : '';
  return { ok: false, reason, message: `${WHY[reason]}${limit}${code ? ` (${code})` : ''}` };
}

/** The errno code of a file-system error (EACCES, ENOENT…), never its message (which names paths). */
function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** `16 MB`, `1 MB`, `512 KB`. */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}
