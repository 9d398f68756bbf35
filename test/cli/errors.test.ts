import { describe, expect, it } from 'vitest';
import { classifyError, CliError } from '../../cli/errors';
import { awsError } from './support';

describe('classifyError', () => {
  it('names an unreachable endpoint and the fix, exit 2', () => {
    // Prepare
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 4566 });

    // Act
    const classified = classifyError(error, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });

    // Assess
    expect(classified).toEqual({
      message: 'cannot reach 127.0.0.1:4566 (connection refused) — start the local cloud (npm start) or unset AWS_ENDPOINT_URL to use AWS',
      exitCode: 2,
    });
  });

  it('finds the network code inside an aggregate error', () => {
    // Prepare
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:9'), { code: 'ECONNREFUSED' });
    const error = Object.assign(new AggregateError([inner], ''), { name: 'AggregateError' });

    // Act
    const classified = classifyError(error, {});

    // Assess
    expect(classified.message).toMatch(/^cannot reach the AWS endpoint \(connection refused\) — check the network/);
    expect(classified.exitCode).toBe(2);
  });

  it('names missing credentials and how to provide them, exit 2', () => {
    // Prepare
    const error = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });

    // Act
    const classified = classifyError(error, {});

    // Assess
    expect(classified.message).toMatch(/^no AWS credentials found — set AWS_PROFILE/);
    expect(classified.exitCode).toBe(2);
  });

  it('names a missing region, exit 2', () => {
    // Prepare
    const error = new Error('Region is missing');

    // Act
    const classified = classifyError(error, {});

    // Assess
    expect(classified).toEqual({ message: 'no AWS region configured — set AWS_REGION, or a region in your AWS profile', exitCode: 2 });
  });

  it('tells expired and refused credentials apart', () => {
    // Prepare
    const expired = awsError('ExpiredTokenException', 'The security token included in the request is expired');
    const refused = awsError('UnrecognizedClientException', 'The security token included in the request is invalid.');

    // Act
    const [a, b] = [classifyError(expired, {}), classifyError(refused, {})];

    // Assess
    expect(a.message).toMatch(/^the AWS credentials have expired \(ExpiredTokenException\) — refresh them/);
    expect(b.message).toMatch(/^AWS refused the credentials \(UnrecognizedClientException\) — check AWS_PROFILE/);
  });

  it('keeps a CLI error as worded, with its exit code', () => {
    // Prepare
    const error = new CliError('x is wrong — do y', 1);

    // Act
    const classified = classifyError(error, {});

    // Assess
    expect(classified).toEqual({ message: 'x is wrong — do y', exitCode: 1 });
  });

  it('words an unexpected error on one line, exit 1', () => {
    // Prepare
    const error = awsError('ServiceUnavailable', 'try later\nmore detail');

    // Act
    const classified = classifyError(error, {});

    // Assess
    expect(classified).toEqual({ message: 'ServiceUnavailable: try later — rerun with --debug for details', exitCode: 1 });
  });
});
