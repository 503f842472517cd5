/**
 * `iam-policy-studio compare <old.json> <new.json>` and `compare --base <git-ref> [paths…]`:
 * does the new version of a policy grant access the old one does not? Node glue only: reading
 * files and git objects, printing; the decision is core/reasoning's.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parsePolicy } from '../core/policy/parse';
import type { Policy } from '../core/policy/types';
import { detectPolicyType, isPolicyType, type PolicyType } from '../core/policyType';
import { catalogMultiValued, catalogUniverse, comparePolicies, type CompareResult } from '../core/reasoning';
import { getCatalog } from '../node/catalogFile';
import { version as TOOL_VERSION } from '../../../package.json';
import type { CliCommand } from './commands';
import type { CliIo } from './main';
import { COMMON_OPTIONS, parseCommandArgs, stringOption, usageError } from './options';
import { COMMAND_SUMMARIES } from './usage';

const USAGE = `Usage: iam-policy-studio compare <old.json> <new.json> [--type <type>] [--format text|json|sarif] [--all]
       iam-policy-studio compare --base <git-ref> [paths…] [--format text|json|sarif] [--all]

Decides whether the new version of a policy allows some request (principal, action, resource,
request context) that the old version does not, and shows such a request (a counterexample,
checked by the evaluator; paste it into 'evaluate'). Decided over the catalog's actions, offline.
With --base, compares every changed policy file below the paths (default: the repository) with
its version at <git-ref>; a file new since <git-ref> is compared with an empty policy.

Options:
      --type <type>   identity, resource, trust, boundary, session, scp, rcp or vpc-endpoint
                      (default: from the file name or the content, as 'check' does)
      --all           one counterexample per distinct reason instead of the first
      --base <ref>    compare changed files with their version at this git revision
  -f, --format <text|json|sarif>  output format (default: text)
  -h, --help                      show this help

Exit code: 1 when a new version grants new access, 3 when the answer is unknown for some file
(and none grants new access), 0 when none does, 2 for bad usage or unreadable input.
`;

const OPTIONS = {
  help: COMMON_OPTIONS.help,
  format: COMMON_OPTIONS.format,
  type: { type: 'string' },
  all: { type: 'boolean' },
  base: { type: 'string' },
} as const;

/** The `compare` subcommand. */
export const compareCommand: CliCommand = {
  name: 'compare',
  summary: COMMAND_SUMMARIES.compare,
  run: runCompare,
};

/** One compared pair, for output. */
interface Compared {
  readonly file: string;
  readonly type: PolicyType;
  readonly result: CompareResult;
}

async function runCompare(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('compare', args, OPTIONS, USAGE, io, ['text', 'json', 'sarif']);
  if (parsed.exit !== undefined) return parsed.exit;
  const typeOption = stringOption(parsed.values, 'type');
  if (typeOption !== undefined && !isPolicyType(typeOption)) return usageError(io, 'compare', `unknown policy type '${typeOption}'`);
  const all = parsed.values.all === true;
  const base = stringOption(parsed.values, 'base');
  let compared: Compared[];
  if (base !== undefined) {
    const out = await compareWithBase(base, parsed.positionals, io, typeOption, all);
    if (typeof out === 'string') {
      io.stderr.write(`iam-policy-studio compare: ${out}\n`);
      return 2;
    }
    compared = out;
  } else {
    if (parsed.positionals.length !== 2) return usageError(io, 'compare', 'expected two policy files (old, new) or --base <git-ref>');
    const [oldName, newName] = parsed.positionals as [string, string];
    const oldText = readText(resolve(io.cwd, oldName));
    const newText = readText(resolve(io.cwd, newName));
    const failed = [oldText, newText].find((t) => t.error !== undefined);
    if (failed) {
      io.stderr.write(`iam-policy-studio compare: ${failed.error}\n`);
      return 2;
    }
    const one = comparePair(oldName, oldText.text as string, newName, newText.text as string, typeOption, all);
    if (typeof one === 'string') {
      io.stderr.write(`iam-policy-studio compare: ${one}\n`);
      return 2;
    }
    compared = [one];
  }
  const catalogLabel = getCatalog().versionLabel;
  if (parsed.format === 'json') io.stdout.write(json(compared, catalogLabel, base !== undefined));
  else if (parsed.format === 'sarif') io.stdout.write(sarif(compared, catalogLabel));
  else io.stdout.write(text(compared, catalogLabel, base));
  if (compared.some((c) => c.result.verdict === 'new-access')) return 1;
  return compared.some((c) => c.result.verdict === 'unknown') ? 3 : 0;
}

function readText(path: string): { text?: string; error?: string } {
  try {
    if (!statSync(path).isFile()) return { error: `'${path}' is not a file` };
    return { text: readFileSync(path, 'utf8') };
  } catch (err) {
    return { error: `cannot read '${path}': ${err instanceof Error ? err.message : String(err)}` };
  }
}

function parseDocument(name: string, text: string): { value: unknown; policy: Policy } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `${name}: not valid JSON (${err instanceof Error ? err.message : String(err)})`;
  }
  const { policy, errors } = parsePolicy(value, { source: name });
  if (errors.length > 0) return `${name}: not a valid policy: ${errors[0]?.path.join('.') || '(document)'}: ${errors[0]?.message}`;
  return { value, policy };
}

/** Compares one pair of texts; a string is an input error. */
function comparePair(
  oldName: string,
  oldText: string,
  newName: string,
  newText: string,
  typeOption: string | undefined,
  all: boolean,
): Compared | string {
  const prev = parseDocument(oldName, oldText);
  if (typeof prev === 'string') return prev;
  const next = parseDocument(newName, newText);
  if (typeof next === 'string') return next;
  const type = (typeOption as PolicyType | undefined) ?? detectPolicyType(newName, next.value).type;
  const catalog = getCatalog();
  const result = comparePolicies(prev.policy, next.policy, {
    type,
    universe: catalogUniverse(catalog),
    multiValued: catalogMultiValued(catalog),
    all,
  });
  return { file: newName, type, result };
}

