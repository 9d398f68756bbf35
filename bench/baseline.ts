import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { resolveIntrinsics } from '../test/support/cfn-resolve';
import { workerInvokeParameters } from '../orchestrator/state-machine/account-processor';
import { BASELINE_CREDENTIALS, BASELINE_ENUMERATE } from './baseline-enumerate';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

/**
 * The original step-everywhere shape, for comparison: list the accounts, then one inline
 * Map over every (account, region) pair that assumes the role for each pair and invokes
 * the worker, with no Retry and no Catch. Built with the CDK like ours.
 */
export function baselineDefinition(): Record<string, unknown> {
  const stack = new Stack(new App(), 'Baseline', { env: { account: ACCOUNT, region: REGION } });
  const fn = (arn: string) => lambda.Function.fromFunctionArn(stack, arn.split(':').pop()!, arn);
  const enumerate = new tasks.LambdaInvoke(stack, 'Enumerate', {
    lambdaFunction: fn(BASELINE_ENUMERATE),
    payloadResponseOnly: true,
    resultPath: '$.Targets',
  });
  const credentials = new tasks.LambdaInvoke(stack, 'GetCredentials', {
    lambdaFunction: fn(BASELINE_CREDENTIALS),
    payloadResponseOnly: true,
    resultPath: '$.Access',
  });
  const invoke = new sfn.CustomState(stack, 'InvokeWorker', {
    stateJson: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: workerInvokeParameters({ credentials: '$.Access.Credentials', polling: { Polling: { Poll: 0 } } }),
      ResultSelector: { 'Record.$': '$.Payload' },
    },
  });
  const map = new sfn.Map(stack, 'Everywhere', {
    itemsPath: '$.Targets',
    itemSelector: {
      Account: sfn.JsonPath.objectAt('$$.Map.Item.Value.Account'),
      Region: sfn.JsonPath.stringAt('$$.Map.Item.Value.Region'),
      Context: sfn.JsonPath.objectAt('$$.Map.Item.Value.Context'),
    },
  });
  map.itemProcessor(credentials.next(invoke));
  new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(enumerate.next(map)) });
  const template = App.of(stack)!.synth().getStackByName('Baseline').template as {
    Resources: Record<string, { Type: string; Properties: { DefinitionString: unknown } }>;
  };
  const machine = Object.values(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')!;
  return JSON.parse(resolveIntrinsics(machine.Properties.DefinitionString, { accountId: ACCOUNT, region: REGION }) as string);
}

export { baselineEnumerate, BASELINE_CREDENTIALS, BASELINE_ENUMERATE, type BaselineInput } from './baseline-enumerate';
