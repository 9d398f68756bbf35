import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStackEventsCommand, DescribeStacksCommand, paginateDescribeStackEvents, type StackEvent } from '@aws-sdk/client-cloudformation';
import { startLocalCloud, DEFAULT_OPERATOR, type LocalCloud, type StaticUser } from '../../../../local/server';
import { cloudFormationService, engineOf } from '../../../../local/services/cloudformation/cloudformation-service';
import type { EngineOptions } from '../../../../local/cloudformation/engine';
import type { LocalServiceFactory } from '../../../../local/services/service';

export const REGION = 'eu-west-1';

export interface CfnWorld {
  readonly local: LocalCloud;
  readonly dir: string;
  client(keys?: { accessKeyId: string; secretAccessKey: string }): CloudFormationClient;
  close(): Promise<void>;
}

/** A cloud serving CloudFormation (with `options`) and the `extraServices` a test needs, e.g. S3. */
export async function startCfnWorld(options: EngineOptions = {}, users: StaticUser[] = [], extraServices: LocalServiceFactory[] = []): Promise<CfnWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'se-cfn-'));
  const local = await startLocalCloud({ port: 0, stateDir: dir, services: [cloudFormationService({ log: () => undefined, ...options }), ...extraServices], users, log: () => undefined });
  return {
    local,
    dir,
    client: (keys = DEFAULT_OPERATOR) => new CloudFormationClient({ endpoint: local.endpoint, region: REGION, credentials: keys, maxAttempts: 1 }),
    close: async () => {
      // Operations still running would write into the folder being removed.
      await engineOf(local.cloud).idle();
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const TERMINAL = /(_COMPLETE|_FAILED)$/;

/**
 * Polls DescribeStacks until the stack leaves its IN_PROGRESS statuses. `seen` is every status
 * the stack's own events record, oldest first: a status held only briefly may fall between two
 * polls, but never out of the events.
 */
export async function waitForStack(client: CloudFormationClient, stackName: string): Promise<{ status: string; reason?: string; seen: string[] }> {
  let last = 'MISSING';
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const stack = (await client.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    last = stack?.StackStatus ?? 'MISSING';
    if (TERMINAL.test(last) && !last.endsWith('CLEANUP_IN_PROGRESS')) return { status: last, reason: stack?.StackStatusReason, seen: await stackStatusesOf(client, stackName) };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`stack ${stackName} did not settle; last seen ${last}`);
}

async function stackStatusesOf(client: CloudFormationClient, stackName: string): Promise<string[]> {
  const statuses: string[] = [];
  for await (const page of paginateDescribeStackEvents({ client }, { StackName: stackName })) {
    for (const event of page.StackEvents ?? []) {
      if (event.ResourceType === 'AWS::CloudFormation::Stack' && event.ResourceStatus) statuses.push(event.ResourceStatus);
    }
  }
  return statuses.reverse();
}

/** Events oldest first, as "LogicalId STATUS". */
export async function eventTrail(client: CloudFormationClient, stackName: string): Promise<string[]> {
  const events: StackEvent[] = (await client.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents ?? [];
  return events.reverse().map((event) => `${event.LogicalResourceId} ${event.ResourceStatus}`);
}
