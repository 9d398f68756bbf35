import { describe, expect, it } from 'vitest';
import { ErrorNames, InvalidWorkerEventError } from '../../../orchestrator/contract';
import { validateWorkerEvent } from '../../../worker-templates/lib';
import { ENCRYPTION_CONTEXT, workerEvent } from './fixtures';

describe('validateWorkerEvent', () => {
  it('accepts the event the state machine sends', () => {
    // Prepare
    const event = workerEvent();

    // Act
    const validated = validateWorkerEvent(event);

    // Assess
    expect(validated).toBe(event);
  });

  it('refuses credentials issued for another account: a confused-deputy guard', () => {
    // Prepare
    const event = workerEvent({
      Credentials: { EncryptionContext: { ...ENCRYPTION_CONTEXT, 'stepeverywhere:account': '444455556666' } },
    });

    // Act
    const validate = () => validateWorkerEvent(event);

    // Assess
    expect(validate).toThrow(InvalidWorkerEventError);
    expect(validate).toThrow(
      /^Credentials\.EncryptionContext\.stepeverywhere:account: names account 444455556666 but the event is for account 111122223333/,
    );
  });

  it('refuses credentials issued for another execution', () => {
    // Prepare
    const event = workerEvent({ ExecutionId: 'arn:aws:states:eu-west-1:999988887777:execution:StepEverywhere:other' });

    // Act
    let thrown: unknown;
    try {
      validateWorkerEvent(event);
    } catch (err) {
      thrown = err;
    }

    // Assess
    expect((thrown as Error).name).toBe(ErrorNames.INVALID_WORKER_EVENT);
    expect((thrown as Error).message).toMatch(/^Credentials\.EncryptionContext\.stepeverywhere:execution: names execution/);
  });

  it('refuses a result key that is not this target', () => {
    // Prepare
    const event = workerEvent({ ResultLocation: { Bucket: 'results-bucket', Key: 'StepEverywhere/x/y/z/444455556666/eu-west-1.json' } });

    // Act
    const validate = () => validateWorkerEvent(event);

    // Assess
    expect(validate).toThrow(/^ResultLocation\.Key: .* must end with "\/111122223333\/eu-west-1\.json"/);
  });

  it('names a missing recipient in the encryption context', () => {
    // Prepare
    const { 'stepeverywhere:recipient': _omitted, ...context } = ENCRYPTION_CONTEXT;
    const event = workerEvent({ Credentials: { EncryptionContext: context } });

    // Act
    const validate = () => validateWorkerEvent(event);

    // Assess
    expect(validate).toThrow(/^Credentials\.EncryptionContext\.stepeverywhere:recipient: must be a non-empty string/);
  });

  it.each([
    ['AccountId', { AccountId: '12' }, /^AccountId: must be a 12-digit account id/],
    ['Region', { Region: 'Ireland' }, /^Region: must be a region code/],
    ['ExecutionId', { ExecutionId: '' }, /^ExecutionId: must be a non-empty string/],
    ['Polling.Poll', { Polling: { Poll: -1 } }, /^Polling\.Poll: must be a whole number >= 0/],
    ['Polling', { Polling: undefined }, /^Polling: must be an object/],
    ['ResultLocation.Bucket', { ResultLocation: { Key: 'k' } }, /^ResultLocation\.Bucket: must be a non-empty string/],
  ])('names %s when it is wrong', (_field, overrides, message) => {
    // Prepare
    const event = { ...workerEvent(), ...overrides };

    // Act
    const validate = () => validateWorkerEvent(event);

    // Assess
    expect(validate).toThrow(message);
  });

  it('names a missing ciphertext', () => {
    // Prepare
    const event = workerEvent({ Credentials: { Ciphertext: undefined } });

    // Act
    const validate = () => validateWorkerEvent(event);

    // Assess
    expect(validate).toThrow(/^Credentials\.Ciphertext: must be a non-empty string/);
  });

  it('refuses something that is not an event', () => {
    // Prepare
    const event = 'hello';

    // Act
    const validate = () => validateWorkerEvent(event);

    // Assess
    expect(validate).toThrow(/^event: must be the object/);
  });
});
