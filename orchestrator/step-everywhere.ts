import { CfnElement, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ASSUMABLE_TAG_KEY, ASSUMABLE_TAG_VALUE, DEFAULT_MEMBER_ROLE_NAME, RESULTS_ROOT, TEMPLATES_PREFIX, WORKER_FUNCTION_PREFIX } from './contract';
import { CredentialsKey } from './credentials-key';
import { acknowledgeWildcard, nagRef } from './nag';
import { FailureTolerance } from './failure-tolerance';
import { HandlerFunction } from './handler-function';
import { ResultsBucket } from './results-bucket';
import { grantResultsAccess } from './results-access';
import { stepEverywhereDefinition } from './state-machine/definition';
import type { StepEverywhereProps } from './step-everywhere-props';

const RESULT_WRITER_V2_FLAG = '@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2';

/** Organizations and Account API reads the planner makes; nothing that writes. */
export const ORG_READ_ACTIONS = [
  'organizations:DescribeOrganization',
  'organizations:ListRoots',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:DescribeAccount',
  'account:ListRegions',
];

/**
 * The step-everywhere orchestrator: a Step Functions state machine that plans targets from
 * AWS Organizations, assumes a tagged member role once per account and invokes a
 * `StepEverywhere_*` worker in every (account, region), with results in S3 and one
 * summary notification per execution.
 */
