// Runs the mocha suite in out/e2e/suite inside a real VS Code through @vscode/test-electron's
// runTests(). Desktop VS Code is used when present (env VSCODE_EXECUTABLE, or a `code` on PATH that
// is not code-server); otherwise scripts/e2e/code, which runs the same tests in code-server with
// headless chromium (see /work/shared/E2E.md). Bundled to out/e2e/runTest.js by scripts/e2e/run.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Installs `vsix` into `extensionsDir` as a user would (`code --install-extension`), and returns an
 * empty extension to pass as the development path, since VS Code runs tests only for one.
 */
function installVsix(executable: string, vsix: string, profile: string): string {
  const args = [`--extensions-dir=${path.join(profile, 'ext')}`, `--user-data-dir=${path.join(profile, 'user')}`];
  const r = spawnSync(executable, [...args, '--install-extension', vsix], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed with ${r.status ?? r.signal}`);
  const host = path.join(profile, 'test-host');
  mkdirSync(host, { recursive: true });
  const manifest = {
    name: 'iam-policy-studio-e2e-host',
    publisher: 'iam-policy-studio-tests',
    version: '0.0.0',
    engines: { vscode: '^1.91.0' },
  };
  writeFileSync(path.join(host, 'package.json'), JSON.stringify(manifest));
  return host;
}

/**
 * Runs the suite once against the repository as a development extension, or, with `vsix`,
 * against that package installed into a fresh extensions folder. Rejects when a test fails.
 */
export async function runE2E(vsix?: string): Promise<void> {
  const desktop = findDesktopVSCode();
  if (!desktop) setupCodeServer();
  const vscodeExecutablePath = desktop ?? launcher;
  const where = desktop ? `desktop VS Code (${desktop})` : 'code-server via scripts/e2e/code';
  console.log(`[e2e] running the suite in ${where} against ${vsix ? `the installed ${path.basename(vsix)}` : 'the development extension'}`);
  const profile = mkdtempSync(path.join(tmpdir(), 'iam-studio-e2e-profile-'));
  try {
    const extensionDevelopmentPath = vsix ? installVsix(vscodeExecutablePath, vsix, profile) : repo;
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath: path.join(repo, 'out', 'e2e', 'suite', 'index.js'),
      // --disable-extensions would also disable the installed .vsix.
      launchArgs: [
        path.join(repo, 'examples'),
        ...(vsix ? [] : ['--disable-extensions']),
        `--user-data-dir=${path.join(profile, 'user')}`,
        `--extensions-dir=${path.join(profile, 'ext')}`,
      ],
      extensionTestsEnv: { IAM_STUDIO_E2E_EXPECT: vsix ? 'installed' : 'development', IAM_STUDIO_E2E_REPO: repo },
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--vsix');
  runE2E(i > 0 ? path.resolve(process.argv[i + 1] ?? '') : undefined).then(
    () => console.log('[e2e] passed'),
    (err: unknown) => {
      console.error(`[e2e] FAILED: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
