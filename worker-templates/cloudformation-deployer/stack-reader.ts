import {
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type CloudFormationClient,
  type Stack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';

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
