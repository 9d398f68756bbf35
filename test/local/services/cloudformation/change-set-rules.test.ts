import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultRules } from '../../../../local/org/faults';
import { startCfnWorld, waitForStack, type CfnWorld } from './cfn-fixture';

function topics(displayNames: Record<string, string>): string {
  return JSON.stringify({ Resources: Object.fromEntries(Object.entries(displayNames).map(([id, name]) => [id, { Type: 'AWS::SNS::Topic', Properties: { DisplayName: name } }])) });
}

async function created(cfn: CloudFormationClient, stackName: string, template: string): Promise<string> {
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: template }));
  await waitForStack(cfn, stackName);
  return StackId ?? '';
}

const faults = new FaultRules();
let world: CfnWorld;

beforeAll(async () => {
  world = await startCfnWorld({ faults });
});

afterEach(() => {
  faults.clear();
});

afterAll(async () => {
  await world.close();
});

describe('CreateChangeSet refusals, as AWS words them', () => {
  it('refuses an UPDATE change set for a stack in ROLLBACK_COMPLETE', async () => {
    // Prepare
    const cfn = world.client();
    faults.add({ stack: 'rolled-back', error: { message: 'refused' } });
    const stackId = await created(cfn, 'rolled-back', topics({ Topic: 'a' }));

    // Act
    const refused = await cfn.send(new CreateChangeSetCommand({ StackName: 'rolled-back', ChangeSetName: 'fix', ChangeSetType: 'UPDATE', TemplateBody: topics({ Topic: 'b' }) })).catch((error: Error) => error);

    // Assess
    expect(refused).toMatchObject({ name: 'ValidationError', message: `Stack:${stackId} is in ROLLBACK_COMPLETE state and can not be updated.` });
  });

  it('refuses a CREATE change set for a stack that exists', async () => {
    // Prepare
    const cfn = world.client();
    await created(cfn, 'existing', topics({ Topic: 'a' }));

    // Act
    const refused = await cfn.send(new CreateChangeSetCommand({ StackName: 'existing', ChangeSetName: 'again', ChangeSetType: 'CREATE', TemplateBody: topics({ Topic: 'b' }) })).catch((error: Error) => error);

    // Assess
    expect(refused).toMatchObject({ name: 'ValidationError', message: 'Stack [existing] already exists and cannot be created again with the changeSet [again].' });
  });

  it('refuses an UPDATE change set for a stack that does not exist, or is only under review', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateChangeSetCommand({ StackName: 'reviewing', ChangeSetName: 'first', ChangeSetType: 'CREATE', TemplateBody: topics({ Topic: 'a' }) }));

    // Act
    const missing = await cfn.send(new CreateChangeSetCommand({ StackName: 'nowhere', ChangeSetName: 'c', TemplateBody: topics({ Topic: 'a' }) })).catch((error: Error) => error);
    const reviewing = await cfn.send(new CreateChangeSetCommand({ StackName: 'reviewing', ChangeSetName: 'second', ChangeSetType: 'UPDATE', TemplateBody: topics({ Topic: 'b' }) })).catch((error: Error) => error);

    // Assess
    expect(missing).toMatchObject({ name: 'ValidationError', message: 'Stack [nowhere] does not exist' });
    expect(reviewing).toMatchObject({ name: 'ValidationError', message: 'Stack [reviewing] does not exist' });
  });

  it('answers a retry with the same ClientToken with the same change set, and refuses the name with another token', async () => {
    // Prepare
    const cfn = world.client();
    await created(cfn, 'retried', topics({ Topic: 'a' }));
    const input = { StackName: 'retried', ChangeSetName: 'next', TemplateBody: topics({ Topic: 'b' }) };
    const first = await cfn.send(new CreateChangeSetCommand({ ...input, ClientToken: 'token-1' }));

    // Act
    const retry = await cfn.send(new CreateChangeSetCommand({ ...input, ClientToken: 'token-1' }));
    const other = await cfn.send(new CreateChangeSetCommand({ ...input, ClientToken: 'token-2' })).catch((error: Error) => error);

    // Assess
    expect(retry.Id).toBe(first.Id);
    expect(other).toMatchObject({ name: 'AlreadyExistsException' });
    expect((other as Error).message).toContain('ChangeSet [next] already exists');
  });

  it('describes a replacing change as Modify with Replacement True', async () => {
    // Prepare
    const cfn = world.client();
    const named = (name: string) => JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: name } } } });
    await created(cfn, 'renamed', named('renamed-old'));

    // Act
    const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 'renamed', ChangeSetName: 'rename', TemplateBody: named('renamed-new') }));
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));

    // Assess
    expect(described.Changes?.[0]?.ResourceChange).toMatchObject({ Action: 'Modify', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic', Replacement: 'True' });
  });
});

