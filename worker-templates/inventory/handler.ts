import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { defineWorker, type WorkFunction } from '../lib';
import { listStacks, type StackEntry } from './list-stacks';
import { parseInventoryPayload } from './payload';

export interface InventoryResult {
  readonly Stacks: StackEntry[];
  readonly Count: number;
}

/** Read-only: lists the CloudFormation stacks of one member account and region. */
export const inventory: WorkFunction<unknown, InventoryResult> = async (ctx) => {
  const { StackNamePrefix } = parseInventoryPayload(ctx.payload);
  const stacks = await listStacks(new CloudFormationClient(ctx.clientConfig), StackNamePrefix);
  return { Status: 'SUCCEEDED', Result: { Stacks: stacks, Count: stacks.length } };
};

export const handler = defineWorker(inventory);