// ---- --base ----

function git(args: readonly string[], cwd: string): Promise<{ ok: boolean; out: string; err: string }> {
  return new Promise((done) => {
    // execFile, no shell: the ref and paths are passed as arguments, never interpreted.
    execFile('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ ok: !error, out: stdout, err: stderr.trim() || (error ? error.message : '') });
    });
  });
}

async function compareWithBase(
  base: string,
  paths: readonly string[],
  io: CliIo,
  typeOption: string | undefined,
  all: boolean,
): Promise<Compared[] | string> {
  if (base.startsWith('-')) return `invalid git revision '${base}'`;
  const top = await git(['rev-parse', '--show-toplevel'], io.cwd);
  if (!top.ok) return `not inside a git repository (${top.err})`;
  const root = top.out.trim();
  const verified = await git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`], io.cwd);
  if (!verified.ok) return `unknown git revision '${base}'`;
  const scope = paths.length > 0 ? paths.map((p) => resolve(io.cwd, p)) : [root];
  const diff = await git(['diff', '--name-only', '-z', '--diff-filter=AMR', base, '--', ...scope], root);
  if (!diff.ok) return `git diff failed: ${diff.err}`;
  const out: Compared[] = [];
  for (const rel of diff.out.split('\0').filter((f) => f.endsWith('.json'))) {
    const abs = resolve(root, rel);
    const now = readText(abs);
    if (now.text === undefined) continue;
    let value: unknown;
    try {
      value = JSON.parse(now.text);
    } catch {
      continue;
    }
    // Only policy documents: by name (*.iam.json, *.policy.json, …) or by content.
    if (!looksLikePolicy(rel, value)) continue;
    const before = await git(['show', `${base}:${rel}`], root);
    const oldText = before.ok ? before.out : '{"Version": "2012-10-17", "Statement": []}';
    const name = relative(io.cwd, abs) || rel;
    const one = comparePair(`${base}:${rel}`, oldText, name, now.text, typeOption, all);
    if (typeof one === 'string') return one;
    out.push(one);
  }
  return out;
}

function looksLikePolicy(file: string, value: unknown): boolean {
  if (/\.(iam|policy|trust|scp|rcp|boundary|session|resource)\.json$/i.test(file)) return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const statements = Array.isArray(v.Statement) ? v.Statement : [v.Statement];
  const hasEffect = statements.some((s) => typeof s === 'object' && s !== null && 'Effect' in s);
  return 'Statement' in v && ('Version' in v || hasEffect) && !('$schema' in v);
}

// ---- output ----

function verdictText(r: CompareResult): string {
  if (r.verdict === 'new-access') return 'grants new access';
  if (r.verdict === 'no-new-access') return 'grants no new access';
  return `unknown (${r.reason ?? 'undecided'})`;
}

function text(compared: readonly Compared[], catalog: string, base: string | undefined): string {
  if (compared.length === 0) return `No changed policy files since ${base}.\n`;
  const lines: string[] = [];
  for (const c of compared) {
    lines.push(`${c.file} (${c.type}): ${verdictText(c.result)}${base ? ` vs ${base}` : ''}`);
    for (const x of c.result.counterexamples) {
      lines.push(`  ${x.summary}`);
      lines.push(`    request: ${JSON.stringify(x.request)}`);
    }
  }
  lines.push(`Decided over the actions of ${catalog}.`);
  return `${lines.join('\n')}\n`;
}

function resultJson(c: Compared): Record<string, unknown> {
  const r = c.result;
  return {
    newAccess: r.verdict === 'unknown' ? null : r.verdict === 'new-access',
    verdict: r.verdict,
    ...(r.reason ? { reason: r.reason } : {}),
    type: c.type,
    ...(r.counterexamples[0] ? { counterexample: r.counterexamples[0].request } : {}),
    counterexamples: r.counterexamples,
  };
}

function json(compared: readonly Compared[], catalog: string, many: boolean): string {
  if (!many && compared[0]) return `${JSON.stringify({ ...resultJson(compared[0]), catalog }, null, 2)}\n`;
  return `${JSON.stringify({ catalog, files: compared.map((c) => ({ file: c.file, ...resultJson(c) })) }, null, 2)}\n`;
}

function sarif(compared: readonly Compared[], catalog: string): string {
  const results = compared
    .filter((c) => c.result.verdict !== 'no-new-access')
    .map((c) => ({
      ruleId: c.result.verdict === 'new-access' ? 'NEW_ACCESS' : 'COMPARE_UNKNOWN',
      level: c.result.verdict === 'new-access' ? 'error' : 'warning',
      message: {
        text:
          c.result.verdict === 'new-access'
            ? (c.result.counterexamples[0]?.summary ?? 'grants new access')
            : `Cannot decide whether this change grants new access: ${c.result.reason ?? ''}`,
      },
      locations: [{ physicalLocation: { artifactLocation: { uri: c.file.split('\\').join('/') }, region: { startLine: 1 } } }],
      ...(c.result.counterexamples.length ? { properties: { counterexamples: c.result.counterexamples.map((x) => x.request) } } : {}),
    }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iam-policy-studio',
            version: TOOL_VERSION,
            informationUri: 'https://github.com/iam-policy-studio',
            rules: [
              { id: 'NEW_ACCESS', shortDescription: { text: 'The change grants access the base version does not' } },
              { id: 'COMPARE_UNKNOWN', shortDescription: { text: 'Could not decide whether the change grants new access' } },
            ],
            properties: { catalog },
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
