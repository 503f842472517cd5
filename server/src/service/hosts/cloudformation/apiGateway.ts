/**
 * API Gateway resource policies: the `Policy` of an `AWS::ApiGateway::RestApi` (or a private
 * `AWS::ApiGateway::DomainNameV2`), and of a SAM `AWS::Serverless::Api` (`Policy`, `Domain.Policy`,
 * `Auth.ResourcePolicy.CustomStatements`).
 *
 * Their resources may use API Gateway's abbreviated syntax, which API Gateway expands to the full
 * ARN when it saves the policy: `execute-api:/stage-name/GET/pets` becomes
 * `arn:aws:execute-api:us-east-2:123456789012:aabbccddee/stage-name/GET/pets`, from the current
 * Region, the account and the ID of the API the policy is attached to; `execute-api:/*` stands for
 * all stages, methods and paths of the API ("API Gateway resource policy examples", API Gateway
 * Developer Guide, https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html,
 * read 2026-12-03). Such a resource is checked as that ARN, with the Region, account and API ID
 * symbolic (known at deployment). API Gateway also takes the stage right after the colon, without
 * the slash (`execute-api:` + `*` + `/*` + `/*`), which AWS SAM's own deployed integration test
 * (integration/resources/templates/combination/api_with_resource_policies.yaml) uses.
 */
import type { HostRange, HostValue, SymbolicPart } from '../types';

const SHORTHAND = 'execute-api:';

/** The document with every `execute-api:/…` resource written as the ARN API Gateway makes of it. */
export function expandExecuteApi(doc: HostValue, api: string): HostValue {
  if (doc.kind !== 'object') return doc;
  return {
    ...doc,
    entries: doc.entries.map((e) => (e.key === 'Statement' ? { ...e, value: statements(e.value, api) } : e)),
  };
}

function statements(v: HostValue, api: string): HostValue {
  if (v.kind === 'array') return { ...v, items: v.items.map((s) => statement(s, api)) };
  return statement(v, api);
}

function statement(st: HostValue, api: string): HostValue {
  if (st.kind !== 'object') return st;
  return {
    ...st,
    entries: st.entries.map((e) => (e.key === 'Resource' || e.key === 'NotResource' ? { ...e, value: resources(e.value, api) } : e)),
  };
}

function resources(v: HostValue, api: string): HostValue {
  if (v.kind === 'array') return { ...v, items: v.items.map((r) => resource(r, api)) };
  return resource(v, api);
}

function resource(v: HostValue, api: string): HostValue {
  if (v.kind === 'string' && v.value.startsWith(SHORTHAND))
    return { kind: 'symbolic', range: v.range, parts: expanded(v.value.slice(SHORTHAND.length), v.range, api) };
  if (v.kind === 'symbolic') {
    const [first, ...rest] = v.parts;
    if (typeof first === 'string' && first.startsWith(SHORTHAND))
      return { ...v, parts: [...expanded(first.slice(SHORTHAND.length), v.range, api), ...rest] };
  }
  return v;
}

/** `arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${api}/` + the path. */
function expanded(written: string, range: HostRange, api: string): Array<string | SymbolicPart> {
  const path = written.startsWith('/') ? written : `/${written}`;
  const why = 'API Gateway expands execute-api:/ to the ARN of the API the policy is attached to';
  return [
    'arn:',
    { expr: 'AWS::Partition', kind: 'partition', range, assumed: 'aws', assumption: why },
    ':execute-api:',
    { expr: 'AWS::Region', kind: 'region', range },
    ':',
    { expr: 'AWS::AccountId', kind: 'account-id', range },
    ':',
    { expr: `${api} ID`, kind: 'id', range },
    path,
  ];
}
