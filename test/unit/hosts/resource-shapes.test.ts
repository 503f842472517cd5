/**
 * One table of CloudFormation resource shapes (RESOURCE_SHAPES in hosts/cloudformation/resourceArns.ts)
 * serves the host layer (what `!GetAtt X.Arn` stands for in a policy) and the template model (the
 * resource's ARN). For every resource type the model lists, a template naming the resource gets the
 * same ARN from both, plus what `!GetAtt` adds (a log group's `:*`); an ARN with characters AWS
 * picks at creation (a secret's) stays unknown to the host layer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arnOfAttribute, RESOURCE_SHAPES } from '../../../server/src/service/hosts/cloudformation/resourceArns';
import { entry, parseYamlTemplate } from '../../../server/src/service/hosts/cloudformation/parse';
import { cloudFormationEntities } from '../../../server/src/service/templateModel/cloudformation';

const OPTIONS = { account: '111122223333', region: 'us-west-2', partition: 'aws', parameters: {} };

for (const [type, shape] of Object.entries(RESOURCE_SHAPES)) {
  if (type.startsWith('AWS::IAM::')) continue; // IAM entities are principals and policies, not model resources
  test(`${type}: the host layer's !GetAtt Arn and the model's resource ARN agree`, () => {
    const text = [
      'Resources:',
      '  Thing:',
      `    Type: ${type}`,
      ...(shape.nameProperty ? ['    Properties:', `      ${shape.nameProperty}: thing-one`] : []),
    ].join('\n');
    const model = cloudFormationEntities(text, 'stack.yaml', OPTIONS).resources.find((r) => r.alias === 'Thing');
    assert.ok(model, 'the model lists the resource');
    const properties = entry(entry(entry(parseYamlTemplate(text).root, 'Resources'), 'Thing'), 'Properties');
    const parts = arnOfAttribute('Thing', 'Arn', { type, ...(properties ? { properties } : {}) }, { start: 0, end: 0 }, new Map());
    if (shape.arn?.includes('{random}')) {
      assert.equal(parts, undefined, 'an ARN AWS completes at creation is unknown before deployment');
      return;
    }
    assert.ok(parts, 'the host layer knows the ARN');
    const rendered = parts
      .map((p) =>
        typeof p === 'string'
          ? p
          : p.kind === 'region'
            ? OPTIONS.region
            : p.kind === 'account-id'
              ? OPTIONS.account
              : (p.assumed ?? p.expr),
      )
      .join('');
    assert.equal(rendered, model.arn + (shape.getAttArnSuffix ?? ''));
  });
}
