import { Construct } from 'constructs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { ErrorNames, RESULTS_ROOT } from '../contract';
import { accountProcessor } from './account-processor';
import { withRetries } from './retry';

export interface DefinitionProps {
  readonly planFunction: lambda.IFunction;
  readonly credentialsFunction: lambda.IFunction;
  readonly tallyWaveFunction: lambda.IFunction;
  readonly summariseFunction: lambda.IFunction;
  readonly resultsBucket: s3.IBucket;
  readonly regionConcurrency: number;
}

/** Where the Distributed Map's ResultWriter puts its files; it adds the map run id itself. */
export const MAP_RESULTS_PREFIX = `${RESULTS_ROOT}/_map-results`;

/**
 * Plan → per wave: FanOut over accounts → TallyWave (stop early when the tolerance
 * broke) → Summarise (summary.json, one notification) → fail or succeed by tolerance.
 * State between steps is small by design (`{Plan, Progress, MapRun, Summary}`):
 * account lists and results live in S3, so 1,000 accounts stay far below 256 KiB.
 */
export function stepEverywhereDefinition(scope: Construct, props: DefinitionProps): sfn.IChainable {
  const plan = withRetries(
    new tasks.LambdaInvoke(scope, 'Plan', {
      lambdaFunction: props.planFunction,
      payload: sfn.TaskInput.fromObject({
        Input: sfn.JsonPath.entirePayload,
        Execution: {
          Id: sfn.JsonPath.executionId,
          Name: sfn.JsonPath.executionName,
        },
      }),
      resultSelector: {
        Plan: sfn.JsonPath.objectAt('$.Payload.Plan'),
        Progress: sfn.JsonPath.objectAt('$.Payload.Progress'),
      },
      resultPath: '$',
      retryOnServiceExceptions: false,
    }),
  );

  const fanOut = new sfn.DistributedMap(scope, 'FanOut', {
    label: 'FanOut',
    // Standard children: a worker polled for a long CloudFormation update outlives Express's 5 minutes.
    mapExecutionType: sfn.StateMachineType.STANDARD,
    itemReader: new sfn.S3JsonItemReader({
      bucket: props.resultsBucket,
      key: sfn.JsonPath.stringAt('$.Progress.ManifestKey'),
    }),
    itemSelector: {
      Account: sfn.JsonPath.objectAt('$$.Map.Item.Value'),
      Context: sfn.JsonPath.objectAt('$.Plan.Context'),
    },
    maxConcurrencyPath: sfn.JsonPath.stringAt('$.Plan.MaxConcurrency'),
    // Failures are outcomes recorded inside each account, and the tolerance is decided
    // per target by TallyWave; a child that still fails must not stop its siblings.
    toleratedFailurePercentage: 100,
    resultWriterV2: new sfn.ResultWriterV2({ bucket: props.resultsBucket, prefix: MAP_RESULTS_PREFIX }),
    resultPath: '$.MapRun',
  });
  fanOut.itemProcessor(
    accountProcessor(scope, {
      credentialsFunction: props.credentialsFunction,
      regionConcurrency: props.regionConcurrency,
    }),
  );

  const tallyWave = withRetries(
    new tasks.LambdaInvoke(scope, 'TallyWave', {
      lambdaFunction: props.tallyWaveFunction,
      payload: sfn.TaskInput.fromObject({
        Plan: sfn.JsonPath.objectAt('$.Plan'),
        Progress: sfn.JsonPath.objectAt('$.Progress'),
        MapRun: sfn.JsonPath.objectAt('$.MapRun'),
      }),
      resultSelector: { 'Progress.$': '$.Payload' },
      resultPath: '$.Tally',
      retryOnServiceExceptions: false,
    }),
  );
  // A Map that failed as a whole still gets tallied: its targets are recorded as failed,
  // with the Map's error as the cause. Written to $.MapRun so no stale run is read.
  fanOut.addCatch(tallyWave, { errors: [sfn.Errors.ALL], resultPath: '$.MapRun' });

  const advance = new sfn.Pass(scope, 'NextWave', {
    parameters: {
      Plan: sfn.JsonPath.objectAt('$.Plan'),
      Progress: sfn.JsonPath.objectAt('$.Tally.Progress'),
    },
  });

  const summarise = withRetries(
    new tasks.LambdaInvoke(scope, 'Summarise', {
      lambdaFunction: props.summariseFunction,
      payload: sfn.TaskInput.fromObject({
        Plan: sfn.JsonPath.objectAt('$.Plan'),
        Progress: sfn.JsonPath.objectAt('$.Progress'),
        StartedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
      }),
      resultSelector: {
        ToleranceExceeded: sfn.JsonPath.stringAt('$.Payload.ToleranceExceeded'),
        Message: sfn.JsonPath.stringAt('$.Payload.Message'),
        SummaryKey: sfn.JsonPath.stringAt('$.Payload.SummaryKey'),
        Counts: sfn.JsonPath.objectAt('$.Payload.Counts'),
      },
      resultPath: '$.Summary',
      retryOnServiceExceptions: false,
    }),
  );

  const decide = new sfn.Choice(scope, 'WithinTolerance?')
    .when(
      sfn.Condition.booleanEquals('$.Summary.ToleranceExceeded', true),
      new sfn.Fail(scope, 'ToleranceExceeded', {
        error: ErrorNames.TOLERANCE_EXCEEDED,
        causePath: '$.Summary.Message',
      }),
    )
    .otherwise(new sfn.Succeed(scope, 'Done', { outputPath: '$.Summary' }));

  const moreWaves = new sfn.Choice(scope, 'MoreWaves?');
  moreWaves
    .when(sfn.Condition.booleanEquals('$.Progress.Stop', false), fanOut.next(tallyWave).next(advance).next(moreWaves))
    .otherwise(summarise.next(decide));

  return plan.next(moreWaves);
}
