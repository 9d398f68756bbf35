import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ListStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRole } from '../../../../local/services/iam/roles';
import { bucketsOf } from '../../../../local/services/s3/buckets';
import { topicsOf } from '../../../../local/services/sns/topics';
import { eventTrail, startCfnWorld, waitForStack, type CfnWorld } from './cfn-fixture';

const ACCOUNT = '111111111111';

function template(extra: Record<string, unknown> = {}, topicDisplay = 'Alerts'): string {
  return JSON.stringify({
    Description: 'role, policy, bucket and topic',
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          Tags: [{ Key: 'team', Value: 'platform' }],
        },
      },
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'read-bucket',
          Roles: [{ Ref: 'Role' }],
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Bucket.Arn}/*' } }] },
        },
      },
      Bucket: { Type: 'AWS::S3::Bucket' },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: topicDisplay } },
      ...extra,
    },
    Outputs: {
      RoleArn: { Value: { 'Fn::GetAtt': ['Role', 'Arn'] } },
      BucketName: { Value: { Ref: 'Bucket' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-bucket' } } },
      TopicArn: { Value: { Ref: 'Topic' } },
    },
  });
}

let world: CfnWorld;

beforeAll(async () => {
  world = await startCfnWorld({ resourceLatencyMs: 15 });
});

afterAll(async () => {
  await world.close();
});

describe('stack life-cycle over HTTP with the SDK', () => {
  it('creates role, policy, bucket and topic in dependency order and reports outputs', async () => {
    // Prepare
    const cfn = world.client();

    // Act
    const created = await cfn.send(new CreateStackCommand({ StackName: 'Lifecycle', TemplateBody: template(), Capabilities: ['CAPABILITY_IAM'] }));
    const first = (await cfn.send(new DescribeStacksCommand({ StackName: 'Lifecycle' }))).Stacks?.[0];
    const done = await waitForStack(cfn, 'Lifecycle');
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'Lifecycle' }))).Stacks?.[0];
    const trail = await eventTrail(cfn, 'Lifecycle');

    // Assess
    expect(created.StackId).toMatch(/^arn:aws:cloudformation:eu-west-1:111111111111:stack\/Lifecycle\/[0-9a-f-]{36}$/);
    expect(first?.StackStatus).toBe('CREATE_IN_PROGRESS');
    expect(done.status).toBe('CREATE_COMPLETE');
    expect(trail[0]).toBe('Lifecycle CREATE_IN_PROGRESS');
    expect(trail[trail.length - 1]).toBe('Lifecycle CREATE_COMPLETE');
    expect(trail.indexOf('Policy CREATE_IN_PROGRESS')).toBeGreaterThan(trail.indexOf('Role CREATE_COMPLETE'));
    expect(trail.indexOf('Policy CREATE_IN_PROGRESS')).toBeGreaterThan(trail.indexOf('Bucket CREATE_COMPLETE'));
    const outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    const bucketName = outputs.BucketName as string;
    expect(bucketName).toMatch(/^lifecycle-bucket-[a-z0-9]{12}$/);
    expect(outputs.TopicArn).toMatch(/^arn:aws:sns:eu-west-1:111111111111:Lifecycle-Topic-[A-Z0-9]{12}$/);
    const roleName = (outputs.RoleArn as string).split('/').pop() as string;
    const role = await getRole(world.local.store, ACCOUNT, roleName);
    expect(role?.inlinePolicies['read-bucket']).toContain(`arn:aws:s3:::${bucketName}/*`);
    expect(role?.tags).toEqual([{ Key: 'team', Value: 'platform' }]);
    expect(await bucketsOf(world.local.store).get(bucketName)).toBeDefined();
    expect((await topicsOf(world.local.store).get(outputs.TopicArn as string))?.attributes.DisplayName).toBe('Alerts');
  });

  it('updates in place, then deletes every resource and lists the stack as DELETE_COMPLETE', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'Updated', TemplateBody: template(), Capabilities: ['CAPABILITY_IAM'] }));
    await waitForStack(cfn, 'Updated');
    const before = (await cfn.send(new DescribeStacksCommand({ StackName: 'Updated' }))).Stacks?.[0];
    const topicArn = before?.Outputs?.find((o) => o.OutputKey === 'TopicArn')?.OutputValue as string;

    // Act
    await cfn.send(new UpdateStackCommand({ StackName: 'Updated', TemplateBody: template({}, 'Renamed'), Capabilities: ['CAPABILITY_IAM'] }));
    const updated = await waitForStack(cfn, 'Updated');
    const afterUpdate = await topicsOf(world.local.store).get(topicArn);
    await cfn.send(new DeleteStackCommand({ StackName: before?.StackId }));
    const deleted = await waitForStack(cfn, before?.StackId as string);
    const listed = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }));
    const gone = await cfn.send(new DescribeStacksCommand({ StackName: 'Updated' })).catch((error: Error) => error);

    // Assess
    expect(updated.seen).toContain('UPDATE_COMPLETE');
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(afterUpdate?.attributes.DisplayName).toBe('Renamed');
    expect(deleted.status).toBe('DELETE_COMPLETE');
    expect(await topicsOf(world.local.store).get(topicArn)).toBeUndefined();
    expect(listed.StackSummaries?.map((s) => s.StackId)).toContain(before?.StackId);
    expect(gone).toMatchObject({ name: 'ValidationError', message: 'Stack with id Updated does not exist' });
  });

  it('answers "No updates are to be performed." when nothing changed', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'Unchanged', TemplateBody: template(), Capabilities: ['CAPABILITY_IAM'] }));
    await waitForStack(cfn, 'Unchanged');

    // Act
    const refused = await cfn.send(new UpdateStackCommand({ StackName: 'Unchanged', TemplateBody: template(), Capabilities: ['CAPABILITY_IAM'] })).catch((error: Error) => error);

    // Assess
    expect(refused).toMatchObject({ name: 'ValidationError', message: 'No updates are to be performed.' });
  });

  it('rolls back a failed create: the reason is in the events and created resources are deleted', async () => {
    // Prepare
    const cfn = world.client();
    const failing = { Broken: { Type: 'AWS::S3::Bucket', DependsOn: 'Topic', Properties: { BucketName: 'Not_A_Valid_Bucket' } } };

    // Act
    await cfn.send(new CreateStackCommand({ StackName: 'Failing', TemplateBody: template(failing), Capabilities: ['CAPABILITY_IAM'] }));
    const done = await waitForStack(cfn, 'Failing');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'Failing' }))).StackEvents ?? [];
    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'Failing' }))).StackResources ?? [];

    // Assess
    expect(done.seen).toEqual(expect.arrayContaining(['ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']));
    const failure = events.find((e) => e.LogicalResourceId === 'Broken' && e.ResourceStatus === 'CREATE_FAILED');
    expect(failure?.ResourceStatusReason).toContain('InvalidBucketName');
    expect(events.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')?.ResourceStatusReason).toContain('The following resource(s) failed to create: [Broken]');
    const topic = resources.find((r) => r.LogicalResourceId === 'Topic');
    expect(topic?.ResourceStatus).toBe('DELETE_COMPLETE');
    expect(await topicsOf(world.local.store).get(topic?.PhysicalResourceId as string)).toBeUndefined();
    const bucket = resources.find((r) => r.LogicalResourceId === 'Bucket');
    expect(await bucketsOf(world.local.store).get(bucket?.PhysicalResourceId as string)).toBeUndefined();
  });

  it('refuses IAM resources without CAPABILITY_IAM, and named ones without CAPABILITY_NAMED_IAM', async () => {
    // Prepare
    const cfn = world.client();
    const named = JSON.stringify({
      Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'Named', AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } } },
    });

    // Act
    const none = await cfn.send(new CreateStackCommand({ StackName: 'NoCaps', TemplateBody: template() })).catch((error: Error) => error);
    const plain = await cfn.send(new CreateStackCommand({ StackName: 'PlainCaps', TemplateBody: named, Capabilities: ['CAPABILITY_IAM'] })).catch((error: Error) => error);

    // Assess
    expect(none).toMatchObject({ name: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_IAM]' });
    expect(plain).toMatchObject({ name: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]' });
    const stacks = await cfn.send(new ListStacksCommand({}));
    expect(stacks.StackSummaries?.map((s) => s.StackName)).not.toContain('NoCaps');
  });

  it('refuses a second stack of the same name with AlreadyExistsException, but a retry with the same token returns the same stack', async () => {
    // Prepare
    const cfn = world.client();
    const first = await cfn.send(new CreateStackCommand({ StackName: 'Twice', TemplateBody: template(), Capabilities: ['CAPABILITY_IAM'], ClientRequestToken: 'token-1' }));

    // Act
    const retried = await cfn.send(new CreateStackCommand({ StackName: 'Twice', TemplateBody: template(), Capabilities: ['CAPABILITY_IAM'], ClientRequestToken: 'token-1' }));
    const clash = await cfn.send(new CreateStackCommand({ StackName: 'Twice', TemplateBody: template(), Capabilities: ['CAPABILITY_IAM'] })).catch((error: Error) => error);
    await waitForStack(cfn, 'Twice');

    // Assess
    expect(retried.StackId).toBe(first.StackId);
    expect(clash).toMatchObject({ name: 'AlreadyExistsException', message: 'Stack [Twice] already exists' });
  });
});
