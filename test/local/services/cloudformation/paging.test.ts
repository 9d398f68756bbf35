import {
  CreateStackCommand,
  DescribeStackEventsCommand,
  ListStacksCommand,
  paginateDescribeStackEvents,
  paginateListStacks,
  type StackEvent,
  type StackSummary,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageOf } from '../../../../local/services/cloudformation/paging';
import { startCfnWorld, waitForStack, type CfnWorld } from './cfn-fixture';

let world: CfnWorld;

beforeAll(async () => {
  world = await startCfnWorld({ concurrency: 16 });
});

afterAll(async () => {
  await world.close();
});

describe('paging as CloudFormation pages', () => {
  it('DescribeStackEvents answers 100 events a page; the SDK paginator reads every event once, newest first', async () => {
    // Prepare
    const cfn = world.client();
    const resources = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`Topic${i}`, { Type: 'AWS::SNS::Topic' }]));
    await cfn.send(new CreateStackCommand({ StackName: 'many-events', TemplateBody: JSON.stringify({ Resources: resources }) }));
    await waitForStack(cfn, 'many-events');

    // Act
    const first = await cfn.send(new DescribeStackEventsCommand({ StackName: 'many-events' }));
    const all: StackEvent[] = [];
    for await (const page of paginateDescribeStackEvents({ client: cfn }, { StackName: 'many-events' })) all.push(...(page.StackEvents ?? []));

    // Assess
    expect(first.StackEvents).toHaveLength(100);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(all).toHaveLength(122);
    expect(new Set(all.map((e) => e.EventId)).size).toBe(122);
    expect(all[0]).toMatchObject({ LogicalResourceId: 'many-events', ResourceStatus: 'CREATE_COMPLETE' });
    expect(all[all.length - 1]).toMatchObject({ LogicalResourceId: 'many-events', ResourceStatus: 'CREATE_IN_PROGRESS' });
  });

  it('ListStacks answers 100 stacks a page and the SDK paginator reads them all', async () => {
    // Prepare
    const cfn = world.client();
    const template = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });
    await Promise.all(Array.from({ length: 101 }, (_, i) => cfn.send(new CreateStackCommand({ StackName: `listed-${i}`, TemplateBody: template }))));

    // Act
    const first = await cfn.send(new ListStacksCommand({}));
    const all: StackSummary[] = [];
    for await (const page of paginateListStacks({ client: cfn }, {})) all.push(...(page.StackSummaries ?? []));

    // Assess
    expect(first.StackSummaries).toHaveLength(100);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(all.filter((s) => s.StackName?.startsWith('listed-'))).toHaveLength(101);
    expect(new Set(all.map((s) => s.StackId)).size).toBe(all.length);
  });

  it('refuses a NextToken it did not give, saying to start again', async () => {
    // Act
    const refused = await world.client().send(new ListStacksCommand({ NextToken: 'bm90LWEtc3RhY2s' })).catch((error: Error) => error);

    // Assess
    expect(refused).toMatchObject({ name: 'ValidationError' });
    expect((refused as Error).message).toContain('call again without NextToken');
  });
});

describe('pageOf', () => {
  it('resumes after the item the token names even when items were added at the front', () => {
    // Prepare
    const items = ['e5', 'e4', 'e3', 'e2', 'e1'];
    const first = pageOf(items, (item) => item, undefined, 2);

    // Act
    const second = pageOf(['e7', 'e6', ...items], (item) => item, first.nextToken, 2);

    // Assess
    expect(first.page).toEqual(['e5', 'e4']);
    expect(second.page).toEqual(['e3', 'e2']);
    expect(second.nextToken).toEqual(expect.any(String));
  });

  it('gives no token on the last page', () => {
    // Act
    const only = pageOf(['a', 'b'], (item) => item, undefined, 2);

    // Assess
    expect(only).toEqual({ page: ['a', 'b'] });
  });
});
