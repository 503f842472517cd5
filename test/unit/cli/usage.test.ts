/**
 * Usage and `--version` are answered by the executable's bin without loading the commands
 * (server/src/cli/usage.ts, bin.ts): the list it prints is every registered command, in order, and
 * an unknown command is a usage error whatever its name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commands } from '../../../server/src/cli/commands';
import { answerWithoutCommand, COMMAND_SUMMARIES } from '../../../server/src/cli/usage';
import { runCliCaptured } from '../../helpers/cli';
import { version } from '../../../package.json';

test('--help lists every registered command with its summary, in order, and nothing else', async () => {
  assert.deepEqual(
    Object.keys(COMMAND_SUMMARIES),
    commands.map((c) => c.name),
  );
  const r = await runCliCaptured(['--help']);
  assert.equal(r.code, 0);
  const listed = r.out
    .split('\n')
    .filter((l) => l.startsWith('  '))
    .map((l) => l.trim().split(/\s+/, 1)[0]);
  assert.deepEqual(
    listed,
    commands.map((c) => c.name),
  );
  for (const c of commands) assert.ok(r.out.includes(`  ${c.name.padEnd(10)} ${c.summary}\n`), c.name);
});

test('a name that is no command is a usage error (exit 2, usage on stderr), object keys included', async () => {
  for (const name of ['bogus', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'Check']) {
    const r = await runCliCaptured([name]);
    assert.equal(r.code, 2, name);
    assert.equal(r.out, '', name);
    assert.ok(r.err.startsWith(`iam-policy-studio: unknown command '${name}'.\n\nUsage: iam-policy-studio <command>`), name);
  }
  const none = await runCliCaptured([]);
  assert.equal(none.code, 2);
  assert.match(none.out, /^Usage: /);
});

test('--version waits for the full CLI when the catalog line cannot be read without loading it', () => {
  assert.equal(
    answerWithoutCommand(['--version'], () => undefined),
    undefined,
  );
  assert.deepEqual(
    answerWithoutCommand(['-v'], () => 'AWS service catalog: x'),
    {
      stdout: `iam-policy-studio ${version}\nAWS service catalog: x\n`,
      code: 0,
    },
  );
  for (const c of commands)
    assert.equal(
      answerWithoutCommand([c.name, '--help'], () => 'x'),
      undefined,
      c.name,
    );
});
