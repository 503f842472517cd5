/**
 * Short descriptions of the global condition keys. iam-data lists the keys with empty
 * descriptions, so these are written from AWS's "global condition context keys" and
 * "IAM and AWS STS condition context keys" pages (reference_policies_condition-keys.md,
 * reference_policies_iam-condition-keys.md). Keyed by lower-cased name; variable keys use
 * their `${TagKey}` spelling.
 */
export const globalKeyDescriptions: Readonly<Record<string, string>> = {
  'aws:calledvia':
    'The services that made requests on behalf of the principal, in order (multivalued). Absent when a service uses a service role.',
  'aws:calledviafirst': 'The first service that made a request on behalf of the principal.',
  'aws:calledvialast': 'The last service that made a request on behalf of the principal.',
  'aws:calledviaawsmcp': 'The AWS-managed MCP server that made the request on behalf of the principal.',
  'aws:currenttime': 'The date and time of the request. Always present.',
  'aws:epochtime':
    'The date and time of the request in epoch (Unix) time; works with date and numeric operators. Always present.',
  'aws:ec2instancesourcevpc': 'The VPC to which the Amazon EC2 role credentials were delivered.',
  'aws:ec2instancesourceprivateipv4':
    'The private IPv4 address of the primary network interface to which the EC2 role credentials were delivered.',
  'aws:federatedprovider':
    "The identity provider that issued the principal's role session (web identity or SAML federation).",
  'aws:multifactorauthage':
    'Seconds since the principal was authenticated with MFA. Present only when MFA was used.',
  'aws:multifactorauthpresent':
    'Whether MFA validated the temporary credentials of the request. Absent for long-term access keys, so prefer BoolIfExists with care.',
  'aws:principalaccount': 'The account ID of the requesting principal ("anonymous" for anonymous requests).',
  'aws:principalarn': 'The ARN of the requesting principal (for a role session, the role ARN).',
  'aws:principalisawsservice': 'Whether the request is made directly by an AWS service principal.',
  'aws:principalorgid': 'The AWS Organizations ID of the organization the requesting principal belongs to.',
  'aws:principalorgpaths':
    "The AWS Organizations paths of the principal's account (multivalued), e.g. o-a1b2c3/r-ab12/ou-ab12-11111111/.",
  'aws:principalservicename': 'The service principal name making the request, when an AWS service principal calls.',
  'aws:principalservicenameslist': 'All service principal names that belong to the calling service (multivalued).',
  'aws:principaltag/${tagkey}': 'A tag attached to the requesting principal (user, role, or session tag).',
  'aws:principaltype': 'The type of the requesting principal: Account, User, FederatedUser, AssumedRole or Anonymous.',
  'aws:referer': 'The HTTP Referer header of the request; set by the caller, so do not rely on it for security.',
  'aws:requestedregion': 'The AWS Region that was called in the request.',
  'aws:requesttag/${tagkey}': 'A tag key-value pair passed in the request.',
  'aws:resourceaccount': "The account ID of the requested resource's owner.",
  'aws:resourceorgid': "The AWS Organizations ID of the organization of the resource's owner account.",
  'aws:resourceorgpaths': "The AWS Organizations paths of the resource owner's account (multivalued).",
  'aws:resourcetag/${tagkey}': 'A tag key-value pair attached to the resource.',
  'aws:securetransport': 'Whether the request was sent using TLS.',
  'aws:sourceaccount': 'The account ID of the resource making a service-to-service request.',
  'aws:sourcearn': 'The ARN of the resource making a service-to-service request.',
  'aws:sourceidentity': 'The source identity set by the principal when assuming a role.',
  'aws:sourceip':
    "The requester's public IP address. Not present (replaced by aws:VpcSourceIp) when the request comes through a VPC endpoint.",
  'aws:sourcevpc': 'The VPC the request comes from, when made through a VPC endpoint.',
  'aws:sourcevpcarn': 'The ARN of the VPC the request comes from, when made through a VPC endpoint.',
  'aws:sourcevpce': 'The VPC endpoint ID the request comes through.',
  'aws:sourceowner': 'The account ID of the resource owner making a service-to-service request.',
  'aws:sourceorgid': 'The organization ID of the resource making a service-to-service request.',
  'aws:sourceorgpaths': 'The AWS Organizations paths of the resource making a service-to-service request (multivalued).',
  'aws:tagkeys': 'The tag keys passed in the request (multivalued).',
  'aws:tokenissuetime': 'The date and time the temporary credentials of the request were issued.',
  'aws:useragent': "The requester's client application (User-Agent); set by the caller.",
  'aws:userid': "The requester's principal identifier (for roles, role-id:session-name).",
  'aws:username': "The requester's IAM user name; present only for IAM users.",
  'aws:viaawsservice': 'Whether an AWS service made the request on behalf of the principal.',
  'aws:viaawsmcpservice': 'Whether an AWS-managed MCP server made the request on behalf of the principal.',
  'aws:vpcsourceip': 'The IP address the request comes from, when made through a VPC endpoint.',
  'aws:vpceaccount': 'The account ID that owns the VPC endpoint the request comes through.',
  'aws:vpceorgid': 'The organization ID of the account owning the VPC endpoint the request comes through.',
  'aws:vpceorgpaths': 'The AWS Organizations paths of the account owning the VPC endpoint (multivalued).',
  'aws:assumedroot': 'Whether the request is made by a privileged root session (sts:AssumeRoot).',
  'aws:chatbotsourcearn': 'The ARN of the chat configuration (AWS Chatbot) that made the request.',
  'aws:ismcpserviceaction': 'Whether the action is an AWS MCP server action.',
  'ec2:roledelivery': 'The version of the instance metadata service that delivered the EC2 role credentials.',
  'ec2:sourceinstancearn': 'The ARN of the EC2 instance from which the request was made with role credentials.',
  'glue:roleassumedby': 'The AWS Glue service that assumed the role for the request.',
  'glue:credentialissuingservice': 'The AWS Glue service that issued the credentials (e.g. for interactive sessions).',
  'lambda:sourcefunctionarn': 'The ARN of the Lambda function whose execution role credentials made the request.',
  'ssm:sourceinstancearn': 'The ARN of the AWS Systems Manager managed instance whose credentials made the request.',
  'identitystore:userid': 'The IAM Identity Center user ID of an identity-enhanced session.',
};
