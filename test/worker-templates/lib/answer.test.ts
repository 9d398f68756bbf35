import { describe, expect, it } from 'vitest';
import { INVALID_ANSWER, MAX_STATE_CHARS, clampPollAfter, failureOf, interpretAnswer } from '../../../worker-templates/lib';

describe('interpretAnswer', () => {
  it('keeps a link to what the worker acted on, for people', () => {
    // Act
    const answer = interpretAnswer({ Status: 'FAILED', Error: 'E', Cause: 'C', Link: { Text: 'stack StepEverywhere-app', Url: 'https://eu-west-1.console.aws.amazon.com/cloudformation' } });

    // Assess
    expect(answer).toMatchObject({ kind: 'terminal', link: { Text: 'stack StepEverywhere-app', Url: 'https://eu-west-1.console.aws.amazon.com/cloudformation' } });
  });

  it.each([
    ['a link without text', { Url: 'https://example.com' }, undefined],
    ['a link that is not https', { Text: 'x', Url: 'javascript:alert(1)' }, { Text: 'x' }],
    ['a link too long for every record', { Text: 'x'.repeat(2_000) }, undefined],
  ])('drops %s rather than carry it', (_what, link, kept) => {
    // Act
    const answer = interpretAnswer({ Status: 'SUCCEEDED', Link: link });

    // Assess
    expect(answer.kind === 'terminal' ? answer.link : 'not terminal').toEqual(kept);
  });

  it('keeps a success and its result', () => {
    // Prepare
    const answer = { Status: 'SUCCEEDED', Result: { Count: 2 } };

    // Act
    const interpreted = interpretAnswer(answer);

    // Assess
    expect(interpreted).toEqual({ kind: 'terminal', outcome: 'SUCCEEDED', result: { Count: 2 } });
  });

  it('keeps a reported failure with its error and cause', () => {
    // Prepare
    const answer = { Status: 'FAILED', Error: 'StackRolledBack', Cause: 'UPDATE_ROLLBACK_COMPLETE' };

    // Act
    const interpreted = interpretAnswer(answer);

    // Assess
    expect(interpreted).toEqual({ kind: 'terminal', outcome: 'FAILED', error: 'StackRolledBack', cause: 'UPDATE_ROLLBACK_COMPLETE' });
  });

  it('fills in a failure reported without error or cause', () => {
    // Prepare
    const answer = { Status: 'FAILED' };

    // Act
    const interpreted = interpretAnswer(answer);

    // Assess
    expect(interpreted).toMatchObject({ outcome: 'FAILED', error: 'StepEverywhere.WorkerFailed', cause: expect.stringContaining('without a Cause') });
  });

  it('turns an unknown status into a failure naming Status', () => {
    // Prepare
    const answer = { Status: 'DONE' };

    // Act
    const interpreted = interpretAnswer(answer);

    // Assess
    expect(interpreted).toMatchObject({ outcome: 'FAILED', error: INVALID_ANSWER, cause: expect.stringMatching(/^Status must be .* got "DONE"/) });
  });

  it('turns a missing answer into a failure', () => {
    // Prepare
    const answer = undefined;

    // Act
    const interpreted = interpretAnswer(answer);

    // Assess
    expect(interpreted).toMatchObject({ outcome: 'FAILED', error: INVALID_ANSWER, cause: expect.stringContaining('returned nothing') });
  });

  it('clamps the poll delay of an IN_PROGRESS answer and keeps its state', () => {
    // Prepare
    const answer = { Status: 'IN_PROGRESS', PollAfterSeconds: 86400, State: { ChangeSetId: 'cs-1' } };

    // Act
    const interpreted = interpretAnswer(answer);

    // Assess
    expect(interpreted).toEqual({ kind: 'poll', pollAfterSeconds: 3600, state: { ChangeSetId: 'cs-1' } });
  });

  it('refuses an IN_PROGRESS answer without a usable delay, naming PollAfterSeconds', () => {
    // Prepare
    const answer = { Status: 'IN_PROGRESS', PollAfterSeconds: '30' };

    // Act
    const interpreted = interpretAnswer(answer);

    // Assess
    expect(interpreted).toMatchObject({ outcome: 'FAILED', cause: expect.stringMatching(/^PollAfterSeconds must be a number/) });
  });

  it('refuses a State too large to carry through the state machine', () => {
    // Prepare
    const answer = { Status: 'IN_PROGRESS', PollAfterSeconds: 10, State: 'x'.repeat(MAX_STATE_CHARS + 1) };

    // Act
    const interpreted = interpretAnswer(answer);

    // Assess
    expect(interpreted).toMatchObject({ outcome: 'FAILED', cause: expect.stringMatching(/^State is \d+ characters/) });
  });

  it('refuses a State with no JSON form', () => {
    // Prepare
    const state: Record<string, unknown> = {};
    state.self = state;

    // Act
    const interpreted = interpretAnswer({ Status: 'IN_PROGRESS', PollAfterSeconds: 10, State: state });

    // Assess
    expect(interpreted).toMatchObject({ outcome: 'FAILED', cause: expect.stringMatching(/^State cannot be written as JSON/) });
  });
});

describe('clampPollAfter', () => {
  it.each([
    [0, 1],
    [-5, 1],
    [0.2, 1],
    [29.5, 30],
    [3600, 3600],
    [3601, 3600],
  ])('turns %s seconds into %s', (seconds, expected) => {
    // Prepare
    const input = seconds;

    // Act
    const clamped = clampPollAfter(input);

    // Assess
    expect(clamped).toBe(expected);
  });
});

describe('failureOf', () => {
  it('records the name and message of a thrown error', () => {
    // Prepare
    const err = new RangeError('bucket quota reached');

    // Act
    const failure = failureOf(err);

    // Assess
    expect(failure).toEqual({ kind: 'terminal', outcome: 'FAILED', error: 'RangeError', cause: 'bucket quota reached' });
  });

  it('records a thrown value that is not an Error', () => {
    // Prepare
    const thrown = 'plain text';

    // Act
    const failure = failureOf(thrown);

    // Assess
    expect(failure).toMatchObject({ error: 'Error', cause: 'the worker threw a non-Error value: plain text' });
  });
});
