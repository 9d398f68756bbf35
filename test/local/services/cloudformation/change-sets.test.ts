import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnWorld, waitForStack, type CfnWorld } from './cfn-fixture';

function topics(names: string[]): string {
  return JSON.stringify({ Resources: Object.fromEntries(names.map((name) => [name, { Type: 'AWS::SNS::Topic', Properties: { DisplayName: name } }])) });
}

let world: CfnWorld;

beforeAll(async () => {
  world = await startCfnWorld();
});

afterAll(async () => {
  await world.close();
});

describe('change sets', () => {
  it('a CREATE change set leaves the stack in REVIEW_IN_PROGRESS until executed, then CREATE_COMPLETE', async () => {
    // Prepare
    const cfn = world.client();
    const created = await cfn.send(new CreateChangeSetCommand({ StackName: 'Reviewed', ChangeSetName: 'first', ChangeSetType: 'CREATE', TemplateBody: topics(['Alpha', 'Beta']) }));
    const reviewing = (await cfn.send(new DescribeStacksCommand({ StackName: 'Reviewed' }))).Stacks?.[0]?.StackStatus;
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));

    // Act
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: 'first', StackName: 'Reviewed' }));
    const done = await waitForStack(cfn, 'Reviewed');

    // Assess
    expect(reviewing).toBe('REVIEW_IN_PROGRESS');
    expect(described.Status).toBe('CREATE_COMPLETE');
    expect(described.ExecutionStatus).toBe('AVAILABLE');
    expect(described.Changes?.map((change) => [change.ResourceChange?.Action, change.ResourceChange?.LogicalResourceId])).toEqual([
      ['Add', 'Alpha'],
      ['Add', 'Beta'],
    ]);
    expect(done.status).toBe('CREATE_COMPLETE');
    const after = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    expect(after.ExecutionStatus).toBe('EXECUTE_COMPLETE');
  });

  it('an UPDATE change set lists Modify (in place), Add and Remove', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'Changing', TemplateBody: topics(['Keep', 'Drop']) }));
    await waitForStack(cfn, 'Changing');
    const next = JSON.parse(topics(['Keep', 'New'])) as { Resources: Record<string, { Properties: Record<string, string> }> };
    (next.Resources.Keep as { Properties: Record<string, string> }).Properties.DisplayName = 'Kept';

    // Act
    const created = await cfn.send(new CreateChangeSetCommand({ StackName: 'Changing', ChangeSetName: 'next', TemplateBody: JSON.stringify(next) }));
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));

    // Assess
    const changes = (described.Changes ?? []).map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId} ${c.ResourceChange?.Replacement ?? '-'}`);
    expect(changes).toEqual(['Modify Keep False', 'Add New -', 'Remove Drop -']);
  });

  it('a change set without changes is FAILED with the reason AWS gives', async () => {
    // Prepare
    const cfn = world.client();
    await cfn.send(new CreateStackCommand({ StackName: 'Same', TemplateBody: topics(['Only']) }));
    await waitForStack(cfn, 'Same');

    // Act
    const created = await cfn.send(new CreateChangeSetCommand({ StackName: 'Same', ChangeSetName: 'nothing', TemplateBody: topics(['Only']) }));
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    const executed = await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id })).catch((error: Error) => error);
    const listed = await cfn.send(new ListChangeSetsCommand({ StackName: 'Same' }));

    // Assess
    expect(described.Status).toBe('FAILED');
    expect(described.StatusReason).toBe("The submitted information didn't contain changes. Submit different information to create a change set.");
    expect(described.ExecutionStatus).toBe('UNAVAILABLE');
    expect(executed).toMatchObject({ name: 'InvalidChangeSetStatusException' });
    expect(listed.Summaries?.map((s) => s.ChangeSetName)).toEqual(['nothing']);
  });

  it('a YAML template with outputs, submitted again, is also a change set without changes', async () => {
    // Prepare
    const cfn = world.client();
    const yaml = ['Resources:', '  Topic:', '    Type: AWS::SNS::Topic', '    Properties: {TopicName: !Sub "${AWS::StackName}-t"}', 'Outputs:', '  Arn: {Value: !Ref Topic}', ''].join('\n');
    await cfn.send(new CreateStackCommand({ StackName: 'SameYaml', TemplateBody: yaml }));
    await waitForStack(cfn, 'SameYaml');

    // Act
    const created = await cfn.send(new CreateChangeSetCommand({ StackName: 'SameYaml', ChangeSetName: 'again', TemplateBody: yaml }));
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));

    // Assess
    expect(described.Status).toBe('FAILED');
    expect(described.StatusReason).toContain("didn't contain changes");
  });

  it('names an unknown change set with ChangeSetNotFoundException', async () => {
    // Act
    const missing = await world.client().send(new DescribeChangeSetCommand({ ChangeSetName: 'ghost', StackName: 'Same' })).catch((error: Error) => error);

    // Assess
    expect(missing).toMatchObject({ name: 'ChangeSetNotFoundException', message: 'ChangeSet [ghost] does not exist' });
  });
});