describe('ExecuteChangeSet', () => {
  it('runs once: the events carry its ClientRequestToken, a retry with that token is accepted, another execute is refused', async () => {
    // Prepare
    const cfn = world.client();
    await created(cfn, 'executed', topics({ Topic: 'a' }));
    const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 'executed', ChangeSetName: 'go', TemplateBody: topics({ Topic: 'b' }) }));
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id, ClientRequestToken: 'exec-1' }));

    // Act
    const retry = await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id, ClientRequestToken: 'exec-1' })).then(() => 'accepted');
    const other = await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id, ClientRequestToken: 'exec-2' })).catch((error: Error) => error);
    await waitForStack(cfn, 'executed');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'executed' }))).StackEvents ?? [];
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));

    // Assess
    expect(retry).toBe('accepted');
    expect(other).toMatchObject({ name: 'InvalidChangeSetStatusException' });
    expect((other as Error).message).toMatch(/^ChangeSet \[arn:aws:cloudformation:.*\] cannot be executed in its current execution status of \[EXECUTE_(IN_PROGRESS|COMPLETE)\]$/);
    const ours = events.filter((e) => e.ClientRequestToken === 'exec-1').map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`);
    expect(ours.reverse()).toEqual(['executed UPDATE_IN_PROGRESS', 'Topic UPDATE_IN_PROGRESS', 'Topic UPDATE_COMPLETE', 'executed UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'executed UPDATE_COMPLETE']);
    expect(events.filter((e) => e.ResourceStatus === 'UPDATE_IN_PROGRESS' && e.LogicalResourceId === 'executed')).toHaveLength(1);
    expect(described.ExecutionStatus).toBe('EXECUTE_COMPLETE');
    expect(described.Status).toBe('CREATE_COMPLETE');
  });

  it('reports EXECUTE_FAILED for a change set whose stack rolled back', async () => {
    // Prepare
    const cfn = world.client();
    faults.add({ stack: 'exec-fails', operation: 'create', error: { message: 'refused' } });
    const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 'exec-fails', ChangeSetName: 'create', ChangeSetType: 'CREATE', TemplateBody: topics({ Topic: 'a' }) }));

    // Act
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    const done = await waitForStack(cfn, 'exec-fails');
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));

    // Assess
    expect(done.status).toBe('ROLLBACK_COMPLETE');
    expect(described.ExecutionStatus).toBe('EXECUTE_FAILED');
  });
});

describe('DeleteStack', () => {
  it('removes a stack under review and its change set; the name is free for a new CREATE change set', async () => {
    // Prepare
    const cfn = world.client();
    const { Id, StackId } = await cfn.send(new CreateChangeSetCommand({ StackName: 'abandoned', ChangeSetName: 'plan', ChangeSetType: 'CREATE', TemplateBody: topics({ Topic: 'a' }) }));

    // Act
    await cfn.send(new DeleteStackCommand({ StackName: 'abandoned' }));
    const byArn = await waitForStack(cfn, StackId ?? '');
    const changeSet = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id })).catch((error: Error) => error);
    const again = await cfn.send(new CreateChangeSetCommand({ StackName: 'abandoned', ChangeSetName: 'plan', ChangeSetType: 'CREATE', TemplateBody: topics({ Topic: 'a' }) }));

    // Assess
    expect(byArn.status).toBe('DELETE_COMPLETE');
    expect(changeSet).toMatchObject({ name: 'ChangeSetNotFoundException' });
    expect(again.StackId).not.toBe(StackId);
  });

  it('marks its events with its ClientRequestToken; afterwards the name is unknown and the ARN shows DELETE_COMPLETE', async () => {
    // Prepare
    const cfn = world.client();
    const stackId = await created(cfn, 'deleted', topics({ Topic: 'a' }));

    // Act
    await cfn.send(new DeleteStackCommand({ StackName: 'deleted', ClientRequestToken: 'delete-1' }));
    const byArn = await waitForStack(cfn, stackId);
    const byName = await cfn.send(new DescribeStacksCommand({ StackName: 'deleted' })).catch((error: Error) => error);
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }))).StackEvents ?? [];

    // Assess
    expect(byArn.status).toBe('DELETE_COMPLETE');
    expect(byName).toMatchObject({ name: 'ValidationError', message: 'Stack with id deleted does not exist' });
    expect(events.filter((e) => e.ClientRequestToken === 'delete-1').map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`).reverse()).toEqual([
      'deleted DELETE_IN_PROGRESS',
      'Topic DELETE_IN_PROGRESS',
      'Topic DELETE_COMPLETE',
      'deleted DELETE_COMPLETE',
    ]);
  });
});
