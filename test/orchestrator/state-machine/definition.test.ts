import { describe, expect, it } from 'vitest';
import { ErrorNames, RETRYABLE_LAMBDA_ERRORS } from '../../../orchestrator/contract';
import { synthesizeStateMachine } from '../../support/state-machine-harness';

// asl-validator ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require('asl-validator') as (definition: unknown) => { isValid: boolean; errorsText(): string };

type State = Record<string, unknown> & { Type: string; States?: Record<string, State>; ItemProcessor?: { States: Record<string, State> } };

/** Every state of the definition, nested ones included, by name. */
function allStates(definition: Record<string, unknown>): Map<string, State> {
  const found = new Map<string, State>();
  const walk = (states: Record<string, State>) => {
    for (const [name, state] of Object.entries(states)) {
      found.set(name, state);
      if (state.ItemProcessor) walk(state.ItemProcessor.States);
    }
  };
  walk(definition.States as Record<string, State>);
  return found;
}

describe('the synthesized definition', () => {
  const { definition } = synthesizeStateMachine();
  const states = allStates(definition);

  it('is valid ASL by asl-validator', () => {
    // Act
    const result = aslValidator(definition);

    // Assess
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('fans out with a Distributed Map that reads the manifest and writes results to S3', () => {
    // Prepare
    const fanOut = states.get('FanOut')!;

    // Assess
    expect(fanOut.ItemReader).toMatchObject({ Parameters: { 'Key.$': '$.Progress.ManifestKey' } });
    expect(fanOut.ResultWriter).toBeDefined();
    expect(fanOut.MaxConcurrencyPath).toBe('$.Plan.MaxConcurrency');
    expect(fanOut.ItemProcessor).toMatchObject({ ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } });
  });

  it('retries the worker on Lambda service errors with full jitter and catches everything else', () => {
    // Prepare
    const invoke = states.get('InvokeWorker') as unknown as { Retry: Array<{ ErrorEquals: string[]; JitterStrategy?: string }>; Catch: Array<{ ErrorEquals: string[] }> };

    // Assess
    expect(invoke.Retry[0].ErrorEquals).toEqual([...RETRYABLE_LAMBDA_ERRORS]);
    expect(invoke.Retry[0].JitterStrategy).toBe('FULL');
    expect(invoke.Catch.map((c) => c.ErrorEquals)).toEqual([['States.ALL']]);
  });

  it('never retries an invalid input', () => {
    // Prepare
    const plan = states.get('Plan') as unknown as { Retry: Array<{ ErrorEquals: string[]; MaxAttempts?: number }> };

    // Assess
    expect(plan.Retry[0]).toMatchObject({ ErrorEquals: expect.arrayContaining([ErrorNames.INVALID_INPUT]), MaxAttempts: 0 });
  });

  it('fails with the shared ToleranceExceeded error name', () => {
    expect(states.get('ToleranceExceeded')).toMatchObject({ Type: 'Fail', Error: ErrorNames.TOLERANCE_EXCEEDED });
  });

  it('assumes the member role once per account, outside the per-region Map', () => {
    // Prepare
    const processor = (states.get('FanOut')!.ItemProcessor as { States: Record<string, State> }).States;
    const regions = processor.Regions as unknown as { ItemProcessor: { States: Record<string, State> } };

    // Assess
    expect(Object.keys(processor)).toContain('GetCredentials');
    expect(Object.keys(regions.ItemProcessor.States)).not.toContain('GetCredentials');
  });
});
