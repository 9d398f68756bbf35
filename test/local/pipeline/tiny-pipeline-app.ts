import { App, Stack, Stage, type StageProps } from 'aws-cdk-lib';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { CodePipeline, CodePipelineSource, ShellStep, Step, type CodePipelineActionFactoryResult, type ICodePipelineActionFactory, type ProduceActionOptions } from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const PIPELINE_STACK = 'TinyPipeline';
export const REPOSITORY = 'tiny';
export const APP_STACK = 'Dev-Tiny';

/** A post-deployment step running one StepFunctionInvokeAction, as the product's pipeline does per deployment file. */
class InvokeStateMachine extends Step implements ICodePipelineActionFactory {
  public constructor(id: string, private readonly stateMachine: sfn.IStateMachine) {
    super(id);
  }

  public produceAction(stage: codepipeline.IStage, options: ProduceActionOptions): CodePipelineActionFactoryResult {
    stage.addAction(new actions.StepFunctionInvokeAction({ actionName: options.actionName, runOrder: options.runOrder, stateMachine: this.stateMachine, stateMachineInput: actions.StateMachineInput.literal({ from: 'pipeline' }) }));
    return { runOrdersConsumed: 1 };
  }
}

class TinyStage extends Stage {
  public constructor(scope: Construct, id: string, props: StageProps) {
    super(scope, id, props);
    const stack = new Stack(this, 'Tiny');
    new sns.Topic(stack, 'Topic');
    // Over CloudFormation's inline limit (51,200 bytes), like the orchestrator's template: the deploy action must pass it by S3.
    stack.templateOptions.metadata = { Padding: 'x'.repeat(52_000) };
  }
}

/**
 * A small CDK Pipelines app: a CodeCommit source, a synth step that copies the cloud assembly the
 * commit carries (`prebuilt/`) after running `synthCommand`, a stage with one SNS topic stack, and
 * a Step Functions invoke after it. `synthCommand` lets a test change the pipeline's definition.
 */
export function synthesizeTinyPipeline(outdir: string, synthCommand = 'test -f ready'): void {
  const env = { account: ACCOUNT, region: REGION };
  const app = new App({ outdir });
  const stack = new Stack(app, PIPELINE_STACK, { env });
  const repository = new codecommit.Repository(stack, 'Repository', { repositoryName: REPOSITORY });
  const stateMachine = new sfn.StateMachine(stack, 'Check', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Done')) });
  const pipeline = new CodePipeline(stack, 'Pipeline', {
    pipelineName: 'tiny-pipeline',
    synth: new ShellStep('Synth', { input: CodePipelineSource.codeCommit(repository, 'main'), commands: [synthCommand, 'cp -r prebuilt cdk.out'] }),
  });
  pipeline.addStage(new TinyStage(app, 'Dev', { env }), { post: [new InvokeStateMachine('Check', stateMachine)] });
  app.synth();
}
