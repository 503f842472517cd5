/**
 * The bundled server finds dist/catalog.json next to itself and reports the catalog data
 * version in its log (the extension's output channel).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../helpers/lspClient';

test('the bundled server logs the catalog data version', async () => {
  const client = await startServer();
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no catalog log line within 10 s')), 10_000);
      client.connection.onNotification('window/logMessage', (p: { message: string }) => {
        if (!p.message.startsWith('AWS service catalog:')) return;
        clearTimeout(timer);
        resolve(p.message);
      });
    });
    assert.match(line, /^AWS service catalog: @cloud-copilot\/iam-data \S+ \(data of \d{4}-\d{2}-\d{2}\), \d+ services, \d+ actions$/);
  } finally {
    await client.shutdown();
  }
});
