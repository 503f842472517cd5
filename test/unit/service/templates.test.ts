/**
 * Policies inside CloudFormation and SAM templates (test/data/templates, see its README): each
 * template is validated by the language service and its diagnostics compared, line and code, with
 * the expectations written in the template (`# expect: CODE`) or next to it (`*.expected.json`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service';
import { getCatalog } from '../../../server/src/node/catalogFile';

const DIR = join(__dirname, '../../data/templates');
const service = getLanguageService({ catalog: getCatalog() });

interface Expected {
  readonly line: number;
  readonly code: string;
  /** The exact source text under the diagnostic, when the sidecar gives it. */
  readonly text?: string;
}

function sidecarOf(file: string): Expected[] | undefined {
  const sidecar = file.replace(/\.(json|template|ya?ml)$/, '.expected.json');
  return sidecar !== file && existsSync(sidecar) ? (JSON.parse(readFileSync(sidecar, 'utf8')) as Expected[]) : undefined;
}

function expectations(file: string, text: string): string[] {
  const sidecar = sidecarOf(file);
  if (sidecar) return sidecar.map((e) => (e.text === undefined ? `${e.line} ${e.code}` : `${e.line} ${e.code} ${e.text}`)).sort();
  return text
    .split('\n')
    .flatMap((line, i) => {
      const m = /# expect: (.*)$/.exec(line);
      return m ? m[1]!.split(',').map((code) => `${i + 1} ${code.trim()}`) : [];
    })
    .sort();
}

for (const name of readdirSync(DIR)
  .filter((n) => /\.(ya?ml|json|template)$/.test(n) && !n.endsWith('.expected.json'))
  .sort()) {
  test(`template ${name}: diagnostics on the expected lines`, async () => {
    const file = join(DIR, name);
    const text = readFileSync(file, 'utf8');
    const document = TextDocument.create(`file://${file}`, name.endsWith('.json') ? 'json' : 'yaml', 1, text);
    assert.equal(service.documentKind(document), 'host');
    const diagnostics = await service.doValidation(document, service.parse(document));
    const withText = new Set((sidecarOf(file) ?? []).filter((e) => e.text !== undefined).map((e) => `${e.line} ${e.code}`));
    const found = diagnostics
      .map((d) => {
        const at = `${d.range.start.line + 1} ${String(d.code)}`;
        return withText.has(at) ? `${at} ${document.getText(d.range)}` : at;
      })
      .sort();
    assert.deepEqual(
      found,
      expectations(file, text),
      diagnostics.map((d) => `${d.range.start.line + 1}: ${String(d.code)} ${d.message}`).join('\n'),
    );
  });
}

test('a policy file and a YAML file that is no template are not hosts', () => {
  const policy = TextDocument.create('file:///p.json', 'json', 1, '{"Version": "2012-10-17", "Statement": []}');
  assert.equal(service.documentKind(policy), undefined);
  const compose = TextDocument.create('file:///docker-compose.yaml', 'yaml', 1, 'services:\n  web:\n    image: nginx\n');
  assert.equal(service.documentKind(compose), undefined);
  const iam = TextDocument.create('file:///a.iam.json', 'iam-policy', 1, '{}');
  assert.equal(service.documentKind(iam), 'policy');
});

test('the policy type of each document comes from where it sits', () => {
  const file = join(DIR, 'policy-types.yaml');
  const document = TextDocument.create(`file://${file}`, 'yaml', 1, readFileSync(file, 'utf8'));
  const symbols = service.findDocumentSymbols(document, service.parse(document));
  assert.deepEqual(
    symbols.map((s) => `${s.name}: ${s.detail}`),
    [
      'Boundary.Properties.PolicyDocument: Permissions boundary',
      'Role.Properties.AssumeRolePolicyDocument: Role trust policy',
      'BucketPolicy.Properties.PolicyDocument: Resource-based policy',
      'Scp.Properties.Content: Service control policy (SCP)',
      'Imported.Properties.PolicyDocument: Identity policy',
    ],
  );
});

test('a SAM policy template: hover on its name shows the statements SAM writes, with the parameters given', () => {
  const file = join(DIR, 'sam-policy-templates.yaml');
  const text = readFileSync(file, 'utf8');
  const document = TextDocument.create(`file://${file}`, 'yaml', 1, text);
  const parsed = service.parse(document);
  const at = text.indexOf('S3ReadPolicy:') + 3;
  const hover = service.doHover(document, parsed, document.positionAt(at));
  const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  assert.match(value, /SAM policy template `S3ReadPolicy`/);
  assert.match(value, /"s3:GetObject"/);
  assert.match(value, /"arn:\$\{AWS::Partition\}:s3:::\$\{Bucket\}\/\*"/);
  assert.match(value, /BucketName = !Ref Bucket/);
  // Nothing to complete or fix in statements the template does not contain.
  assert.deepEqual(service.doComplete(document, parsed, document.positionAt(at)).items, []);
  const symbols = service.findDocumentSymbols(document, parsed).map((s) => s.name);
  assert.ok(symbols.includes('Function.Properties.Policies[0].S3ReadPolicy'), symbols.join('\n'));
});

test('an API Gateway resource: hover on execute-api:/* shows the ARN API Gateway expands it to', () => {
  const file = join(DIR, 'api-gateway.yaml');
  const text = readFileSync(file, 'utf8');
  const document = TextDocument.create(`file://${file}`, 'yaml', 1, text);
  const at = text.indexOf('Resource: execute-api:/*') + 'Resource: '.length + 3;
  const hover = service.doHover(document, service.parse(document), document.positionAt(at));
  const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  assert.match(value, /`arn:\$\{AWS::Partition\}:execute-api:\$\{AWS::Region\}:\$\{AWS::AccountId\}:\$\{Api ID\}\/\*`/);
  assert.match(value, /API Gateway expands execute-api:\//);
});

test('every place of a template that holds a policy gives it its type (policy-locations.yaml, `# type:` comments)', () => {
  const file = join(DIR, 'policy-locations.yaml');
  const text = readFileSync(file, 'utf8');
  const document = TextDocument.create(`file://${file}`, 'yaml', 1, text);
  const parsed = service.parse(document);
  const want: string[] = [];
  const got: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /# type: (\S+)/.exec(line);
    if (!m) return;
    want.push(`${i + 1} ${m[1]}`);
    const column = line.search(/\S/) + (line.trimStart().startsWith('- ') ? 2 : 0);
    const t = service.getPolicyType(document, parsed, { line: i, character: column });
    got.push(`${i + 1} ${t.type}${t.resourceService ? `/${t.resourceService}` : ''}`);
  });
  assert.ok(want.length >= 24, `${want.length} places`);
  assert.deepEqual(got, want);
});
