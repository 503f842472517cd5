/**
 * Host documents: files that are not a policy themselves but contain policies (CloudFormation and
 * SAM templates in YAML or JSON, Terraform configurations). A host extractor parses the host text
 * with a real parser and yields one {@link ExtractedPolicy} per policy document it finds: a
 * JSON-like value whose every node carries its source range in the host text, the policy type
 * implied by where the document sits, and what had to be assumed about values unknown until
 * deployment. The rest of the service turns these into policy views; checks, completion, hover
 * and fixes never see the host syntax.
 */
import type { PolicyType } from '../../core/policyType';

/** A half-open range of offsets into the host document's text: `[start, end)`. */
export interface HostRange {
  readonly start: number;
  readonly end: number;
}

/**
 * One piece of a value that is only known at deployment: `!Ref Bucket`, `!GetAtt Role.Arn`,
 * `${aws_s3_bucket.b.arn}`, `var.x`, `data.aws_caller_identity.current.account_id`, …
 */
export interface SymbolicPart {
  /** The expression as written in the host, e.g. `aws_s3_bucket.b.arn` or `AWS::AccountId`. */
  readonly expr: string;
  /** What the value is known to be, when the host tells (e.g. `arn` for `.arn`, `account-id`). */
  readonly kind?: 'arn' | 'account-id' | 'region' | 'partition' | 'name' | 'id' | 'unknown';
  /** Where the expression is written. */
  readonly range: HostRange;
  /**
   * The value checks assume for it, when the host document tells (a parameter's `Default`, the
   * literal `BucketName` behind `!Ref Bucket`); hover shows it as an assumption.
   */
  readonly assumed?: string;
  /** Why `assumed` holds, as a phrase for hover: "Default of parameter Env". */
  readonly assumption?: string;
}

/**
 * How a value is written in the host, so that quick fixes and completion edit it in kind: a YAML
 * block or flow collection, a plain, quoted or block scalar. Absent: JSON syntax.
 */
export type HostStyle = 'block' | 'flow' | 'plain' | 'single' | 'double' | 'literal' | 'json';

/** A JSON-like value with source ranges; `symbolic` stands for a value only known at deployment. */
export type HostValue =
  | {
      readonly kind: 'object';
      readonly range: HostRange;
      readonly style?: HostStyle;
      readonly entries: ReadonlyArray<{
        readonly key: string;
        readonly keyRange: HostRange;
        readonly value: HostValue;
        /**
         * The key is only known at deployment (Terraform `variable = "${local.url}:sub"`); `key` is
         * its text as written. Nothing is reported about the key or what depends on it.
         */
        readonly unknownKey?: true;
      }>;
    }
  | { readonly kind: 'array'; readonly range: HostRange; readonly style?: HostStyle; readonly items: readonly HostValue[] }
  | { readonly kind: 'string'; readonly range: HostRange; readonly style?: HostStyle; readonly value: string }
  | { readonly kind: 'number'; readonly range: HostRange; readonly value: number }
  | { readonly kind: 'boolean'; readonly range: HostRange; readonly value: boolean }
  | { readonly kind: 'null'; readonly range: HostRange }
  /**
   * A string built from literal text and deployment-time parts, in order: `!Sub
   * "arn:aws:s3:::${Bucket}/*"` is `["arn:aws:s3:::", {expr: "Bucket"}, "/*"]`. A value that is
   * wholly unknown (`!GetAtt Role.Arn`, `var.x`) has a single symbolic part.
   */
  | {
      readonly kind: 'symbolic';
      readonly range: HostRange;
      readonly parts: ReadonlyArray<string | SymbolicPart>;
      /**
       * Where pieces of the literal text are written, when they sit apart (the items of a
       * `Fn::Join`, one a line in JSON and CDK templates): a finding about one field of an ARN is
       * shown on the piece that holds it, not on the first line of the function.
       */
      readonly segments?: readonly LiteralSegment[];
    };

/** A piece of a symbolic value's literal text: `length` characters at `at` of part `part`. */
export interface LiteralSegment {
  readonly part: number;
  readonly at: number;
  readonly length: number;
  readonly range: HostRange;
}

