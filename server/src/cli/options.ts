/**
 * Shared argument handling for the CLI's subcommands: one small parser over node's
 * `util.parseArgs` (strict: an unknown flag is a usage error), the common `--format` and
 * `--help` options, and one way to report usage errors (exit code 2, message + hint to stderr).
 *
 * A subcommand declares its own options next to {@link COMMON_OPTIONS}:
 * ```ts
 * const parsed = parseCommandArgs('simulate', args, { ...COMMON_OPTIONS, scenario: { type: 'string' } }, USAGE, io);
 * if (parsed.exit !== undefined) return parsed.exit;   // --help printed (0) or usage error printed (2)
 * const format = parsed.format;                         // 'text' | 'json' | 'sarif'
 * ```
 */
import { escapeControl } from './output/escape';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './main';

/** Output formats of the reporting subcommands (each says which it accepts; `github` is `check`'s). */
export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** `--help`/`-h`, `--format`/`-f`, `--color`/`--no-color`: the options every subcommand shares. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  format: { type: 'string', short: 'f' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const satisfies OptionSpecs;

/** The usage lines for {@link COMMON_OPTIONS}, to paste into a subcommand's help text. */
export const COMMON_OPTIONS_HELP = `  -f, --format <text|json|sarif>  output format (default: text)
      --color / --no-color        force colour on or off (default: on for a terminal, off with NO_COLOR)
  -h, --help                      show this help`;

export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface ParsedCommand {
  /** Set when the command must end now: 0 after `--help`, 2 after a usage error (already printed). */
  readonly exit?: number;
  readonly values: ParsedValues;
  readonly positionals: string[];
  readonly format: OutputFormat;
  /** Whether to colour the output (see {@link wantsColor}). */
  readonly color: boolean;
}

/**
 * Parses `args` for subcommand `name`. Prints `usage` for `--help`; prints a usage error (with a
 * hint to run `--help`) for unknown flags, missing values and a `--format` not in `formats`
 * (the first of `formats` is the default).
 */
export function parseCommandArgs(
  name: string,
  args: readonly string[],
  options: OptionSpecs,
  usage: string,
  io: CliIo,
  formats: readonly OutputFormat[] = OUTPUT_FORMATS,
): ParsedCommand {
  let values: ParsedValues;
  let positionals: string[];
  try {
    ({ values, positionals } = simpleArgs(args, options) ?? parseArgs({ args: [...args], options, allowPositionals: true, strict: true }));
  } catch (err) {
    return failed(usageError(io, name, cleanParseError(err)));
  }
  if (values.help === true) {
    io.stdout.write(usage);
    return failed(0);
  }
  const format = values.format ?? formats[0] ?? 'text';
  if (!isOutputFormat(format) || !formats.includes(format)) {
    return failed(usageError(io, name, `unknown format '${String(format)}': use ${listFormats(formats)}`));
  }
  return { values, positionals, format, color: wantsColor(values, io) };
}

/**
 * What `parseArgs` (strict, positionals allowed) gives for `args` made only of positionals (no
 * leading `-`, or `-` itself) and long boolean options written out (`--brief`); undefined for
 * anything else, which `parseArgs` reads. The common `evaluate --brief batch.jsonl` then starts
 * without loading and compiling Node's argument parser (~4 M instructions, ~1 ms).
 */
export function simpleArgs(args: readonly string[], options: OptionSpecs): { values: ParsedValues; positionals: string[] } | undefined {
  // Defaults are parseArgs' to fill in.
  if (Object.values(options).some((spec) => spec.default !== undefined)) return undefined;
  const values: ParsedValues = Object.create(null) as ParsedValues;
  const positionals: string[] = [];
  for (const arg of args) {
    if (arg === '-' || !arg.startsWith('-')) positionals.push(arg);
    else if (!arg.startsWith('--') || arg.includes('=')) return undefined;
    else {
      const option = arg.slice(2);
      const spec = Object.hasOwn(options, option) ? options[option] : undefined;
      if (spec?.type !== 'boolean' || spec.multiple === true) return undefined;
      values[option] = true;
    }
  }
  return { values, positionals };
}

function failed(exit: number): ParsedCommand {
  return { exit, values: {}, positionals: [], format: 'text', color: false };
}

function listFormats(formats: readonly string[]): string {
  return formats.length > 1 ? `${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]}` : (formats[0] ?? '');
}

function isOutputFormat(v: unknown): v is OutputFormat {
  return typeof v === 'string' && (OUTPUT_FORMATS as readonly string[]).includes(v);
}

/** parseArgs' messages end with advice about `--` that confuses more than it helps here. */
function cleanParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const short = message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '').replace(/\.$/, '');
  return short.charAt(0).toLowerCase() + short.slice(1);
}

/** Prints `iam-policy-studio NAME: MESSAGE` and the `--help` hint to stderr; returns exit code 2. */
export function usageError(io: CliIo, name: string, message: string): number {
  io.stderr.write(`iam-policy-studio ${name}: ${escapeControl(message)}.\nRun 'iam-policy-studio ${name} --help' for usage.\n`);
  return 2;
}

/**
 * Colour is on for a terminal, unless NO_COLOR is set (https://no-color.org); `--color` and
 * `--no-color` override both.
 */
export function wantsColor(values: ParsedValues, io: CliIo): boolean {
  if (values['no-color'] === true) return false;
  if (values.color === true) return true;
  const env = io.env ?? process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return (io.stdout as { isTTY?: boolean }).isTTY === true;
}

/** A string option's value, or undefined. */
export function stringOption(values: ParsedValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable string option's values (declare it with `multiple: true`). */
export function stringListOption(values: ParsedValues, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** The parsed values as `name → every value given` (strings; booleans as 'true'), for code written against that shape. */
export function toOptionMap(values: ParsedValues): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, v] of Object.entries(values)) {
    const list = (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined && x !== false).map(String);
    if (list.length > 0) out.set(name, list);
  }
  return out;
}
