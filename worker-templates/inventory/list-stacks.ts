import { paginateListStacks, StackStatus, type CloudFormationClient } from '@aws-sdk/client-cloudformation';

/** One stack of the inventory. */
export interface StackEntry {
  readonly StackName: string;
  readonly StackStatus: string;
  /** When the stack last changed (its creation, if never updated), ISO 8601. */
  readonly LastChanged?: string;
}

/** Every status but DELETE_COMPLETE: deleted stacks stay listed for 90 days otherwise. */
const LIVE_STATUSES = Object.values(StackStatus).filter((status) => status !== StackStatus.DELETE_COMPLETE);

/**
 * The stacks of the account and region the client acts in, sorted by name. Deleted
 * stacks are also dropped here, in case a CloudFormation endpoint ignores the filter.
 */
export async function listStacks(cloudformation: CloudFormationClient, namePrefix = ''): Promise<StackEntry[]> {
  const stacks: StackEntry[] = [];
  const pages = paginateListStacks({ client: cloudformation }, { StackStatusFilter: LIVE_STATUSES });
  for await (const page of pages) {
    for (const summary of page.StackSummaries ?? []) {
      const { StackName: name, StackStatus: status } = summary;
      if (!name || !status || status === StackStatus.DELETE_COMPLETE || !name.startsWith(namePrefix)) continue;
      const changed = summary.LastUpdatedTime ?? summary.CreationTime;
      stacks.push({ StackName: name, StackStatus: status, ...(changed ? { LastChanged: changed.toISOString() } : {}) });
    }
  }
  // Code-unit order, not the locale's, so the same stacks give the same result anywhere.
  return stacks.sort((a, b) => (a.StackName < b.StackName ? -1 : a.StackName > b.StackName ? 1 : 0));
}
