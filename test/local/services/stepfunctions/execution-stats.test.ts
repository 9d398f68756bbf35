import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionStats } from '../../../../local/services/stepfunctions/executions';
import { ACCOUNT, REGION, startSfnCloud, type SfnTestCloud } from './sfn-fixture';

let t: SfnTestCloud;
let machine: string;

beforeAll(async () => {
  t = await startSfnCloud();
  await t.fn('echo', `exports.handler = async (event) => event;`);
  machine = await t.machine('counted', {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Echo',
          States: { Echo: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo`, 'Payload.$': '$' }, OutputPath: '$.Payload', End: true } },
        },
        End: true,
      },
    },
  });
});

afterAll(async () => {
  await t.close();
});

describe('execution counts', () => {
  it('keeps the engine counts of an ended execution: transitions, history events and the largest payload', async () => {
    // Prepare
    const input = { items: [{ n: 1 }, { n: 2 }, { n: 3 }] };

    // Act
    const ended = await t.run(machine, input, 'counted-1');
    const stats = await executionStats(t.local.cloud, ended.executionArn as string);

    // Assess
    expect(ended.status).toBe('SUCCEEDED');
    expect(stats).toMatchObject({ stateTransitions: 4, mapRuns: 0, childExecutions: 0 });
    expect(stats?.historyEvents).toBeGreaterThan(0);
    expect(stats?.maxHistoryEventsOfAnyExecution).toBe(stats?.historyEvents);
    expect(stats?.largestPayloadBytes).toBeGreaterThanOrEqual(JSON.stringify(input).length);
  });

  it('has no counts for an execution still running', async () => {
    // Prepare
    const waiter = await t.machine('still-waiting', { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 30, End: true } } });

    // Act
    const { executionArn } = await t.sfn().send(new StartExecutionCommand({ stateMachineArn: waiter, input: '{}' }));
    const stats = await executionStats(t.local.cloud, executionArn as string);

    // Assess
    expect(stats).toBeUndefined();
  });
});
