import {
  AlreadyExistsException,
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import type { StackStatus } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DeployerErrors } from '../../../worker-templates/cloudformation-deployer';
import { ACCOUNT, deploy, invoke, STACK, stateOf } from './support';

const cfn = new CloudFormationClient({ region: 'eu-west-1' });
const mock = mockClient(cfn);
/** After the fixed clock the deployer runs on: events of the operation it started. */
const LATER = new Date('2026-11-25T10:00:01Z');
const STACK_ID = `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/${STACK}/1`;

afterEach(() => mock.reset());

function noStack(): void {
  mock.on(DescribeStacksCommand).rejects(Object.assign(new Error(`Stack with id ${STACK} does not exist`), { name: 'ValidationError' }));
}

function stackIs(status: string, extra: Record<string, unknown> = {}): void {
  mock.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK, StackId: STACK_ID, StackStatus: status as StackStatus, CreationTime: new Date(), ...extra }] });
}

describe('the deployer, one step per invocation', () => {
  it('creates a new stack through a change set: create, execute, then reports CREATE_COMPLETE with outputs', async () => {
    // Prepare
    noStack();
    mock.on(CreateChangeSetCommand).resolves({});

    // Act
    const first = await invoke(cfn, deploy({ Parameters: { Size: '1' } }));
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: [{ ResourceChange: { Action: 'Add', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic' } }] });
    const second = await invoke(cfn, deploy({ Parameters: { Size: '1' } }), stateOf(first));
    stackIs('CREATE_COMPLETE', { Outputs: [{ OutputKey: 'TopicArn', OutputValue: 'arn:topic' }] });
    const third = await invoke(cfn, deploy({ Parameters: { Size: '1' } }), stateOf(second));

    // Assess
    const created = mock.commandCalls(CreateChangeSetCommand)[0].args[0].input;
    expect(created).toMatchObject({ StackName: STACK, ChangeSetType: 'CREATE', Parameters: [{ ParameterKey: 'Size', ParameterValue: '1' }], RoleARN: `arn:aws:iam::${ACCOUNT}:role/StepEverywhereCloudFormationExecution` });
    expect(mock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(1);
    expect(third).toEqual({
      Status: 'SUCCEEDED',
      Result: { StackName: STACK, Action: 'deploy', StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', Outputs: { TopicArn: 'arn:topic' } },
      Link: { Text: `stack ${STACK}`, Url: `https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/events?stackId=${encodeURIComponent(STACK_ID)}` },
    });
  });

  it('reports an empty change set as NO_CHANGE and removes it', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set." });

    // Act
    const second = await invoke(cfn, deploy(), stateOf(first));

    // Assess
    expect(second.Status).toBe('NO_CHANGE');
    expect(mock.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('UPDATE');
    expect(mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(mock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('reports a rollback as FAILED with the first failed resource of its own operation', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
    const second = await invoke(cfn, deploy(), stateOf(first));
    const token = mock.commandCalls(ExecuteChangeSetCommand)[0].args[0].input.ClientRequestToken;
    stackIs('UPDATE_ROLLBACK_COMPLETE');
    mock.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        { StackName: STACK, LogicalResourceId: STACK, ResourceStatus: 'UPDATE_ROLLBACK_COMPLETE', ClientRequestToken: token, Timestamp: new Date(), EventId: '4', StackId: STACK_ID },
        { StackName: STACK, LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue', ResourceStatus: 'UPDATE_FAILED', ResourceStatusReason: 'Resource update cancelled', ClientRequestToken: token, Timestamp: new Date(), EventId: '3', StackId: STACK_ID },
        { StackName: STACK, LogicalResourceId: 'Bucket', ResourceType: 'AWS::S3::Bucket', ResourceStatus: 'UPDATE_FAILED', ResourceStatusReason: 'Bucket name already taken', ClientRequestToken: token, Timestamp: new Date(), EventId: '2', StackId: STACK_ID },
        { StackName: STACK, LogicalResourceId: 'Old', ResourceType: 'AWS::S3::Bucket', ResourceStatus: 'CREATE_FAILED', ResourceStatusReason: 'an earlier operation', ClientRequestToken: 'other', Timestamp: new Date(0), EventId: '1', StackId: STACK_ID },
      ],
    });

    // Act
    const third = await invoke(cfn, deploy(), stateOf(second));

    // Assess
    expect(third).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.ROLLED_BACK, Cause: 'UPDATE_ROLLBACK_COMPLETE: Bucket (AWS::S3::Bucket) UPDATE_FAILED: Bucket name already taken' });
  });

  it('deletes a stack left in ROLLBACK_COMPLETE by a failed create, then creates it again', async () => {
    // Prepare
    stackIs('ROLLBACK_COMPLETE');
    mock.on(DeleteStackCommand).resolves({});

    // Act
    const first = await invoke(cfn, deploy());
    noStack();
    mock.on(CreateChangeSetCommand).resolves({});
    const second = await invoke(cfn, deploy(), stateOf(first));

    // Assess
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(second.Status).toBe('IN_PROGRESS');
    expect(mock.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('CREATE');
  });

  it('continues a rollback that failed, then updates', async () => {
    // Prepare
    stackIs('UPDATE_ROLLBACK_FAILED');
    mock.on(ContinueUpdateRollbackCommand).resolves({});

    // Act
    const first = await invoke(cfn, deploy());
    stackIs('UPDATE_ROLLBACK_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    await invoke(cfn, deploy(), stateOf(first));

    // Assess
    expect(mock.commandCalls(ContinueUpdateRollbackCommand)[0].args[0].input).toMatchObject({ StackName: STACK, RoleARN: expect.stringContaining(':role/StepEverywhereCloudFormationExecution') });
    expect(mock.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('UPDATE');
  });

  it('when its own update ends UPDATE_ROLLBACK_FAILED, continues the rollback and reports the update failure', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
    const second = await invoke(cfn, deploy(), stateOf(first));
    stackIs('UPDATE_ROLLBACK_FAILED');
    mock.on(DescribeStackEventsCommand).resolves({ StackEvents: [{ StackName: STACK, LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic', ResourceStatus: 'UPDATE_FAILED', ResourceStatusReason: 'injected', Timestamp: LATER, EventId: '1', StackId: STACK_ID }] });
    mock.on(ContinueUpdateRollbackCommand).resolves({});

    // Act
    const third = await invoke(cfn, deploy(), stateOf(second));
    stackIs('UPDATE_ROLLBACK_COMPLETE');
    const fourth = await invoke(cfn, deploy(), stateOf(third));

    // Assess
    expect(mock.commandCalls(ContinueUpdateRollbackCommand)).toHaveLength(1);
    expect(fourth).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.ROLLED_BACK, Cause: expect.stringContaining('Topic (AWS::SNS::Topic) UPDATE_FAILED: injected (the failed rollback was continued: now UPDATE_ROLLBACK_COMPLETE)') });
  });

  it('makes the same change set when an invocation is retried, and carries on when it already exists', async () => {
    // Prepare
    noStack();
    mock.on(CreateChangeSetCommand).resolvesOnce({}).rejects(new AlreadyExistsException({ message: 'ChangeSet exists', $metadata: {} }));

    // Act
    const first = await invoke(cfn, deploy());
    const retried = await invoke(cfn, deploy());

    // Assess
    const [a, b] = mock.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input);
    expect(b.ChangeSetName).toBe(a.ChangeSetName);
    expect(b.ClientToken).toBe(a.ClientToken);
    expect(retried).toEqual(first);
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

  it('plans only: reports the changes, executes nothing and leaves nothing behind', async () => {
    // Prepare
    noStack();
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy({ PlanOnly: true }));
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: [{ ResourceChange: { Action: 'Add', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic' } }] });
    stackIs('REVIEW_IN_PROGRESS');

    // Act
    const second = await invoke(cfn, deploy({ PlanOnly: true }), stateOf(first));

    // Assess
    expect(second).toMatchObject({ Status: 'SUCCEEDED', Result: { Changes: [{ Action: 'Add', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic' }] } });
    expect(mock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(1);
  });

  it('reports a template CloudFormation refuses, per target, with its words', async () => {
    // Prepare
    noStack();
    mock.on(CreateChangeSetCommand).rejects(Object.assign(new Error('Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template'), { name: 'ValidationError' }));

    // Act
    const answer = invoke(cfn, deploy());

    // Assess
    await expect(answer).rejects.toMatchObject({ name: DeployerErrors.TEMPLATE_REFUSED, message: expect.stringContaining('Unresolved resource dependencies [Nope]') });
  });

  it('names the execution role when CloudFormation cannot use it', async () => {
    // Prepare
    noStack();
    mock.on(CreateChangeSetCommand).rejects(Object.assign(new Error('Role arn:aws:iam::200000000001:role/Missing is invalid or cannot be assumed'), { name: 'ValidationError' }));

    // Act
    const answer = invoke(cfn, deploy({ ExecutionRoleName: 'Missing' }));

    // Assess
    await expect(answer).rejects.toMatchObject({ name: DeployerErrors.TEMPLATE_REFUSED, message: expect.stringContaining('the execution role Missing must exist in 200000000001') });
  });

  it('sets termination protection once the stack is as asked', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE', { EnableTerminationProtection: false });
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy({ TerminationProtection: true }));
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: 'No updates are to be performed.' });

    // Act
    const second = await invoke(cfn, deploy({ TerminationProtection: true }), stateOf(first));

    // Assess
    expect(mock.commandCalls(UpdateTerminationProtectionCommand)[0].args[0].input).toEqual({ StackName: STACK, EnableTerminationProtection: true });
    expect(second.Status).toBe('SUCCEEDED');
  });
});

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
    expect(answer).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.STACK_NEEDS_ATTENTION, Cause: expect.stringContaining('termination protection: disable it') });
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
    expect(second).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.DELETE_FAILED, Cause: 'DELETE_FAILED: Bucket (AWS::S3::Bucket) DELETE_FAILED: The bucket you tried to delete is not empty' });
  });
});

describe('the deployer when execution finds nothing to do', () => {
  it('reports NO_CHANGE when CloudFormation answers "No updates are to be performed." to ExecuteChangeSet', async () => {
    // Prepare
    mock.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK, StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
    mock.on(ExecuteChangeSetCommand).rejects(Object.assign(new Error('No updates are to be performed.'), { name: 'ValidationError' }));

    // Act
    const second = await invoke(cfn, deploy(), stateOf(first));

    // Assess
    expect(second.Status).toBe('NO_CHANGE');
    expect(mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });
});
