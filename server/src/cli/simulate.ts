/**
 * `iam-policy-studio simulate`: asks the workspace model one question (principal × actions ×
 * resources) with the AWS evaluation logic and prints each decision with its explanation.
 */
import { safeReadFile } from '../node/safeRead';
import { parseJsonText } from '../core/json';
import { escapeControl } from './output/escape';
import { basename, relative, resolve } from 'node:path';
import {
  expandActions,
  findPrincipal,
  reachableRoles,
  standalonePolicy,
  type Model,
  type ModelPolicy,
  type SimulationEntry,
  type SimulationResult,
} from '../core/model';
import { getCatalog } from '../node/catalogFile';
import { isSimulation, Simulation } from '../service/simulation';
import type { CliCommand } from './commands';
import type { CliIo } from './main';
import { loadModel, parseContext } from './modelArgs';
import { COMMON_OPTIONS, parseCommandArgs, toOptionMap, usageError } from './options';
import { COMMAND_SUMMARIES } from './usage';

const USAGE = `Usage: iam-policy-studio simulate --model <file> --principal <name|ARN> --action <action|pattern> [options]

Simulates requests against a workspace model (*.iam-model.json) or the JSON printed by
"aws iam get-account-authorization-details", with the AWS policy evaluation logic.

  --model <file>          model file or account-details JSON
  --principal <p>         user or role name, role/<name>, <account>/<name>, an ARN, root,
                          <account id>:root, or a service principal (ec2.amazonaws.com)
  --action <a>            an action or pattern (s3:Get*, ec2:*); repeatable
  --resource <arn>        a resource ARN (default *); repeatable
  --context <key=value>   a condition key value; repeat a key for a multivalued key
  --via <role>            assume this role first (repeat for a role chain)
  --session-name <name>   session name for role sessions (default iam-policy-studio)
  --session-policy <file> a session policy for a role session (a policy document)
  --session-tag <k=v>     a session tag of a role session (aws:PrincipalTag/k); repeatable
  --assumable             list the roles the principal can assume, directly or through
                          role chains (shortest first), instead of simulating actions
  --format text|json      json: one JSON object per line per action × resource
  --explain               json: include the per-policy, per-statement explanation
  --root <dir>            workspace root that file references must stay inside

Exit code: 0 when the simulation ran, 2 for bad usage or an unknown principal.
`;

/** The `simulate` subcommand. */
export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: COMMAND_SUMMARIES.simulate,
  run: runSimulate,
};

const OPTIONS = {
  help: COMMON_OPTIONS.help,
  format: COMMON_OPTIONS.format,
  model: { type: 'string' },
  principal: { type: 'string' },
  action: { type: 'string', multiple: true },
  resource: { type: 'string', multiple: true },
  context: { type: 'string', multiple: true },
  via: { type: 'string', multiple: true },
  'session-name': { type: 'string' },
  'session-policy': { type: 'string' },
  'session-tag': { type: 'string', multiple: true },
  assumable: { type: 'boolean' },
  explain: { type: 'boolean' },
  root: { type: 'string' },
} as const;

async function runSimulate(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('simulate', args, OPTIONS, USAGE, io, ['text', 'json']);
  if (parsed.exit !== undefined) return parsed.exit;
  const options = toOptionMap(parsed.values);
  const fail = (msg: string) => usageError(io, 'simulate', msg);
  if (parsed.positionals.length > 0) return fail(`unexpected argument '${parsed.positionals[0]}'`);
  const model = options.get('model')?.[0];
  const principal = options.get('principal')?.[0];
  const actions = options.get('action') ?? [];
  const format = parsed.format;
  const assumable = options.has('assumable');
  if (!model || !principal || (actions.length === 0 && !assumable))
    return fail('--model, --principal and --action (or --assumable) are required');
  const ctx = parseContext(options.get('context') ?? []);
  if (ctx.error) return fail(ctx.error);
  const tags = parseContext(options.get('session-tag') ?? []);
  if (tags.error) return fail(tags.error.replace('context', 'session tag'));
  const loaded = loadModel(model, io, options.get('root')?.[0]);
  if (!loaded.ok) return write(io.stderr, `iam-policy-studio simulate: ${loaded.message}\n`, 2);
  for (const p of loaded.model.problems) io.stderr.write(`${escapeControl(`${p.severity}: ${p.file}: ${p.message}`)}\n`);
  const catalog = getCatalog();
  if (assumable) return listAssumable(loaded.model, principal, ctx.context, format, io);
  const session = sessionPolicy(options.get('session-policy')?.[0], io.cwd);
  if (typeof session === 'string') return write(io.stderr, `iam-policy-studio simulate: ${session}\n`, 2);
  const sessionName = options.get('session-name')?.[0];
  const sessionTags = Object.fromEntries(Object.entries(tags.context).map(([k, v]) => [k, typeof v === 'string' ? v : v.join(',')]));
  const planned = Simulation.plan(
    loaded.model,
    {
      principal,
      actions,
      resources: options.get('resource') ?? ['*'],
      context: ctx.context,
      via: options.get('via') ?? [],
      ...(sessionName ? { sessionName } : {}),
      ...(session ? { sessionPolicy: session } : {}),
      ...(Object.keys(sessionTags).length > 0 ? { sessionTags } : {}),
    },
    { catalog, brief: !options.has('explain') },
  );
  const result = isSimulation(planned) ? planned.runNow() : planned;
  if (result.errors.length > 0) return write(io.stderr, `iam-policy-studio simulate: ${result.errors.join('\n')}\n`, 2);
  for (const u of expandActions(result.unknownActions, catalog).unknown)
    io.stderr.write(`warning: '${u}' is not an action of the AWS service catalog; evaluated as written.\n`);
  io.stdout.write(format === 'json' ? jsonLines(result) : text(result));
  return 0;
}

