import { Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StepEverywhere } from './step-everywhere';
import type { StepEverywhereProps } from './step-everywhere-props';

export interface OrchestratorStackProps extends StackProps {
  /** @default - the StepEverywhere defaults */
  readonly orchestrator?: StepEverywhereProps;
}

/** The stack that hosts the step-everywhere state machine in the hub account. */
export class OrchestratorStack extends Stack {
  public readonly stepEverywhere: StepEverywhere;

  public constructor(scope: Construct, id: string, props: OrchestratorStackProps = {}) {
    super(scope, id, props);
    this.stepEverywhere = new StepEverywhere(this, 'StepEverywhere', props.orchestrator);
  }
}
