/**
 * `iam-policy-studio check [paths or globs…]`: validates policy files with exactly the diagnostics
 * the editor shows: the same language service (`doValidation`), options and settings as the
 * server, then prints them as text, JSON or SARIF. Workspace model files type the policies they use
 * and report their own broken references. Node glue only: finding and reading files.
 */
import { writeFileSync } from 'node:fs';
import { safeReadFile } from '../node/safeRead';
import { escapeControl } from './output/escape';
import { UNREADABLE_FILE } from './output/report';
import { basename, relative, resolve, sep } from 'node:path';
import { URI } from 'vscode-uri';
import { parse as parseJsonc } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, type PolicyLanguageService } from '../service';
import { isPolicyFileName, looksLikeIamPolicy } from '../core/detect';
import { isTooDeep } from '../service/limits';
import { catalogSelection, getCatalog, stalenessWarning } from '../node/catalogFile';
import { applySettings, serviceOptionsFromSettings, type PolicyStudioSettings } from '../node/settings';
import type { Catalog } from '../core/catalog';
import { isModelFileName } from '../core/model';
import { ModelWorkspace } from '../node/modelWorkspace';
import type { TerraformBlocks } from '../node/modelFiles';
import { loadCliTerraformImports } from '../node/terraformModels';
import { modelFileDiagnostics } from '../node/modelServer';
import type { CliCommand } from './commands';
import type { CliIo } from './main';
import { ConfigError, loadConfig } from './config';
import { expandPaths } from './files';
import {
  COMMON_OPTIONS,
  COMMON_OPTIONS_HELP,
  parseCommandArgs,
  stringListOption,
  stringOption,
  usageError,
  type OutputFormat,
} from './options';
import { countDiagnostics, type CheckReport, type FileReport } from './output/report';
import { formatText } from './output/text';
import { formatJson } from './output/json';
import { formatSarif } from './output/sarif';
import { formatGithub } from './output/github';
import { fixDiff, fixDocument } from './fix';
import { version as TOOL_VERSION } from '../../../package.json';
import { TerraformSupport, terraformWasmFiles } from '../node/terraformSupport';
import { isTerraformFileName } from '../service/hosts/terraformFiles';
import { COMMAND_SUMMARIES } from './usage';

const USAGE = `Usage: iam-policy-studio check [options] [paths or globs…]

Validates IAM policy files, and the policies in CloudFormation/SAM templates and Terraform (.tf)
files, with the checks the VS Code extension shows (same codes, severities and settings). Paths may be files, folders (every .json file below) or globs ('policies/**/*.json';
quote them so the shell does not expand them). Default: the current folder. node_modules and
hidden files and folders (.git, .vscode, …) are skipped unless named. Files named *.iam.json or
*.policy.json are always policies; other .json files are checked when their content is a policy
(a top-level Statement), unless detectByContent is false. Workspace models (*.iam-model.json) give
the policies they use their type (a file used as an SCP is checked as an SCP) and get the editor's
diagnostics themselves: broken references and failing access tests.

Settings come from .vscode/settings.json (iamPolicyStudio.* keys) and .iam-policy-studio.json in
the current folder (the latter wins):
  { "severity": { "CODE": "error|warning|information|hint|off" }, "detectByContent": true, "exclude": ["glob"] }

Options:
${COMMON_OPTIONS_HELP}
                                  (also github: GitHub Actions annotations on the changed lines)
  -c, --config <file>             settings file to use instead of ./.iam-policy-studio.json
      --exclude <glob>            skip matching files (repeatable; adds to the settings' exclude)
      --fail-on <error|warning>   exit 1 when problems of this severity or worse remain (default: error)
      --max-warnings <n>          exit 1 when more than n warnings remain
  -o, --output <file>             write the report to a file instead of standard output
      --sarif-base <dir>          folder SARIF paths are relative to (default: the current folder)
      --fix                       apply the preferred quick fixes to the files (as the editor's Fix All),
                                  then report the problems that remain; files with syntax errors are left alone
      --fix-dry-run               print the fixes as a unified diff instead of writing them (with a text
                                  report after it; other formats need --output)

Exit codes: 0 no errors (and warnings within limits), 1 problems remain, 2 bad usage or an input
that cannot be read (not a regular file, larger than 16 MB, no permission).
`;

