// Runs the mocha suite in out/e2e/suite inside a real VS Code through @vscode/test-electron's
// runTests(). Desktop VS Code is used when present (env VSCODE_EXECUTABLE, or a `code` on PATH that
// is not code-server); otherwise scripts/e2e/code, which runs the same tests in code-server with
// headless chromium (see /work/shared/E2E.md). Bundled to out/e2e/runTest.js by scripts/e2e/run.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(__dirname, '..', '..');
const launcher = path.join(repo, 'scripts', 'e2e', 'code');

/** A desktop VS Code executable, or undefined when only code-server can be used. */
export function findDesktopVSCode(): string | undefined {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  let found: string;
  try {
    found = realpathSync(execFileSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
  // code-server installs a `code-server` binary and sometimes a `code` alias; neither runs tests.
  if (found === realpathSync(launcher) || /code-server/.test(found)) return undefined;
  return found;
}

/** Installs Node 24, code-server and chromium when missing (a quick no-op otherwise). */
function setupCodeServer(): void {
  const r = spawnSync('bash', [path.join(repo, 'scripts', 'e2e', 'setup.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/e2e/setup.sh failed with ${r.status ?? r.signal}`);
}

/** Runs the suite once; resolves on success, rejects when VS Code exits non-zero. */
export async function runE2E(extensionDevelopmentPath = repo): Promise<void> {
  const desktop = findDesktopVSCode();
  if (!desktop) setupCodeServer();
  const vscodeExecutablePath = desktop ?? launcher;
  console.log(`[e2e] running the suite in ${desktop ? `desktop VS Code (${desktop})` : 'code-server via scripts/e2e/code'}`);
  const profile = mkdtempSync(path.join(tmpdir(), 'iam-studio-e2e-profile-'));
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath: path.join(repo, 'out', 'e2e', 'suite', 'index.js'),
      launchArgs: [
        path.join(repo, 'examples'), '--disable-extensions',
        `--user-data-dir=${path.join(profile, 'user')}`, `--extensions-dir=${path.join(profile, 'ext')}`,
      ],
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runE2E().then(
    () => console.log('[e2e] passed'),
    (err: unknown) => {
      console.error(`[e2e] FAILED: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
