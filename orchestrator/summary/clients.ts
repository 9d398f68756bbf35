import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';

/**
 * SDK clients for the handlers, made on first use so the environment is read at call time.
 * An endpoint override means a local S3, which is addressed path-style.
 */
export function s3FromEnvironment(): S3Client {
  const localEndpoint = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
  return new S3Client({ forcePathStyle: localEndpoint });
}

export function snsFromEnvironment(): SNSClient {
  return new SNSClient({});
}
