import { describe, expect, it } from 'vitest';
import { decodeJsonBody, decodeJsonTarget, encodeJsonBody } from '../../../local/protocols/json';
import { commonError } from '../../../local/protocols/common-errors';

describe('json protocol codec', () => {
  it('reads the operation from X-Amz-Target', () => {
    // Prepare
    const target = 'TrentService.Decrypt';
    // Act
    const operation = decodeJsonTarget(target, 'TrentService');
    // Assess
    expect(operation).toBe('Decrypt');
  });

  it('refuses a target of another service with UnknownOperationException', () => {
    // Prepare
    const target = 'AWSOrganizationsV20161128.ListAccounts';
    // Act
    const act = (): unknown => decodeJsonTarget(target, 'TrentService');
    // Assess
    expect(act).toThrow('X-Amz-Target "AWSOrganizationsV20161128.ListAccounts" does not name an operation of TrentService.');
  });

  it('refuses a body that is not JSON with SerializationException', () => {
    // Prepare
    const body = Buffer.from('{not json');
    // Act
    const act = (): unknown => decodeJsonBody(body);
    // Assess
    expect(act).toThrow('The request body is not valid JSON.');
  });

  it('writes dates as epoch seconds', () => {
    // Prepare
    const output = { Created: new Date('2026-01-01T00:00:01.500Z'), Nested: [{ At: new Date(0) }] };
    // Act
    const body = encodeJsonBody(output);
    // Assess
    expect(JSON.parse(body)).toEqual({ Created: 1767225601.5, Nested: [{ At: 0 }] });
  });

  it('uses each protocol family its own throttling code', () => {
    // Prepare
    const families = ['query', 'json-1.1', 'rest-xml', 'rest-json'] as const;
    // Act
    const codes = families.map((protocol) => [commonError(protocol, 'throttled', 'x').code, commonError(protocol, 'throttled', 'x').status]);
    // Assess
    expect(codes).toEqual([['Throttling', 400], ['ThrottlingException', 400], ['SlowDown', 503], ['TooManyRequestsException', 429]]);
  });
});
