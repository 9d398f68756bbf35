import type { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { FailureTolerance } from './failure-tolerance';

export interface StepEverywhereProps {
  /**
   * Regions to run in when an execution names none.
   * @default - every region enabled in each account
   */
  readonly defaultRegions?: string[];

  /**
   * Name of the role every member account carries (see `member-role/`).
   * @default 'StepEverywhereMember'
   */
  readonly memberRoleName?: string;

  /**
   * Worker functions to grant what a worker needs (decrypting its credentials, writing
   * its results). Any other `StepEverywhere_*` function can be granted later with
   * `grantWorker`. Functions not named `StepEverywhere_*` can never be invoked.
   * @default - none
   */
  readonly workers?: Array<import('aws-cdk-lib/aws-lambda').IFunction>;

  /**
   * Failed targets tolerated before the execution fails.
   * @default FailureTolerance.count(0)
   */
  readonly failureTolerance?: FailureTolerance;

  /**
   * Accounts processed at once (the Distributed Map's MaxConcurrency).
   * @default 100
   */
  readonly maxConcurrentAccounts?: number;

  /**
   * Regions of one account processed at once (the inline Map's MaxConcurrency); 0 means
   * as many as Step Functions allows.
   * @default 0
   */
  readonly regionConcurrency?: number;

  /**
   * Topic the one summary message per execution is published to.
   * @default - a new topic, encrypted and TLS-only
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Email addresses subscribed to the notification topic.
   * @default - none
   */
  readonly notificationEmails?: string[];

  /**
   * Bucket for manifests, per-target results and summaries.
   * @default - a new bucket: private, TLS-only, encrypted, results expire after `resultsRetention`
   */
  readonly resultsBucket?: s3.IBucket;

  /**
   * How long results are kept in the bucket this construct creates.
   * @default Duration.days(90)
   */
  readonly resultsRetention?: Duration;

  /**
   * Key that encrypts member credentials in transit through the state machine. A key you
   * bring must carry an equivalent policy: decrypt only by the recipient named in the
   * encryption context.
   * @default - a new key with rotation, whose policy lets only the recipient role decrypt
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Role in the management account (or a delegated administrator) that the Plan step
   * assumes to read AWS Organizations and the Account API.
   * @default - the Plan function's own role reads Organizations (the host is the management account)
   */
  readonly orgReaderRoleArn?: string;

  /**
   * The organization id; when set, the credentials role may only assume roles in it.
   * @default - no organization condition on the credentials role (member trust policies still check it)
   */
  readonly organizationId?: string;

  /**
   * Lifetime of member-account sessions (900 s to 1 hour: role chaining caps it).
   * @default Duration.hours(1)
   */
  readonly sessionDuration?: Duration;

  /**
   * Session policy applied to every member session, narrowing the member role further.
   * @default - none
   */
  readonly sessionPolicy?: iam.PolicyDocument;

  /**
   * How many times a worker answering IN_PROGRESS is re-invoked before its target is TIMED_OUT.
   * @default 60
   */
  readonly maxPolls?: number;

  /**
   * The state machine's name, for callers that must know it before it exists (e.g. a
   * pipeline's invoke action in another stack).
   * @default a name CloudFormation generates
   */
  readonly stateMachineName?: string;

  /**
   * S3 objects (ARNs) the workers granted with `grantReadTemplates` may also read, e.g. the
   * template assets a pipeline publishes.
   * @default only the results bucket's `templates/` prefix
   */
  readonly templateObjectArns?: string[];
}