/** The `check` subcommand. */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: COMMAND_SUMMARIES.check,
  run: runCheck,
};

const OPTIONS = {
  ...COMMON_OPTIONS,
  config: { type: 'string', short: 'c' },
  exclude: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  'max-warnings': { type: 'string' },
  output: { type: 'string', short: 'o' },
  'sarif-base': { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
} as const;

/** What `--fix` / `--fix-dry-run` did, collected over the run. */
interface FixRun {
  readonly mode: 'write' | 'dry-run';
  readonly diffs: string[];
  fixes: number;
  files: number;
}

interface Limits {
  readonly failOn: 'error' | 'warning';
  readonly maxWarnings: number;
}

async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('check', args, OPTIONS, USAGE, io);
  if (parsed.exit !== undefined) return parsed.exit;
  const limits = readLimits(parsed.values, io);
  if (typeof limits === 'number') return limits;
  const settings = readConfig(io, stringOption(parsed.values, 'config'));
  if (typeof settings === 'number') return settings;
  // Usage errors come before the walk over the files (which may be long).
  const outFile = stringOption(parsed.values, 'output');
  const dryRun = parsed.values['fix-dry-run'] === true;
  if (dryRun && parsed.format !== 'text' && !outFile) {
    return usageError(
      io,
      'check',
      `--fix-dry-run prints a diff on standard output; write the ${parsed.format} report to a file with --output`,
    );
  }
  const patterns = parsed.positionals.length ? parsed.positionals : ['.'];
  const exclude = [...settings.exclude, ...stringListOption(parsed.values, 'exclude')];
  const { files, unmatched } = expandPaths(patterns, io.cwd, exclude);
  if (unmatched.length)
    return usageError(
      io,
      'check',
      `no files match ${unmatched.map((u) => `'${u}'`).join(', ')}; check the path (globs are relative to ${io.cwd})`,
    );
  const base = parsed.format === 'sarif' ? resolve(io.cwd, stringOption(parsed.values, 'sarif-base') ?? '.') : io.cwd;
  const fix: FixRun | undefined =
    dryRun || parsed.values.fix === true ? { mode: dryRun ? 'dry-run' : 'write', diffs: [], fixes: 0, files: 0 } : undefined;
  const models = workspaceModels(io.cwd, files, io.parseTerraform);
  // Models may import Terraform configurations: the HCL parser (~0.1 s to load, and as much again
  // of compile threads' time) is loaded for a workspace that has model files, not for the policy
  // files alone that most runs (pre-commit hooks, CI) check.
  if (!io.parseTerraform && models.hasModelFiles()) {
    const parse = await loadCliTerraformImports();
    if (parse) models.useTerraformParser(parse);
  }
  const report = await checkFiles(files, { settings, base, io, models, fix });
  const output = format(report, parsed.format, parsed.color, base);
  if (fix?.diffs.length) io.stdout.write(fix.diffs.join(''));
  if (fix) io.stderr.write(fixSummary(fix));
  if (outFile) writeFileSync(resolve(io.cwd, outFile), output);
  else io.stdout.write(output);
  return exitCode(report, limits);
}

function fixSummary(fix: FixRun): string {
  const problems = `${fix.fixes} problem${fix.fixes === 1 ? '' : 's'}`;
  const files = `${fix.files} file${fix.files === 1 ? '' : 's'}`;
  if (fix.fixes === 0) return 'iam-policy-studio check: nothing to fix.\n';
  return fix.mode === 'write'
    ? `iam-policy-studio check: fixed ${problems} in ${files}.\n`
    : `iam-policy-studio check: ${problems} in ${files} would be fixed.\n`;
}

/** The run's settings (warnings about ignored values to stderr), or exit code 2 for a broken config file. */
function readConfig(io: CliIo, explicit: string | undefined): PolicyStudioSettings | number {
  try {
    const config = loadConfig(io.cwd, explicit);
    config.warnings.forEach((w) => io.stderr.write(`iam-policy-studio check: ${w}\n`));
    return config.settings;
  } catch (err) {
    if (err instanceof ConfigError) return usageError(io, 'check', err.message);
    throw err;
  }
}

