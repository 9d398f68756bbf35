import { DeleteStackCommand, DescribeStackEventsCommand, UpdateTerminationProtectionCommand } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { DeployerErrors } from '../../../worker-templates/cloudformation-deployer';
import { ACCOUNT, invoke, LATER, STACK, STACK_ID, stateOf, mockedCloudFormation } from './support';

const { cfn, mock, noStack, stackIs } = mockedCloudFormation();

describe('the deployer deleting', () => {
  it('has nothing to do when the stack does not exist', async () => {
    // Prepare
    noStack();

    // Act
    const answer = await invoke(cfn, { StackName: STACK, Action: 'delete' });

    // Assess
    expect(answer).toMatchObject({ Status: 'NO_CHANGE' });
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('deletes the stack and reports DELETE_COMPLETE', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(DeleteStackCommand).resolves({});
    const first = await invoke(cfn, { StackName: STACK, Action: 'delete' });
    noStack();

    // Act
    const second = await invoke(cfn, { StackName: STACK, Action: 'delete' }, stateOf(first));

    // Assess
    expect(second).toMatchObject({ Status: 'SUCCEEDED', Result: { StackStatus: 'DELETE_COMPLETE' } });
  });

  it('refuses to delete a stack with termination protection, saying how to proceed', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE', { EnableTerminationProtection: true });

    // Act
    const answer = await invoke(cfn, { StackName: STACK, Action: 'delete' });

    // Assess
    expect(answer).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.STACK_NEEDS_ATTENTION, Cause: expect.stringContaining('termination protection: set TerminationProtection: false in the payload') });
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('reports DELETE_FAILED with the resource that would not go', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(DeleteStackCommand).resolves({});
    const first = await invoke(cfn, { StackName: STACK, Action: 'delete' });
    stackIs('DELETE_FAILED');
    mock.on(DescribeStackEventsCommand).resolves({ StackEvents: [{ StackName: STACK, LogicalResourceId: 'Bucket', ResourceType: 'AWS::S3::Bucket', ResourceStatus: 'DELETE_FAILED', ResourceStatusReason: 'The bucket you tried to delete is not empty', Timestamp: LATER, EventId: '1', StackId: STACK_ID }] });

    // Act
    const second = await invoke(cfn, { StackName: STACK, Action: 'delete' }, stateOf(first));

    // Assess
    expect(second).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.DELETE_FAILED, Cause: 'DELETE_FAILED: Bucket (AWS::S3::Bucket) DELETE_FAILED: The bucket you tried to delete is not empty — empty or fix that resource (or delete the stack yourself with RetainResources for what must stay), then run again' });
  });
  it('lifts termination protection when the payload sets TerminationProtection: false, then deletes', async () => {
    // Prepare
    const payload = { StackName: STACK, Action: 'delete', TerminationProtection: false };
    stackIs('UPDATE_COMPLETE', { EnableTerminationProtection: true });
    mock.on(UpdateTerminationProtectionCommand).resolves({});
    mock.on(DeleteStackCommand).resolves({});

    // Act
    const first = await invoke(cfn, payload);
    stackIs('UPDATE_COMPLETE', { EnableTerminationProtection: false });
    const second = await invoke(cfn, payload, stateOf(first));

    // Assess
    expect(mock.commandCalls(UpdateTerminationProtectionCommand)[0].args[0].input).toEqual({ StackName: STACK, EnableTerminationProtection: false });
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(second.Status).toBe('IN_PROGRESS');
  });

  it('deletes with the execution role and a token of its own', async () => {
    // Prepare
    stackIs('CREATE_COMPLETE');
    mock.on(DeleteStackCommand).resolves({});

    // Act
    await invoke(cfn, { StackName: STACK, Action: 'delete', ExecutionRoleName: 'Deployer' });

    // Assess
    expect(mock.commandCalls(DeleteStackCommand)[0].args[0].input).toEqual({ StackName: STACK, RoleARN: `arn:aws:iam::${ACCOUNT}:role/Deployer`, ClientRequestToken: expect.stringMatching(/^se-delete-[0-9a-f]{32}$/) });
  });
});
