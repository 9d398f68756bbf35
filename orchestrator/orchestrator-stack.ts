import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BundledWorkers } from '../worker-templates/bundled-workers';
import { OrchestratorOutputs } from './contract';
import { StepEverywhere } from './step-everywhere';

import type { StepEverywhereProps } from './step-everywhere-props';

export interface OrchestratorStackProps extends StackProps {
  /** @default - the StepEverywhere defaults */
  readonly orchestrator?: StepEverywhereProps;
  /**
   * Deploy the bundled workers (`StepEverywhere_inventory`, ...) beside the orchestrator.
   * @default true
   */
  readonly bundledWorkers?: boolean;
}

/** The stack that hosts the step-everywhere state machine in the hub account. */
export class OrchestratorStack extends Stack {
  public readonly stepEverywhere: StepEverywhere;

  public constructor(scope: Construct, id: string, props: OrchestratorStackProps = {}) {
    super(scope, id, props);
    this.stepEverywhere = new StepEverywhere(this, 'StepEverywhere', props.orchestrator);
    if (props.bundledWorkers ?? true) {
      new BundledWorkers(this, 'Workers', { stepEverywhere: this.stepEverywhere });
    }
    // The CLI finds the orchestrator through these outputs.
    new CfnOutput(this, OrchestratorOutputs.STATE_MACHINE_ARN, { value: this.stepEverywhere.stateMachine.stateMachineArn });
    new CfnOutput(this, OrchestratorOutputs.RESULTS_BUCKET, { value: this.stepEverywhere.resultsBucket.bucketName });
    new CfnOutput(this, OrchestratorOutputs.TOPIC_ARN, { value: this.stepEverywhere.notificationTopic.topicArn });
    new CfnOutput(this, OrchestratorOutputs.CREDENTIALS_ROLE_ARN, { value: this.stepEverywhere.credentialsRole.roleArn });
    new CfnOutput(this, OrchestratorOutputs.PLAN_ROLE_ARN, { value: this.stepEverywhere.planRole.roleArn });
  }
}
