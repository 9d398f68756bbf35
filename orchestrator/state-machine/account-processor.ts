import { Construct } from 'constructs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { ErrorNames, IN_PROGRESS, Outcomes } from '../contract';
import { LAMBDA_SERVICE_RETRY, WORKER_TRANSIENT_RETRY, withRetries } from './retry';

export interface AccountProcessorProps {
  readonly credentialsFunction: lambda.IFunction;
  /** 0: as many regions at once as Step Functions allows. */
  readonly regionConcurrency: number;
}

/**
 * What runs once per account (a child execution of the Distributed Map): get the member
 * credentials once, then invoke the worker in each region. Input `{Account, Context}`,
 * output an AccountResult. No failure escapes: each becomes the outcome of its targets.
 */
export function accountProcessor(scope: Construct, props: AccountProcessorProps): sfn.IChainable {
  const getCredentials = withRetries(
    new tasks.LambdaInvoke(scope, 'GetCredentials', {
      lambdaFunction: props.credentialsFunction,
      payload: sfn.TaskInput.fromObject({
        Account: sfn.JsonPath.objectAt('$.Account'),
        Context: sfn.JsonPath.objectAt('$.Context'),
      }),
      resultSelector: { Answer: sfn.JsonPath.objectAt('$.Payload') },
      resultPath: '$.Access',
      retryOnServiceExceptions: false,
    }),
  );

  const accountFailed = (id: string, errorPath: string) =>
    new sfn.Pass(scope, id, {
      parameters: {
        AccountId: sfn.JsonPath.stringAt('$.Account.AccountId'),
        AccountName: sfn.JsonPath.stringAt('$.Account.AccountName'),
        Regions: sfn.JsonPath.listAt('$.Account.Regions'),
        AccountOutcome: Outcomes.ASSUME_ROLE_FAILED,
        Error: sfn.JsonPath.stringAt(`${errorPath}.Error`),
        Cause: sfn.JsonPath.stringAt(`${errorPath}.Cause`),
      },
    });

  getCredentials.addCatch(accountFailed('CredentialsTaskFailed', '$.Access.Failure'), {
    errors: [sfn.Errors.ALL],
    resultPath: '$.Access.Failure',
  });

  const regions = new sfn.Map(scope, 'Regions', {
    itemsPath: '$.Account.Regions',
    maxConcurrency: props.regionConcurrency,
    itemSelector: {
      Region: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
      Account: sfn.JsonPath.objectAt('$.Account'),
      Context: sfn.JsonPath.objectAt('$.Context'),
      Credentials: sfn.JsonPath.objectAt('$.Access.Answer.Credentials'),
      Polling: { Poll: 0 },
    },
    resultPath: '$.Targets',
  });
  regions.itemProcessor(regionTarget(scope));

  const accountDone = new sfn.Pass(scope, 'AccountDone', {
    parameters: {
      AccountId: sfn.JsonPath.stringAt('$.Account.AccountId'),
      AccountName: sfn.JsonPath.stringAt('$.Account.AccountName'),
      Regions: sfn.JsonPath.listAt('$.Account.Regions'),
      Targets: sfn.JsonPath.listAt('$.Targets'),
    },
  });

  return getCredentials.next(
    new sfn.Choice(scope, 'CredentialsIssued?')
      .when(sfn.Condition.stringEquals('$.Access.Answer.Status', 'OK'), regions.next(accountDone))
      .otherwise(accountFailed('AssumeRoleFailed', '$.Access.Answer')),
  );
}

/**
 * The `lambda:invoke` Parameters that build a WorkerEvent from a region iteration's state
 * `{Account, Region, Context, ...}`: the one place the worker contract meets the ASL.
 */
