import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import type * as cp from 'aws-cdk-lib/aws-codepipeline';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { ExecutionInput } from '../orchestrator/contract';

/**
 * Runs one deployment: the native CodePipeline Step Functions invoke action, which starts an
 * execution with the deployment's input and fails the pipeline when the execution fails.
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