/** One policy document found in a host document. */
export interface ExtractedPolicy {
  /** The document, e.g. the value of `PolicyDocument` or of a Terraform `jsonencode(...)`. */
  readonly value: HostValue;
  /** The policy type implied by where the document sits; undefined when the host does not say. */
  readonly policyType?: PolicyType;
  /** For a resource-based policy: the service of the resource it is attached to (`s3`, `kms`, …). */
  readonly resourceService?: string;
  /** Where it sits, for symbols and messages: `AppRole.Properties.Policies[0].PolicyDocument`, `aws_iam_policy.app.policy`. */
  readonly label: string;
  /** The range to report problems about the document as a whole (e.g. its key or block header). */
  readonly range: HostRange;
  /**
   * True when the host builds the document from parts we cannot see as one value (Terraform
   * `source_policy_documents`, a `file()` outside the workspace, `Fn::If` around statements):
   * checks that need the whole document (size quotas, missing elements) stay quiet.
   */
  readonly partial?: boolean;
  /**
   * The syntax the document is written in inside the host: `json` (a JSON template, `jsonencode`
   * is not: it is HCL), `yaml` or `hcl`. Completion and quick fixes write text in this syntax.
   */
  readonly syntax?: 'json' | 'yaml' | 'hcl';
  /**
   * Set when the document is not written in the host but generated from it: the name of the SAM
   * policy template whose statements it is. Its nodes all sit at the template's key; quick fixes
   * and completion do not apply, hover shows the statements.
   */
  readonly generated?: string;
  /**
   * For a generated document: the same statements with `*` for every parameter (first
   * and second stand-ins). A finding that holds for these too is SAM's, not the user's: it is not
   * reported (SAM's EC2CopyImagePolicy writes an account into an EC2 image ARN, which has none).
   */
  readonly baseline?: readonly [unknown, unknown];
  /** What had to be assumed to analyse the document as a whole (shown on hover of the document's key). */
  readonly assumptions?: readonly string[];
  /**
   * How a policy in a Terraform file is written, so that quick fixes write valid HCL:
   * `policy-document` (a `data "aws_iam_policy_document"` block: IAM elements are attributes and
   * blocks), `jsonencode` (an HCL object expression), `heredoc` (JSON text in a heredoc, where a
   * literal `${` is written `$${`), `module-statements` (statement objects passed to a module,
   * `policy_statements = { read = { actions = […] } }`: keys are the module's attribute names;
   * no quick fixes are written there).
   */
  readonly terraform?: 'policy-document' | 'jsonencode' | 'heredoc' | 'module-statements';
  /**
   * Set when the document is a JSON string in the host (`Content: '{"Version": …}'`, a `!Sub |`
   * block): how text written into it must be escaped, and where edits may start or end.
   */
  readonly embedded?: EmbeddedJson;
  /** For `policy-document`: the HCL blocks behind parts of the document (the data block itself at path `[]`). */
  readonly blocks?: readonly PolicyBlock[];
}

/**
 * An HCL block that renders to a part of a policy document, addressed by the JSON path it renders
 * to: `[]` for the `data "aws_iam_policy_document"` block, `["Statement", 0]` for a `statement`
 * (or `dynamic "statement"`) block, `["Statement", 0, "Principal", "AWS"]` for a `principals`
 * block, `["Statement", 0, "Condition", "StringEquals", "aws:SourceAccount"]` for a `condition`
 * block. Several blocks can render to one path (the provider merges them).
 */
export interface PolicyBlock {
  readonly path: ReadonlyArray<string | number>;
  /** The whole block, from its type name to its closing brace. */
  readonly range: HostRange;
}

/**
 * A policy document written as a JSON string: its nodes' ranges point into the string's source
 * text. `escape` says how JSON text is written there: `raw` (a YAML literal block: as is, each
 * line break followed by `indent`), `json` (a JSON string or a YAML double-quoted scalar: JSON
 * string escapes), `single` (a YAML single-quoted scalar: `'` doubled, no line breaks), `inexact`
 * (the string's characters could not be mapped one by one: every node sits on the whole scalar,
 * and nothing is edited or completed).
 */
export interface EmbeddedJson {
  readonly escape: 'raw' | 'json' | 'single' | 'inexact';
  readonly indent?: string;
  /** Host offset the boundaries are relative to (the scalar's start). */
  readonly origin: number;
  /** Offsets (relative to `origin`) where a character of the string starts, and where it ends: where an edit may start or end. */
  readonly boundaries: ReadonlySet<number>;
  /** The string's value (the JSON text), when its characters are mapped (not `inexact`). */
  readonly text?: string;
  /** `offsets[i]`: where character i of `text` is written, relative to `origin`; `offsets[text.length]`: where it ends. */
  readonly offsets?: readonly number[];
}

/** A problem with the host document itself (not with a policy in it): YAML/HCL syntax errors. */
export interface HostProblem {
  readonly range: HostRange;
  readonly message: string;
  /** The check code; TEMPLATE_SYNTAX_ERROR when absent. */
  readonly code?: string;
}

/** What an extractor returns for one host document. */
export interface HostExtraction {
  readonly policies: readonly ExtractedPolicy[];
  readonly problems: readonly HostProblem[];
}
