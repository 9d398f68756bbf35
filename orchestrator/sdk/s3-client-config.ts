import type { S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * S3 client settings for every handler and worker. A configured endpoint override (a
 * private or loopback S3 endpoint) has no per-bucket virtual hosts, so requests are
 * addressed path-style there; against AWS's own endpoints nothing changes.
 */
export function s3ClientConfig(env: NodeJS.ProcessEnv = process.env): S3ClientConfig {
  return { forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL) };
}
