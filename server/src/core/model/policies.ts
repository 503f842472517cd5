/**
 * Turning policy references of a model into parsed {@link ModelPolicy} values: files (relative to
 * the referencing file, never outside the workspace), inline documents, AWS managed policies from
 * the snapshot, and URL-encoded documents as `get-account-authorization-details` prints them.
 * Every broken reference becomes a {@link ModelProblem}; nothing here throws.
 */
import { parseJsonText } from '../json';
import { parsePolicy } from '../policy/parse';
import type { JsonPath } from '../policy/types';
import type { ModelHost } from './host';
import { resolveRef } from './paths';
import type { ModelPolicy, ModelPolicyKind, ModelProblem, ModelProblemCode, SourceLocation } from './types';

const FAILED = Symbol('failed');

/** Shared state of one resolution: the host, problems found, files read and parse caches. */
export class ResolveContext {
  readonly problems: ModelProblem[] = [];
  readonly files = new Set<string>();
  private readonly json = new Map<string, unknown>();
  private readonly parsed = new Map<string, ModelPolicy | null>();

  constructor(readonly host: ModelHost) {}

  /** Records a problem. */
  report(code: ModelProblemCode, at: SourceLocation, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.problems.push({ code, message, file: at.file, path: at.path, severity });
  }

  /** The workspace-relative path of `ref` (relative to `at.file`), or undefined (reported) when it leaves the workspace. */
  resolvePath(ref: string, at: SourceLocation): string | undefined {
    const resolved = resolveRef(at.file, ref);
    if (!resolved.ok) {
      const why =
        resolved.reason === 'empty'
          ? 'The file path is empty.'
          : resolved.reason === 'absolute'
            ? `'${ref}' is an absolute path; model references are relative to the model file and stay inside the workspace.`
            : `'${ref}' is outside the workspace; model references must stay inside it.`;
      this.report('PATH_OUTSIDE_WORKSPACE', at, why);
      return undefined;
    }
    return resolved.path;
  }

  /** Reads and parses a JSON file referenced at `at` (`ref` relative to `at.file`). */
  readJson(ref: string, at: SourceLocation): { path: string; value: unknown } | undefined {
    const path = this.resolvePath(ref, at);
    if (path === undefined) return undefined;
    if (this.json.has(path)) {
      const value = this.json.get(path);
      // A file that failed to read or parse was reported at its first reference.
      return value === FAILED ? undefined : { path, value };
    }
    const file = this.host.readFile(path);
    this.files.add(path);
    if (!file.ok) {
      this.json.set(path, FAILED);
      const code = file.reason === 'outside' ? 'PATH_OUTSIDE_WORKSPACE' : 'MISSING_FILE';
      this.report(
        code,
        at,
        file.reason === 'outside'
          ? `'${ref}' resolves outside the workspace (through a symbolic link).`
          : `File '${ref}' ${file.reason === 'missing' ? 'does not exist' : `cannot be read${file.message ? `: ${file.message}` : ''}`} (resolved to '${path}').`,
      );
      return undefined;
    }
    const parsed = parseJsonText(file.text);
    if (!parsed.ok) {
      this.json.set(path, FAILED);
      this.report('INVALID_POLICY_FILE', at, `'${ref}' is ${parsed.message}.`);
      return undefined;
    }
    this.json.set(path, parsed.value);
    return { path, value: parsed.value };
  }

  private readonly ids = new WeakMap<object, number>();

  /** The same document object (a file read once) has one id; another object at the same place another. */
  private documentId(document: unknown): number {
    if (typeof document !== 'object' || document === null) return 0;
    let id = this.ids.get(document);
    if (id === undefined) this.ids.set(document, (id = this.nextId++));
    return id;
  }

  private nextId = 1;

  /**
   * Parses a policy document once per source location. Documents with errors are reported
   * (at the referencing entry) and left out: the evaluator must not run a half-understood policy.
   */
  policy(
    document: unknown,
    name: string,
    kind: ModelPolicyKind,
    source: SourceLocation,
    at: SourceLocation,
    arn?: string,
  ): ModelPolicy | undefined {
    // One source location may hold several documents: the instances of a Terraform `count`/`for_each` block.
    const key = `${kind}\u0000${source.file}\u0000${JSON.stringify(source.path)}\u0000${this.documentId(document)}`;
    const cached = this.parsed.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const doc = decodeDocument(document);
    const { policy, errors } = parsePolicy(doc, { id: name, source: source.file });
    const first = errors[0];
    if (first) {
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
      this.report(
        'INVALID_POLICY_FILE',
        at,
        `Policy '${name}' cannot be used (${formatPath([...source.path, ...first.path])} in ${source.file}): ${first.message}${more}`,
      );
      this.parsed.set(key, null);
      return undefined;
    }
    const mp: ModelPolicy = { name, kind, policy, source, ...(arn ? { arn } : {}) };
    this.parsed.set(key, mp);
    return mp;
  }
}

/**
 * A policy document as found in a file: an object, or a JSON string, possibly URL-encoded
 * (`get-account-authorization-details` prints `%7B%22Version%22…` unless the CLI decoded it).
 */
export function decodeDocument(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  const attempts = text.startsWith('{') ? [text] : [safeDecode(text), text];
  for (const t of attempts) {
    if (t === undefined) continue;
    try {
      return JSON.parse(t) as unknown;
    } catch {
      // try the next form
    }
  }
  return value;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return undefined;
  }
}

/** `Statement[0].Action` style rendering of a JSON path for messages. */
export function formatPath(path: JsonPath): string {
  if (path.length === 0) return 'the document root';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Appends segments to a location's path. */
export function at(loc: SourceLocation, ...more: (string | number)[]): SourceLocation {
  return { file: loc.file, path: [...loc.path, ...more] };
}

/** Whether a value looks like a policy document written inline. */
export function isInlineDocument(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'Statement' in value;
}

/** The last segment of a path without its `.json` / `.iam.json` suffix: the policy's display name. */
export function baseName(path: string): string {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.replace(/(\.iam|\.policy)?\.json$/i, '');
}

/**
 * A policy document from outside the model (the active editor's policy, a session policy file)
 * as a {@link ModelPolicy}, or the first problem that stops it from being evaluated.
 */
export function standalonePolicy(
  document: unknown,
  name: string,
  kind: ModelPolicyKind,
  file: string,
): { policy: ModelPolicy } | { error: string } {
  const { policy, errors } = parsePolicy(decodeDocument(document), { id: name, source: file });
  const first = errors[0];
  if (first) return { error: `${name} cannot be evaluated (${formatPath(first.path)}): ${first.message}` };
  return { policy: { name, kind, policy, source: { file, path: [] } } };
}
