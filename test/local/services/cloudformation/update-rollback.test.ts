import { CreateStackCommand, DeleteStackCommand, DescribeStackResourcesCommand, UpdateStackCommand, UpdateTerminationProtectionCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicsOf } from '../../../../local/services/sns/topics';
import { eventTrail, startCfnWorld, waitForStack, type CfnWorld } from './cfn-fixture';

function template(resources: Record<string, unknown>): string {
  return JSON.stringify({ Resources: resources });
}

let world: CfnWorld;

beforeAll(async () => {
  world = await startCfnWorld();
});

afterAll(async () => {
  await world.close();
});

describe('update rollback and termination protection', () => {
  it('a failed update rolls back: the replaced topic is kept, the new one deleted, the stack UPDATE_ROLLBACK_COMPLETE', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'Rolled', TemplateBody: template({ Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'first' } } }) }));
    await waitForStack(cfn, 'Rolled');
    const failing = template({
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'second' } },
      Broken: { Type: 'AWS::S3::Bucket', DependsOn: 'Topic', Properties: { BucketName: 'NO' } },
    });

    // Act
    await cfn.send(new UpdateStackCommand({ StackName: 'Rolled', TemplateBody: failing }));
    const done = await waitForStack(cfn, 'Rolled');
    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'Rolled' }))).StackResources ?? [];
    const trail = await eventTrail(cfn, 'Rolled');

    // Assess
    expect(done.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(trail).toEqual(expect.arrayContaining(['Rolled UPDATE_ROLLBACK_IN_PROGRESS', 'Rolled UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'Broken CREATE_FAILED']));
    expect(resources.map((r) => [r.LogicalResourceId, r.PhysicalResourceId])).toEqual([['Topic', 'arn:aws:sns:eu-west-1:111111111111:first']]);
    expect(await topicsOf(world.local.store).get('arn:aws:sns:eu-west-1:111111111111:first')).toBeDefined();
    expect(await topicsOf(world.local.store).get('arn:aws:sns:eu-west-1:111111111111:second')).toBeUndefined();
  });

  it('a replacing update deletes the old instance in cleanup', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'Replaced', TemplateBody: template({ Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'old-name' } } }) }));
    await waitForStack(cfn, 'Replaced');

    // Act
    await cfn.send(new UpdateStackCommand({ StackName: 'Replaced', TemplateBody: template({ Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'new-name' } } }) }));
    const done = await waitForStack(cfn, 'Replaced');

    // Assess
    expect(done.seen).toEqual(expect.arrayContaining(['UPDATE_COMPLETE']));
    expect(await topicsOf(world.local.store).get('arn:aws:sns:eu-west-1:111111111111:old-name')).toBeUndefined();
    expect(await topicsOf(world.local.store).get('arn:aws:sns:eu-west-1:111111111111:new-name')).toBeDefined();
  });

  it('termination protection refuses DeleteStack until it is turned off', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'Protected', EnableTerminationProtection: true, TemplateBody: template({ Topic: { Type: 'AWS::SNS::Topic' } }) }));
    const created = await waitForStack(cfn, 'Protected');

    // Act
    const refused = await cfn.send(new DeleteStackCommand({ StackName: 'Protected' })).catch((error: Error) => error);
    await cfn.send(new UpdateTerminationProtectionCommand({ StackName: 'Protected', EnableTerminationProtection: false }));
    await cfn.send(new DeleteStackCommand({ StackName: 'Protected' }));
    const trail = await eventTrail(cfn, 'Protected').catch((error: Error) => error);

    // Assess
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(refused).toMatchObject({ name: 'ValidationError', message: 'Stack [Protected] cannot be deleted while TerminationProtection is enabled' });
    expect(trail instanceof Error ? trail.message : trail.join()).toMatch(/DELETE_IN_PROGRESS|does not exist/);
  });
});
