import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ORCHESTRATOR_STACK_NAME, OrchestratorOutputs } from '../orchestrator/contract';
import { CliError } from './errors';

/** Environment variables that point the CLI at an orchestrator without its stack. */
export const LocationEnv = {
  STATE_MACHINE_ARN: 'STEP_EVERYWHERE_STATE_MACHINE_ARN',
  RESULTS_BUCKET: 'STEP_EVERYWHERE_RESULTS_BUCKET',
  STACK_NAME: 'STEP_EVERYWHERE_STACK_NAME',
} as const;

export interface LocationOptions {
  readonly stateMachine?: string;
  readonly bucket?: string;
}

export interface StackOutputs {
  readonly stateMachineArn?: string;
  readonly bucket?: string;
  readonly topicArn?: string;
  readonly credentialsRoleArn?: string;
  readonly planRoleArn?: string;
}

/**
 * Finds the state machine, results bucket and topic: flags first, then the environment,
 * then the orchestrator stack's outputs (read once, and only when something is missing).
 */
export class OrchestratorLocator {
  private outputs: Promise<StackOutputs | undefined> | undefined;

  public constructor(
    private readonly cfn: CloudFormationClient,
    private readonly options: LocationOptions,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  public stackName(): string {
    return this.env[LocationEnv.STACK_NAME] || ORCHESTRATOR_STACK_NAME;
  }

  public async stateMachineArn(): Promise<string> {
    const given = this.options.stateMachine ?? this.env[LocationEnv.STATE_MACHINE_ARN];
    if (given) return given;
    const outputs = await this.stackOutputs();
    if (outputs?.stateMachineArn) return outputs.stateMachineArn;
    throw new CliError(
      `no state machine: ${this.missingStack(outputs)} — deploy the orchestrator, or pass --state-machine <arn> or set ${LocationEnv.STATE_MACHINE_ARN}`,
    );
  }

  /** Undefined when neither the options, the environment nor the stack name it. */
  public async bucket(): Promise<string | undefined> {
    const given = this.options.bucket ?? this.env[LocationEnv.RESULTS_BUCKET];
    if (given) return given;
    return (await this.stackOutputs())?.bucket;
  }

  public async requireBucket(): Promise<string> {
    const bucket = await this.bucket();
    if (bucket) return bucket;
    throw new CliError(
      `the results bucket is unknown: ${this.missingStack(await this.stackOutputs())} — pass --bucket <name> or set ${LocationEnv.RESULTS_BUCKET}`,
    );
  }

  public async topicArn(): Promise<string | undefined> {
    return (await this.stackOutputs())?.topicArn;
  }

  /** A role ARN output the bootstrap needs; a clear error when the stack lacks it. */
  public async requireRoleArn(which: 'credentialsRoleArn' | 'planRoleArn'): Promise<string> {
    const outputs = await this.stackOutputs();
    const arn = outputs?.[which];
    if (arn) return arn;
    throw new CliError(`the orchestrator's ${which === 'credentialsRoleArn' ? 'credentials' : 'Plan'} role is unknown: ${this.missingStack(outputs)} — deploy the orchestrator stack first (or set ${LocationEnv.STACK_NAME} to its name)`);
  }

  private missingStack(outputs: StackOutputs | undefined): string {
    return outputs ? `stack ${this.stackName()} has no such output` : `stack ${this.stackName()} was not found`;
  }

  private stackOutputs(): Promise<StackOutputs | undefined> {
    this.outputs ??= readStackOutputs(this.cfn, this.stackName());
    return this.outputs;
  }
}

function isMissingStack(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e?.name === 'ValidationError' && /does not exist/.test(e.message ?? '');
}

/** The orchestrator stack's outputs; undefined when the stack does not exist. */
export async function readStackOutputs(cfn: CloudFormationClient, stackName: string): Promise<StackOutputs | undefined> {
  try {
    const answer = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = answer.Stacks?.[0]?.Outputs ?? [];
    const value = (key: string) => outputs.find((o) => o.OutputKey === key)?.OutputValue;
    return {
      stateMachineArn: value(OrchestratorOutputs.STATE_MACHINE_ARN),
      bucket: value(OrchestratorOutputs.RESULTS_BUCKET),
      topicArn: value(OrchestratorOutputs.TOPIC_ARN),
      credentialsRoleArn: value(OrchestratorOutputs.CREDENTIALS_ROLE_ARN),
      planRoleArn: value(OrchestratorOutputs.PLAN_ROLE_ARN),
    };
  } catch (error) {
    if (isMissingStack(error)) return undefined;
    throw error;
  }
}
