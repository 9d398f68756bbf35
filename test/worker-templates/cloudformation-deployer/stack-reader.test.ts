import { CloudFormationClient, DescribeChangeSetCommand, DescribeStackEventsCommand, DescribeStacksCommand, type StackEvent } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { firstFailure, readChangeSet, readStack } from '../../../worker-templates/cloudformation-deployer/stack-reader';
import { STACK } from './support';

const cfn = new CloudFormationClient({ region: 'eu-west-1' });
const mock = mockClient(cfn);
afterEach(() => mock.reset());

const SINCE = new Date('2026-11-25T10:00:00Z');
const at = (seconds: number) => new Date(SINCE.getTime() + seconds * 1000);
const event = (id: string, status: string, time: Date, extra: Partial<StackEvent> = {}): StackEvent => ({
  StackName: STACK,
  StackId: 'id',
  EventId: id,
  LogicalResourceId: id,
  ResourceType: 'AWS::SNS::Topic',
  ResourceStatus: status as StackEvent['ResourceStatus'],
  ResourceStatusReason: `${id} reason`,
  Timestamp: time,
  ...extra,
});

describe('firstFailure', () => {
  it('falls back to the events since the operation began when they carry no token', async () => {
    // Prepare: newest first, as CloudFormation lists them.
    mock.on(DescribeStackEventsCommand).resolves({
      StackEvents: [event('Second', 'CREATE_FAILED', at(3)), event('First', 'CREATE_FAILED', at(2)), event('Earlier', 'CREATE_FAILED', at(-60))],
    });

    // Act
    const cause = await firstFailure(cfn, STACK, 'se-execute-x', SINCE);

    // Assess
    expect(cause).toBe('First (AWS::SNS::Topic) CREATE_FAILED: First reason');
  });

  it('reads further pages until it reaches events older than the operation', async () => {
    // Prepare
    mock
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [event('Late', 'UPDATE_FAILED', at(5))], NextToken: 'p2' })
      .resolvesOnce({ StackEvents: [event('Root', 'UPDATE_FAILED', at(1)), event('Old', 'UPDATE_COMPLETE', at(-5))], NextToken: 'p3' });

    // Act
    const cause = await firstFailure(cfn, STACK, 'se-execute-x', SINCE);

    // Assess
    expect(cause).toBe('Root (AWS::SNS::Topic) UPDATE_FAILED: Root reason');
    expect(mock.commandCalls(DescribeStackEventsCommand)).toHaveLength(2);
  });

  it('ignores the stack\'s own failed event and says nothing when no resource failed', async () => {
    // Prepare
    mock.on(DescribeStackEventsCommand).resolves({ StackEvents: [event(STACK, 'UPDATE_FAILED', at(1))] });

    // Act
    const cause = await firstFailure(cfn, STACK, 'se-execute-x', SINCE);

    // Assess
    expect(cause).toBeUndefined();
  });
});

describe('readStack and readChangeSet', () => {
  it('read a missing stack as undefined', async () => {
    // Prepare
    mock.on(DescribeStacksCommand).rejects(Object.assign(new Error(`Stack with id ${STACK} does not exist`), { name: 'ValidationError' }));

    // Act
    const stack = await readStack(cfn, STACK);

    // Assess
    expect(stack).toBeUndefined();
  });

  it('let other refusals through', async () => {
    // Prepare
    mock.on(DescribeStacksCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));

    // Act
    const stack = readStack(cfn, STACK);

    // Assess
    await expect(stack).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('read a missing change set, by either name CloudFormation gives the error, as undefined', async () => {
    // Prepare
    mock.on(DescribeChangeSetCommand).rejectsOnce(Object.assign(new Error('gone'), { name: 'ChangeSetNotFound' })).rejectsOnce(Object.assign(new Error('gone'), { name: 'ChangeSetNotFoundException' }));

    // Act
    const found = [await readChangeSet(cfn, STACK, 'cs'), await readChangeSet(cfn, STACK, 'cs')];

    // Assess
    expect(found).toEqual([undefined, undefined]);
  });
});
