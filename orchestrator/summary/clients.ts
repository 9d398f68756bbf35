import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { s3ClientConfig } from '../sdk/s3-client-config';

/** SDK clients for the handlers, made on first use so the environment is read at call time. */
export function s3FromEnvironment(): S3Client {
  return new S3Client(s3ClientConfig());
}

export function snsFromEnvironment(): SNSClient {
  return new SNSClient({});
}
