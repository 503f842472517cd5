/**
 * The subcommands' argument parsing: the shortcut for plain arguments (positionals and long
 * boolean options, `evaluate --brief batch.jsonl`) gives what Node's `parseArgs` gives, and leaves
 * everything else to it (so its errors stay the same).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { COMMON_OPTIONS, simpleArgs, type OptionSpecs } from '../../../server/src/cli/options';
import { effort } from '../../helpers/effort';

const OPTIONS = {
  ...COMMON_OPTIONS,
  brief: { type: 'boolean' },
  tag: { type: 'boolean', multiple: true },
  out: { type: 'string', short: 'o' },
} as const satisfies OptionSpecs;

/** parseArgs' answer, or its error message. */
function reference(args: string[], options: OptionSpecs): unknown {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

const ARGS = [
  'batch.jsonl',
  '-',
  '--',
  '--brief',
  '--brief=true',
  '--help',
  '-h',
  '--no-color',
  '--color',
  '--format',
  '--format=json',
  '-f',
  'json',
  '--tag',
  '--out',
  '-o',
  '--unknown',
  '-x',
  '-1',
  '--constructor',
  '--__proto__',
  '--toString',
  'a b',
];

test('plain arguments are read as parseArgs reads them; anything else is left to parseArgs', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...ARGS), { maxLength: 6 }), (args) => {
      const quick = simpleArgs(args, OPTIONS);
      const expected = reference(args, OPTIONS);
      if (quick === undefined) return;
      assert.equal(typeof expected, 'object', `${args.join(' ')}: parseArgs says ${String(expected)}`);
      const { values, positionals } = expected as ReturnType<typeof parseArgs>;
      assert.deepEqual([{ ...quick.values }, quick.positionals], [{ ...values }, positionals], args.join(' '));
      assert.equal(Object.getPrototypeOf(quick.values), Object.getPrototypeOf(values));
    }),
    { numRuns: effort(500, 5000), seed: 12 },
  );
  // The bin's common shapes take the shortcut.
  for (const args of [['batch.jsonl'], ['--brief', 'batch.jsonl'], ['-', '--brief'], ['--help']]) {
    assert.notEqual(simpleArgs(args, OPTIONS), undefined, args.join(' '));
  }
  // A default is parseArgs' to fill in.
  assert.equal(simpleArgs(['x'], { ...OPTIONS, brief: { type: 'boolean', default: false } }), undefined);
});
