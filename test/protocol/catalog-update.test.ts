/**
 * A catalog built with `catalog --from` reaches the bundled server and CLI: through
 * IAM_POLICY_STUDIO_CATALOG (what the extension sets from iamPolicyStudio.catalogPath) and through
 * the user folder when newer; `check` warns once when the catalog in use is stale.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLI_PATH, startServer } from '../helpers/lspClient';

const SAMPLE = resolve(__dirname, '../data/catalog/service-reference/quantumledger.json');
const POLICY = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'quantumledger:GetLedger', Resource: '*' }] },
  null,
  2,
);
let work: string;

function cli(args: string[], env: Record<string, string>): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
  });
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'iam-studio-catalog-update-'));
  cpSync(SAMPLE, join(work, 'reference', 'quantumledger.json'));
  writeFileSync(join(work, 'ledger.policy.json'), POLICY);
  for (const [date, out] of [
    ['2026-12-01', 'new.json'],
    ['2020-01-01', 'stale.json'],
  ]) {
    const r = cli(['catalog', '--from', 'reference', '--date', date!, '--out', out!], { HOME: work });
    assert.equal(r.status, 0, String(r.stderr));
  }
});
after(() => rmSync(work, { recursive: true, force: true }));

test('check knows the new service with the configured catalog, and not without it', () => {
  const without = cli(['check', 'ledger.policy.json'], { HOME: work });
  assert.match(String(without.stdout), /INVALID_SERVICE_IN_ACTION|INVALID_ACTION/);
  const configured = cli(['check', 'ledger.policy.json'], { HOME: work, IAM_POLICY_STUDIO_CATALOG: join(work, 'new.json') });
  assert.equal(configured.status, 0, String(configured.stdout));
  assert.doesNotMatch(String(configured.stdout), /INVALID_/);
  const version = cli(['--version'], { HOME: work, IAM_POLICY_STUDIO_CATALOG: join(work, 'new.json') });
  assert.match(
    String(version.stdout),
    /AWS service catalog: AWS Service Authorization Reference 2026-12-01 \(data of 2026-12-01\), \d+ services, \d+ actions \(from .*new\.json\)/,
  );
});

test('check warns once that a catalog older than 90 days is stale', () => {
  const r = cli(['check', 'ledger.policy.json'], { HOME: work, IAM_POLICY_STUDIO_CATALOG: join(work, 'stale.json') });
  const warnings = String(r.stderr)
    .split('\n')
    .filter((l) => l.includes('days old'));
  assert.equal(warnings.length, 1, String(r.stderr));
  assert.match(warnings[0]!, /data of 2020-01-01.*catalog --from/);
});

test('the language server uses the catalog the extension names', async () => {
  process.env.IAM_POLICY_STUDIO_CATALOG = join(work, 'new.json');
  const client = await startServer();
  delete process.env.IAM_POLICY_STUDIO_CATALOG;
  try {
    const d = await client.openAndWaitForDiagnostics('file:///ws/ledger.iam.json', POLICY);
    assert.deepEqual(
      d.diagnostics.map((x) => x.code),
      [],
    );
  } finally {
    await client.shutdown();
  }
});
