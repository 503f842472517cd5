/**
 * Templates benchmark: a ~2,000-line CloudFormation YAML template with 50 policy documents (25
 * roles, each with a trust policy and an inline policy using !Sub/!GetAtt), validated in full as a
 * new document, then re-validated after a keystroke inside one policy (only that resource is
 * parsed again and only that policy's checks run again), then after a keystroke that breaks the YAML
 * (a key typed without its colon yet: the whole text is parsed by `yaml`, which reports the
 * error). Targets from issue 15: ≤ 30 ms and ≤ 10 ms.
 * `npm run bench templates`. Prints figures; never asserts timings.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/service';
import { getCatalog } from '../server/src/node/catalogFile';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The template; `round` changes every resource, so that nothing of an earlier round is cached. */
function template(round: number): string {
  let t = 'AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  Stage:\n    Type: String\n    Default: dev\nResources:\n';
  for (let i = 0; i < 25; i++) {
    t += `  Bucket${i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "reports-${i}-\${Stage}"\n`;
    t += `  Queue${i}:\n    Type: AWS::SQS::Queue\n`;
    t += `  Role${i}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n`;
    t += `      Policies:\n        - PolicyName: app\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n`;
    for (let s = 0; s < 6; s++) {
      t += `              - Sid: S${s}\n                Effect: Allow\n                Action:\n                  - s3:GetObject\n                  - s3:PutObject\n                Resource: !Sub "arn:\${AWS::Partition}:s3:::\${Bucket${i}}/p${s}/*"\n`;
      t += `                Condition:\n                  StringEquals:\n                    aws:RequestedRegion: !Ref AWS::Region\n`;
    }
    t += `              - Effect: Allow\n                Action: [sqs:SendMessage, sqs:ReceiveMessage]\n                Resource: !GetAtt Queue${i}.Arn\n`;
    t += `      Tags:\n        - Key: stage\n          Value: !Ref Stage\n        - Key: team\n          Value: t${i}-r${round}\n`;
  }
  return t;
}

async function main(): Promise<void> {
  const catalog = getCatalog();
  const full: number[] = [];
  const keystroke: number[] = [];
  // CPU time of this process (user + system), which a loaded machine inflates far less than wall time.
  const fullCpu: number[] = [];
  const keystrokeCpu: number[] = [];
  const broken: number[] = [];
  const brokenCpu: number[] = [];
  const cpu = (since: NodeJS.CpuUsage) => {
    const c = process.cpuUsage(since);
    return (c.user + c.system) / 1000;
  };
  // Rounds 2–11 as first measured; rounds 20–39 again, once the JIT has compiled the code paths
  // (as in a server that has been running): every round's template is new.
  for (let round = 0; round < 40; round++) {
    const text = template(round);
    const lines = text.split('\n').length;
    const at = text.indexOf('s3:PutObject', text.indexOf('Role12:')) + 's3:Put'.length;
    const service = getLanguageService({ catalog });
    const doc = TextDocument.create('file:///bench/app.yaml', 'yaml', 1, text);
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    const diagnostics = await service.doValidation(doc, service.parse(doc));
    full.push(performance.now() - t0);
    fullCpu.push(cpu(c0));
    if (round === 0)
      console.log(
        `template: ${lines} lines, ${(text.length / 1024).toFixed(0)} KB, ${service.parse(doc).host?.views.length} policies, ${diagnostics.length} diagnostics`,
      );
    const edited = TextDocument.create(doc.uri, 'yaml', 2, `${text.slice(0, at)}X${text.slice(at)}`);
    c0 = process.cpuUsage();
    t0 = performance.now();
    await service.doValidation(edited, service.parse(edited));
    keystroke.push(performance.now() - t0);
    keystrokeCpu.push(cpu(c0));
    // The next keystroke starts a new key on a line of its own: a YAML error until its colon is typed.
    const line = text.lastIndexOf('\n', at) + 1;
    const typing = TextDocument.create(
      doc.uri,
      'yaml',
      3,
      `${edited.getText().slice(0, line)}                  Condi\n${edited.getText().slice(line)}`,
    );
    c0 = process.cpuUsage();
    t0 = performance.now();
    const errors = await service.doValidation(typing, service.parse(typing));
    broken.push(performance.now() - t0);
    brokenCpu.push(cpu(c0));
    if (round === 0)
      console.log(`broken keystroke: ${errors.filter((d) => String(d.code) === 'TEMPLATE_SYNTAX_ERROR').length} syntax error(s)`);
  }
  const min = (xs: number[]) => Math.min(...xs);
  const warm = (xs: number[]) => median(xs.slice(20)).toFixed(1);
  const first = (xs: number[]) => xs.slice(2, 12);
  console.log(
    `full validation (a template never seen: parse of every resource + 50 policies checked): median ${median(first(full)).toFixed(1)} ms, min ${min(first(full)).toFixed(1)} ms; CPU median ${median(first(fullCpu)).toFixed(1)} ms (target ≤ 30 ms)`,
  );
  console.log(
    `keystroke inside one policy (that resource parsed and extracted again, with the resources after it; 1 policy checked, 49 from cache): median ${median(first(keystroke)).toFixed(1)} ms, min ${min(first(keystroke)).toFixed(1)} ms; CPU median ${median(first(keystrokeCpu)).toFixed(1)} ms (target ≤ 10 ms)`,
  );
  console.log(
    `keystroke that breaks the YAML (the whole text parsed by yaml): median ${median(first(broken)).toFixed(1)} ms, min ${min(first(broken)).toFixed(1)} ms; CPU median ${median(first(brokenCpu)).toFixed(1)} ms`,
  );
  console.log(
    `templates 21–40 (JIT warm): full validation median ${warm(full)} ms, CPU median ${warm(fullCpu)} ms; keystroke median ${warm(keystroke)} ms, CPU median ${warm(keystrokeCpu)} ms; broken keystroke median ${warm(broken)} ms, CPU median ${warm(brokenCpu)} ms`,
  );
}

void main();
