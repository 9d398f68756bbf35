import {
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { deploy, invoke, STACK, STACK_ID, stateOf, mockedCloudFormation } from './support';

const { cfn, mock, noStack, stackIs } = mockedCloudFormation();
const plan = (extra: Record<string, unknown> = {}) => deploy({ PlanOnly: true, ...extra });

/** Nothing a plan may do to a stack: it makes and removes its own change set, and that is all. */
function expectStackUntouched(): void {
  expect(mock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  expect(mock.commandCalls(ContinueUpdateRollbackCommand)).toHaveLength(0);
  expect(mock.commandCalls(UpdateTerminationProtectionCommand)).toHaveLength(0);
}

describe('the deployer planning only', () => {
  it('reports the changes of a new stack, executes nothing and removes the change set and the stack it made', async () => {
    // Prepare
    noStack();
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, plan());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: [{ ResourceChange: { Action: 'Add', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic' } }] });
    stackIs('REVIEW_IN_PROGRESS');

    // Act
    const second = await invoke(cfn, plan(), stateOf(first));

    // Assess
    expect(second).toMatchObject({ Status: 'SUCCEEDED', Result: { Action: 'deploy', Changes: [{ Action: 'Add', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic' }] } });
    expectStackUntouched();
    expect(mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(mock.commandCalls(DeleteStackCommand)[0].args[0].input).toEqual({ StackName: STACK });
  });

  it('reports every page of an update\'s changes with the stack as it is, and leaves the stack', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, plan());
    const change = (id: string, extra: Record<string, string> = {}) => ({ ResourceChange: { Action: 'Modify' as const, LogicalResourceId: id, ResourceType: 'AWS::SNS::Topic', ...extra } });
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: [change('A', { Replacement: 'True' })], NextToken: 'page-2' });
    mock.on(DescribeChangeSetCommand, { NextToken: 'page-2' }).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: [change('B')] });

    // Act
    const second = await invoke(cfn, plan(), stateOf(first));

    // Assess
    expect(second).toMatchObject({
      Status: 'SUCCEEDED',
      Result: { StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', Changes: [{ LogicalResourceId: 'A', Replacement: 'True' }, { LogicalResourceId: 'B' }] },
    });
    expect(mock.commandCalls(DescribeChangeSetCommand).map((c) => c.args[0].input.NextToken)).toContain('page-2');
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expectStackUntouched();
  });

  it('reports an empty plan as NO_CHANGE and removes it', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, plan());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set." });

    // Act
    const second = await invoke(cfn, plan(), stateOf(first));

    // Assess
    expect(second.Status).toBe('NO_CHANGE');
    expect(mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expectStackUntouched();
  });

  it('does not delete a stack left by a failed create: it says a deploy would recreate it', async () => {
    // Prepare
    stackIs('ROLLBACK_COMPLETE');

    // Act
    const answer = await invoke(cfn, plan());

    // Assess
    expect(answer).toMatchObject({ Status: 'SUCCEEDED', Result: { StackStatus: 'ROLLBACK_COMPLETE', Note: expect.stringContaining('a deploy would delete this stack') } });
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(mock.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('does not continue a failed rollback: it says a run would', async () => {
    // Prepare
    stackIs('UPDATE_ROLLBACK_FAILED');

    // Act
    const answer = await invoke(cfn, plan());

    // Assess
    expect(answer).toMatchObject({ Status: 'SUCCEEDED', Result: { Note: expect.stringContaining('continue the failed rollback') } });
    expectStackUntouched();
  });

  it('plans a delete without deleting', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE', { EnableTerminationProtection: true });

    // Act
    const answer = await invoke(cfn, { StackName: STACK, Action: 'delete', PlanOnly: true, TerminationProtection: false });

    // Assess
    expect(answer).toMatchObject({ Status: 'SUCCEEDED', Result: { Action: 'delete', StackStatus: 'UPDATE_COMPLETE', Note: expect.stringContaining('turn termination protection off') } });
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expectStackUntouched();
  });

  it('plans a delete of a stack that is not there as NO_CHANGE', async () => {
    // Prepare
    noStack();

    // Act
    const answer = await invoke(cfn, { StackName: STACK, Action: 'delete', PlanOnly: true });

    // Assess
    expect(answer.Status).toBe('NO_CHANGE');
  });
});
