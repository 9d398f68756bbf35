import { describe, expect, it } from 'vitest';
import { DeployerError, DeployerErrors } from '../../../worker-templates/cloudformation-deployer';
import { isTransient } from '../../../worker-templates/cloudformation-deployer/transient';

describe('isTransient', () => {
  it.each([
    ['CloudFormation throttling', { name: 'Throttling', $metadata: { httpStatusCode: 400 } }],
    ['a modelled retryable error', { name: 'Whatever', $retryable: { throttling: true } }],
    ['a service fault', { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }],
    ['a 503 of any name', { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }],
  ])('retries %s', (_what, error) => {
    // Act
    const transient = isTransient(Object.assign(new Error('x'), error));

    // Assess
    expect(transient).toBe(true);
  });

  it.each([
    ['a refusal', Object.assign(new Error('x'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })],
    ['a validation error', Object.assign(new Error('x'), { name: 'ValidationError', $metadata: { httpStatusCode: 400 } })],
    ['the deployer\'s own failure', new DeployerError(DeployerErrors.TEMPLATE_REFUSED, 'no')],
    ['a thrown string', 'oops'],
  ])('does not retry %s', (_what, error) => {
    // Act
    const transient = isTransient(error);

    // Assess
    expect(transient).toBe(false);
  });
});