/** The `file:` URI of a folder, ending in `/`, in vscode-uri's encoding (as document URIs are). */
export function folderUri(dir: string): string {
  return URI.file(dir).toString().replace(/\/?$/, '/');
}

function readLimits(values: Record<string, unknown>, io: CliIo): Limits | number {
  const failOn = values['fail-on'] ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning')
    return usageError(io, 'check', `--fail-on takes 'error' or 'warning', not '${String(failOn)}'`);
  const max = values['max-warnings'];
  const maxWarnings = max === undefined ? Infinity : Number(max);
  if (!Number.isInteger(maxWarnings) && maxWarnings !== Infinity)
    return usageError(io, 'check', `--max-warnings takes a whole number, not '${String(max)}'`);
  if (maxWarnings < 0) return usageError(io, 'check', `--max-warnings takes a number of 0 or more, not '${String(max)}'`);
  return { failOn, maxWarnings };
}

/** 1 when errors remain, or warnings beyond `--max-warnings` / with `--fail-on warning`. */
export function exitCode(report: CheckReport, limits: Limits): number {
  // An input that could not be read is not a result: the run did not do what was asked.
  if (report.files.some((f) => f.diagnostics.some((d) => d.code === UNREADABLE_FILE))) return 2;
  const counts = countDiagnostics(report);
  if (counts.error > 0) return 1;
  if (limits.failOn === 'warning' && counts.warning > 0) return 1;
  return counts.warning > limits.maxWarnings ? 1 : 0;
}

function format(report: CheckReport, f: OutputFormat, color: boolean, base: string): string {
  if (f === 'json') return formatJson(report, TOOL_VERSION, folderUri(base));
  if (f === 'github') return formatGithub(report);
  if (f === 'sarif') return formatSarif(report, { toolVersion: TOOL_VERSION, srcRoot: folderUri(base) });
  return formatText(report, color, folderUri(base));
}

interface CheckContext {
  readonly settings: PolicyStudioSettings;
  /** Folder the reported paths are relative to. */
  readonly base: string;
  readonly io: CliIo;
  /** The workspace's models, as the server sees them: they type the policies they use. */
  readonly models?: ModelWorkspace;
  /** `--fix` / `--fix-dry-run`: fix each policy before reporting what remains. */
  readonly fix?: FixRun;
}

/**
 * The workspace's models at `root`, found and resolved by the server's own {@link ModelWorkspace}
 * (so a policy a model uses as a boundary is checked as a boundary, exactly as in the editor, even
 * when only `policies/` is named). Model files named on the command line count as open documents:
 * they are loaded even where the workspace scan does not look (build folders, deep trees).
 */
export function workspaceModels(root: string, named: readonly string[], parseTerraform?: TerraformBlocks): ModelWorkspace {
  const uris = named.filter((f) => isModelFileName(f)).map((f) => URI.file(f).toString());
  const models = new ModelWorkspace(
    () => undefined,
    () => uris,
  );
  models.setRoots([root]);
  if (parseTerraform) models.useTerraformParser(parseTerraform);
  return models;
}

/** Checks `files` (absolute paths) with one language service; files that are neither policies nor models are skipped. */
export async function checkFiles(files: readonly string[], ctx: CheckContext): Promise<CheckReport> {
  const models = ctx.models;
  const catalog = loadCatalog(ctx.io);
  // The server's options (server.ts): the model types policies and lists the workspace's accounts.
  const terraform = await terraformFor(files, ctx);
  const fromModels = models
    ? {
        policyTypeOf: (uri: string) => models.policyTypeOf(uri) ?? terraform?.policyTypeOf(uri),
        workspaceAccounts: () => models.accounts(),
      }
    : { policyTypeOf: (uri: string) => terraform?.policyTypeOf(uri) };
  const service = getLanguageService(
    serviceOptionsFromSettings(ctx.settings, catalog, { ...fromModels, hosts: terraform ? [terraform.host, terraform.templateHost] : [] }),
  );
  applySettings(service, ctx.settings);
  const progress = progressReporter(ctx.io, files.length);
  const reports: FileReport[] = [];
  let skipped = 0;
  for (const [i, file] of files.entries()) {
    progress(i);
    const checked = isModelFileName(file) ? modelReport(file, ctx, catalog) : await checkFile(service, file, ctx, terraform);
    if (checked) reports.push(checked);
    else skipped++;
  }
  // The files `.tf` files read as policies (`file()`, `templatefile()`) that were not named: read
  // as the editor reads them (inside the current folder, regular files, size-capped) and checked.
  const named = new Set(files.map((f) => URI.file(f).toString()));
  for (const uri of terraform?.referencedFiles() ?? []) {
    if (named.has(uri) || !terraform) continue;
    const read = terraform.readReferenced(uri);
    if (!read.ok) continue;
    const document = TextDocument.create(uri, 'json', 1, read.text);
    if (service.documentKind(document) !== 'host') continue;
    reports.push({
      path: displayPath(ctx.base, URI.parse(uri).fsPath),
      diagnostics: await service.doValidation(document, service.parse(document)),
    });
  }
  progress(files.length);
  return { files: reports, skipped };
}