export class StepEverywhere extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly resultsBucket: s3.IBucket;
  public readonly encryptionKey: kms.IKey;
  public readonly notificationTopic: sns.ITopic;
  /** The role member roles must trust: the only one that assumes them. */
  public readonly credentialsRole: iam.IRole;
  /** The role an org-reader role in the management account must trust. */
  public readonly planRole: iam.IRole;
  /** The orchestrator's own functions, e.g. for alarms on their errors. */
  public readonly handlerFunctions: {
    readonly plan: lambda.IFunction;
    readonly credentials: lambda.IFunction;
    readonly tallyWave: lambda.IFunction;
    readonly summarise: lambda.IFunction;
  };

  private readonly templateObjectArns: string[];

  public constructor(scope: Construct, id: string, props: StepEverywhereProps = {}) {
    super(scope, id);
    this.templateObjectArns = props.templateObjectArns ?? [];
    // The Distributed Map's results must reach S3 whatever flags the app sets: the
    // tally reads them there. Context set here applies to this construct's subtree only.
    this.node.setContext(RESULT_WRITER_V2_FLAG, true);
    validateProps(props);
    const stack = Stack.of(this);
    const tolerance = props.failureTolerance ?? FailureTolerance.count(0);

    this.resultsBucket =
      props.resultsBucket ?? new ResultsBucket(this, 'Results', { retention: props.resultsRetention }).bucket;
    this.notificationTopic =
      props.notificationTopic ??
      new sns.Topic(this, 'Notifications', {
        displayName: 'step-everywhere execution summaries',
        enforceSSL: true,
        masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      });
    for (const email of props.notificationEmails ?? []) {
      this.notificationTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }

    const plan = new HandlerFunction(this, 'Plan', {
      handler: 'plan',
      description: 'Plans the targets of an execution from AWS Organizations',
      timeout: Duration.minutes(5),
      memorySize: 512,
      environment: {
        RESULTS_BUCKET: this.resultsBucket.bucketName,
        MEMBER_ROLE_NAME: props.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME,
        FAILURE_TOLERANCE: tolerance.setting,
        MAX_CONCURRENCY: String(props.maxConcurrentAccounts ?? 100),
        MAX_POLLS: String(props.maxPolls ?? 60),
        HOST_ACCOUNT_ID: stack.account,
        ...(props.defaultRegions ? { DEFAULT_REGIONS: props.defaultRegions.join(',') } : {}),
        ...(props.orgReaderRoleArn ? { ORG_READER_ROLE_ARN: props.orgReaderRoleArn } : {}),
      },
    });
    this.planRole = plan.role;
    if (props.orgReaderRoleArn) {
      plan.role.addToPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [props.orgReaderRoleArn] }));
    } else {
      // Organizations and the Account API authorize list calls on no narrower resource.
      plan.role.addToPolicy(new iam.PolicyStatement({ actions: ORG_READ_ACTIONS, resources: ['*'] }));
    }
    grantResultsAccess(plan.role, this.resultsBucket, `${RESULTS_ROOT}/`, ['write']);

    const credentials = new HandlerFunction(this, 'Credentials', {
      handler: 'credentials',
      description: 'Assumes the member role once per account and encrypts the session for the worker',
      environment: {
        SESSION_DURATION_SECONDS: String((props.sessionDuration ?? Duration.hours(1)).toSeconds()),
        WORKER_PREFIX: WORKER_FUNCTION_PREFIX,
        ...(props.sessionPolicy ? { SESSION_POLICY: stack.toJsonString(props.sessionPolicy) } : {}),
      },
    });
    this.credentialsRole = credentials.role;
    credentials.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeOnlyTaggedMemberRoles',
        actions: ['sts:AssumeRole'],
        resources: [`arn:${stack.partition}:iam::*:role/*`],
        conditions: {
          StringEquals: {
            [`aws:ResourceTag/${ASSUMABLE_TAG_KEY}`]: ASSUMABLE_TAG_VALUE,
            ...(props.organizationId ? { 'aws:ResourceOrgID': props.organizationId } : {}),
          },
        },
      }),
    );
    credentials.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadWorkerRecipientRole',
        actions: ['lambda:GetFunctionConfiguration'],
        resources: [workerFunctionArns(stack)[0]],
      }),
    );
    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
    } else {
      this.encryptionKey = new CredentialsKey(this, 'CredentialsKey', { encryptor: credentials.role }).key;
    }
    this.encryptionKey.grant(credentials.role, 'kms:Encrypt');
    credentials.function.addEnvironment('KMS_KEY_ID', this.encryptionKey.keyArn);

    const tallyWave = new HandlerFunction(this, 'TallyWave', {
      handler: 'tally-wave',
      description: 'Records the outcome of every target of a wave',
      timeout: Duration.minutes(5),
      memorySize: 1024,
      environment: { RESULTS_BUCKET: this.resultsBucket.bucketName },
    });
    const summarise = new HandlerFunction(this, 'Summarise', {
      handler: 'summarise',
      description: 'Writes the execution summary and sends one notification',
      timeout: Duration.minutes(5),
      memorySize: 1024,
      environment: { RESULTS_BUCKET: this.resultsBucket.bucketName, TOPIC_ARN: this.notificationTopic.topicArn },
    });
    for (const reader of [tallyWave, summarise]) {
      grantResultsAccess(reader.role, this.resultsBucket, `${RESULTS_ROOT}/`, ['read', 'write']);
    }
    this.notificationTopic.grantPublish(summarise.role);

    this.handlerFunctions = {
      plan: plan.function,
      credentials: credentials.function,
      tallyWave: tallyWave.function,
      summarise: summarise.function,
    };
    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      ...(props.stateMachineName ? { stateMachineName: props.stateMachineName } : {}),
      comment: 'step-everywhere: run a worker in every account and region of an organization',
      definitionBody: sfn.DefinitionBody.fromChainable(
        stepEverywhereDefinition(new Construct(this, 'States'), {
          planFunction: plan.function,
          credentialsFunction: credentials.function,
          tallyWaveFunction: tallyWave.function,
          summariseFunction: summarise.function,
          resultsBucket: this.resultsBucket,
          regionConcurrency: props.regionConcurrency ?? 0,
        }),
      ),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      // Execution data stays out of the logs: inputs carry (encrypted) credentials and payloads.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'InvokeOnlyStepEverywhereWorkers',
        actions: ['lambda:InvokeFunction'],
        resources: workerFunctionArns(stack),
      }),
    );

    this.acknowledgeNagFindings({ plan, credentials, tallyWave, summarise }, !props.orgReaderRoleArn);
    for (const worker of props.workers ?? []) this.grantWorker(worker);
  }

  /** Every wildcard left after scoping, each with the reason it cannot be narrower. */
  private acknowledgeNagFindings(handlers: Record<string, HandlerFunction>, readsOrganizations: boolean): void {
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const partition = '<AWS::Partition>';
    const results = `Resource::${nagRef(this.resultsBucket, 'Arn')}/${RESULTS_ROOT}/*`;
    for (const handler of Object.values(handlers)) {
      if (handler === handlers.credentials) continue;
      acknowledgeWildcard(
        handler.role,
        results,
        `Limited to the ${RESULTS_ROOT}/ prefix of the results bucket, whose keys are per execution and target.`,
      );
      acknowledgeWildcard(
        this.stateMachine,
        `Resource::${nagRef(handler.function, 'Arn')}:*`,
        'Invoking versions and aliases of this stack\'s own handler function.',
      );
    }
    acknowledgeWildcard(
      this.stateMachine,
      `Resource::${nagRef(handlers.credentials.function, 'Arn')}:*`,
      'Invoking versions and aliases of this stack\'s own handler function.',
    );
    if (readsOrganizations) {
      acknowledgeWildcard(
        handlers.plan.role,
        'Resource::*',
        'Organizations and Account API list/describe calls support no resource narrower than *; the actions are read-only and listed one by one.',
      );
    }
    acknowledgeWildcard(
      handlers.credentials.role,
      `Resource::arn:${partition}:iam::*:role/*`,
      `Member roles live in every account of the organization; the statement only matches roles tagged ${ASSUMABLE_TAG_KEY}=${ASSUMABLE_TAG_VALUE}, and each member role trusts only this role.`,
    );
    const workers = `arn:${partition}:lambda:${region}:${account}:function:${WORKER_FUNCTION_PREFIX}*`;
    acknowledgeWildcard(
      handlers.credentials.role,
      `Resource::${workers}`,
      `Workers are chosen per execution; only functions named ${WORKER_FUNCTION_PREFIX}* in this account and region, and only their configuration is read.`,
    );
    for (const finding of [workers, `${workers}:*`]) {
      acknowledgeWildcard(
        this.stateMachine,
        `Resource::${finding}`,
        `This is the worker guard-rail: only functions named ${WORKER_FUNCTION_PREFIX}* (and their versions) may be invoked as workers.`,
      );
    }
    acknowledgeWildcard(
      this.stateMachine,
      'Resource::*',
      'X-Ray trace segment and telemetry calls support no resource narrower than *.',
    );
    acknowledgeWildcard(
      this.stateMachine,
      `Resource::arn:${partition}:s3:::${nagRef(this.resultsBucket)}/*`,
      'The Distributed Map reads wave manifests and writes its results under keys named per execution and map run at run time.',
    );
    const executions = `arn:${partition}:states:${region}:${account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${stack.getLogicalId(this.stateMachine.node.defaultChild as CfnElement)}"}]}]}`;
    for (const finding of [`${executions}:*`, `${executions}/FanOut:*`]) {
      acknowledgeWildcard(
        this.stateMachine,
        `Resource::${finding}`,
        'The Distributed Map starts, describes and stops child executions of this state machine only; their names are generated at run time.',
      );
    }
  }

  /**
   * Lets a worker function do what a worker does: decrypt the credentials encrypted for
   * its own role (the key policy checks the recipient) and write results under its own
   * prefix. The function must be named `StepEverywhere_*`.
   */
  public grantWorker(worker: lambda.IFunction): void {
    const name = knownFunctionName(worker);
    if (name !== undefined && !name.startsWith(WORKER_FUNCTION_PREFIX)) {
      throw new Error(
        `grantWorker: function "${name}" cannot be a worker; name it "${WORKER_FUNCTION_PREFIX}..." (functionName prop)`,
      );
    }
    if (!worker.role) throw new Error(`grantWorker: function ${worker.node.path} has no role to grant to`);
    this.encryptionKey.grant(worker.role, 'kms:Decrypt');
    grantResultsAccess(worker.role, this.resultsBucket, `${RESULTS_ROOT}/${name ?? worker.functionName}/`, ['write']);
    if (name !== undefined && this.resultsBucket.node.defaultChild) {
      acknowledgeWildcard(
        worker.role,
        `Resource::${nagRef(this.resultsBucket, 'Arn')}/${RESULTS_ROOT}/${name}/*`,
        'A worker writes one result object per account and region, under its own function\'s prefix only.',
      );
    }
  }

  /**
   * Lets a worker read the templates uploaded for it under `templates/` of the results
   * bucket (the CloudFormation deployer presigns them for member accounts).
   */
  public grantReadTemplates(worker: lambda.IFunction): iam.Grant {
    if (!worker.role) throw new Error(`grantReadTemplates: function ${worker.node.path} has no role to grant to`);
    // GetObject alone: HeadObject and the presigned GET need nothing more, and listing would reveal other templates.
    const grant = iam.Grant.addToPrincipal({
      grantee: worker.role,
      actions: ['s3:GetObject'],
      resourceArns: [this.resultsBucket.arnForObjects(`${TEMPLATES_PREFIX}*`), ...this.templateObjectArns],
    });
    if (this.resultsBucket.node.defaultChild) {
      acknowledgeWildcard(
        worker.role,
        `Resource::${nagRef(this.resultsBucket, 'Arn')}/${TEMPLATES_PREFIX}*`,
        'Templates are stored by content hash under one prefix; the worker reads whichever one an execution names.',
      );
    }
    return grant;
  }

  /** Lets a principal start executions (e.g. the pipeline's invoke action, an operator). */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }

  /** Lets a principal read summaries and results. */
  public grantReadResults(grantee: iam.IGrantable): iam.Grant {
    return this.resultsBucket.grantRead(grantee, `${RESULTS_ROOT}/*`);
  }
}

