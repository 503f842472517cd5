/**
 * `iam-policy-studio who-can`: every principal of a workspace model (and every outside principal
 * a resource policy names) that can make a request, with the role chain when it needs one, the
 * deciding statements and the conditions they carry.
 */
import { expandActions, whoCan, type WhoCanEntry, type WhoCanResult } from '../core/model';
import { getCatalog } from '../node/catalogFile';
import type { CliCommand } from './commands';
import type { CliIo } from './main';
import { loadModel, parseContext } from './modelArgs';
import { COMMON_OPTIONS, parseCommandArgs, toOptionMap, usageError } from './options';
import { COMMAND_SUMMARIES } from './usage';

const USAGE = `Usage: iam-policy-studio who-can --model <file> --action <action|pattern> --resource <arn|pattern> [options]

Lists every principal that can make the request: users, roles (as role sessions), principals
that reach an allowed role through role chains (the chain in "via"), each account's root user,
principals of other accounts and service principals granted by resource policies, and "*"
(anonymous) when a resource policy grants everyone. Each with the deciding statements and the
conditions those statements carry.

  --model <file>          model file or account-details JSON
  --action <a>            an action or pattern (s3:Put*); repeatable; patterns are summarized per action
  --resource <arn>        a resource ARN or pattern (arn:aws:s3:::logs-*: the model resources it
                          matches); repeatable; default *
  --context <key=value>   a condition key value for every request; repeatable
  --format text|json      json: one object per principal × action × resource
  --root <dir>            workspace root that file references must stay inside

Exit code: 0 when the question was answered, 2 for bad usage or an unreadable model.
`;

/** The `who-can` subcommand. */
export const whoCanCommand: CliCommand = {
  name: 'who-can',
  summary: COMMAND_SUMMARIES['who-can'],
  run: runWhoCan,
};

const OPTIONS = {
  help: COMMON_OPTIONS.help,
  format: COMMON_OPTIONS.format,
  model: { type: 'string' },
  action: { type: 'string', multiple: true },
  resource: { type: 'string', multiple: true },
  context: { type: 'string', multiple: true },
  root: { type: 'string' },
} as const;

async function runWhoCan(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('who-can', args, OPTIONS, USAGE, io, ['text', 'json']);
  if (parsed.exit !== undefined) return parsed.exit;
  const options = toOptionMap(parsed.values);
  const fail = (msg: string) => usageError(io, 'who-can', msg);
  if (parsed.positionals.length > 0) return fail(`unexpected argument '${parsed.positionals[0]}'`);
  const model = options.get('model')?.[0];
  const actions = options.get('action') ?? [];
  if (!model || actions.length === 0) return fail('--model and --action are required');
  const ctx = parseContext(options.get('context') ?? []);
  if (ctx.error) return fail(ctx.error);
  const loaded = loadModel(model, io, options.get('root')?.[0]);
  if (!loaded.ok) {
    io.stderr.write(`iam-policy-studio who-can: ${loaded.message}\n`);
    return 2;
  }
  for (const p of loaded.model.problems) io.stderr.write(`${p.severity}: ${p.file}: ${p.message}\n`);
  const catalog = getCatalog();
  const result = whoCan(loaded.model, { actions, resources: options.get('resource') ?? ['*'] }, { catalog, context: ctx.context });
  if (result.errors.length > 0) {
    io.stderr.write(`iam-policy-studio who-can: ${result.errors.join('\n')}\n`);
    return 2;
  }
  for (const u of expandActions(result.unknownActions, catalog).unknown)
    io.stderr.write(`warning: '${u}' is not an action of the AWS service catalog; evaluated as written.\n`);
  io.stdout.write(parsed.format === 'json' ? json(result) : text(result));
  return 0;
}

function json(result: WhoCanResult): string {
  return result.entries
    .map(
      (e) =>
        `${JSON.stringify({
          principal: e.principal,
          kind: e.kind,
          action: e.action,
          resource: e.resource,
          decision: e.decision,
          via: e.via,
          conditions: e.conditions,
          decidedBy: e.decidedBy.map((d) => ({
            policy: d.policyName,
            kind: d.policyKind,
            file: d.file,
            path: d.filePath,
            ...(d.sid ? { sid: d.sid } : {}),
          })),
        })}\n`,
    )
    .join('');
}

/** Text: one block per action × resource, a line per principal. */
function text(result: WhoCanResult): string {
  const lines: string[] = [];
  const groups = new Map<string, WhoCanEntry[]>();
  for (const e of result.entries) {
    const k = `${e.action}\u0000${e.resource}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const keys = new Set([...groups.keys()]);
  for (const k of keys) {
    const list = groups.get(k) ?? [];
    const [action, resource] = k.split('\u0000') as [string, string];
    lines.push(`${action}  ${resource}: ${list.length} principal(s)`);
    for (const e of list) {
      const via = e.via.length > 0 ? `  via ${e.via.join(' → ')}` : '';
      const by = e.decidedBy.map((d) => `${d.sid ? `'${d.sid}'` : `#${d.statementIndex + 1}`} in ${d.policyName} (${d.file})`).join('; ');
      lines.push(`  ${e.principal}${via}${by ? `  [${by}]` : ''}`);
      for (const c of e.conditions) lines.push(`      if ${c.operator} ${c.key} ${c.values.join(', ')}`);
    }
    lines.push('');
  }
  if (result.entries.length === 0) lines.push('No principal can make the request(s).', '');
  const undetermined = result.undetermined;
  if (undetermined.length > 0) {
    const keys2 = [...new Set(undetermined.flatMap((u) => u.missingContextKeys))];
    lines.push(
      `${new Set(undetermined.map((u) => u.principal)).size} more principal(s) were denied only for want of context keys the model cannot derive (${keys2.join(', ')}); give them with --context.`,
      '',
    );
  }
  return lines.join('\n');
}
