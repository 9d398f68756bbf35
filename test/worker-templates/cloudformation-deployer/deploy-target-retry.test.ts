import {
  AlreadyExistsException,
  ChangeSetNotFoundException,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { deploy, invoke, STACK, stateOf, mockedCloudFormation } from './support';
import * as world from './support';

/**
 * A Lambda retry runs an invocation again with the same event: each step must find what its
 * first attempt started instead of starting a second one.
 */
const { cfn, mock, noStack, stackIs } = mockedCloudFormation();

describe('the deployer invoked again with the same event', () => {
  it('finds the change set its first attempt made when an invocation is retried, and makes no second one', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_PENDING', ExecutionStatus: 'UNAVAILABLE' });

    // Act
    const retried = await invoke(cfn, deploy());

    // Assess
    expect(mock.commandCalls(CreateChangeSetCommand)).toHaveLength(1);
    expect(mock.commandCalls(DescribeChangeSetCommand).at(-1)?.args[0].input.ChangeSetName).toBe(mock.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetName);
    expect(retried).toEqual(first);
  });

  it('carries on when an attempt running alongside made the change set between the look and the call', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).rejects(new AlreadyExistsException({ message: 'ChangeSet exists', $metadata: {} }));

    // Act
    const answer = await invoke(cfn, deploy());

    // Assess
    expect(stateOf(answer)).toMatchObject({ step: 1, phase: 'change-set', changeSetName: mock.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetName });
  });

  it('finds the new stack its first attempt put under review and carries on with that change set', async () => {
    // Prepare
    noStack();
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    stackIs('REVIEW_IN_PROGRESS');
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_IN_PROGRESS', ExecutionStatus: 'UNAVAILABLE' });

    // Act
    const retried = await invoke(cfn, deploy());

    // Assess
    expect(mock.commandCalls(CreateChangeSetCommand)).toHaveLength(1);
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(mock.commandCalls(DescribeChangeSetCommand)[0].args[0].input).toMatchObject({ StackName: STACK, ChangeSetName: (stateOf(first) as { changeSetName: string }).changeSetName });
    expect(retried).toEqual(first);
  });

  it('clears a stack under review that holds no change set of this run, then creates', async () => {
    // Prepare
    stackIs('REVIEW_IN_PROGRESS');
    world.noChangeSet(mock);
    mock.on(DeleteStackCommand).resolves({});

    // Act
    const answer = await invoke(cfn, deploy());

    // Assess
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(mock.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
    expect(stateOf(answer)).toMatchObject({ phase: 'operation', operation: 'delete', then: 'recreate' });
  });

  it('does not execute a change set a retried invocation finds already executing', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'EXECUTE_IN_PROGRESS' });

    // Act
    const second = await invoke(cfn, deploy(), stateOf(first));

    // Assess
    expect(second.Status).toBe('IN_PROGRESS');
    expect(mock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('executes with the same token when the executing invocation is retried', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });

    // Act
    const second = await invoke(cfn, deploy(), stateOf(first));
    const retried = await invoke(cfn, deploy(), stateOf(first));

    // Assess
    const [a, b] = mock.commandCalls(ExecuteChangeSetCommand).map((c) => c.args[0].input.ClientRequestToken);
    expect(b).toBe(a);
    expect(retried).toEqual(second);
  });

  it('waits on the delete its first attempt started and reports it as done, not as nothing to do', async () => {
    // Prepare
    const payload = { StackName: STACK, Action: 'delete' };
    stackIs('UPDATE_COMPLETE');
    mock.on(DeleteStackCommand).resolves({});
    const first = await invoke(cfn, payload);
    stackIs('DELETE_IN_PROGRESS');

    // Act
    const retried = await invoke(cfn, payload);
    noStack();
    const last = await invoke(cfn, payload, stateOf(retried));

    // Assess
    expect(stateOf(retried)).toMatchObject({ phase: 'operation', operation: 'delete', token: (stateOf(first) as { token: string }).token });
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(last).toMatchObject({ Status: 'SUCCEEDED', Result: { StackStatus: 'DELETE_COMPLETE' } });
  });

  it.each(['EXECUTE_COMPLETE', 'EXECUTE_FAILED', 'EXECUTE_IN_PROGRESS', 'OBSOLETE'] as const)('steps past a change set of the same name that an earlier run of the execution used (%s)', async (executionStatus) => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    mock
      .on(DescribeChangeSetCommand)
      .resolvesOnce({ Status: 'CREATE_COMPLETE', ExecutionStatus: executionStatus })
      .rejects(new ChangeSetNotFoundException({ message: 'ChangeSet [x] does not exist', $metadata: {} }));

    // Act
    const answer = await invoke(cfn, deploy());

    // Assess
    const [used, free] = mock.commandCalls(DescribeChangeSetCommand).map((c) => c.args[0].input.ChangeSetName);
    const created = mock.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input);
    expect(free).not.toBe(used);
    expect(created).toHaveLength(1);
    expect(created[0].ChangeSetName).toBe(free);
    expect(stateOf(answer)).toMatchObject({ step: 2, phase: 'change-set', changeSetName: free });
  });

  it('takes the same step again at a later poll when CloudFormation throttles', async () => {
    // Prepare
    mock.on(DescribeStacksCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }));

    // Act
    const answer = await invoke(cfn, deploy(), { step: 2 });

    // Assess
    expect(answer).toEqual({ Status: 'IN_PROGRESS', PollAfterSeconds: 30, State: { step: 2 } });
  });

  it('still fails at once on an error that retrying cannot fix', async () => {
    // Prepare
    mock.on(DescribeStacksCommand).rejects(Object.assign(new Error('User is not authorized to perform: cloudformation:DescribeStacks'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));

    // Act
    const answer = invoke(cfn, deploy());

    // Assess
    await expect(answer).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
