import { describe, expect, it } from 'vitest';
import { clientsFromEnvironment, s3ClientConfig } from '../../cli/client-config';

describe('s3ClientConfig', () => {
  it('addresses S3 path-style when an endpoint override is configured', () => {
    // Prepare
    const envs = [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566' }];

    // Act
    const configs = envs.map((env) => s3ClientConfig(env));

    // Assess
    expect(configs).toEqual([{ forcePathStyle: true }, { forcePathStyle: true }]);
  });

  it("keeps AWS's virtual-hosted addressing without an override", () => {
    // Prepare
    const env = {};

    // Act
    const config = s3ClientConfig(env);

    // Assess
    expect(config).toEqual({ forcePathStyle: false });
  });
});

describe('clientsFromEnvironment', () => {
  it('gives the S3 client the path-style setting read from the environment', () => {
    // Prepare
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' };

    // Act
    const clients = clientsFromEnvironment(env);

    // Assess
    expect(clients.s3.config.forcePathStyle).toBe(true);
  });
});
