/** The github format's escaping: a message or path can never break out of its workflow command. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGithub } from '../../../server/src/cli/output/github';

test('workflow command data and properties are escaped as GitHub requires (%, CR, LF; and : , in properties)', () => {
  const out = formatGithub({
    files: [
      {
        path: 'a,b:c%.iam.json',
        diagnostics: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
            message: '100% wrong\r\n::error::injected',
            severity: 2,
            code: 'X:Y',
          },
          { range: { start: { line: 2, character: 4 }, end: { line: 3, character: 0 } }, message: 'a hint', severity: 4, code: 'H' },
        ],
      },
    ],
    skipped: 0,
  });
  assert.deepEqual(out.split('\n').slice(0, 2), [
    '::warning file=a%2Cb%3Ac%25.iam.json,line=1,col=1,endLine=1,endColumn=2,title=X%3AY::100%25 wrong%0D%0A::error::injected',
    '::notice file=a%2Cb%3Ac%25.iam.json,line=3,col=5,endLine=4,endColumn=1,title=H::a hint',
  ]);
});
