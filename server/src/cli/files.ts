/**
 * Expands the paths and globs given to `check` into files. Node 20 has no `fs.globSync`, so this
 * walks directories itself: `*` and `?` stay inside one path segment, `**` spans segments,
 * `{a,b}` alternates (`./glob.ts`: linear, no backtracking), and `node_modules` and hidden folders (`.git`, …) are never entered. Which of the files found
 * are policies is decided later (by name or content), not here.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { compilePathGlob } from './glob';

/** Directories a walk never enters (hidden ones, `.git` and `.vscode` included, are skipped too). */
const SKIPPED_DIRS = new Set(['node_modules']);

export interface ExpandResult {
  /** Absolute paths, sorted, without duplicates. */
  readonly files: string[];
  /** The arguments that matched nothing (a typo the user should hear about). */
  readonly unmatched: string[];
}

/**
 * Expands `args` (files, directories, globs; relative to `cwd`) into files. A directory or a glob
 * stands for the `.json` files below it or matching it; a file named explicitly is taken as is. Files whose path relative to `cwd` matches an `exclude` glob are dropped.
 */
export function expandPaths(args: readonly string[], cwd: string, exclude: readonly string[] = []): ExpandResult {
  const excluded = exclude.map(compileExclude);
  const isExcluded = (file: string) => excluded.some((matches) => matchesPathOrParent(matches, toPosix(relative(cwd, file))));
  const found = new Set<string>();
  const unmatched: string[] = [];
  for (const arg of args) {
    const files = expandOne(arg, cwd).filter((f) => !isExcluded(f));
    if (files.length === 0) unmatched.push(arg);
    files.forEach((f) => found.add(f));
  }
  return { files: [...found].sort(), unmatched };
}

function expandOne(arg: string, cwd: string): string[] {
  if (!hasGlobChars(arg)) {
    const path = resolve(cwd, arg);
    const kind = kindOf(path);
    if (kind === 'file') return [path];
    if (kind === 'dir') return walk(path).filter(isCandidate);
    return [];
  }
  const pattern = toPosix(isAbsolute(arg) ? arg : join(cwd, arg));
  const base = staticPrefix(pattern);
  const matches = compilePathGlob(pattern);
  // Policies and models are .json files, templates also YAML and Terraform: `'**'` means those, not the README.
  return walk(base || '/').filter((f) => isCandidate(f) && matches(toPosix(f)));
}

/** Extensions of files that may be policies, models or templates holding policies (Terraform `.tf` and OpenTofu `.tofu` too). */
const CANDIDATE_EXTENSIONS = ['.json', '.yaml', '.yml', '.template', '.tf', '.tofu'];

function isCandidate(file: string): boolean {
  const lower = file.toLowerCase();
  return CANDIDATE_EXTENSIONS.some((e) => lower.endsWith(e));
}

/** The leading segments of a pattern without glob characters: where the walk starts. */
export function staticPrefix(pattern: string): string {
  const segments = pattern.split('/');
  const firstGlob = segments.findIndex(hasGlobChars);
  return segments.slice(0, firstGlob < 0 ? segments.length : firstGlob).join('/');
}

function hasGlobChars(s: string): boolean {
  return /[*?{[]/.test(s);
}

function kindOf(path: string): 'file' | 'dir' | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every file below `dir`, skipping node_modules and hidden files and folders (`.git`, `.vscode`,
 * the config file): like ESLint, a walk leaves dot-entries alone; name them to check them.
 * Unreadable folders are skipped.
 */
export function walk(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) walk(path, out);
    } else if (e.isFile()) {
      out.push(path);
    }
  }
  return out;
}

/** An exclude glob without a `/` matches a name at any depth, like .gitignore. */
function compileExclude(glob: string): (path: string) => boolean {
  const trimmed = toPosix(glob).replace(/^\.\//, '').replace(/\/$/, '');
  return compilePathGlob(trimmed.includes('/') ? trimmed : `**/${trimmed}`);
}

/** True when `path` or one of its parent folders matches (excluding a folder excludes its files). */
function matchesPathOrParent(matches: (path: string) => boolean, path: string): boolean {
  const parts = path.split('/');
  for (let n = parts.length; n > 0; n--) {
    if (matches(parts.slice(0, n).join('/'))) return true;
  }
  return false;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
