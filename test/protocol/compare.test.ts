/**
 * `iamPolicy/compareWithBase` over stdio with the bundled server: the "vs HEAD" code lens's
 * question, with the counterexample and the range of the statement that allows it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../helpers/lspClient';
import { CompareWithBaseRequest } from '../../server/src/protocol';

const BASE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
});
const TEXT =
  '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" },\n    { "Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::reports/*" }\n  ]\n}\n';

test('compareWithBase: new access with a verified counterexample and the responsible statement', async () => {
  const client = await startServer();
  try {
    const uri = 'file:///ws/app.iam.json';
    await client.openAndWaitForDiagnostics(uri, TEXT);
    const r = await client.connection.sendRequest(CompareWithBaseRequest.type, { uri, baseText: BASE });
    assert.equal(r?.verdict, 'new-access');
    assert.equal(r?.policyType, 'identity');
    const cx = r?.counterexamples[0];
    assert.equal(cx?.request.action, 's3:PutObject');
    assert.equal(cx?.allowedBy[0]?.sid, 'Write');
    assert.equal(cx?.allowedBy[0]?.range.start.line, 4, 'the range is the Write statement');
    assert.match(r?.catalog ?? '', /iam-data/);

    const same = await client.connection.sendRequest(CompareWithBaseRequest.type, { uri, baseText: TEXT });
    assert.equal(same?.verdict, 'no-new-access');
    const fresh = await client.connection.sendRequest(CompareWithBaseRequest.type, { uri, baseText: null });
    assert.equal(fresh?.verdict, 'new-access', 'a new file is compared with an empty policy');
    const broken = await client.connection.sendRequest(CompareWithBaseRequest.type, { uri, baseText: '{ not json' });
    assert.equal(broken?.verdict, 'unknown');
    assert.equal(await client.connection.sendRequest(CompareWithBaseRequest.type, { uri: 'file:///ws/closed.json', baseText: BASE }), null);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