/**
 * The Terraform host when `.tf` files are checked (the parser loaded once), with every `.tf` file
 * read first: a `file("trust.json")` there types trust.json, wherever it comes in the run. Only
 * files inside the current folder are typed.
 */
async function terraformFor(files: readonly string[], ctx: CheckContext): Promise<TerraformSupport | undefined> {
  const tfFiles = files.filter(isTerraformFile);
  if (tfFiles.length === 0) return undefined;
  const terraform = new TerraformSupport(terraformWasmFiles(), () => [ctx.io.cwd]);
  if (!(await terraform.ready)) {
    ctx.io.stderr.write(
      `iam-policy-studio check: the Terraform parser could not be loaded (${terraform.failure ?? 'unknown error'}); .tf files are reported as not checked.\n`,
    );
    return terraform;
  }
  for (const file of tfFiles) {
    const read = safeReadFile(file);
    if (read.ok) terraform.host.extract(read.text, basename(file), URI.file(file).toString());
  }
  return terraform;
}

function isTerraformFile(file: string): boolean {
  return isTerraformFileName(file);
}

/** A model file: the diagnostics the editor shows on it (broken references, failing access tests). */
function modelReport(file: string, ctx: CheckContext, catalog: Catalog | undefined): FileReport | undefined {
  const models = ctx.models ?? workspaceModels(ctx.io.cwd, [file], ctx.io.parseTerraform);
  const uri = URI.file(file).toString();
  const entry = models.models().find((m) => m.uri === uri);
  if (entry) return { path: displayPath(ctx.base, file), diagnostics: modelFileDiagnostics(entry, models, catalog, ctx.settings) };
  const read = safeReadFile(file);
  return read.ok ? undefined : unreadableReport(file, read.message, ctx);
}

/**
 * A file that could not be read: a line on stderr and an error in the report (so SARIF shows it),
 * and the run exits 2. The reason names the kind of failure, never the file's content.
 */
function unreadableReport(file: string, reason: string, ctx: CheckContext): FileReport {
  const path = displayPath(ctx.base, file);
  ctx.io.stderr.write(`iam-policy-studio check: cannot read '${escapeControl(path)}': ${reason}.\n`);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    path,
    diagnostics: [
      { range, severity: 1, code: UNREADABLE_FILE, source: 'iam-policy-studio', message: `The file cannot be read: ${reason}.` },
    ],
  };
}

async function checkFile(
  service: PolicyLanguageService,
  file: string,
  ctx: CheckContext,
  terraform?: TerraformSupport,
): Promise<FileReport | undefined> {
  // Regular files of at most 16 MB (a FIFO or a device is refused, never waited on).
  const read = safeReadFile(file);
  if (!read.ok) return unreadableReport(file, read.message, ctx);
  const text = read.text;
  // A file a `.tf` file reads is a policy of the type of the argument reading it (a template's
  // `${…}` are values known at deployment): checked through the Terraform template host.
  if (!isPolicyFile(file, text, ctx.settings) || terraform?.useOf(URI.file(file).toString()))
    return checkTemplate(service, file, text, ctx, terraform);
  // vscode-uri's form, as VS Code names documents: the server's URI-keyed answers (the model's
  // policy types) then match the CLI's too.
  let document = TextDocument.create(URI.file(file).toString(), 'iam-policy', 1, text);
  if (ctx.fix) document = await fixFile(service, file, document, ctx.fix, ctx);
  const diagnostics = await service.doValidation(document, service.parse(document));
  return { path: displayPath(ctx.base, file), diagnostics };
}