/** The function's physical name when it is known at synth time (a CDK-generated name is not). */
function knownFunctionName(fn: lambda.IFunction): string | undefined {
  const cfn = fn.node.defaultChild;
  if (cfn instanceof lambda.CfnFunction && typeof cfn.functionName === 'string' && !Token.isUnresolved(cfn.functionName)) {
    return cfn.functionName;
  }
  return Token.isUnresolved(fn.functionName) ? undefined : fn.functionName;
}

function workerFunctionArns(stack: Stack): string[] {
  const fn = `arn:${stack.partition}:lambda:${stack.region}:${stack.account}:function:${WORKER_FUNCTION_PREFIX}*`;
  return [fn, `${fn}:*`];
}

function validateProps(props: StepEverywhereProps): void {
  const positive = (name: string, value: number | undefined, min: number) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min)) {
      throw new Error(`StepEverywhere: ${name} must be a whole number >= ${min}, got ${value}`);
    }
  };
  positive('maxConcurrentAccounts', props.maxConcurrentAccounts, 1);
  positive('regionConcurrency', props.regionConcurrency, 0);
  positive('maxPolls', props.maxPolls, 1);
  const seconds = props.sessionDuration?.toSeconds();
  if (seconds !== undefined && (seconds < 900 || seconds > 3600)) {
    throw new Error(
      `StepEverywhere: sessionDuration must be between 15 minutes and 1 hour (role chaining caps it), got ${seconds} s`,
    );
  }
  if (props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
    throw new Error(`StepEverywhere: organizationId "${props.organizationId}" is not an organization id like o-abc123def4`);
  }
  for (const region of props.defaultRegions ?? []) {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) {
      throw new Error(`StepEverywhere: defaultRegions contains "${region}", which is not a region name like eu-west-1`);
    }
  }
}
