// The CLI's promise: `iam-policy-studio check` reports exactly what the editor shows. Runs the
// extension's own dist/cli.js (the installed .vsix's in the packaged run) over the workspace, then
// opens every file it checked in VS Code and compares the diagnostics one by one.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IamPolicyStudioApi } from '../../../client/src/extension';
import { diagnosticCode, EXTENSION_ID, nextPublish, useExtension, waitFor, workspaceUri } from './helpers';

interface CliDiagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

interface CliReport {
  files: { path: string; diagnostics: CliDiagnostic[] }[];
}

const SEVERITY: Record<string, string> = { error: 'Error', warning: 'Warning', information: 'Information', hint: 'Hint' };

/** `L:C-L:C Severity CODE message`, 1-based, from the CLI's JSON. */
function fromCli(d: CliDiagnostic): string {
  return `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${SEVERITY[d.severity]} ${d.code} ${d.message}`;
}

/** The same line from an editor diagnostic. */
function fromEditor(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${String(diagnosticCode(d))} ${d.message}`;
}

/** Runs the extension's bundled CLI in the workspace folder. */
function runCheck(): { status: number | null; report: CliReport } {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  const cli = path.join(ext.extensionPath, 'dist', 'cli.js');
  const cwd = workspaceUri('.').fsPath;
  // The extension host's executable may be Electron: run it as plain Node.
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  assert.ok(r.stdout, `no output from ${cli}: ${r.stderr || r.error?.message}`);
  return { status: r.status, report: JSON.parse(r.stdout) as CliReport };
}

/** Opens `relativePath` and waits for the server's first publish for it (unless it was open already). */
async function openAndValidate(api: IamPolicyStudioApi, relativePath: string): Promise<vscode.Uri> {
  const uri = workspaceUri(relativePath);
  // A policy is open once it is `iam-policy` (detection re-opens `.json` files); a template stays YAML or JSON.
  const wasOpen = vscode.workspace.textDocuments.some(
    (d) => d.uri.toString() === uri.toString() && (d.languageId === 'iam-policy' || !relativePath.endsWith('.json')),
  );
  const published = wasOpen ? undefined : nextPublish(api, uri);
  await vscode.window.showTextDocument(uri);
  await published;
  return uri;
}

describe('CLI check and the editor', function () {
  const ext = useExtension();

  it('reports exactly the diagnostics the editor shows, file by file', async () => {
    const { status, report } = runCheck();
    assert.equal(status, 1, 'the examples include mistakes: exit code 1');
    assert.ok(report.files.length >= 3, `the CLI checked ${report.files.length} files`);
    // Templates (CloudFormation/SAM YAML and JSON) included: the editor shows their policies' diagnostics too.
    assert.ok(
      report.files.some((f) => f.path.endsWith('.yaml')),
      `the CLI checked the template: ${report.files.map((f) => f.path).join(', ')}`,
    );
    for (const file of report.files) {
      // Model files are JSON documents whose diagnostics the server publishes for the whole
      // workspace (not on open); policy files are validated when opened.
      const isModel = /(^|\/)([^/]*\.)?iam-model\.json$/i.test(file.path);
      const uri = isModel ? workspaceUri(file.path) : await openAndValidate(ext.api, file.path);
      const expected = file.diagnostics.map(fromCli).sort();
      // Only the extension's own diagnostics: VS Code's JSON support also validates model files.
      const ours = () =>
        vscode.languages
          .getDiagnostics(uri)
          .filter((d) => d.source === 'iam-policy-studio')
          .map(fromEditor)
          .sort();
      // The server may publish again (e.g. after the workspace model loads): wait for agreement,
      // and on timeout report both lists.
      await waitFor(
        vscode.languages.onDidChangeDiagnostics,
        () => (JSON.stringify(ours()) === JSON.stringify(expected) ? true : undefined),
        () => `${file.path}: editor ${JSON.stringify(ours(), null, 1)} vs CLI ${JSON.stringify(expected, null, 1)}`,
      );
    }
  });
});
