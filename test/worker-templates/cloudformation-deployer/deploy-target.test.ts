import {
  InsufficientCapabilitiesException,
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
import { describe, expect, it } from 'vitest';
import { DeployerErrors } from '../../../worker-templates/cloudformation-deployer';
import { ACCOUNT, deploy, invoke, LATER, STACK, STACK_ID, stateOf, mockedCloudFormation } from './support';
import * as world from './support';

const { cfn, mock, noStack, stackIs } = mockedCloudFormation();

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
      Result: { StackName: STACK, Action: 'deploy', StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', ChangeSetName: created.ChangeSetName, Outputs: { TopicArn: 'arn:topic' } },
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
    expect(third).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.ROLLED_BACK, Cause: 'UPDATE_ROLLBACK_COMPLETE: Bucket (AWS::S3::Bucket) UPDATE_FAILED: Bucket name already taken — the stack is back as it was: fix the template, the parameters or what the execution role may create, then run again' });
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
    expect(fourth).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.ROLLED_BACK, Cause: expect.stringContaining('UPDATE_FAILED: Topic (AWS::SNS::Topic) UPDATE_FAILED: injected (the failed rollback was continued: now UPDATE_ROLLBACK_COMPLETE) — the stack is back as it was') });
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

  it('says which capability to add when CloudFormation asks for one', async () => {
    // Prepare
    noStack();
    mock.on(CreateChangeSetCommand).rejects(new InsufficientCapabilitiesException({ message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]', $metadata: {} }));

    // Act
    const answer = invoke(cfn, deploy());

    // Assess
    await expect(answer).rejects.toMatchObject({ name: DeployerErrors.TEMPLATE_REFUSED, message: expect.stringContaining('[CAPABILITY_NAMED_IAM] — add the capability it names to Capabilities') });
  });

  it('reports a change set CloudFormation could not make, and removes it with the empty stack it made', async () => {
    // Prepare
    noStack();
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: 'Parameter validation failed: parameter value bad for parameter name Size' });
    stackIs('REVIEW_IN_PROGRESS');

    // Act
    const second = await invoke(cfn, deploy(), stateOf(first));

    // Assess
    expect(second).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.CHANGE_SET_FAILED, Cause: expect.stringContaining('FAILED: Parameter validation failed: parameter value bad for parameter name Size — fix the template or the parameters') });
    expect(mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(mock.commandCalls(DeleteStackCommand)[0].args[0].input).toEqual({ StackName: STACK });
  });

  it('reports a change set that vanished before it was executed', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    world.noChangeSet(mock);

    // Act
    const second = await invoke(cfn, deploy(), stateOf(first));

    // Assess
    expect(second).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.CHANGE_SET_FAILED, Cause: expect.stringContaining('was deleted before the deployer could use it') });
    expect(mock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('waits while the change set is being made', async () => {
    // Prepare
    stackIs('UPDATE_COMPLETE');
    mock.on(CreateChangeSetCommand).resolves({});
    const first = await invoke(cfn, deploy());
    mock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_IN_PROGRESS', ExecutionStatus: 'UNAVAILABLE' });

    // Act
    const second = await invoke(cfn, deploy(), stateOf(first));

    // Assess
    expect(second).toEqual({ Status: 'IN_PROGRESS', PollAfterSeconds: 5, State: stateOf(first) });
  });

  it('waits, changing nothing, while another operation runs on the stack', async () => {
    // Prepare
    stackIs('UPDATE_IN_PROGRESS');

    // Act
    const answer = await invoke(cfn, deploy());

    // Assess
    expect(answer).toEqual({ Status: 'IN_PROGRESS', PollAfterSeconds: 5, State: { step: 0 } });
    expect(mock.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('leaves a stack only a person can fix to that person, saying what to do', async () => {
    // Prepare
    stackIs('ROLLBACK_FAILED');

    // Act
    const answer = await invoke(cfn, deploy());

    // Assess
    expect(answer).toMatchObject({ Status: 'FAILED', Error: DeployerErrors.STACK_NEEDS_ATTENTION, Cause: expect.stringContaining('ROLLBACK_FAILED: the failed create could not be rolled back'), Result: { StackStatus: 'ROLLBACK_FAILED', StackId: STACK_ID } });
    expect(mock.commandCalls(DeleteStackCommand)).toHaveLength(0);
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