/** A file that holds policies (a CloudFormation or SAM template, a Terraform file), checked as the editor does; otherwise skipped. */
async function checkTemplate(
  service: PolicyLanguageService,
  file: string,
  text: string,
  ctx: CheckContext,
  terraform?: TerraformSupport,
): Promise<FileReport | undefined> {
  const languageId = /\.ya?ml$/i.test(file) ? 'yaml' : isTerraformFile(file) ? 'terraform' : 'json';
  let document = TextDocument.create(URI.file(file).toString(), languageId, 1, text);
  if (service.documentKind(document) !== 'host') return undefined;
  // Terraform files are fixed as the editor fixes them (edits written as HCL); templates not yet.
  if (ctx.fix && languageId === 'terraform') document = await fixFile(service, file, document, ctx.fix, ctx);
  else if (ctx.fix)
    ctx.io.stderr.write(`iam-policy-studio check: ${displayPath(ctx.io.cwd, file)} is a template; --fix does not edit templates yet.\n`);
  const diagnostics = await service.doValidation(document, service.parse(document));
  // A file a `.tf` file reads that is not read (missing, outside the folder): said at the reference.
  if (languageId === 'terraform' && terraform) diagnostics.push(...terraform.referenceDiagnostics(document));
  return { path: displayPath(ctx.base, file), diagnostics };
}

/** Fixes one file (written, or its diff collected for a dry run) and returns the document to report on. */
async function fixFile(
  service: PolicyLanguageService,
  file: string,
  document: TextDocument,
  fix: FixRun,
  ctx: CheckContext,
): Promise<TextDocument> {
  const outcome = await fixDocument(service, document);
  const path = displayPath(ctx.io.cwd, file);
  if (outcome.skipped === 'syntax-errors') {
    ctx.io.stderr.write(`iam-policy-studio check: ${path} has syntax errors; not fixed.\n`);
    return document;
  }
  if (outcome.fixes === 0) return document;
  fix.fixes += outcome.fixes;
  fix.files++;
  if (fix.mode === 'dry-run') {
    fix.diffs.push(fixDiff(path, document.getText(), outcome.document.getText()));
    return outcome.document;
  }
  writeFileSync(file, outcome.document.getText());
  return outcome.document;
}

/** The editor's rule (client/src/detect.ts): policy by name, or by content when detection is on. */
const MAX_DETECT_SIZE = 2 * 1024 * 1024;

export function isPolicyFile(file: string, text: string, settings: PolicyStudioSettings): boolean {
  const name = basename(file);
  if (isPolicyFileName(name)) return true;
  if (!settings.detectByContent || !name.toLowerCase().endsWith('.json')) return false;
  if (text.length > MAX_DETECT_SIZE || !text.includes('"Statement"')) return false;
  // The parser recurses per nesting level (as the editor's): hostile nesting is not a policy.
  if (isTooDeep(text)) return false;
  return looksLikeIamPolicy(parseJsonc(text));
}

function displayPath(base: string, file: string): string {
  const rel = relative(base, file);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * The catalog, or undefined (with a warning on stderr): the grammar checks still run without it.
 * Called once per run ({@link checkFiles}), so each run warns once, and a second run in the same
 * process (tests, tools) warns again.
 */
function loadCatalog(io: CliIo): Catalog | undefined {
  try {
    const catalog = getCatalog();
    const stale = stalenessWarning(catalog);
    for (const note of [...(catalogSelection()?.notes ?? []), ...(stale ? [stale] : [])])
      io.stderr.write(`iam-policy-studio check: ${note}\n`);
    return catalog;
  } catch (err) {
    io.stderr.write(`iam-policy-studio check: the AWS service catalog could not be loaded; catalog checks are off. ${String(err)}\n`);
    return undefined;
  }
}

/** A "Checking 120/1000 files" line on stderr, on a terminal only and for long runs. */
function progressReporter(io: CliIo, total: number): (done: number) => void {
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  if (!tty || total < 100) return () => undefined;
  return (done) => {
    if (done === total) io.stderr.write('\r\u001b[K');
    else if (done % 50 === 0) io.stderr.write(`\rChecking ${done}/${total} files…`);
  };
}
