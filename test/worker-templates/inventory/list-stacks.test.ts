import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { listStacks } from '../../../worker-templates/inventory/list-stacks';

const cfnMock = mockClient(CloudFormationClient);
const cloudformation = new CloudFormationClient({ region: 'eu-west-1' });
const created = new Date('2030-01-01T00:00:00Z');
const updated = new Date('2030-02-01T00:00:00Z');

afterEach(() => {
  cfnMock.reset();
});

describe('listStacks', () => {
  it('follows every page and sorts the stacks by name', async () => {
    // Prepare
    cfnMock
      .on(ListStacksCommand)
      .resolvesOnce({
        StackSummaries: [{ StackName: 'b-stack', StackStatus: 'UPDATE_COMPLETE', CreationTime: created, LastUpdatedTime: updated }],
        NextToken: 'page-2',
      })
      .resolvesOnce({ StackSummaries: [{ StackName: 'a-stack', StackStatus: 'CREATE_COMPLETE', CreationTime: created }] });

    // Act
    const stacks = await listStacks(cloudformation);

    // Assess
    expect(stacks).toEqual([
      { StackName: 'a-stack', StackStatus: 'CREATE_COMPLETE', LastChanged: '2030-01-01T00:00:00.000Z' },
      { StackName: 'b-stack', StackStatus: 'UPDATE_COMPLETE', LastChanged: '2030-02-01T00:00:00.000Z' },
    ]);
    const calls = cfnMock.commandCalls(ListStacksCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1].args[0].input.NextToken).toBe('page-2');
  });

  it('asks for every status but DELETE_COMPLETE', async () => {
    // Prepare
    cfnMock.on(ListStacksCommand).resolves({ StackSummaries: [] });

    // Act
    await listStacks(cloudformation);

    // Assess
    const filter = cfnMock.commandCalls(ListStacksCommand)[0].args[0].input.StackStatusFilter ?? [];
    expect(filter).not.toContain('DELETE_COMPLETE');
    expect(filter).toEqual(expect.arrayContaining(['CREATE_COMPLETE', 'UPDATE_ROLLBACK_FAILED', 'DELETE_FAILED', 'REVIEW_IN_PROGRESS']));
  });

  it('drops deleted stacks even when the filter is ignored', async () => {
    // Prepare
    cfnMock.on(ListStacksCommand).resolves({
      StackSummaries: [
        { StackName: 'gone', StackStatus: 'DELETE_COMPLETE', CreationTime: created },
        { StackName: 'here', StackStatus: 'CREATE_COMPLETE', CreationTime: created },
      ],
    });

    // Act
    const stacks = await listStacks(cloudformation);

    // Assess
    expect(stacks.map((stack) => stack.StackName)).toEqual(['here']);
  });

  it('keeps only the stacks whose names start with the prefix', async () => {
    // Prepare
    cfnMock.on(ListStacksCommand).resolves({
      StackSummaries: [
        { StackName: 'StepEverywhere-baseline', StackStatus: 'CREATE_COMPLETE', CreationTime: created },
        { StackName: 'team-app', StackStatus: 'CREATE_COMPLETE', CreationTime: created },
      ],
    });

    // Act
    const stacks = await listStacks(cloudformation, 'StepEverywhere-');

    // Assess
    expect(stacks.map((stack) => stack.StackName)).toEqual(['StepEverywhere-baseline']);
  });
});
