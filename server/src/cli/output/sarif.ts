/**
 * The SARIF 2.1.0 format (for GitHub code scanning and other CI tools): one run whose driver lists
 * a rule for every registered check (id, title, help link, default level from the Access Analyzer
 * category) and one result per diagnostic, located relative to `%SRCROOT%`.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { allChecks, checkDocUrl, type CheckCategory, type CheckInfo } from '../../core/checks';
import { CHECK_DESCRIPTIONS } from '../../core/checks/descriptions';
import { codeOf, messageOf, type CheckReport, type FileReport } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/iam-policy-studio/iam-policy-studio';

type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifOptions {
  readonly toolVersion: string;
  /** Absolute `file:` URI of the folder result paths are relative to (ends with `/`). */
  readonly srcRoot: string;
}

/** Formats the report as a SARIF 2.1.0 log. */
export function formatSarif(report: CheckReport, options: SarifOptions): string {
  const rules = rulesFor(report);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.files.flatMap((f) => f.diagnostics.map((d) => result(f, d, index, options.srcRoot)));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iam-policy-studio',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: options.srcRoot } },
        // LSP characters are UTF-16 code units, SARIF's default column kind: columns carry over as is.
        columnKind: 'utf16CodeUnits',
        artifacts: report.files.map((f) => ({ location: artifactLocation(f.path) })),
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription?: { readonly text: string };
  readonly help?: { readonly text: string; readonly markdown: string };
  readonly helpUri?: string;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly category: string; readonly tags: string[] };
}

/** Titles of the codes that are not Access Analyzer checks: workspace model problems, access tests. */
const MODEL_RULES: Readonly<Record<string, string>> = {
  ACCESS_TEST_FAILED: 'Access test failed',
  MODEL_INVALID: 'Invalid workspace model',
  UNKNOWN_GROUP: 'Unknown group',
  UNKNOWN_POLICY: 'Unknown policy',
  UNKNOWN_OU: 'Unknown organizational unit',
  MISSING_FILE: 'Missing file',
  PATH_OUTSIDE_WORKSPACE: 'Path outside the workspace',
  INVALID_POLICY_FILE: 'Invalid policy file',
  DUPLICATE_ACCOUNT: 'Duplicate account',
  INVALID_IMPORT: 'Invalid import',
  UNREADABLE_FILE: 'Unreadable file',
  UNKNOWN_ROLE: 'Unknown role or instance profile',
  NO_PATH_FAILED: 'noPath assertion failed',
  NEVER_FAILED: 'Never-assertion failed',
  ESCALATION_PATH: 'Privilege-escalation path',
};

/** Every registered check, plus any code a result uses that is not registered. */
function rulesFor(report: CheckReport): SarifRule[] {
  const rules = allChecks().map(rule);
  const known = new Set(rules.map((r) => r.id));
  for (const d of report.files.flatMap((f) => f.diagnostics)) {
    const code = codeOf(d);
    if (code && !known.has(code)) {
      known.add(code);
      const title = MODEL_RULES[code];
      const properties = { category: title ? 'model' : 'other', tags: ['iam'] };
      rules.push({
        id: code,
        name: pascal(code),
        shortDescription: { text: title ?? code },
        defaultConfiguration: { level: title ? 'error' : 'warning' },
        properties,
      });
    }
  }
  return rules;
}

function rule(info: CheckInfo): SarifRule {
  const level = categoryLevel(info.category);
  const tags = info.category === 'security' ? ['iam', 'security'] : ['iam'];
  const url = checkDocUrl(info);
  // The one-line description of the check, shown by code scanning with the alert.
  const description = CHECK_DESCRIPTIONS[info.code];
  const help = description
    ? {
        fullDescription: { text: plain(description) },
        help: { text: `${plain(description)} ${url}`, markdown: `${description}\n\n[AWS documentation](${url})` },
      }
    : {};
  return {
    id: info.code,
    name: pascal(info.code),
    shortDescription: { text: info.title },
    ...help,
    helpUri: url,
    defaultConfiguration: { level },
    properties: { category: info.category, tags },
  };
}

/** Markdown code spans as plain text. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1');
}

/** Access Analyzer's categories as SARIF levels: security findings are warnings, suggestions notes. */
function categoryLevel(category: CheckCategory): SarifLevel {
  return category === 'error' ? 'error' : category === 'suggestion' || category === 'hint' ? 'note' : 'warning';
}

function result(file: FileReport, d: Diagnostic, index: ReadonlyMap<string, number>, srcRoot: string): Record<string, unknown> {
  const ruleId = codeOf(d) || 'IAM_POLICY_STUDIO';
  const ruleIndex = index.get(ruleId);
  // Related information (e.g. the statement that decided a failing access test) becomes related locations.
  const related = (d.relatedInformation ?? []).map((r, i) => ({
    id: i + 1,
    message: { text: r.message },
    physicalLocation: { artifactLocation: uriLocation(r.location.uri, srcRoot), region: region(r.location) },
  }));
  return {
    ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: severityLevel(d.severity),
    message: { text: messageOf(d) },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path), region: region(d) } }],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
  };
}

/** A file URI below `srcRoot` as a relative location; anything else as the absolute URI. */
function uriLocation(uri: string, srcRoot: string): { uri: string; uriBaseId?: string } {
  return uri.startsWith(srcRoot) ? { uri: uri.slice(srcRoot.length), uriBaseId: '%SRCROOT%' } : { uri };
}

/** LSP severities as SARIF levels (information and hint are both notes). */
function severityLevel(severity: number | undefined): SarifLevel {
  return severity === 2 ? 'warning' : severity === 3 || severity === 4 ? 'note' : 'error';
}

function artifactLocation(path: string): { uri: string; uriBaseId: string } {
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** SARIF lines and columns are 1-based and endColumn is exclusive, as LSP's end character is. */
function region(d: { range: Diagnostic['range'] }): Record<string, number> {
  const { start, end } = d.range;
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** JSON_SYNTAX_ERROR → JsonSyntaxError (SARIF's rule `name` is an identifier-like label). */
function pascal(code: string): string {
  return code.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase());
}
