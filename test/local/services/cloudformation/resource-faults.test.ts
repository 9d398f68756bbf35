import {
  ContinueUpdateRollbackCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  type CloudFormationClient,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultRules } from '../../../../local/org/faults';
import { topicsOf } from '../../../../local/services/sns/topics';
import { REGION, startCfnWorld, waitForStack, type CfnWorld } from './cfn-fixture';

function topics(displayNames: Record<string, string>): string {
  return JSON.stringify({ Resources: Object.fromEntries(Object.entries(displayNames).map(([id, name]) => [id, { Type: 'AWS::SNS::Topic', Properties: { DisplayName: name } }])) });
}

async function eventsOf(cfn: CloudFormationClient, stackName: string): Promise<StackEvent[]> {
  return ((await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents ?? []).reverse();
}

async function statusOf(cfn: CloudFormationClient, stackName: string): Promise<string | undefined> {
  return (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.StackStatus;
}

/** Polls until the stack's events show `status` for `logicalId`. */
async function untilEvent(cfn: CloudFormationClient, stackName: string, logicalId: string, status: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await eventsOf(cfn, stackName)).some((e) => e.LogicalResourceId === logicalId && e.ResourceStatus === status)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${logicalId} never reached ${status}`);
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

describe('resource fault rules', () => {
  it('a failing create fails that resource with the rule message and rolls the stack back to ROLLBACK_COMPLETE', async () => {
    // Prepare
    const cfn = world.client();
    faults.add({ service: 'cloudformation', stack: 'fail-create-*', resource: 'Second', operation: 'create', error: { message: 'Topic limit exceeded for the demo' } });

    // Act
    await cfn.send(new CreateStackCommand({ StackName: 'fail-create-1', TemplateBody: topics({ First: 'one', Second: 'two' }) }));
    const done = await waitForStack(cfn, 'fail-create-1');
    const failed = (await eventsOf(cfn, 'fail-create-1')).find((e) => e.ResourceStatus === 'CREATE_FAILED');

    // Assess
    expect(done.status).toBe('ROLLBACK_COMPLETE');
    expect(done.reason).toBeUndefined();
    expect(failed).toMatchObject({ LogicalResourceId: 'Second', ResourceType: 'AWS::SNS::Topic', ResourceStatusReason: 'Topic limit exceeded for the demo' });
  });

  it('a rule for another stack, region or resource type leaves the stack alone', async () => {
    // Prepare
    const cfn = world.client();
    faults.add({ stack: 'other-*', error: { message: 'not this stack' } });
    faults.add({ stack: '*', region: 'us-west-2', error: { message: 'not this region' } });
    faults.add({ resourceType: 'AWS::S3::Bucket', error: { message: 'not this type' } });
    faults.add({ stack: '*', account: '222222222222', error: { message: 'not this account' } });

    // Act
    await cfn.send(new CreateStackCommand({ StackName: 'untouched', TemplateBody: topics({ Topic: 'kept' }) }));
    const done = await waitForStack(cfn, 'untouched');

    // Assess
    expect(done.status).toBe('CREATE_COMPLETE');
  });

  it('a failing update (times: 1) rolls back to UPDATE_ROLLBACK_COMPLETE and the topic keeps its old name', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'fail-update', TemplateBody: topics({ Topic: 'before' }) }));
    await waitForStack(cfn, 'fail-update');
    faults.add({ stack: 'fail-update', resourceType: 'AWS::SNS::Topic', operation: 'update', times: 1, error: { message: 'Rate exceeded while updating' } });

    // Act
    await cfn.send(new UpdateStackCommand({ StackName: 'fail-update', TemplateBody: topics({ Topic: 'after' }) }));
    const done = await waitForStack(cfn, 'fail-update');
    const failed = (await eventsOf(cfn, 'fail-update')).find((e) => e.ResourceStatus === 'UPDATE_FAILED');
    const arn = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'fail-update' }))).StackResources?.[0]?.PhysicalResourceId ?? '';
    const topic = await topicsOf(world.local.store).get(arn);

    // Assess
    expect(done.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(done.seen).toContain('UPDATE_ROLLBACK_IN_PROGRESS');
    expect(failed).toMatchObject({ LogicalResourceId: 'Topic', ResourceStatusReason: 'Rate exceeded while updating' });
    expect(arn).toMatch(new RegExp(`^arn:aws:sns:${REGION}:111111111111:`));
    expect(topic?.attributes.DisplayName).toBe('before');
  });

  it('a revert that fails leaves UPDATE_ROLLBACK_FAILED; with the rule removed, ContinueUpdateRollback completes and its events carry its token', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'stuck-revert', TemplateBody: topics({ Topic: 'before' }) }));
    await waitForStack(cfn, 'stuck-revert');
    const rule = faults.add({ stack: 'stuck-revert', resource: 'Topic', operation: 'update', error: { message: 'Topic is locked by policy' } });
    await cfn.send(new UpdateStackCommand({ StackName: 'stuck-revert', TemplateBody: topics({ Topic: 'after' }) }));
    const failed = await waitForStack(cfn, 'stuck-revert');

    // Act
    faults.remove(rule);
    await cfn.send(new ContinueUpdateRollbackCommand({ StackName: 'stuck-revert', ClientRequestToken: 'continue-1' }));
    const done = await waitForStack(cfn, 'stuck-revert');
    const continued = (await eventsOf(cfn, 'stuck-revert')).filter((e) => e.ClientRequestToken === 'continue-1');

    // Assess
    expect(failed.status).toBe('UPDATE_ROLLBACK_FAILED');
    expect(failed.reason).toBe('The following resource(s) failed to update: [Topic]. ');
    expect(done.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(continued.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`)).toEqual([
      'stuck-revert UPDATE_ROLLBACK_IN_PROGRESS',
      'Topic UPDATE_IN_PROGRESS',
      'Topic UPDATE_COMPLETE',
      'stuck-revert UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'stuck-revert UPDATE_ROLLBACK_COMPLETE',
    ]);
  });

  it("a fault limited to the rollback (during: 'rollback') spares the update and fails only the revert", async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'revert-only', TemplateBody: topics({ Changed: 'before', Broken: 'x' }) }));
    await waitForStack(cfn, 'revert-only');
    faults.add({ stack: 'revert-only', resource: 'Broken', operation: 'update', during: 'operation', error: { message: 'update refused' } });
    faults.add({ stack: 'revert-only', resource: 'Changed', during: 'rollback', error: { message: 'revert refused' } });

    // Act
    await cfn.send(new UpdateStackCommand({ StackName: 'revert-only', TemplateBody: topics({ Changed: 'after', Broken: 'y' }) }));
    const done = await waitForStack(cfn, 'revert-only');
    const reasons = (await eventsOf(cfn, 'revert-only')).filter((e) => e.ResourceStatus === 'UPDATE_FAILED').map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);

    // Assess
    expect(done.status).toBe('UPDATE_ROLLBACK_FAILED');
    expect(reasons).toContain('Changed: revert refused');
    expect(reasons).toContain('Broken: update refused');
  });

  it('a failing delete leaves DELETE_FAILED naming the resource; DeleteStack again, with the rule removed, deletes it', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'fail-delete', TemplateBody: topics({ Topic: 'doomed' }) }));
    await waitForStack(cfn, 'fail-delete');
    const rule = faults.add({ stack: 'fail-delete', operation: 'delete', error: { message: 'Topic has subscriptions being confirmed' } });

    // Act
    await cfn.send(new DeleteStackCommand({ StackName: 'fail-delete' }));
    const failed = await waitForStack(cfn, 'fail-delete');
    faults.remove(rule);
    await cfn.send(new DeleteStackCommand({ StackName: 'fail-delete' }));
    const gone = await waitForStack(cfn, 'fail-delete').catch((error: Error) => error);

    // Assess
    expect(failed.status).toBe('DELETE_FAILED');
    expect(failed.reason).toBe('The following resource(s) failed to delete: [Topic]. ');
    expect(gone).toMatchObject({ message: 'Stack with id fail-delete does not exist' });
  });

  it('a stuck rule holds the resource and the stack IN_PROGRESS until it is removed, then the create completes', async () => {
    // Prepare
    const cfn = world.client();
    const rule = faults.add({ stack: 'held', resource: 'Topic', stuck: true });
    await cfn.send(new CreateStackCommand({ StackName: 'held', TemplateBody: topics({ Topic: 'slow' }) }));
    await untilEvent(cfn, 'held', 'Topic', 'CREATE_IN_PROGRESS');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const whileHeld = await statusOf(cfn, 'held');

    // Act
    faults.remove(rule);
    const done = await waitForStack(cfn, 'held');

    // Assess
    expect(whileHeld).toBe('CREATE_IN_PROGRESS');
    expect(done.status).toBe('CREATE_COMPLETE');
  });

  it('a stuck rule with stuckMs fails the resource when its time runs out', async () => {
    // Prepare
    const cfn = world.client();
    faults.add({ stack: 'timed-out', stuck: true, stuckMs: 30 });

    // Act
    await cfn.send(new CreateStackCommand({ StackName: 'timed-out', TemplateBody: topics({ Topic: 'late' }) }));
    const done = await waitForStack(cfn, 'timed-out');
    const failed = (await eventsOf(cfn, 'timed-out')).find((e) => e.ResourceStatus === 'CREATE_FAILED');

    // Assess
    expect(done.status).toBe('ROLLBACK_COMPLETE');
    expect(failed?.ResourceStatusReason).toMatch(/timed out/);
  });

  it("a delete failing during a create's rollback leaves ROLLBACK_FAILED", async () => {
    // Prepare
    const cfn = world.client();
    faults.add({ stack: 'rollback-fails', resource: 'Second', operation: 'create', error: { message: 'create refused' } });
    faults.add({ stack: 'rollback-fails', resource: 'First', operation: 'delete', during: 'rollback', error: { message: 'delete refused' } });

    // Act
    await cfn.send(new CreateStackCommand({ StackName: 'rollback-fails', TemplateBody: JSON.stringify({
      Resources: {
        First: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'one' } },
        Second: { Type: 'AWS::SNS::Topic', DependsOn: 'First', Properties: { DisplayName: 'two' } },
      },
    }) }));
    const done = await waitForStack(cfn, 'rollback-fails');

    // Assess
    expect(done.status).toBe('ROLLBACK_FAILED');
    expect(done.reason).toBe('The following resource(s) failed to delete: [First]. ');
  });
});
