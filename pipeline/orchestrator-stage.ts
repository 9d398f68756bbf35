import { Stage, type StageProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ORCHESTRATOR_STACK_NAME, OrchestratorStack } from '../orchestrator';

export interface OrchestratorStageProps extends StageProps {
  /** The state machine's fixed name, so the pipeline can start it. */
  readonly stateMachineName: string;
  /** Template objects the deployer may read (the pipeline's template assets). @default none */
  readonly templateObjectArns?: string[];
}

/** The orchestrator stack as the pipeline deploys it. */
export class OrchestratorStage extends Stage {
  public readonly orchestrator: OrchestratorStack;

  public constructor(scope: Construct, id: string, props: OrchestratorStageProps) {
    super(scope, id, props);
    this.orchestrator = new OrchestratorStack(this, ORCHESTRATOR_STACK_NAME, {
      stackName: ORCHESTRATOR_STACK_NAME,
      orchestrator: { stateMachineName: props.stateMachineName, ...(props.templateObjectArns ? { templateObjectArns: props.templateObjectArns } : {}) },
    });
  }
}
