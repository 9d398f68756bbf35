import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import type * as cp from 'aws-cdk-lib/aws-codepipeline';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { ExecutionInput } from '../orchestrator/contract';

/** CodePipeline holds each action configuration value in at most this many characters. */
export const MAX_LITERAL_INPUT_CHARS = 1000;
/** Step Functions execution names: the prefix, '-', and the 36-character action execution id. */
const MAX_EXECUTION_NAME_CHARS = 80;
const ACTION_EXECUTION_ID_CHARS = 36;
/** CodePipeline runs at most this many actions in one stage. */
export const MAX_ACTIONS_PER_STAGE = 50;

/** The pipeline stage that runs the deployment files of one `order` value. */
export function runStageName(order: number): string {
  return `Run-order-${order}`;
}

/**
 * What CodePipeline would refuse only when the pipeline is created, refused at synth time
 * instead: a literal input over 1000 characters, a name too long to prefix an execution name.
 */
export function checkRunnable(file: string, name: string, input: ExecutionInput): void {
  const length = JSON.stringify(input).length;
  if (length > MAX_LITERAL_INPUT_CHARS) {
    throw new Error(
      `${file}:1:1: its execution input is ${length} characters and a pipeline action holds at most ${MAX_LITERAL_INPUT_CHARS}; ` +
        'move parameter values into the template defaults, or run this file with `step-everywhere run` instead of the pipeline',
    );
  }
  const longest = MAX_EXECUTION_NAME_CHARS - ACTION_EXECUTION_ID_CHARS - 1;
  if (name.length > longest) {
    throw new Error(`${file}:1:1: name "${name}" is ${name.length} characters; in the pipeline it prefixes execution names, so keep it to ${longest}`);
  }
}

/**
 * Runs one deployment: the native CodePipeline Step Functions invoke action, which starts an
 * execution with the deployment's input, polls it (DescribeExecution on its own executions), and
 * fails the pipeline when the execution fails.
 */
export class RunDeploymentStep extends pipelines.Step implements pipelines.ICodePipelineActionFactory {
  public constructor(
    id: string,
    private readonly stateMachine: sfn.IStateMachine,
    private readonly input: ExecutionInput,
  ) {
    super(id);
  }

  public produceAction(stage: cp.IStage, options: pipelines.ProduceActionOptions): pipelines.CodePipelineActionFactoryResult {
    stage.addAction(
      new cpactions.StepFunctionInvokeAction({
        actionName: options.actionName,
        runOrder: options.runOrder,
        stateMachine: this.stateMachine,
        stateMachineInput: cpactions.StateMachineInput.literal(this.input),
        executionNamePrefix: this.id,
      }),
    );
    return { runOrdersConsumed: 1 };
  }
}
