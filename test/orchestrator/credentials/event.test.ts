import { describe, expect, it } from 'vitest';
import { ErrorNames, InvalidInputError, WorkerNotAllowedError } from '../../../orchestrator/contract';
import { assertWorkerAllowed, validateCredentialsEvent } from '../../../orchestrator/credentials';
import { credentialsEvent } from './fixtures';

describe('validateCredentialsEvent', () => {
  it('accepts the event the state machine sends', () => {
    // Prepare
    const event = credentialsEvent();

    // Act
    const validated = validateCredentialsEvent(event);

    // Assess
    expect(validated).toBe(event);
  });

  it('names Account.AccountId when it is not 12 digits', () => {
    // Prepare
    const event = credentialsEvent({ Account: { AccountId: '1234' } });

    // Act
    const validate = () => validateCredentialsEvent(event);

    // Assess
    expect(validate).toThrow(InvalidInputError);
    expect(validate).toThrow(/^Account\.AccountId: must be a 12-digit account id, got "1234"/);
  });

  it('names the missing context field', () => {
    // Prepare
    const event = credentialsEvent({ Context: { RoleName: undefined } });

    // Act
    const validate = () => validateCredentialsEvent(event);

    // Assess
    expect(validate).toThrow(/^Context\.RoleName: must be a non-empty string/);
  });

  it('rejects an event without a context', () => {
    // Prepare
    const event = { Account: credentialsEvent().Account };

    // Act
    const validate = () => validateCredentialsEvent(event);

    // Assess
    expect(validate).toThrow(/^Context: must be the run context/);
  });
});

describe('assertWorkerAllowed', () => {
  it('allows a prefixed worker and its alias', () => {
    // Prepare
    const { Context: context } = credentialsEvent({ Context: { FunctionTarget: 'StepEverywhere_Inventory:live' } });

    // Act
    const check = () => assertWorkerAllowed(context, 'StepEverywhere_');

    // Assess
    expect(check).not.toThrow();
  });

  it('refuses a function without the prefix with WorkerNotAllowed', () => {
    // Prepare
    const { Context: context } = credentialsEvent({ Context: { FunctionName: 'AdminTool', FunctionTarget: 'AdminTool' } });

    // Act
    let thrown: unknown;
    try {
      assertWorkerAllowed(context, 'StepEverywhere_');
    } catch (err) {
      thrown = err;
    }

    // Assess
    expect(thrown).toBeInstanceOf(WorkerNotAllowedError);
    expect((thrown as Error).name).toBe(ErrorNames.WORKER_NOT_ALLOWED);
    expect((thrown as Error).message).toMatch(/Context\.FunctionName "AdminTool" .* "StepEverywhere_\.\.\."/);
  });

  it('refuses a target that is not the named worker', () => {
    // Prepare
    const { Context: context } = credentialsEvent({ Context: { FunctionTarget: 'AdminTool' } });

    // Act
    const check = () => assertWorkerAllowed(context, 'StepEverywhere_');

    // Assess
    expect(check).toThrow(/^Context\.FunctionTarget "AdminTool" is not the worker "StepEverywhere_Inventory"/);
  });

  it('refuses a target that only shares the worker name as a prefix', () => {
    // Prepare
    const { Context: context } = credentialsEvent({ Context: { FunctionTarget: 'StepEverywhere_InventoryAdmin' } });

    // Act
    const check = () => assertWorkerAllowed(context, 'StepEverywhere_');

    // Assess
    expect(check).toThrow(WorkerNotAllowedError);
  });
});