/** Reads `--session-policy`; a message when it cannot be used. */
function sessionPolicy(file: string | undefined, cwd: string): ModelPolicy | string | undefined {
  if (file === undefined) return undefined;
  const read = safeReadFile(resolve(cwd, file));
  if (!read.ok) return `cannot read the session policy ${file}: ${read.message}`;
  const parsed = parseJsonText(read.text);
  if (!parsed.ok) return `the session policy ${file} is ${parsed.message}`;
  const made = standalonePolicy(parsed.value, basename(file), 'session', relative(cwd, resolve(cwd, file)).split('\\').join('/'));
  return 'error' in made ? made.error : made.policy;
}

/** `--assumable`: every role reachable from the principal, with its chain. */
function listAssumable(model: Model, principal: string, context: Record<string, string | string[]>, format: string, io: CliIo): number {
  const found = findPrincipal(model, principal);
  if (!found.ok) return write(io.stderr, `iam-policy-studio simulate: ${found.message}\n`, 2);
  const roles = reachableRoles(model, found.principal, 4, { context });
  if (format === 'json') io.stdout.write(roles.map((r) => `${JSON.stringify(r)}\n`).join(''));
  else
    io.stdout.write(
      `${roles.map((r) => escapeControl(`${r.role}${r.chain.length > 1 ? `  (via ${r.chain.slice(0, -1).join(' → ')})` : ''}`)).join('\n')}${roles.length > 0 ? '\n' : ''}${roles.length} role(s) can be assumed.\n`,
    );
  return 0;
}

function write(stream: NodeJS.WritableStream, text: string, code: number): number {
  stream.write(text);
  return code;
}

function jsonLines(result: SimulationResult): string {
  return result.entries
    .map((e) => `${JSON.stringify({ principal: result.principal, ...e, ...(result.chain ? { chain: result.chain } : {}) })}\n`)
    .join('');
}

const LABEL: Record<SimulationEntry['decision'], string> = {
  Allowed: 'ALLOWED',
  ExplicitDeny: 'DENIED (explicit)',
  ImplicitDeny: 'DENIED (implicit)',
  Error: 'ERROR',
};

/** Human-readable output: one block per request. */
export function text(result: SimulationResult): string {
  const lines = [`Principal: ${result.principal ?? ''}`];
  for (const step of result.chain ?? []) lines.push(`  assumed ${step.role}: ${step.decision}`);
  for (const e of result.entries) {
    lines.push('', `${LABEL[e.decision]}  ${e.action}  ${e.resource}`, `  ${e.summary}`);
    for (const s of e.decidedBy)
      lines.push(
        `  - ${s.effect} ${s.sid ? `'${s.sid}'` : `#${s.statementIndex + 1}`} in ${s.policyName} (${s.file}${s.filePath.length > 0 ? ` ${pathText(s.filePath)}` : ''})`,
      );
    if (e.missingContextKeys.length > 0) lines.push(`  missing context keys: ${e.missingContextKeys.join(', ')}`);
  }
  const allowed = result.entries.filter((e) => e.decision === 'Allowed').length;
  lines.push('', `${result.entries.length} request(s): ${allowed} allowed, ${result.entries.length - allowed} denied.`, '');
  // Names, Sids and files come from the workspace: one record per line, control characters escaped.
  return lines.map(escapeControl).join('\n');
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
