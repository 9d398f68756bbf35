import type { Stack } from '@aws-sdk/client-cloudformation';
import type { TypedWorkerAnswer } from '../lib';

/** A change CloudFormation listed in a change set. */
export interface PlannedChange {
  readonly Action?: string;
  readonly LogicalResourceId?: string;
  readonly ResourceType?: string;
  readonly Replacement?: string;
}

/** What the deployer reports for a target. */
export interface DeployResult {
  readonly StackName: string;
  readonly Action: 'deploy' | 'delete';
  readonly StackId?: string;
  readonly StackStatus?: string;
  readonly ChangeSetName?: string;
  readonly Changes?: PlannedChange[];
  readonly Outputs?: Record<string, string>;
}

export type DeployAnswer = TypedWorkerAnswer<DeployResult>;

export function outputsOf(stack: Stack | undefined): Record<string, string> | undefined {
  const outputs = stack?.Outputs ?? [];
  if (outputs.length === 0) return undefined;
  return Object.fromEntries(outputs.filter((o) => o.OutputKey).map((o) => [o.OutputKey as string, o.OutputValue ?? '']));
}

/** Seconds between polls: long operations are polled less often, as each poll is a state transition. */
export function pollDelay(startedAt: string | undefined, now: Date): number {
  if (startedAt === undefined) return 5;
  const elapsed = (now.getTime() - Date.parse(startedAt)) / 1000;
  return elapsed < 60 ? 5 : elapsed < 600 ? 15 : 30;
}
