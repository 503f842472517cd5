/**
 * `iam-policy-studio paths`: privilege-escalation paths in a workspace model — the ways a principal
 * can gain the permissions of another principal or of a full administrator, each step an
 * evaluated request with the method (pathfinding.cloud catalog id) and the deciding statements.
 */
import { escalationPaths, type EscalationPath } from '../core/model';
import { getCatalog } from '../node/catalogFile';
import type { CliCommand } from './commands';
import type { CliIo } from './main';
import { loadModel, parseContext } from './modelArgs';
import { COMMON_OPTIONS, parseCommandArgs, toOptionMap, usageError } from './options';
import { COMMAND_SUMMARIES } from './usage';

const USAGE = `Usage: iam-policy-studio paths --model <file> [--from <principal>] [--to admin|<principal>] [options]

Finds the ways principals of the model can gain the permissions of another principal or of a
full administrator: role assumption, access keys and login profiles of other users, trust-policy
rewrites, policy writes and new policy versions on oneself, one's groups or others, group
membership, permissions-boundary removal, iam:PassRole to a service that runs code (Lambda, EC2,
CloudFormation, CodeBuild, Glue, SageMaker, ECS, Data Pipeline, App Runner), and compute that already
runs as a role (ssm:StartSession/SendCommand, lambda:UpdateFunctionCode, …) — chained. Every
step is a request the AWS evaluation logic allows, with SCPs, boundaries, resource policies and
conditions; a blocked method is no path. Shortest path per starting principal.

  --model <file>          model file or account-details JSON
  --from <p>              start from this user or role (default: every user and role)
  --to admin|<p>          full administrator (default) or a user or role
  --context <key=value>   a condition key value for every request; repeatable
  --format text|json      json: one { from, to, methods, steps: [{ method, action, resource }] } per line
  --root <dir>            workspace root that file references must stay inside

Exit code: 0 when no path was found, 1 when there is at least one, 2 for bad usage.
`;

/** The `paths` subcommand. */
export const pathsCommand: CliCommand = {
  name: 'paths',
  summary: COMMAND_SUMMARIES.paths,
  run: runPaths,
};

const OPTIONS = {
  help: COMMON_OPTIONS.help,
  format: COMMON_OPTIONS.format,
  model: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  context: { type: 'string', multiple: true },
  root: { type: 'string' },
} as const;

async function runPaths(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('paths', args, OPTIONS, USAGE, io, ['text', 'json']);
  if (parsed.exit !== undefined) return parsed.exit;
  const options = toOptionMap(parsed.values);
  const fail = (msg: string) => usageError(io, 'paths', msg);
  if (parsed.positionals.length > 0) return fail(`unexpected argument '${parsed.positionals[0]}'`);
  const model = options.get('model')?.[0];
  if (!model) return fail('--model is required');
  const ctx = parseContext(options.get('context') ?? []);
  if (ctx.error) return fail(ctx.error);
  const loaded = loadModel(model, io, options.get('root')?.[0]);
  if (!loaded.ok) {
    io.stderr.write(`iam-policy-studio paths: ${loaded.message}\n`);
    return 2;
  }
  for (const p of loaded.model.problems) io.stderr.write(`${p.severity}: ${p.file}: ${p.message}\n`);
  const from = options.get('from')?.[0];
  const to = options.get('to')?.[0];
  const result = escalationPaths(
    loaded.model,
    { ...(from ? { from } : {}), ...(to ? { to } : {}) },
    { catalog: getCatalog(), context: ctx.context },
  );
  if (result.errors.length > 0) {
    io.stderr.write(`iam-policy-studio paths: ${result.errors.join('\n')}\n`);
    return 2;
  }
  io.stdout.write(parsed.format === 'json' ? json(result.paths) : text(result.paths));
  return result.paths.length > 0 ? 1 : 0;
}

function json(paths: readonly EscalationPath[]): string {
  return paths
    .map(
      (p) =>
        `${JSON.stringify({
          from: p.from,
          to: p.to,
          ...(p.account ? { account: p.account } : {}),
          via: p.via,
          methods: p.methods,
          steps: p.steps.map((s) => ({
            method: s.method,
            action: s.action,
            resource: s.resource,
            principal: s.principal,
            decidedBy: s.decidedBy.map((d) => ({ policy: d.policyName, file: d.file, path: d.filePath, ...(d.sid ? { sid: d.sid } : {}) })),
          })),
        })}\n`,
    )
    .join('');
}

function text(paths: readonly EscalationPath[]): string {
  if (paths.length === 0) return 'No escalation path found.\n';
  const lines: string[] = [];
  for (const p of paths) {
    lines.push(`${p.from} → ${p.to === 'admin' ? `admin of ${p.account}` : p.to}  (${p.methods.join(', ')})`);
    p.steps.forEach((s, i) => {
      const by = s.decidedBy[0];
      lines.push(
        `  ${i + 1}. ${s.principal === p.from ? '' : `as ${s.principal}: `}${s.action} on ${s.resource}  [${s.method}]${by ? `  allowed by ${by.sid ? `'${by.sid}'` : `#${by.statementIndex + 1}`} in ${by.policyName} (${by.file})` : ''}`,
      );
    });
    if (p.via !== p.from) lines.push(`  → holds the permissions of ${p.via}`);
    lines.push('');
  }
  lines.push(`${paths.length} path(s).`, '');
  return lines.join('\n');
}
