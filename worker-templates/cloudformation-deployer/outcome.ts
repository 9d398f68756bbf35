import type { Stack } from '@aws-sdk/client-cloudformation';
import type { TargetLink } from '../../orchestrator/contract';
import { CONSOLE_HOSTS } from '../../orchestrator/summary/links';
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
  /** Plan only: what a run would do that no change set can show (a delete, a recreate). */
  readonly Note?: string;
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

/** The stack as a person finds it: its name, and its console page once it has an id. */
export function stackLink(stackName: string, region: string, stackId: string | undefined): TargetLink {
  const partition = stackId?.split(':')[1] ?? 'aws';
  const host = CONSOLE_HOSTS[partition];
  const url = stackId && host ? `https://${region}.${host}/cloudformation/home?region=${region}#/stacks/events?stackId=${encodeURIComponent(stackId)}` : undefined;
  return { Text: `stack ${stackName}`, ...(url ? { Url: url } : {}) };
}
