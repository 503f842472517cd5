/**
 * Links into templates: the JSON paths the model reports for template entities and statements
 * (`Resources.OrdersFunction.Properties.Policies.0.Statement.0`) map to the lines where they are
 * written, in YAML and JSON templates, also after an `!If` in a statement list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { rangesFor } from '../../../server/src/service/templateModel/ranges';
import { terraformHost } from '../../../server/src/service/hosts/terraformHost';
import { testTerraformParser } from '../../helpers/terraform';

const text = (doc: TextDocument, r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
  doc.getText(r);

test('template ranges: statements and entities of the serverless example (YAML)', () => {
  const file = join(__dirname, '../../../examples/serverless/template.yaml');
  const doc = TextDocument.create('file:///ws/template.yaml', 'yaml', 1, readFileSync(file, 'utf8'));
  const ranges = rangesFor(doc);
  const statement = ranges.fullRangeOf(['Resources', 'OrdersFunction', 'Properties', 'Policies', 0, 'Statement', 0]);
  assert.match(text(doc, statement), /^Sid: WriteOrders\n/);
  const trust = ranges.fullRangeOf(['Resources', 'ReportingRole', 'Properties', 'AssumeRolePolicyDocument', 'Statement', 0]);
  assert.match(text(doc, trust), /^Effect: Allow\n\s+Principal:/);
  assert.equal(text(doc, ranges.rangeOf(['Resources', 'ReportingRole'])), 'ReportingRole');
  assert.equal(text(doc, ranges.rangeOf(['Resources', 'AnalystUser', 'Properties', 'Groups', 0])), 'Analysts');
});

test('template ranges: a statement after an Fn::If in the statement list, in a JSON template', () => {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } },
    Resources: {
      R: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          Policies: [
            {
              PolicyName: 'p',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    'Fn::If': [
                      'Prod',
                      { Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
                      { Sid: 'B', Effect: 'Allow', Action: 's3:PutObject', Resource: '*' },
                    ],
                  },
                  { Sid: 'C', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
                ],
              },
            },
          ],
        },
      },
    },
  };
  const doc = TextDocument.create('file:///ws/stack.json', 'json', 1, JSON.stringify(template, null, 2));
  const ranges = rangesFor(doc);
  const path = ['Resources', 'R', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement'];
  // The model's document has both branches, then C: index 2 is C, as the policy view has it.
  assert.match(text(doc, ranges.fullRangeOf([...path, 2])), /"Sid": "C"/);
  assert.match(text(doc, ranges.fullRangeOf([...path, 1])), /"Sid": "B"/);
});

test('template ranges: a model or policy JSON file keeps the JSON ranges', () => {
  const doc = TextDocument.create('file:///ws/p.iam.json', 'json', 1, '{\n  "Statement": [\n    { "Effect": "Allow" }\n  ]\n}');
  assert.equal(text(doc, rangesFor(doc).fullRangeOf(['Statement', 0])), '{ "Effect": "Allow" }');
});

test('template ranges: a statement of a Terraform data source in the Terraform example', async () => {
  const parser = await testTerraformParser();
  const host = terraformHost((t) => parser.parse(t).blocks);
  const file = join(__dirname, '../../../examples/terraform-app/main.tf');
  const doc = TextDocument.create('file:///ws/main.tf', 'terraform', 1, readFileSync(file, 'utf8'));
  const ranges = rangesFor(doc, [host]);
  const second = ranges.fullRangeOf(['data', 'aws_iam_policy_document', 'exporter', 'Statement', 1]);
  assert.match(text(doc, second), /^statement \{\s+sid\s+= "WriteExports"/);
});
