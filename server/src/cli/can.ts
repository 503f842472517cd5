/**
 * `iam-policy-studio can`: the effective permissions of one user or role of a workspace model — a
 * compact policy per service (actions with access levels, resources, conditions) after
 * permissions boundaries, SCPs, RCPs and resource policies.
 */
import { principalCan, type CanResult } from '../core/model';
import { getCatalog } from '../node/catalogFile';
import type { CliCommand } from './commands';
import type { CliIo } from './main';
import { loadModel, parseContext } from './modelArgs';
import { COMMON_OPTIONS, parseCommandArgs, toOptionMap, usageError } from './options';
import { COMMAND_SUMMARIES } from './usage';

const USAGE = `Usage: iam-policy-studio can --model <file> --principal <name|ARN> [options]

Prints what a user or role (as a role session) of the model can do: per service, the actions
(with their access levels) on each resource, and the conditions the deciding statements carry.
Every line is a request the AWS evaluation logic allows after permissions boundaries, SCPs, RCPs,
resource policies and explicit denies; "except" lists model resources a pattern matches that are
denied; "needs" lists context keys the model cannot derive (the grant holds only when they match).

  --model <file>          model file or account-details JSON
  --principal <p>         a user or role: name, or ARN
  --context <key=value>   a condition key value for every request; repeatable
  --format text|json      json: one { principal, service, actions, exceptActions?, accessLevels,
                          resource, except, conditions, needs } per line
  --root <dir>            workspace root that file references must stay inside

Exit code: 0 when the question was answered, 2 for bad usage, an unknown principal or an unreadable model.
`;

/** The `can` subcommand. */
export const canCommand: CliCommand = {
  name: 'can',
  summary: COMMAND_SUMMARIES.can,
  run: runCan,
};

const OPTIONS = {
  help: COMMON_OPTIONS.help,
  format: COMMON_OPTIONS.format,
  model: { type: 'string' },
  principal: { type: 'string' },
  context: { type: 'string', multiple: true },
  root: { type: 'string' },
} as const;

async function runCan(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('can', args, OPTIONS, USAGE, io, ['text', 'json']);
  if (parsed.exit !== undefined) return parsed.exit;
  const options = toOptionMap(parsed.values);
  const fail = (msg: string) => usageError(io, 'can', msg);
  if (parsed.positionals.length > 0) return fail(`unexpected argument '${parsed.positionals[0]}'`);
  const model = options.get('model')?.[0];
  const principal = options.get('principal')?.[0];
  if (!model || !principal) return fail('--model and --principal are required');
  const ctx = parseContext(options.get('context') ?? []);
  if (ctx.error) return fail(ctx.error);
  const loaded = loadModel(model, io, options.get('root')?.[0]);
  if (!loaded.ok) {
    io.stderr.write(`iam-policy-studio can: ${loaded.message}\n`);
    return 2;
  }
  for (const p of loaded.model.problems) io.stderr.write(`${p.severity}: ${p.file}: ${p.message}\n`);
  const result = principalCan(loaded.model, principal, { catalog: getCatalog(), context: ctx.context });
  if (result.errors.length > 0) {
    io.stderr.write(`iam-policy-studio can: ${result.errors.join('\n')}\n`);
    return 2;
  }
  io.stdout.write(parsed.format === 'json' ? json(result) : text(result));
  return 0;
}

function json(result: CanResult): string {
  return result.services
    .flatMap((s) => s.statements.map((st) => `${JSON.stringify({ principal: result.principal, service: s.service, ...st })}\n`))
    .join('');
}

function text(result: CanResult): string {
  const lines = [`${result.principal} can:`, ''];
  for (const s of result.services) {
    lines.push(
      s.service === '*'
        ? `every service${s.exceptServices && s.exceptServices.length > 0 ? ` except ${s.exceptServices.join(', ')}` : ''}`
        : s.service,
    );
    for (const st of s.statements) {
      lines.push(
        `  ${st.actions.join(', ')}${st.exceptActions ? ` except ${st.exceptActions.join(', ')}` : ''}  (${st.accessLevels.join(', ')})`,
      );
      lines.push(`      on ${st.resource}${st.except.length > 0 ? ` except ${st.except.join(', ')}` : ''}`);
      for (const c of st.conditions) lines.push(`      if ${c.operator} ${c.key} ${c.values.join(', ')}`);
      if (st.needs.length > 0) lines.push(`      needs ${st.needs.join(', ')} (not derivable from the model; give them with --context)`);
    }
    lines.push('');
  }
  if (result.services.length === 0) lines.push('nothing (no request is allowed).', '');
  const blocked = new Map<string, number>();
  for (const b of result.blocked) blocked.set(b.blockedBy, (blocked.get(b.blockedBy) ?? 0) + 1);
  if (blocked.size > 0) lines.push(`Allowed by a policy but denied: ${[...blocked].map(([k, n]) => `${n} by ${k}`).join(', ')}.`, '');
  return lines.join('\n');
}