export function workerInvokeParameters(paths: {
  /** JSONPath of the EncryptedCredentials. */
  readonly credentials: string;
  /** The `Polling` field: a path (`{'Polling.$': ...}`) or a literal (`{Polling: {...}}`). */
  readonly polling: Record<string, unknown>;
  /** Pass `$.Account.OrganizationalUnitIds` (the planner always writes it). @default false */
  readonly organizationalUnitIds?: boolean;
}): Record<string, unknown> {
  return {
    'FunctionName.$': '$.Context.FunctionTarget',
    Payload: {
      'AccountId.$': '$.Account.AccountId',
      'AccountName.$': '$.Account.AccountName',
      ...(paths.organizationalUnitIds === true ? { 'OrganizationalUnitIds.$': '$.Account.OrganizationalUnitIds' } : {}),
      'Region.$': '$.Region',
      'Credentials.$': paths.credentials,
      'Payload.$': '$.Context.Payload',
      ResultLocation: {
        'Bucket.$': '$.Context.Bucket',
        'Key.$': "States.Format('{}/{}/{}.json', $.Context.Prefix, $.Account.AccountId, $.Region)",
      },
      'ExecutionId.$': '$.Context.ExecutionId',
      ...paths.polling,
    },
  };
}

/**
 * One (account, region): invoke the worker; poll while it answers IN_PROGRESS, up to the
 * bound. On the success path this is three states per target, because at a thousand
 * accounts state transitions are the quota that binds.
 */
function regionTarget(scope: Construct): sfn.IChainable {
  const target = (field: string) => sfn.JsonPath.stringAt(field);
  // A CustomState because the worker is chosen per execution: LambdaInvoke would need a
  // fixed function and would grant invoke on the JSONPath text. The grant is made on
  // `StepEverywhere_*` by the construct instead.
  const invokeWorker = new sfn.CustomState(scope, 'InvokeWorker', {
    stateJson: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: workerInvokeParameters({ credentials: '$.Credentials', polling: { 'Polling.$': '$.Polling' }, organizationalUnitIds: true }),
      ResultSelector: { 'Record.$': '$.Payload' },
      ResultPath: '$.Last',
    },
  });
  invokeWorker.addRetry(LAMBDA_SERVICE_RETRY);
  invokeWorker.addRetry(WORKER_TRANSIENT_RETRY);

  const workerFailed = new sfn.Pass(scope, 'WorkerFailed', {
    parameters: {
      AccountId: target('$.Account.AccountId'),
      Region: target('$.Region'),
      Outcome: Outcomes.FAILED,
      Error: target('$.Failure.Error'),
      Cause: target('$.Failure.Cause'),
      Poll: sfn.JsonPath.numberAt('$.Polling.Poll'),
    },
  });
  invokeWorker.addCatch(workerFailed, { errors: [sfn.Errors.ALL], resultPath: '$.Failure' });

  const pollAgain = new sfn.Wait(scope, 'WaitToPoll', {
    time: sfn.WaitTime.secondsPath('$.Last.Record.PollAfterSeconds'),
  }).next(
    new sfn.Pass(scope, 'NextPoll', { inputPath: '$.Last.Record', resultPath: '$.Polling' }).next(invokeWorker),
  );

  const pollLimitReached = new sfn.Pass(scope, 'PollLimitReached', {
    parameters: {
      AccountId: target('$.Account.AccountId'),
      Region: target('$.Region'),
      Outcome: Outcomes.TIMED_OUT,
      Error: ErrorNames.POLL_LIMIT_REACHED,
      Cause: sfn.JsonPath.format(
        'the worker still answered IN_PROGRESS after {} polls; raise maxPolls or make the worker finish sooner',
        sfn.JsonPath.stringAt('$.Last.Record.Poll'),
      ),
      Poll: sfn.JsonPath.numberAt('$.Last.Record.Poll'),
    },
  });

  const inProgress = sfn.Condition.stringEquals('$.Last.Record.Outcome', IN_PROGRESS);
  return invokeWorker.next(
    new sfn.Choice(scope, 'WorkerDone?')
      .when(
        sfn.Condition.and(
          inProgress,
          sfn.Condition.numberLessThanEqualsJsonPath('$.Last.Record.Poll', '$.Context.MaxPolls'),
        ),
        pollAgain,
      )
      .when(inProgress, pollLimitReached)
      .otherwise(new sfn.Succeed(scope, 'TargetDone', { outputPath: '$.Last.Record' })),
  );
}
