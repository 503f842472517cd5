import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  arnTokensIntersect,
  arnPatternTokens,
  compileArnTemplate,
  literalArnService,
  templateService,
} from '../../../server/src/core/catalog/arn';
import { arnTemplateToSnippet, conditionKeyToSnippet } from '../../../server/src/core/catalog/snippet';

/** The documented semantics as regexes, written independently of the automaton. */
function userRegex(pattern: string): RegExp {
  const colons = pattern.split(':').length - 1;
  let seen = 0;
  let re = '';
  for (const ch of pattern) {
    if (ch === ':') seen++;
    if (ch === '*') re += colons >= 5 && seen < 5 ? '[^:]*' : '.*';
    else if (ch === '?') re += '.';
    else re += ch === '/' ? '\\/' : ch;
  }
  return new RegExp(`^${re}$`, 'is');
}

function templateRegex(units: readonly string[]): RegExp {
  let seen = 0;
  let re = '';
  units.forEach((u, i) => {
    const last = i === units.length - 1;
    const inField = seen < 5;
    const account = seen === 4;
    if (u === ':') seen++;
    if (u === '*') re += inField ? '[^:/]*' : last ? '.*' : '[^:]*';
    else if (u.startsWith('${')) {
      const name = u.slice(2, -1).toLowerCase();
      if (inField) re += account ? '[^:/]*' : '[^:/]+';
      else if (name === 'bucketname') re += '[^:/]*';
      else re += last || /(arn|path|uri|url|pattern)$/.test(name) ? '.*' : '[^:]*';
    } else re += u === '/' ? '\\/' : u;
  });
  return new RegExp(`^${re}$`, 's');
}

/** Every string over {a, :, /} up to `max` characters. */
function allStrings(max: number): string[] {
  const out = [''];
  let layer = [''];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((s) => [`${s}a`, `${s}:`, `${s}/`]);
    out.push(...layer);
  }
  return out;
}

const STRINGS = allStrings(6);

test('ARN intersection agrees with brute force over a tiny alphabet', () => {
  const userArb = fc.array(fc.constantFrom('a', 'A', ':', '/', '*', '?'), { maxLength: 4 }).map((a) => a.join(''));
  const templateArb = fc.array(fc.constantFrom('a', ':', '/', '*', '${X}', '${BucketName}', '${SomeArn}'), {
    maxLength: 3,
  });
  fc.assert(
    fc.property(userArb, templateArb, (user, units) => {
      const u = arnPatternTokens(user);
      const t = compileArnTemplate(units.join(''));
      const got = arnTokensIntersect(u, t);
      const ur = userRegex(user);
      const tr = templateRegex(units);
      const witness = STRINGS.find((s) => ur.test(s) && tr.test(s));
      // A shortest common string is at most |u| + |t| long (every step advances one side).
      if (witness !== undefined) assert.equal(got, true, `${user} vs ${units.join('')}: witness ${witness}`);
      else if (u.length + t.length <= 6) assert.equal(got, false, `${user} vs ${units.join('')}`);
    }),
    { numRuns: 400 },
  );
});

test('ARN patterns: policy variables are wildcards, ${*} ${?} ${$} are literals', () => {
  const t = compileArnTemplate('arn:${Partition}:s3:::${BucketName}');
  assert.equal(arnTokensIntersect(arnPatternTokens('arn:aws:s3:::${aws:username}'), t), true);
  assert.equal(arnTokensIntersect(arnPatternTokens('arn:aws:s3:::a${*}b'), compileArnTemplate('arn:aws:s3:::a*b')), true);
  const literalStar = arnPatternTokens('arn:aws:s3:::a${*}');
  assert.equal(arnTokensIntersect(literalStar, compileArnTemplate('arn:aws:s3:::ab')), false);
  assert.equal(arnTokensIntersect(arnPatternTokens('arn:aws:s3:::a${?}'), compileArnTemplate('arn:aws:s3:::ab')), false);
  // An unterminated `${` is just text.
  assert.equal(arnTokensIntersect(arnPatternTokens('arn:aws:s3:::${x'), t), true);
});

test('ARN templates: the account may be empty, other fields not; literals ignore case', () => {
  const t = compileArnTemplate('arn:${Partition}:ssm:${Region}:${Account}:parameter/${Name}');
  assert.equal(arnTokensIntersect(arnPatternTokens('arn:aws:ssm:us-east-1::parameter/x'), t), true);
  assert.equal(arnTokensIntersect(arnPatternTokens('arn:aws:ssm::123:parameter/x'), t), false);
  assert.equal(arnTokensIntersect(arnPatternTokens('arn::ssm:r:1:parameter/x'), t), false);
  assert.equal(arnTokensIntersect(arnPatternTokens('arn:aws:ssm:r:1:PARAMETER/x'), t), true);
});

test('ARN service parts', () => {
  assert.equal(literalArnService('arn:aws:s3:::bucket'), 's3');
  assert.equal(literalArnService('arn:aws:s3'), undefined);
  assert.equal(literalArnService('arn:*:s3:::b'), undefined);
  assert.equal(literalArnService('arn:aws:${x}:::b'), undefined);
  assert.equal(literalArnService('*'), undefined);
  assert.equal(templateService('arn:${Partition}:wafv2:${Region}:${Account}:${Scope}/webacl/${Name}/${Id}'), 'wafv2');
  assert.equal(templateService('arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}'), undefined);
});

test('ARN template to LSP snippet', () => {
  assert.equal(
    arnTemplateToSnippet('arn:${Partition}:s3:::${BucketName}/${ObjectName}'),
    'arn:${1:aws}:s3:::${2:BucketName}/${3:ObjectName}',
  );
  assert.equal(
    arnTemplateToSnippet('arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}', { partition: 'aws-cn' }),
    'arn:${1:aws-cn}:iam::${2:Account}:role/${3:RoleNameWithPath}',
  );
  // A repeated placeholder reuses its tab stop; `$` and `}` in literal text are escaped.
  assert.equal(arnTemplateToSnippet('a:${X}/${Y}/${X}'), 'a:${1:X}/${2:Y}/${1:X}');
  assert.equal(arnTemplateToSnippet('arn:x:y:::*}$'), 'arn:x:y:::*\\}\\$');
});

test('condition key to LSP snippet', () => {
  assert.equal(conditionKeyToSnippet('aws:RequestTag/${TagKey}'), 'aws:RequestTag/${1:TagKey}');
  assert.equal(conditionKeyToSnippet('s3:ExistingObjectTag/<key>'), 's3:ExistingObjectTag/${1:key}');
  assert.equal(conditionKeyToSnippet('aws:SourceIp'), 'aws:SourceIp');
  assert.equal(
    conditionKeyToSnippet('codebuild:secondarySources/${sourceIdentifier}.auth.type'),
    'codebuild:secondarySources/${1:sourceIdentifier}.auth.type',
  );
});
