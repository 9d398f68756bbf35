import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStateMachine, deleteStateMachine, getStateMachine } from '../../../../local/services/stepfunctions/state-machines';
import { NOBODY, failureOf } from '../lambda/lambda-fixture';
import { ACCOUNT, REGION, startSfnCloud, type SfnTestCloud } from './sfn-fixture';

let t: SfnTestCloud;
let role: string;
const PASS = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

beforeAll(async () => {
  t = await startSfnCloud();
  role = await t.statesRole('machines');
});

afterAll(async () => {
  await t.close();
});

describe('state machines', () => {
  it('creates, describes, updates and deletes a state machine', async () => {
    // Prepare
    const sfn = t.sfn();
    const created = await sfn.send(new CreateStateMachineCommand({ name: 'lifecycle', definition: JSON.stringify(PASS), roleArn: role }));
    const changed = { StartAt: 'Q', States: { Q: { Type: 'Succeed' } } };

    // Act
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: JSON.stringify(changed) }));
    const updated = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    const gone = await failureOf(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn })));

    // Assess
    expect(created.stateMachineArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:lifecycle`);
    expect(described).toMatchObject({ name: 'lifecycle', status: 'ACTIVE', type: 'STANDARD', roleArn: role, definition: JSON.stringify(PASS) });
    expect(described.creationDate).toBeInstanceOf(Date);
    expect(JSON.parse(updated.definition ?? '{}')).toEqual(changed);
    expect(gone.name).toBe('StateMachineDoesNotExist');
  });

  it('is idempotent for the same definition and refuses a different one under the same name', async () => {
    // Prepare
    const sfn = t.sfn();
    const first = await sfn.send(new CreateStateMachineCommand({ name: 'twice', definition: JSON.stringify(PASS), roleArn: role }));

    // Act
    const again = await sfn.send(new CreateStateMachineCommand({ name: 'twice', definition: JSON.stringify(PASS), roleArn: role }));
    const clash = await failureOf(sfn.send(new CreateStateMachineCommand({ name: 'twice', definition: JSON.stringify({ StartAt: 'X', States: { X: { Type: 'Succeed' } } }), roleArn: role })));

    // Assess
    expect(again.stateMachineArn).toBe(first.stateMachineArn);
    expect(clash.name).toBe('StateMachineAlreadyExists');
  });

  it('refuses a definition the engine cannot run, naming where it is wrong', async () => {
    // Prepare
    const broken = { StartAt: 'Missing', States: { P: { Type: 'Pass', End: true } } };

    // Act
    const refused = await failureOf(t.sfn().send(new CreateStateMachineCommand({ name: 'broken', definition: JSON.stringify(broken), roleArn: role })));

    // Assess
    expect(refused.name).toBe('InvalidDefinition');
    expect(refused.message).toMatch(/^Invalid State Machine Definition: '.*StartAt/);
  });

  it('refuses a role that does not trust Step Functions', async () => {
    // Prepare
    const lambdaRole = await t.role('only-lambda');

    // Act
    const refused = await failureOf(t.sfn().send(new CreateStateMachineCommand({ name: 'wrong-role', definition: JSON.stringify(PASS), roleArn: lambdaRole })));

    // Assess
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toContain('states.amazonaws.com');
  });

  it('refuses a caller without permission, before saying whether the machine exists', async () => {
    // Prepare
    const sfn = t.sfn(NOBODY);
    const arn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:anything`;

    // Act
    const refused = await failureOf(sfn.send(new StartExecutionCommand({ stateMachineArn: arn })));

    // Assess
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform: states:StartExecution on resource: ${arn}`);
  });

  it('refuses a malformed state machine ARN with InvalidArn', async () => {
    // Prepare
    const sfn = t.sfn();

    // Act
    const refused = await failureOf(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'arn:aws:states:eu-west-1:1:machine' })));

    // Assess
    expect(refused.name).toBe('InvalidArn');
  });

  it('lists state machines by name, a page at a time', async () => {
    // Prepare
    const sfn = t.sfn();
    for (const name of ['list-c', 'list-a', 'list-b']) await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(PASS), roleArn: role }));

    // Act
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
      names.push(...(page.stateMachines ?? []).map((machine) => machine.name as string));
      nextToken = page.nextToken;
    } while (nextToken);

    // Assess
    const listed = names.filter((name) => name.startsWith('list-'));
    expect(listed).toEqual(['list-a', 'list-b', 'list-c']);
  });

  it('creates and deletes through the programmatic API the CloudFormation engine uses', async () => {
    // Prepare
    const definition = { accountId: ACCOUNT, region: REGION, name: 'from-template', definition: PASS, roleArn: role };

    // Act
    const created = await createStateMachine(t.local.cloud, definition);
    const found = await getStateMachine(t.local.cloud, created.stateMachineArn);
    await deleteStateMachine(t.local.cloud, created.stateMachineArn);
    const afterDelete = await getStateMachine(t.local.cloud, created.stateMachineArn);

    // Assess
    expect(found?.definition).toBe(JSON.stringify(PASS));
    expect(afterDelete).toBeUndefined();
  });
});
