import {
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Change,
  type CloudFormationClient,
  type DescribeChangeSetCommandOutput,
  type Stack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { isMissingChangeSet } from './causes';
import type { PlannedChange } from './outcome';

/** The stack, or undefined when CloudFormation has none by that name (or only a deleted one). */
export async function readStack(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    const answer = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return answer.Stacks?.[0];
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === 'ValidationError' && /does not exist/.test(e.message ?? '')) return undefined;
    throw error;
  }
}

/** How a failed resource is named in a cause: `Topic (AWS::SNS::Topic) CREATE_FAILED: reason`. */
function describeEvent(event: StackEvent): string {
  return `${event.LogicalResourceId} (${event.ResourceType}) ${event.ResourceStatus}: ${event.ResourceStatusReason ?? 'no reason given'}`;
}

/** Events CloudFormation keeps per stack can run to thousands: the first pages hold the latest operation. */
const MAX_EVENT_PAGES = 5;

/**
 * The first resource that failed in the operation `token` started (or, when events carry no
 * token, in the operation that began at `since`): the root cause, not the cascade after it.
 */
export async function firstFailure(cfn: CloudFormationClient, stackName: string, token: string, since: Date): Promise<string | undefined> {
  const events: StackEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_EVENT_PAGES; page++) {
    const answer = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, ...(nextToken ? { NextToken: nextToken } : {}) }));
    events.push(...(answer.StackEvents ?? []));
    nextToken = answer.NextToken;
    if (!nextToken || events.some((e) => e.Timestamp !== undefined && e.Timestamp < since)) break;
  }
  const ours = events.some((e) => e.ClientRequestToken === token)
    ? events.filter((e) => e.ClientRequestToken === token)
    : events.filter((e) => e.Timestamp === undefined || e.Timestamp >= since);
  // Newest first: the last failed resource in the list is the first to have failed.
  const failed = ours.filter((e) => e.ResourceStatus?.endsWith('_FAILED') && e.LogicalResourceId !== stackName);
  const first = failed[failed.length - 1];
  return first ? describeEvent(first) : undefined;
}

/** A change set as the deployer reads it: its state, and every change it lists. */
export interface ChangeSetView {
  readonly Status?: string;
  readonly StatusReason?: string;
  readonly ExecutionStatus?: string;
  readonly StackId?: string;
  readonly Changes: PlannedChange[];
}

/** A plan is a report, not an archive: past this many pages the rest is left out. */
const MAX_CHANGE_PAGES = 10;

function plannedChange(change: Change): PlannedChange {
  const r = change.ResourceChange ?? {};
  return {
    ...(r.Action ? { Action: r.Action } : {}),
    ...(r.LogicalResourceId ? { LogicalResourceId: r.LogicalResourceId } : {}),
    ...(r.ResourceType ? { ResourceType: r.ResourceType } : {}),
    ...(r.Replacement ? { Replacement: r.Replacement } : {}),
  };
}

/** The change set `name` of the stack, or undefined when CloudFormation has none by that name. */
export async function readChangeSet(cfn: CloudFormationClient, stackName: string, name: string): Promise<ChangeSetView | undefined> {
  let first: DescribeChangeSetCommandOutput | undefined;
  const changes: PlannedChange[] = [];
  let nextToken: string | undefined;
  try {
    for (let page = 0; page < MAX_CHANGE_PAGES; page++) {
      const answer = await cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: name, ...(nextToken ? { NextToken: nextToken } : {}) }));
      first ??= answer;
      changes.push(...(answer.Changes ?? []).map(plannedChange));
      nextToken = answer.NextToken;
      if (!nextToken) break;
    }
  } catch (error) {
    if (first === undefined && isMissingChangeSet(error)) return undefined;
    throw error;
  }
  return { Status: first?.Status, StatusReason: first?.StatusReason, ExecutionStatus: first?.ExecutionStatus, StackId: first?.StackId, Changes: changes };
}
