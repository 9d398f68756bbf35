import { describe, expect, it } from 'vitest';
import type { EnginePorts } from '../../../local/stepfunctions';
import { run } from './helpers';

/** A Lambda port that records how many calls run at once; each call yields a few turns. */
function concurrencyProbe(failOn?: unknown) {
  let running = 0;
  const state = { max: 0, calls: 0 };
  const port: EnginePorts['invokeLambda'] = async (_fn, payload) => {
    running++;
    state.calls++;
    state.max = Math.max(state.max, running);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    running--;
    if (failOn !== undefined && JSON.stringify(payload) === JSON.stringify(failOn)) {
      return { functionError: { errorType: 'ItemFailed', errorMessage: String(payload) } };
    }
    return { payload: { seen: payload } };
  };
  return { state, port };
}

const worker = {
  StartAt: 'Call',
  States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$' }, OutputPath: '$.Payload', End: true } },
};

describe('inline Map', () => {
  it('respects MaxConcurrency and keeps the outputs in item order', async () => {
    // Prepare
    const probe = concurrencyProbe();
    const states = { M: { Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 3, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...worker }, End: true } };
    const items = Array.from({ length: 20 }, (_v, i) => i);

    // Act
    const result = await run(states, { items }, { invokeLambda: probe.port });

    // Assess
    expect(probe.state.max).toBe(3);
    expect(result.output).toEqual(items.map((i) => ({ seen: i })));
  });

  it('reads MaxConcurrencyPath from the input', async () => {
    // Prepare
    const probe = concurrencyProbe();
    const states = { M: { Type: 'Map', ItemsPath: '$.items', MaxConcurrencyPath: '$.limit', ItemProcessor: worker, End: true } };

    // Act
    await run(states, { items: [1, 2, 3, 4, 5, 6], limit: 2 }, { invokeLambda: probe.port });

    // Assess
    expect(probe.state.max).toBe(2);
  });

  it('runs MaxConcurrency 0 up to the engine cap', async () => {
    // Prepare
    const probe = concurrencyProbe();
    const states = { M: { Type: 'Map', MaxConcurrency: 0, Iterator: worker, End: true } };

    // Act
    await run(states, Array.from({ length: 10 }, (_v, i) => i), { invokeLambda: probe.port }, { inlineMapConcurrencyCap: 4 });

    // Assess
    expect(probe.state.max).toBe(4);
  });

  it('builds each iteration input with ItemSelector and $$.Map.Item', async () => {
    // Prepare
    const states = {
      M: {
        Type: 'Map',
        ItemsPath: '$.regions',
        ItemSelector: { 'Region.$': '$$.Map.Item.Value', 'Index.$': '$$.Map.Item.Index', 'Account.$': '$.account' },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        ResultPath: '$.targets',
        End: true,
      },
    };

    // Act
    const result = await run(states, { account: '1', regions: ['a', 'b'] });

    // Assess
    expect(result.output).toEqual({
      account: '1',
      regions: ['a', 'b'],
      targets: [
        { Region: 'a', Index: 0, Account: '1' },
        { Region: 'b', Index: 1, Account: '1' },
      ],
    });
  });

  it('accepts the older Parameters in place of ItemSelector', async () => {
    // Prepare
    const states = { M: { Type: 'Map', Parameters: { 'v.$': '$$.Map.Item.Value' }, Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } };

    // Act
    const result = await run(states, [1, 2]);

    // Assess
    expect(result.output).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('fails with the failing iteration error and starts no further items', async () => {
    // Prepare
    const probe = concurrencyProbe(2);
    const states = { M: { Type: 'Map', MaxConcurrency: 1, Iterator: worker, End: true } };

    // Act
    const result = await run(states, [1, 2, 3, 4, 5], { invokeLambda: probe.port });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'ItemFailed' });
    expect(probe.state.calls).toBe(2);
  });

  it('fails with States.Runtime when ItemsPath is not an array', async () => {
    // Prepare
    const states = { M: { Type: 'Map', ItemsPath: '$.items', Iterator: worker, End: true } };

    // Act
    const result = await run(states, { items: { not: 'array' } });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('ItemsPath');
  });

  it('returns [] for an empty item list', async () => {
    // Prepare
    const states = { M: { Type: 'Map', Iterator: worker, End: true } };

    // Act
    const result = await run(states, []);

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: [] });
  });
});

describe('Parallel', () => {
  it('gives every branch the effective input and outputs their results in order', async () => {
    // Prepare
    const states = {
      Par: {
        Type: 'Parallel',
        Parameters: { 'n.$': '$.n' },
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'a.$': '$.n' }, End: true } } },
          { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 1, Next: 'B2' }, B2: { Type: 'Pass', Result: 'b', End: true } } },
        ],
        ResultSelector: { 'first.$': '$[0]', 'second.$': '$[1]' },
        ResultPath: '$.out',
        End: true,
      },
    };

    // Act
    const result = await run(states, { n: 5 });

    // Assess
    expect(result.output).toEqual({ n: 5, out: { first: { a: 5 }, second: 'b' } });
  });

  it('fails with the failing branch error', async () => {
    // Prepare
    const states = {
      Par: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
          { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Branch.Error', Cause: 'c' } } },
        ],
        End: true,
      },
    };

    // Act
    const result = await run(states, {});

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'Branch.Error', cause: 'c' });
  });
});
