// Which copy of the extension the suite exercises: the repository (development run) or the
// packaged .vsix installed into a fresh extensions folder (`npm run test:e2e` runs both).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from './helpers';

describe('the extension under test', () => {
  it('is loaded from the expected place and activates with its API', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    const repo = process.env.IAM_STUDIO_E2E_REPO;
    const expect = process.env.IAM_STUDIO_E2E_EXPECT;
    console.log(`      (${EXTENSION_ID} ${String(ext.packageJSON.version)} from ${ext.extensionPath})`);
    if (repo && expect === 'development') assert.equal(path.resolve(ext.extensionPath), path.resolve(repo));
    if (expect === 'installed') {
      assert.equal(path.basename(ext.extensionPath), `${EXTENSION_ID}-${String(ext.packageJSON.version)}`);
      assert.ok(!repo || !ext.extensionPath.startsWith(repo), `expected an installed copy, got ${ext.extensionPath}`);
    }
    const api = await activateExtension();
    assert.equal(typeof api.onDidPublishDiagnostics, 'function');
    assert.equal(api.client.isRunning(), true);
  });
});
