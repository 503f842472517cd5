// Mocha entry point loaded by VS Code's extension host (`--extensionTestsPath`). Runs every
// bundled `*.test.js` next to this file and rejects when any test fails, which makes VS Code
// (or code-server's smoke-test driver) exit with code 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import * as vscode from 'vscode';
import Mocha from 'mocha';

/** Called by the extension host once the development extension is loaded. */
export async function run(): Promise<void> {
  // The extension host forwards console arguments unformatted (mocha's `'%s%s', a, b` would
  // arrive as "%s%s,a,b") and ignores assignments to console.log, so format in mocha's hook.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(util.format(...args));
  // Printed first so every log shows which VS Code build the suite ran in.
  console.log(
    `[e2e] VS Code ${vscode.version} (${vscode.env.appName}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'}), Node ${process.version}`,
  );
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec' });
  // Plain text: the log is read in CI consoles and files (mocha's own choice follows supports-color,
  // and the ✔/✖ symbols come pre-coloured from log-symbols when CI=true).
  Mocha.reporters.Base.useColors = false;
  Object.assign(Mocha.reporters.Base.symbols, { ok: '✔', err: '✖' });
  const grep = process.env.IAM_STUDIO_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  console.log(`[e2e] ${failures === 0 ? 'all tests passed' : `${failures} test(s) failed`}`);
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
